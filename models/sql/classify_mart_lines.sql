-- classify_mart_lines (mart) -> the new version of each ledger_lines row in scope: the line as read
-- and its classification (the view classified_lines shows them; migration 016)
-- Grain: one row per ledger line in scope (upload_id, source_row) — exactly one, never dropped:
-- every join below is a LEFT JOIN to a table unique on its join key.
--
-- Evidence, strongest first (the first present decides is_tech, category and the reason):
--   rule (newest matching active rule)          reason 'rule #12 by cfo@x (vendor equals "SLACK")'
--   catalog (alias > pattern > fuzzy match)      reason 'catalog: Salesforce'
--     except a MIXED vendor (catalog_mixed_vendors: consultancies, outsourcers, marketplaces,
--     which sell technology and other things): there the account, MCC and description decide
--     and the catalog only breaks the tie     reason 'account: "Audit fees" (mixed vendor Deloitte)'
--     — the account and description only: a merchant category code belongs to the merchant
--     (one code for every Amazon.ca charge, books and kettles alike), so it cannot tell a mixed
--     vendor's technology lines from its other lines any better than the vendor name can
--   account keyword, strong                      reason 'account: "Software Subscriptions"'
--   merchant category code, strong               reason 'mcc 5734 (Computer software stores)'
--   account keyword, weak; then mcc, weak (a weak technology account word or code only with
--     another technology signal beside it: weak evidence tips the balance, never decides alone)
--   vendor-name word (measured, weak)            reason 'vendor word: "software"'
--   description keyword (a weak technology one, "subscriptions", "hardware", only beside
--     another technology signal, as above)      reason 'description: "software licence"'
--   a mixed vendor's catalog entry               reason 'catalog: Deloitte (mixed vendor, ...)'
--   default: not technology, low confidence      reason 'default: no technology evidence'
-- Department: the unit's canonical display name (spelling variants and a person's merges give
-- one name; the spelling as written stays in ledger_lines); the department it rolls up to
-- (organisation map, confirmed grouping) is the view org_department_of.
-- Layer (technology only): the rule's layer, else the catalog's SoR/SoE, else the purpose the
-- line's account or description names (_int_purpose_evidence: "Website Costs", "Leisure Centre
-- Software Project", "online booking" -> SoE), else (Infrastructure or unknown purpose) the
-- buying department's orientation: customer-facing -> SoE, otherwise SoR.
-- Money: amount_reporting = amount in the reporting currency, else the file's booked amount when
-- it is in the reporting currency (book_amount, ingest.book_currency), else amount * fx rate of the first
-- day of the transaction month (fx_rate_lookup: a stored rate, or the inverse of the opposite
-- direction), else NULL with fx_missing = true (never converted at 1.0).
WITH lines AS (
    SELECT * FROM _stg_lines
),
params AS (
    SELECT fiscal_start_month, reporting_currency FROM _params
),
rule_evidence AS (
    SELECT h.upload_id, h.source_row, r.rule_id, r.is_tech, r.layer, r.category, r.created_by,
           r.field, r.match, r.pattern
    FROM _int_rule_hits h
    JOIN rules r USING (rule_id)
),
vendor_evidence AS (
    SELECT vm.vendor_key, vm.canonical, vm.method, vm.score, vm.entry_id, vm.matched,
           c.is_tech, c.category, c.layer, mv.canonical_key IS NOT NULL AS is_mixed
    FROM vendor_map vm
    LEFT JOIN catalog_vendors c USING (entry_id)
    LEFT JOIN catalog_mixed_vendors mv ON mv.canonical_key = text_key(c.canonical)
),
evidence AS (
    SELECT
        l.*,
        re.rule_id, re.is_tech AS rule_is_tech, re.layer AS rule_layer,
        re.category AS rule_category, re.created_by AS rule_by, re.field AS rule_field,
        re.match AS rule_match, re.pattern AS rule_pattern,
        ve.canonical AS vendor_canonical, ve.entry_id, ve.method AS vendor_method,
        ve.score AS vendor_score, ve.matched AS vendor_matched, ve.is_tech AS catalog_is_tech,
        ve.category AS catalog_category, ve.layer AS catalog_layer,
        coalesce(ve.is_mixed, false) AS vendor_is_mixed,
        ae.is_tech AS account_is_tech, ae.category AS account_category,
        ae.strength AS account_strength,
        mc.is_tech AS mcc_is_tech, mc.category AS mcc_category, mc.strength AS mcc_strength,
        mc.description AS mcc_description,
        de.matched AS description_matched, de.is_tech AS description_is_tech,
        de.category AS description_category, de.strength AS description_strength,
        vw.word AS vendor_word, vw.category AS vendor_word_category,
        coalesce(pa.matched, pd.matched) AS purpose_matched, coalesce(pa.layer, pd.layer) AS purpose_layer,
        coalesce(d.is_it, false) AS it_owned,
        coalesce(d.customer_facing, false) AS customer_facing,
        coalesce(dm.display_name, d.display_name, l.department_raw) AS department_canonical
    FROM lines l
    LEFT JOIN rule_evidence re USING (upload_id, source_row)
    LEFT JOIN vendor_evidence ve ON ve.vendor_key = l.effective_key
    LEFT JOIN _int_account_evidence ae ON ae.account_name = l.account_name
    LEFT JOIN catalog_mcc mc ON mc.mcc = l.mcc_code
    LEFT JOIN _int_description_evidence de ON de.description = l.description
    LEFT JOIN _int_vendor_word_evidence vw ON vw.vendor_key = l.effective_key
    LEFT JOIN _int_purpose_evidence pa ON pa.text = l.account_name
    LEFT JOIN _int_purpose_evidence pd ON pd.text = l.description
    LEFT JOIN departments d ON d.department_key = l.department_key
    LEFT JOIN departments dm ON dm.department_key = d.merged_into
),
decided AS (
    SELECT *,
        CASE
            WHEN rule_id IS NOT NULL THEN 'rule'
            WHEN entry_id IS NOT NULL AND NOT vendor_is_mixed THEN 'catalog'
            -- a strong account and a strong description that disagree: the description, written
            -- for this line ("Stationery / office supplies" under a team coded "IT Services"),
            -- is the more specific
            WHEN account_strength = 'strong' AND description_strength = 'strong'
                 AND description_is_tech <> account_is_tech THEN 'description'
            WHEN account_strength = 'strong' THEN 'account'
            -- a strong technology code decides alone only where the line carries no account:
            -- the code is the merchant's, the account is the buyer's coding of THIS purchase, so
            -- an account that says nothing technical ("Electrical Supplies", "Registration
            -- Fees") leaves the code only tipping the balance, as a weak one (measured on the
            -- real card ledgers: 0.09 of such lines were technology)
            WHEN mcc_strength = 'strong' AND NOT vendor_is_mixed
                 AND (NOT mcc_is_tech OR nullif(trim(account_name), '') IS NULL) THEN 'mcc'
            -- weak evidence only tips the balance: a weak SOFTWARE account word (licences,
            -- subscriptions, tech, digital: "Other Licences And Fees" are permits, "Prof &
            -- Tech-Mgmt" is professional fees) decides only beside another technology signal
            -- (vendor word, technology description or MCC). Weak device and telecom words
            -- ("Photocopy Equipment", "Wireless Devices") and weak non-technology words may
            -- decide alone: measured on the real ledgers, those were right
            WHEN account_strength IS NOT NULL
                 AND (NOT account_is_tech OR account_category <> 'Software & SaaS'
                      OR vendor_word IS NOT NULL
                      OR coalesce(description_is_tech, false)
                      OR (coalesce(mcc_is_tech, false) AND NOT vendor_is_mixed)) THEN 'account'
            -- a weak code only tips the balance: a weak technology code (5732 electronics
            -- stores, 5044 office equipment) decides only beside a vendor word or a technology
            -- description; alone it is not evidence enough (electronics stores sell TVs, safes
            -- and furniture too), a weak non-technology code may decide alone
            WHEN mcc_strength IS NOT NULL AND NOT vendor_is_mixed
                 AND (NOT mcc_is_tech OR vendor_word IS NOT NULL
                      OR coalesce(description_is_tech, false)) THEN 'mcc'
            WHEN vendor_word IS NOT NULL THEN 'vendor_word'
            WHEN description_matched IS NOT NULL
                 AND (NOT description_is_tech OR description_strength = 'strong') THEN 'description'
            WHEN entry_id IS NOT NULL THEN 'catalog'      -- a mixed vendor breaks the tie
            ELSE 'default'
        END AS decided_by
    FROM evidence
),
classified AS (
    SELECT *,
        CASE decided_by
            WHEN 'rule' THEN rule_is_tech
            WHEN 'catalog' THEN catalog_is_tech
            WHEN 'account' THEN account_is_tech
            WHEN 'mcc' THEN mcc_is_tech
            WHEN 'description' THEN description_is_tech
            WHEN 'vendor_word' THEN true
            ELSE false
        END AS is_tech_decided
    FROM decided
),
explained AS (
    SELECT *,
        coalesce(
            CASE decided_by
                WHEN 'rule' THEN coalesce(
                    rule_category,
                    CASE WHEN catalog_is_tech = rule_is_tech THEN catalog_category END,
                    CASE WHEN account_is_tech = rule_is_tech THEN account_category END)
                WHEN 'catalog' THEN catalog_category
                WHEN 'account' THEN account_category
                WHEN 'mcc' THEN mcc_category
                WHEN 'description' THEN description_category
                WHEN 'vendor_word' THEN vendor_word_category
            END,
            CASE WHEN is_tech_decided THEN 'Other technology' ELSE 'Other non-technology' END
        ) AS category_decided,
        CASE
            WHEN NOT is_tech_decided THEN NULL
            WHEN decided_by = 'rule' AND rule_layer IS NOT NULL THEN rule_layer
            WHEN catalog_is_tech AND catalog_layer IN ('SoR', 'SoE') THEN catalog_layer
            WHEN purpose_layer IS NOT NULL THEN purpose_layer
            WHEN customer_facing THEN 'SoE'
            ELSE 'SoR'
        END AS layer_decided,
        CASE decided_by
            WHEN 'rule' THEN 'rule #' || rule_id::VARCHAR || ' by ' || rule_by || ' ('
                 || rule_field || ' ' || replace(rule_match, '_', '-') || ' "' || rule_pattern
                 || '")'
            WHEN 'catalog' THEN 'catalog: ' || vendor_canonical || CASE vendor_method
                 WHEN 'pattern' THEN ' (pattern)'
                 WHEN 'prefix' THEN ' (name starts "' || vendor_matched || '")'
                 WHEN 'fuzzy' THEN ' (fuzzy ' || round(vendor_score)::INTEGER::VARCHAR
                                   || ' on "' || effective_key || '")'
                 ELSE '' END
                 || CASE WHEN vendor_from_description
                         THEN ' (named in the description: no vendor on the line)' ELSE '' END
                 || CASE WHEN vendor_is_mixed
                         THEN ' (mixed vendor: no account or description evidence)' ELSE '' END
            WHEN 'account' THEN 'account: "' || trim(account_name) || '"'
            WHEN 'mcc' THEN 'mcc ' || mcc_code || coalesce(' (' || mcc_description || ')', '')
            WHEN 'description' THEN 'description: "' || description_matched || '"'
            WHEN 'vendor_word' THEN 'vendor word: "' || lower(vendor_word) || '"'
            ELSE 'default: no technology evidence'
        END || CASE WHEN vendor_is_mixed AND decided_by IN ('account', 'mcc', 'description')
                    THEN ' (mixed vendor ' || vendor_canonical || ')' ELSE '' END
            AS reason_decided,
        CASE decided_by
            WHEN 'rule' THEN 1.0
            WHEN 'catalog' THEN CASE WHEN vendor_is_mixed THEN 0.6 ELSE CASE vendor_method
                 WHEN 'alias' THEN 0.95 WHEN 'pattern' THEN 0.9 WHEN 'prefix' THEN 0.85
                 ELSE round(0.85 * vendor_score / 100.0, 3) END END
            WHEN 'account' THEN CASE account_strength WHEN 'strong' THEN 0.85 ELSE 0.6 END
            WHEN 'mcc' THEN CASE mcc_strength WHEN 'strong' THEN 0.75 ELSE 0.55 END
            WHEN 'description' THEN 0.5
            WHEN 'vendor_word' THEN 0.45
            ELSE 0.3
        END AS confidence_decided
    FROM classified
),
converted AS (
    SELECT e.*,
        fiscal_year(e.txn_date, p.fiscal_start_month) AS fy,
        fiscal_quarter(e.txn_date, p.fiscal_start_month) AS fq,
        fiscal_quarter_key(e.txn_date, p.fiscal_start_month) AS fqk,
        fiscal_quarter_label(e.txn_date, p.fiscal_start_month) AS fql,
        CASE
            WHEN upper(trim(e.currency)) = p.reporting_currency THEN e.amount
            -- the file's own amount in the company's currency ('Amount (GBP)', migration 025)
            WHEN e.book_currency = p.reporting_currency AND e.book_amount IS NOT NULL
                THEN CAST(round(e.book_amount, 2) AS DECIMAL(18, 2))
            -- fx_rate_lookup.rate is DOUBLE: back to DECIMAL(18, 8) so half cents round exactly as
            -- with the stored DECIMAL rate (amount * DOUBLE rounds 2.01 * 0.5 to 1.00, not 1.01)
            WHEN fx.rate IS NOT NULL
                THEN CAST(round(e.amount * CAST(fx.rate AS DECIMAL(18, 8)), 2) AS DECIMAL(18, 2))
        END AS amount_in_reporting
    FROM explained e
    CROSS JOIN params p
    LEFT JOIN fx_rate_lookup fx
      ON fx.month = CAST(date_trunc('month', e.txn_date) AS DATE)
     AND upper(fx.from_currency) = upper(trim(e.currency))
     AND upper(fx.to_currency) = p.reporting_currency
)
SELECT
    upload_id, source_row, source_file, txn_date, vendor,
    effective_key AS vendor_key,          -- after a person's merge, so merged vendors group
    coalesce(vendor_canonical, nullif(trim(vendor), '')) AS vendor_canonical,
    department,                           -- as written (classified_lines shows department_canonical)
    department_canonical,
    cost_centre, account_code, account_name, description, reference,
    amount, currency, mcc,
    is_tech_decided AS is_tech,
    layer_decided AS layer,
    category_decided AS category,
    it_owned,
    customer_facing,
    decided_by,
    reason_decided AS reason,
    confidence_decided AS confidence,
    fy AS fiscal_year,
    fq AS fiscal_quarter,
    fqk AS quarter_key,
    fql AS quarter_label,
    amount_in_reporting AS amount_reporting,
    amount_in_reporting IS NULL AS fx_missing,
    date_basis, source_sheet, sheet_row, book_amount, book_currency
FROM converted

-- classify_int_description_vendors (intermediate) -> _int_description_vendors
-- Grain: one row per DISTINCT description of an in-scope line with NO vendor that names a
-- catalogued supplier (description, vendor_key = the catalog alias it names, entry_id).
-- Journals, accruals and reclasses often carry no supplier column: the supplier is only in the
-- text ('Invoice 4411 Microsoft 365 E3 licences', 'Accrual - AWS usage', 'Salesforce annual
-- renewal'). The description's words, in runs of one to four, are looked up among the
-- catalog's aliases (exact alias keys: the prefix and fuzzy matching of vendor names is not
-- used on free text); the longest alias wins, then the earliest.
-- An alias counts only when written with a capital (a name: 'Zoom licences', not 'zoom lens';
-- 'Business Central', not 'business central heating'); a one-word alias only when it is four
-- letters or more (or an upper-case acronym of three:
-- 'AWS', 'SAP'), and the text also says what was bought or billed (licence, subscription,
-- renewal, usage, invoice, accrual...): 'Orange juice' and 'Box files' name no supplier.
-- Lines that have a vendor are untouched: their own vendor decides, as before.
-- Worked example: 'Prepayment release - Workday subscription' -> WORKDAY (entry Workday);
-- 'Google Workspace recharge from group' -> GOOGLE WORKSPACE; 'Box of A4 paper' -> no row.
WITH vendorless AS (
    SELECT DISTINCT description
    FROM _scope_lines
    WHERE nullif(trim(vendor), '') IS NULL AND description IS NOT NULL
),
words AS (
    SELECT description,
           list_filter(string_split(regexp_replace(strip_accents(description), '[^A-Za-z0-9]+', ' ', 'g'), ' '),
                       lambda x: x <> '') AS w,
           regexp_matches(upper(strip_accents(description)),
               '\b(LICEN[CS]E[SD]?|LICEN[CS]ING|SUBSCRIPTIONS?|RENEWALS?|SEATS?|USAGE|INVOICES?|INV'
               || '|ACCRUALS?|ACCRUED|PREPAYMENTS?|PREPAID|RECHARGES?|HOSTING|CLOUD|SUPPORT|MAINTENANCE'
               || '|SOFTWARE|SAAS|PLAN|LIZENZ\w*|ABONNEMENTS?|ABO|SUSCRIPCION\w*|LICENCIAS?|RECHNUNG'
               || '|FACTURE|FACTURA|MOBILE|BROADBAND|LINES?|LEASE|CONTRACT|RECLASS\w*|CHARGES?'
               || '|FEES?|MONTHLY|ANNUAL|QUARTERLY|SERVICES?|PHONES?|LAPTOPS?|DEVICES?)\b') AS says_bought
    FROM vendorless
),
grams AS (
    SELECT d.description, d.says_bought, g.i, g.n,
           array_to_string(d.w[g.i:g.i + g.n - 1], ' ') AS written
    FROM words d,
         LATERAL (SELECT i, n FROM range(1, len(d.w) + 1) t(i), range(1, 5) u(n)
                  WHERE i + n - 1 <= len(d.w)) g
    WHERE len(d.w) > 0
),
hits AS (
    SELECT g.description, a.alias_key, a.entry_id, g.i, g.n
    FROM grams g
    JOIN catalog_aliases a ON a.alias_key = upper(g.written)
    WHERE regexp_full_match(g.written, '[A-Z0-9].*')          -- written as a name
      AND (g.n > 1 OR (g.says_bought AND (length(g.written) >= 4
                                          OR regexp_full_match(g.written, '[A-Z0-9]{3}'))))
)
SELECT description, alias_key AS vendor_key, entry_id
FROM hits
QUALIFY row_number() OVER (PARTITION BY description
                           ORDER BY length(alias_key) DESC, i, entry_id) = 1

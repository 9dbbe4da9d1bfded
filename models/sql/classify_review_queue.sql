-- classify_review_queue (mart)
-- Grain: one row per vendor (vendor_key, after merges) with lines worth a person's look, ranked
-- by EXPECTED MISCLASSIFIED SPEND, not by amount: for every candidate line, the chance it is
-- wrong times its absolute amount, summed per vendor.
--
-- Candidate lines: confidence below $max_confidence; or, with $search, every line of the vendors
-- whose name contains the search text (search reaches all vendors, classified or not).
-- Chance a line is wrong:
--   * a line classified as technology on weak evidence: 1 - confidence (a description word at
--     0.5 -> 0.5), doubled (max 1) when the vendor's name says a non-technology trade;
--   * a line classified as not technology: the chance it is technology after all, from weak
--     evidence combined as independent signals, 1 - (1 - prior) * prod(1 - w):
--       prior 0.01; vendor-name words (catalog_review_signals: 'software' 0.6, 'systems' 0.35...;
--       the strongest word of the name counts); technology words in the line's account or
--       description that context outvoted (0.25); a technology merchant category code (strong
--       0.6, weak 0.3); the catalog's fuzzy near-miss to a technology entry (0.4);
--     times 0.05 when the vendor's name says a non-technology trade ('electricity', 'builders').
-- Example: 'Acme Software Ltd', 2,000 by default -> 1 - 0.99 * 0.4 = 0.604 -> score 1,208;
-- 'Northern Electricity Ltd', 500,000 by default -> 0.01 * 0.05 -> score 250: the small
-- technology vendor ranks first.
-- Money: amount_reporting, or the original amount when FX is missing (attention, not totals).
WITH params AS (
    SELECT $max_confidence::DOUBLE AS max_confidence,
           nullif(text_key($search::VARCHAR), '') AS search_key
),
vendors AS (               -- grain: vendor_key (distinct names, never lines)
    SELECT vendor_key, any_value(vendor_canonical) AS vendor_canonical, min(vendor) AS example
    FROM classified_lines WHERE vendor_key IS NOT NULL GROUP BY vendor_key
),
searched AS (
    SELECT v.vendor_key
    FROM vendors v, params p
    WHERE p.search_key IS NOT NULL
      AND (contains(text_key(v.vendor_key), p.search_key)
           OR contains(coalesce(text_key(v.vendor_canonical), ''), p.search_key)
           OR contains(coalesce(text_key(v.example), ''), p.search_key))
),
vendor_tokens AS (
    SELECT vendor_key, unnest(keyword_tokens(coalesce(vendor_canonical, '') || ' ' || vendor_key))
           AS token
    FROM vendors
),
vendor_words AS (          -- grain: vendor_key
    SELECT t.vendor_key,
           max(s.weight) FILTER (WHERE s.kind = 'vendor_tech') AS tech_weight,
           bool_or(s.kind IN ('vendor_not_tech', 'vendor_trade')) AS not_tech_trade,
           string_agg(DISTINCT t.token, ', ' ORDER BY t.token)
               FILTER (WHERE s.kind = 'vendor_tech') AS tech_words,
           string_agg(DISTINCT t.token, ', ' ORDER BY t.token)
               FILTER (WHERE s.kind IN ('vendor_not_tech', 'vendor_trade')) AS not_tech_words
    FROM vendor_tokens t JOIN catalog_review_signals s ON s.word = t.token
    GROUP BY t.vendor_key
),
near_miss AS (             -- unmatched vendors close to a technology entry (below the
                           -- matcher's threshold; computed by models.classification.review_queue)
    SELECT vendor_key, near_canonical, score FROM _near_miss
),
candidate_lines AS (
    SELECT c.*, coalesce(c.amount_reporting, c.amount) AS amount_any
    FROM classified_lines c, params p
    WHERE c.vendor_key IS NOT NULL
      AND (CASE WHEN p.search_key IS NULL THEN c.confidence < p.max_confidence
                ELSE c.vendor_key IN (SELECT vendor_key FROM searched) END)
),
line_texts AS (            -- distinct account / description texts of candidates, tokenised once
    SELECT DISTINCT txt FROM (
        SELECT account_name AS txt FROM candidate_lines WHERE account_name IS NOT NULL
        UNION ALL
        SELECT description FROM candidate_lines WHERE description IS NOT NULL
    )
),
text_tech_words AS (       -- texts that hold a single technology word (even if outvoted)
    SELECT t.txt, min(k.phrase) AS word
    FROM (SELECT txt, unnest(keyword_tokens(txt)) AS token FROM line_texts) t
    JOIN catalog_keyword_phrases k ON k.first_token = t.token AND k.n_tokens = 1
     AND k.signal = 'tech'
    GROUP BY t.txt
),
scored_lines AS (
    SELECT l.vendor_key, l.vendor_canonical, l.vendor, l.department, l.is_tech, l.decided_by,
           l.reason, l.confidence, l.amount_any,
           vw.tech_words, vw.not_tech_words, nm.near_canonical,
           coalesce(aw.word, dw.word) AS text_word, mc.mcc AS tech_mcc,
           CASE
               WHEN l.is_tech THEN least(1.0, (1 - l.confidence)
                                         * CASE WHEN vw.not_tech_trade THEN 2 ELSE 1 END)
               ELSE (1 - 0.99 * (1 - coalesce(vw.tech_weight, 0))
                              * (1 - CASE WHEN coalesce(aw.word, dw.word) IS NOT NULL THEN 0.25
                                          ELSE 0 END)
                              * (1 - CASE mc.strength WHEN 'strong' THEN 0.6 WHEN 'weak' THEN 0.3
                                                      ELSE 0 END)
                              * (1 - CASE WHEN nm.vendor_key IS NOT NULL THEN 0.4 ELSE 0 END))
                    * CASE WHEN vw.not_tech_trade THEN 0.05 ELSE 1 END
           END AS p_wrong
    FROM candidate_lines l
    LEFT JOIN vendor_words vw USING (vendor_key)
    LEFT JOIN near_miss nm USING (vendor_key)
    LEFT JOIN text_tech_words aw ON aw.txt = l.account_name
    LEFT JOIN text_tech_words dw ON dw.txt = l.description
    LEFT JOIN (SELECT * FROM catalog_mcc WHERE is_tech) mc
      ON mc.mcc = CASE WHEN regexp_full_match(trim(l.mcc), '[0-9]{1,4}')
                       THEN lpad(trim(l.mcc), 4, '0') END
),
by_vendor AS (
    SELECT
        vendor_key,
        any_value(vendor_canonical) AS vendor,
        count(*) AS lines,
        sum(amount_any)::DOUBLE AS amount,
        sum(abs(amount_any))::DOUBLE AS abs_amount,
        sum(p_wrong * abs(amount_any))::DOUBLE AS score,
        count(*) FILTER (WHERE is_tech) AS tech_lines,
        mode(decided_by) AS decided_by,
        mode(reason) AS reason,
        min(confidence) AS confidence,
        count(DISTINCT department) AS departments,
        min(vendor) AS example_vendor,
        concat_ws('; ',
            'vendor name: ' || any_value(tech_words),
            'trade: ' || any_value(not_tech_words),
            'near catalog: ' || any_value(near_canonical),
            'word: ' || any_value(text_word),
            'mcc ' || any_value(tech_mcc)) AS signals
    FROM scored_lines
    GROUP BY vendor_key
)
SELECT *, (score / nullif(abs_amount, 0))::DOUBLE AS likelihood
FROM by_vendor
ORDER BY score DESC, abs_amount DESC, vendor_key
LIMIT $limit

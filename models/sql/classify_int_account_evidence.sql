-- classify_int_account_evidence (intermediate)
-- Grain: one row per DISTINCT account name in scope that at least one account keyword matches
-- (keywords: models/catalog/account_keywords.csv, regex, case-insensitive).
-- The deciding keyword: strong before weak (so a strong non-technology account such as
-- "Advertising" beats a weak technology word such as "subscription"), then the longest matched
-- text (more specific: "IT consultancy" beats "consultancy"), then non-technology on a tie.
WITH account_names AS (
    SELECT DISTINCT account_name FROM _stg_lines WHERE account_name IS NOT NULL
),
keyword_hits AS (
    SELECT a.account_name, k.keyword_id, k.keyword, k.signal, k.category, k.strength,
           length(regexp_extract(a.account_name, k.keyword, 0, 'i')) AS match_len
    FROM account_names a
    JOIN catalog_account_keywords k ON regexp_matches(a.account_name, k.keyword, 'i')
),
deciding_keyword AS (
    SELECT *
    FROM keyword_hits
    QUALIFY row_number() OVER (
        PARTITION BY account_name
        ORDER BY (strength = 'strong') DESC, match_len DESC, (signal = 'non_tech') DESC, keyword_id
    ) = 1
)
SELECT account_name, keyword, signal = 'tech' AS is_tech, category, strength
FROM deciding_keyword

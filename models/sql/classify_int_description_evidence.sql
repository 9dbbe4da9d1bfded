-- classify_int_description_evidence (intermediate)
-- Grain: one row per DISTINCT description in scope that a keyword matches.
-- Descriptions are many (often one per line), so the keywords are not joined row by row: Python
-- passes four combined alternations (bound parameters, in this order): strong non-technology,
-- strong technology, weak non-technology, weak technology. Same tie-break as accounts: strong
-- first, then the longer match, then non-technology. The category comes from the first keyword
-- (catalog order) that matches the matched text.
WITH descriptions AS (
    SELECT DISTINCT description FROM _stg_lines WHERE description IS NOT NULL
),
group_matches AS (
    SELECT description, 'non_tech' AS signal, 'strong' AS strength,
           regexp_extract(description, ?, 0, 'i') AS matched FROM descriptions
    UNION ALL
    SELECT description, 'tech', 'strong', regexp_extract(description, ?, 0, 'i') FROM descriptions
    UNION ALL
    SELECT description, 'non_tech', 'weak', regexp_extract(description, ?, 0, 'i') FROM descriptions
    UNION ALL
    SELECT description, 'tech', 'weak', regexp_extract(description, ?, 0, 'i') FROM descriptions
),
deciding_match AS (
    SELECT *
    FROM group_matches
    WHERE matched <> ''
    QUALIFY row_number() OVER (
        PARTITION BY description
        ORDER BY (strength = 'strong') DESC, length(matched) DESC, (signal = 'non_tech') DESC
    ) = 1
),
matched_category AS (
    SELECT m.matched, m.signal, m.strength, k.category
    FROM (SELECT DISTINCT matched, signal, strength FROM deciding_match) m
    JOIN catalog_account_keywords k
      ON k.signal = m.signal AND k.strength = m.strength
     AND regexp_matches(m.matched, k.keyword, 'i')
    QUALIFY row_number() OVER (PARTITION BY m.matched, m.signal, m.strength ORDER BY k.keyword_id) = 1
)
SELECT d.description, d.matched, d.signal = 'tech' AS is_tech, c.category, d.strength
FROM deciding_match d
LEFT JOIN matched_category c USING (matched, signal, strength)

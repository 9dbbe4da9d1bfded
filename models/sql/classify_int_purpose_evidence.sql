-- classify_int_purpose_evidence (intermediate) -> _int_purpose_evidence
-- Grain: one row per DISTINCT account name or description in scope that names a purpose giving
-- technology a layer (keyword_phrases.csv rows with signal 'soe': "website", "web team",
-- "online booking", "leisure centre software", "webcast"...).
--
-- Business rule: what a line was bought FOR can say whose system it is even when the supplier
-- is unknown: 'Website Costs' or 'Leisure Centre Software Project' is a system the public uses
-- (SoE), whatever department bought it. This is never technology evidence (a website printing
-- job is not technology): classify_mart_lines uses it only for the layer of a line already
-- technology, after a rule's or the catalog's layer and before the buying department's
-- orientation. Matched on tokens as in classify_int_description_evidence ('web team' does not
-- match 'cobweb teams'); the longest phrase wins.
-- Example: 'Website Costs' -> matched 'website', layer SoE.
WITH texts AS (
    SELECT text, keyword_tokens(text) AS tokens
    FROM (SELECT account_name AS text FROM _stg_lines WHERE account_name IS NOT NULL
          UNION
          SELECT description FROM _stg_lines WHERE description IS NOT NULL)
),
positioned AS (
    SELECT text, tokens, unnest(tokens) AS token, unnest(range(1, len(tokens) + 1)) AS pos
    FROM texts
),
hits AS (
    SELECT p.text, k.phrase, k.n_tokens, k.phrase_id
    FROM positioned p
    JOIN catalog_keyword_phrases k ON k.first_token = p.token AND k.signal = 'soe'
    WHERE k.n_tokens = 1 OR list_slice(p.tokens, p.pos, p.pos + k.n_tokens - 1) = k.tokens
)
SELECT text, phrase AS matched, 'SoE' AS layer
FROM hits
QUALIFY row_number() OVER (PARTITION BY text ORDER BY n_tokens DESC, phrase_id) = 1

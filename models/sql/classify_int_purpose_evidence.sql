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
-- orientation. Matched on the shared shape tokens as in classify_int_description_evidence ('web
-- team' does not match 'cobweb teams'); the longest phrase wins.
-- Example: 'Website Costs' -> matched 'website', layer SoE.
WITH hits AS (             -- grain: shape x purpose phrase occurrence
    SELECT p.shape, k.phrase, k.n_tokens, k.phrase_id
    FROM _int_shape_tokens p
    JOIN catalog_keyword_phrases k ON k.first_token = p.token AND k.signal = 'soe'
    WHERE k.n_tokens = 1 OR list_slice(p.tokens, p.pos, p.pos + k.n_tokens - 1) = k.tokens
),
deciding AS (
    SELECT shape, phrase
    FROM hits
    QUALIFY row_number() OVER (PARTITION BY shape ORDER BY n_tokens DESC, phrase_id) = 1
)
SELECT t.text, d.phrase AS matched, 'SoE' AS layer
FROM deciding d
JOIN _int_text_shapes t USING (shape)

-- classify_int_shape_tokens (intermediate) -> _int_shape_tokens
-- Grain: one row per DISTINCT text shape (classify_int_text_shapes) x token position, for the
-- tokens that can start a keyword phrase or a context (the only positions a match can begin at).
-- Each shape is tokenised once (keyword_tokens: lower case, accents folded, punctuation dropped)
-- and shared by the description-keyword and purpose models; the row keeps the shape's whole
-- token list so a phrase can check the tokens that follow.
-- Example: shape 'inv 0 microsoft azure' -> (3, 'microsoft'), (4, 'azure') when those words start
-- phrases; 'inv' and '0' start none and are not kept.
WITH shapes AS (
    SELECT shape, keyword_tokens(shape) AS tokens
    FROM (SELECT DISTINCT shape FROM _int_text_shapes)
),
positioned AS (
    SELECT shape, tokens, unnest(tokens) AS token, unnest(range(1, len(tokens) + 1)) AS pos
    FROM shapes
),
starting_tokens AS (
    SELECT first_token FROM catalog_keyword_phrases
    UNION
    SELECT first_token FROM catalog_keyword_contexts
)
SELECT p.shape, p.tokens, p.token, p.pos
FROM positioned p
SEMI JOIN starting_tokens s ON s.first_token = p.token

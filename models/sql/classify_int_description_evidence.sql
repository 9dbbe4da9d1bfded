-- classify_int_description_evidence (intermediate)
-- Grain: one row per DISTINCT text in scope (description, or an account name worded the same)
-- that a keyword phrase matches.
-- Keywords are words and phrases (catalog_keyword_phrases, from keyword_phrases.csv), matched on
-- tokens, set-based: each text SHAPE (its words without its numbers, classify_int_text_shapes)
-- is split into tokens once (_int_shape_tokens), the tokens are joined to the phrases on their
-- first token, and a phrase counts where the following tokens agree; the shape's evidence goes
-- back to every text of that shape. No regex runs per line.
-- Context decides, in two ways (both data):
--   * a longer phrase overlapping a shorter one cancels it: "process server" (non-technology)
--     cancels "server", "tv licence" cancels "licence", "computer aided dispatch" keeps
--     "computer" technology;
--   * a context word anywhere in the same text cancels a keyword (catalog_keyword_contexts):
--     "licence" with "premises", "levy" or "taxi"; "telecom" with "mast" or "wayleave".
-- Of the surviving hits the strongest decides, then the longest, then non-technology.
-- Example: 'Lease of land for telecom mast' -> hits 'lease of land' (non_tech, strong),
-- 'telecom mast' (non_tech), 'telecom' (tech, cancelled by the overlap and by 'mast')
-- -> non-technology, matched 'lease of land'.
WITH positioned AS (       -- grain: shape x token position (starting tokens only)
    SELECT shape, tokens, token, pos FROM _int_shape_tokens
),
phrases AS (
    SELECT * FROM catalog_keyword_phrases WHERE applies_to IN ('description', 'both')
      AND signal IN ('tech', 'non_tech')   -- 'soe' rows name a purpose, not evidence
),
hits AS (                  -- grain: shape x phrase occurrence
    SELECT p.shape, k.phrase, k.signal, k.category, k.strength, k.n_tokens, k.phrase_id,
           p.pos AS start_pos, p.pos + k.n_tokens - 1 AS end_pos
    FROM positioned p
    JOIN phrases k ON k.first_token = p.token
    WHERE k.n_tokens = 1 OR list_slice(p.tokens, p.pos, p.pos + k.n_tokens - 1) = k.tokens
),
context_present AS (       -- grain: shape x keyword cancelled by a context in its text
    SELECT DISTINCT p.shape, c.keyword
    FROM positioned p
    JOIN catalog_keyword_contexts c ON c.first_token = p.token
    WHERE p.shape IN (SELECT shape FROM hits)
      AND (c.n_tokens = 1 OR list_slice(p.tokens, p.pos, p.pos + c.n_tokens - 1) = c.tokens)
),
overlapped AS (            -- hits a longer overlapping phrase covers
    SELECT DISTINCT h.shape, h.phrase, h.start_pos
    FROM hits h
    JOIN hits o ON o.shape = h.shape AND o.n_tokens > h.n_tokens
               AND o.start_pos <= h.end_pos AND o.end_pos >= h.start_pos
),
surviving AS (
    SELECT h.*
    FROM hits h
    ANTI JOIN overlapped o USING (shape, phrase, start_pos)
    ANTI JOIN context_present c ON c.shape = h.shape AND c.keyword = h.phrase
),
deciding AS (
    SELECT *
    FROM surviving
    QUALIFY row_number() OVER (
        PARTITION BY shape
        ORDER BY (strength = 'strong') DESC, n_tokens DESC, (signal = 'non_tech') DESC, phrase_id,
                 start_pos
    ) = 1
)
SELECT t.text AS description, d.phrase AS matched, d.signal = 'tech' AS is_tech, d.category,
       d.strength
FROM deciding d
JOIN _int_text_shapes t USING (shape)

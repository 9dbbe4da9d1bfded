-- classify_int_text_shapes (intermediate) -> _int_text_shapes
-- Grain: one row per DISTINCT description or account name in scope (text), with its shape.
--
-- Business rule: keyword evidence depends on a text's words, never on its numbers (no keyword
-- phrase or context in models/catalog contains a digit), so texts that differ only in their
-- numbers and letter case carry the same evidence. A ledger's descriptions are mostly one
-- wording with a reference in it ('Invoice 104233 - Adobe CC', 'Line 4711 of the ledger'), so a
-- million distinct descriptions are often a few thousand shapes; the keyword models tokenise and
-- match each shape once (classify_int_shape_tokens) and map the evidence back to every text.
-- The shape keeps every token where it was: a run of digits becomes the one digit '0', so
-- 'Adobe CC 2024-11' -> 'adobe cc 0-0' has the same tokens at the same positions (a digit token
-- never matches a phrase), and multi-word phrases still see their neighbours.
-- Reads _scope_columns (models.classification.rebuild): the texts need none of the keys
-- _stg_lines adds, and over a big ledger _stg_lines is a view probing three hash tables per line.
-- Example: 'INV 88812 Microsoft Azure' and 'inv 90210 microsoft azure' -> shape
-- 'inv 0 microsoft azure' (tokenised once).
SELECT text, lower(regexp_replace(text, '[0-9]+', '0', 'g')) AS shape
FROM (SELECT description AS text FROM _scope_columns WHERE description IS NOT NULL
      UNION
      SELECT account_name FROM _scope_columns WHERE account_name IS NOT NULL)

-- tbm_keys (fragment): the four TBM keys of every technology line of the CTE `tbm_base`.
-- Include after a CTE named tbm_base with columns upload_id, source_row, is_tech, category,
-- vendor_canonical, account_name, description, reference; defines the CTE tbm_keyed:
-- GRAIN one row per tbm_base row (every join is a LEFT JOIN to a relation unique on its key),
-- tbm_base.* plus tbm_cost_pool, tbm_cost_sub_pool, tbm_tower, tbm_sub_tower, tbm_solution,
-- tbm_solution_vendor. Non-technology lines get NULL keys (they are not in a TBM model).
-- Set-based, joined on TOKENS: every DISTINCT text is normalised (lower case, every run of
-- non-letters/digits -> one space) and cut into its 1- to 4-word grams; a mapping row
-- (models/tbm/*.csv, registered as tbm_*_map and its phrases as tbm_words) hits a text when one
-- of its phrases equals a gram (an equi-join: no regex per pair). The first row by priority whose
-- category fits and whose phrases hit (or which has none: the category default) wins.
-- Worked example: 'Confluence standard 50 users' -> grams 'confluence', 'confluence standard',
-- ... -> towers.csv row 510 (phrase 'confluence') -> End User / Collaboration & Productivity.
-- A category the mapping does not know (a person's rule, an older catalog) is mapped as 'Other
-- technology', so no technology line is ever left without a tower or pool.
tbm_known AS (
    SELECT category FROM tbm_tower_map WHERE category IS NOT NULL
    INTERSECT SELECT category FROM tbm_pool_map WHERE category IS NOT NULL
),
tbm_parent AS (      -- the parent vendor: 'Microsoft' for the catalog entry 'Microsoft 365'
    SELECT canonical, any_value(vendor) AS parent, any_value(nullif(trim(product), '')) AS product
    FROM catalog_vendors GROUP BY canonical
),
tbm_raw AS MATERIALIZED (   -- the distinct technology texts: every step below runs on these
    SELECT DISTINCT category, vendor_canonical, account_name, description, reference
    FROM tbm_base WHERE is_tech
),
tbm_text AS MATERIALIZED (
    SELECT b.*, true AS is_tech,
        CASE WHEN b.category IN (SELECT category FROM tbm_known) THEN b.category
             ELSE 'Other technology' END                                          AS tbm_category,
        coalesce(p.parent, b.vendor_canonical)                                    AS tbm_parent_vendor,
        p.product                                                                 AS tbm_catalog_product,
        trim(regexp_replace(lower(concat_ws(' ', b.vendor_canonical, b.account_name, b.description)),
                            '[^\p{L}\p{N}]+', ' ', 'g'))                          AS tbm_line_text,
        trim(regexp_replace(lower(coalesce(b.account_name, '')),
                            '[^\p{L}\p{N}]+', ' ', 'g'))                          AS tbm_account_text,
        trim(regexp_replace(lower(concat_ws(' ', b.vendor_canonical, b.description)),
                            '[^\p{L}\p{N}]+', ' ', 'g'))                          AS tbm_vendor_text,
        trim(regexp_replace(lower(concat_ws(' ', b.description, b.account_name, b.reference)),
                            '[^\p{L}\p{N}]+', ' ', 'g'))                          AS tbm_product_text,
        trim(regexp_replace(lower(coalesce(p.parent, b.vendor_canonical, '')),
                            '[^\p{L}\p{N}]+', ' ', 'g'))                          AS tbm_parent_text
    FROM tbm_raw AS b
    LEFT JOIN tbm_parent AS p ON p.canonical = b.vendor_canonical
),
tbm_texts AS (
    SELECT tbm_line_text AS txt FROM tbm_text WHERE is_tech
    UNION SELECT tbm_account_text FROM tbm_text WHERE is_tech
    UNION SELECT tbm_vendor_text FROM tbm_text WHERE is_tech
    UNION SELECT tbm_product_text FROM tbm_text WHERE is_tech
    UNION SELECT tbm_parent_text FROM tbm_text WHERE is_tech
),
tbm_grams AS (       -- every 1- to 4-word gram of every distinct text, with its first word's place
    SELECT t.txt, g.i AS gram_start, array_to_string(t.w[g.i : g.i + n.n - 1], ' ') AS gram
    FROM (SELECT txt, string_split(txt, ' ') AS w FROM tbm_texts WHERE txt <> '') AS t,
         unnest(range(1, len(t.w) + 1)) AS g(i),
         range(1, 5) AS n(n)
    WHERE g.i + n.n - 1 <= len(t.w)
),
tbm_hits AS MATERIALIZED (  -- (text, mapping row, side) pairs where a phrase of the row is in the text
    SELECT DISTINCT g.txt, w.map, w.side, w.priority
    FROM tbm_grams AS g
    JOIN tbm_words AS w ON w.phrase = g.gram
    WHERE w.side <> 'vendor' OR g.gram_start = 1        -- a parent vendor's name starts the name
),
tbm_tower_keys AS (SELECT DISTINCT tbm_category, tbm_line_text FROM tbm_text WHERE is_tech),
tbm_tower_pick AS (
    SELECT k.tbm_category, k.tbm_line_text, m.tower, m.sub_tower
    FROM tbm_tower_keys AS k
    JOIN tbm_tower_map AS m ON m.category IS NULL OR m.category = k.tbm_category
    LEFT JOIN tbm_hits AS h
      ON h.map = 'tower' AND h.side = 'text' AND h.priority = m.priority
     AND h.txt = k.tbm_line_text
    WHERE NOT m.has_text_words OR h.priority IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY k.tbm_category, k.tbm_line_text
                               ORDER BY m.priority) = 1
),
tbm_pool_keys AS (
    SELECT DISTINCT tbm_category, tbm_account_text, tbm_vendor_text FROM tbm_text WHERE is_tech
),
tbm_pool_pick AS (
    SELECT k.tbm_category, k.tbm_account_text, k.tbm_vendor_text, m.pool, m.sub_pool
    FROM tbm_pool_keys AS k
    JOIN tbm_pool_map AS m ON m.category IS NULL OR m.category = k.tbm_category
    LEFT JOIN tbm_hits AS ha
      ON ha.map = 'pool' AND ha.side = 'account' AND ha.priority = m.priority
     AND ha.txt = k.tbm_account_text
    LEFT JOIN tbm_hits AS ht
      ON ht.map = 'pool' AND ht.side = 'text' AND ht.priority = m.priority
     AND ht.txt = k.tbm_vendor_text
    WHERE (NOT m.has_account_words OR ha.priority IS NOT NULL)
      AND (NOT m.has_text_words OR ht.priority IS NOT NULL)
    QUALIFY row_number() OVER (PARTITION BY k.tbm_category, k.tbm_account_text, k.tbm_vendor_text
                               ORDER BY m.priority) = 1
),
tbm_product_keys AS (
    SELECT DISTINCT tbm_parent_text, tbm_product_text FROM tbm_text
    WHERE is_tech AND tbm_catalog_product IS NULL       -- the catalog already named the product
),
tbm_product_candidates AS MATERIALIZED (   -- first the parent vendor's product rows...
    SELECT k.tbm_parent_text, k.tbm_product_text, hv.priority
    FROM tbm_product_keys AS k
    JOIN tbm_hits AS hv
      ON hv.map = 'product' AND hv.side = 'vendor' AND hv.txt = k.tbm_parent_text
),
tbm_product_pick AS (                      -- ...then those whose words the line names
    SELECT c.tbm_parent_text, c.tbm_product_text, m.parent, m.product
    FROM tbm_product_candidates AS c
    JOIN tbm_hits AS ht
      ON ht.map = 'product' AND ht.side = 'text' AND ht.txt = c.tbm_product_text
     AND ht.priority = c.priority
    JOIN tbm_product_map AS m ON m.priority = c.priority
    QUALIFY row_number() OVER (PARTITION BY c.tbm_parent_text, c.tbm_product_text
                               ORDER BY m.priority) = 1
),
tbm_raw_keys AS (
    SELECT t.category, t.vendor_canonical, t.account_name, t.description, t.reference,
        pp.pool AS tbm_cost_pool, pp.sub_pool AS tbm_cost_sub_pool,
        tp.tower AS tbm_tower, tp.sub_tower AS tbm_sub_tower,
        -- the catalog's product line first; else the product the line's words name
        coalesce(t.tbm_catalog_product, pr.product, t.vendor_canonical)           AS tbm_solution,
        CASE WHEN t.tbm_catalog_product IS NULL THEN coalesce(pr.parent, t.tbm_parent_vendor)
             ELSE t.tbm_parent_vendor END                                         AS tbm_solution_vendor
    FROM tbm_text AS t
    LEFT JOIN tbm_tower_pick AS tp
      ON tp.tbm_category = t.tbm_category AND tp.tbm_line_text = t.tbm_line_text
    LEFT JOIN tbm_pool_pick AS pp
      ON pp.tbm_category = t.tbm_category AND pp.tbm_account_text = t.tbm_account_text
     AND pp.tbm_vendor_text = t.tbm_vendor_text
    LEFT JOIN tbm_product_pick AS pr
      ON pr.tbm_parent_text = t.tbm_parent_text AND pr.tbm_product_text = t.tbm_product_text
),
tbm_keyed AS (       -- back to the lines: one row per tbm_base row (tbm_raw_keys is unique on
                     -- its five text columns, NULL equal to NULL)
    SELECT b.*,
        k.tbm_cost_pool, k.tbm_cost_sub_pool, k.tbm_tower, k.tbm_sub_tower, k.tbm_solution,
        k.tbm_solution_vendor
    FROM tbm_base AS b
    LEFT JOIN tbm_raw_keys AS k
      ON b.is_tech
     AND k.category IS NOT DISTINCT FROM b.category
     AND k.vendor_canonical IS NOT DISTINCT FROM b.vendor_canonical
     AND k.account_name IS NOT DISTINCT FROM b.account_name
     AND k.description IS NOT DISTINCT FROM b.description
     AND k.reference IS NOT DISTINCT FROM b.reference
)

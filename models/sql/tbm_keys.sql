-- tbm_keys (fragment): the four TBM keys of every technology line of the CTE `tbm_base`.
-- Include after a CTE named tbm_base with columns upload_id, source_row, is_tech, category,
-- vendor_canonical, account_name, description, reference; defines the CTE tbm_keyed:
-- GRAIN one row per tbm_base row (every join is a LEFT JOIN to a relation unique on its key),
-- tbm_base.* plus tbm_cost_pool, tbm_cost_sub_pool, tbm_tower, tbm_sub_tower, tbm_solution,
-- tbm_solution_vendor. Non-technology lines get NULL keys (they are not in a TBM model).
-- Set-based: the mapping rows (models/tbm/*.csv, registered as tbm_*_map) are matched against the
-- DISTINCT texts, never per line, and the first match by priority wins (QUALIFY row_number).
-- Words are case-insensitive regular expressions ('i' flag). A category the mapping does not know
-- (a person's rule, an older catalog) is mapped as 'Other technology', so no technology line is
-- ever left without a tower or pool.
tbm_known AS (
    SELECT category FROM tbm_tower_map WHERE category IS NOT NULL
    INTERSECT SELECT category FROM tbm_pool_map WHERE category IS NOT NULL
),
tbm_text AS (
    SELECT b.*,
        CASE WHEN b.category IN (SELECT category FROM tbm_known) THEN b.category
             ELSE 'Other technology' END                                          AS tbm_category,
        concat_ws(' ', b.vendor_canonical, b.account_name, b.description)         AS tbm_line_text,
        coalesce(b.account_name, '')                                              AS tbm_account_text,
        concat_ws(' ', b.vendor_canonical, b.description)                         AS tbm_vendor_text,
        concat_ws(' ', b.description, b.account_name, b.reference)                AS tbm_product_text
    FROM tbm_base AS b
),
tbm_tower_keys AS (
    SELECT DISTINCT tbm_category, tbm_line_text FROM tbm_text WHERE is_tech
),
tbm_tower_pick AS (
    SELECT k.tbm_category, k.tbm_line_text, m.tower, m.sub_tower
    FROM tbm_tower_keys AS k
    JOIN tbm_tower_map AS m
      ON (m.category IS NULL OR m.category = k.tbm_category)
     AND (m.words IS NULL OR regexp_matches(k.tbm_line_text, m.words, 'i'))
    QUALIFY row_number() OVER (PARTITION BY k.tbm_category, k.tbm_line_text
                               ORDER BY m.priority) = 1
),
tbm_pool_keys AS (
    SELECT DISTINCT tbm_category, tbm_account_text, tbm_vendor_text FROM tbm_text WHERE is_tech
),
tbm_pool_pick AS (
    SELECT k.tbm_category, k.tbm_account_text, k.tbm_vendor_text, m.pool, m.sub_pool
    FROM tbm_pool_keys AS k
    JOIN tbm_pool_map AS m
      ON (m.category IS NULL OR m.category = k.tbm_category)
     AND (m.account_words IS NULL OR regexp_matches(k.tbm_account_text, m.account_words, 'i'))
     AND (m.text_words IS NULL OR regexp_matches(k.tbm_vendor_text, m.text_words, 'i'))
    QUALIFY row_number() OVER (PARTITION BY k.tbm_category, k.tbm_account_text, k.tbm_vendor_text
                               ORDER BY m.priority) = 1
),
-- the parent vendor: the catalog entry's vendor ('Microsoft' for 'Microsoft 365'), else the
-- vendor as classified
tbm_parent AS (
    SELECT canonical, any_value(vendor) AS parent, any_value(product) AS product
    FROM catalog_vendors GROUP BY canonical
),
tbm_product_keys AS (
    SELECT DISTINCT t.vendor_canonical, t.tbm_product_text,
           coalesce(p.parent, t.vendor_canonical) AS parent_vendor,
           nullif(trim(p.product), '')            AS catalog_product
    FROM tbm_text AS t
    LEFT JOIN tbm_parent AS p ON p.canonical = t.vendor_canonical
    WHERE t.is_tech
),
tbm_product_pick AS (
    SELECT k.vendor_canonical, k.tbm_product_text, m.parent, m.product
    FROM tbm_product_keys AS k
    JOIN tbm_product_map AS m
      ON regexp_matches(coalesce(k.parent_vendor, ''), m.vendor_pattern, 'i')
     AND regexp_matches(k.tbm_product_text, m.words, 'i')
    WHERE k.catalog_product IS NULL     -- the catalog already named the product line
    QUALIFY row_number() OVER (PARTITION BY k.vendor_canonical, k.tbm_product_text
                               ORDER BY m.priority) = 1
),
tbm_keyed AS (
    SELECT t.* EXCLUDE (tbm_category, tbm_line_text, tbm_account_text, tbm_vendor_text,
                        tbm_product_text),
        CASE WHEN t.is_tech THEN pp.pool END                                      AS tbm_cost_pool,
        CASE WHEN t.is_tech THEN pp.sub_pool END                                  AS tbm_cost_sub_pool,
        CASE WHEN t.is_tech THEN tp.tower END                                     AS tbm_tower,
        CASE WHEN t.is_tech THEN tp.sub_tower END                                 AS tbm_sub_tower,
        CASE WHEN t.is_tech THEN coalesce(pr.product, k.catalog_product, t.vendor_canonical)
        END                                                                        AS tbm_solution,
        CASE WHEN t.is_tech THEN coalesce(pr.parent, k.parent_vendor) END         AS tbm_solution_vendor
    FROM tbm_text AS t
    LEFT JOIN tbm_tower_pick AS tp
      ON tp.tbm_category = t.tbm_category AND tp.tbm_line_text = t.tbm_line_text
    LEFT JOIN tbm_pool_pick AS pp
      ON pp.tbm_category = t.tbm_category AND pp.tbm_account_text = t.tbm_account_text
     AND pp.tbm_vendor_text = t.tbm_vendor_text
    LEFT JOIN tbm_product_keys AS k
      ON k.vendor_canonical IS NOT DISTINCT FROM t.vendor_canonical
     AND k.tbm_product_text = t.tbm_product_text
    LEFT JOIN tbm_product_pick AS pr
      ON pr.vendor_canonical IS NOT DISTINCT FROM t.vendor_canonical
     AND pr.tbm_product_text = t.tbm_product_text
)

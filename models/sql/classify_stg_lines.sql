-- classify_stg_lines (staging)
-- Grain: one row per ledger line in scope (upload_id, source_row); scope is the temp table
-- _scope (the uploads being refreshed).
-- Adds the keys every later step joins on: vendor_key (models.normalise, via vendor_keys),
-- effective_key (after a person's vendor merge), department_raw/department_key (department, or the
-- cost centre when a ledger has none), mcc_code (4 digits).
WITH scoped_lines AS (
    SELECT l.*
    FROM ledger_lines l
    WHERE l.upload_id IN (SELECT upload_id FROM _scope)
),
active_merges AS (
    SELECT from_key, to_key FROM vendor_merges WHERE removed_at IS NULL
),
keyed_lines AS (
    SELECT
        s.*,
        vk.vendor_key,
        coalesce(am.to_key, vk.vendor_key) AS effective_key,
        nullif(trim(coalesce(s.department, s.cost_centre)), '') AS department_raw,
        department_key(coalesce(s.department, s.cost_centre)) AS department_key,
        CASE WHEN regexp_full_match(trim(s.mcc), '[0-9]{1,4}')
             THEN lpad(trim(s.mcc), 4, '0') END AS mcc_code
    FROM scoped_lines s
    LEFT JOIN vendor_keys vk ON vk.raw_vendor = s.vendor
    LEFT JOIN active_merges am ON am.from_key = vk.vendor_key
)
SELECT * FROM keyed_lines

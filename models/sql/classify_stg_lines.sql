-- classify_stg_lines (staging)
-- Grain: one row per ledger line in scope (upload_id, source_row); scope is the temp view
-- _scope_lines made by models.classification.rebuild: the lines of the uploads in _scope, or,
-- after a rule or merge change, only the lines it can touch (_scope_rows).
-- Adds the keys every later step joins on: vendor_key (models.normalise, via vendor_keys),
-- effective_key (after a person's vendor merge), department_raw/department_key (department, or the
-- cost centre when a ledger has none), mcc_code (4 digits).
WITH scoped_lines AS (
    SELECT * FROM _scope_lines
),
active_merges AS (
    SELECT from_key, to_key FROM vendor_merges WHERE removed_at IS NULL
),
department_spellings AS (  -- keys computed once per distinct spelling, not per line
    SELECT raw, nullif(trim(raw), '') AS department_raw, department_key(raw) AS department_key
    FROM (SELECT DISTINCT coalesce(department, cost_centre) AS raw FROM scoped_lines)
),
mcc_spellings AS (
    SELECT mcc, CASE WHEN regexp_full_match(trim(mcc), '[0-9]{1,4}')
                     THEN lpad(trim(mcc), 4, '0') END AS mcc_code
    FROM (SELECT DISTINCT mcc FROM scoped_lines WHERE mcc IS NOT NULL)
),
keyed_lines AS (
    SELECT
        s.*,
        vk.vendor_key,
        coalesce(am.to_key, vk.vendor_key) AS effective_key,
        ds.department_raw,
        ds.department_key,
        ms.mcc_code
    FROM scoped_lines s
    LEFT JOIN vendor_keys vk ON vk.raw_vendor = s.vendor
    LEFT JOIN active_merges am ON am.from_key = vk.vendor_key
    LEFT JOIN department_spellings ds ON ds.raw = coalesce(s.department, s.cost_centre)
    LEFT JOIN mcc_spellings ms ON ms.mcc = s.mcc
)
SELECT * FROM keyed_lines

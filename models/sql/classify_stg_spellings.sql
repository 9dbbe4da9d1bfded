-- classify_stg_spellings (staging) -> _stg_spellings
-- Grain: one row per DISTINCT spelling in scope and what it is (kind 'vendor' | 'department' |
-- 'mcc'), with the keys every later step joins on; a few thousand rows however many lines.
--   vendor:     raw -> vendor_key (models.normalise, via vendor_keys) and effective_key (after a
--               person's vendor merge)
--   department: raw (the department, or the cost centre when a ledger has none) ->
--               department_raw (trimmed) and department_key
--   mcc:        raw -> mcc_code (4 digits)
-- classify_stg_lines joins these to each line, so the keys are computed once per spelling and
-- no per-line copy of the ledger is written (at 10M lines that copy spilled to disk: 11.7 s).
WITH scoped_lines AS (
    SELECT * FROM _scope_lines
),
active_merges AS (
    SELECT from_key, to_key FROM vendor_merges WHERE removed_at IS NULL
)
SELECT 'vendor' AS kind, v.raw, vk.vendor_key, coalesce(am.to_key, vk.vendor_key) AS effective_key,
       CAST(NULL AS VARCHAR) AS department_raw, CAST(NULL AS VARCHAR) AS department_key,
       CAST(NULL AS VARCHAR) AS mcc_code
FROM (SELECT DISTINCT vendor AS raw FROM scoped_lines WHERE vendor IS NOT NULL) v
LEFT JOIN vendor_keys vk ON vk.raw_vendor = v.raw
LEFT JOIN active_merges am ON am.from_key = vk.vendor_key
UNION ALL
SELECT 'department', raw, NULL, NULL, nullif(trim(raw), ''), department_key(raw), NULL
FROM (SELECT DISTINCT coalesce(department, cost_centre) AS raw FROM scoped_lines
      WHERE coalesce(department, cost_centre) IS NOT NULL)
UNION ALL
SELECT 'mcc', mcc, NULL, NULL, NULL, NULL,
       CASE WHEN regexp_full_match(trim(mcc), '[0-9]{1,4}') THEN lpad(trim(mcc), 4, '0') END
FROM (SELECT DISTINCT mcc FROM scoped_lines WHERE mcc IS NOT NULL)

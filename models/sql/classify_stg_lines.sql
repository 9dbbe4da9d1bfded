-- classify_stg_lines (staging; a TEMP table for a small scope, a view for a big one:
-- models.classification.STG_TABLE_MAX_LINES)
-- Grain: one row per ledger line in scope (upload_id, source_row); scope is the temp view
-- _scope_lines made by models.classification.rebuild: the lines of the uploads in _scope, or,
-- after a rule or merge change, only the lines it can touch (_scope_rows).
-- Adds the keys every later step joins on, from the distinct spellings of _stg_spellings:
-- vendor_key (models.normalise, via vendor_keys), effective_key (after a person's vendor merge),
-- department_raw/department_key (department, or the cost centre when a ledger has none),
-- mcc_code (4 digits); a line with no vendor takes the supplier its description names
-- (_int_description_vendors; vendor_from_description says so). As a view over a big ledger, each step reads only the columns it needs
-- from ledger_lines and probes three small hash tables, instead of a copy of every line.
SELECT
    s.*,
    coalesce(vs.vendor_key, dv.vendor_key) AS vendor_key,
    coalesce(vs.effective_key, dv.vendor_key) AS effective_key,
    dv.vendor_key IS NOT NULL AS vendor_from_description,
    ds.department_raw,
    ds.department_key,
    ms.mcc_code
FROM _scope_lines s
LEFT JOIN (SELECT raw, vendor_key, effective_key FROM _stg_spellings WHERE kind = 'vendor') vs
       ON vs.raw = s.vendor
LEFT JOIN (SELECT raw, department_raw, department_key FROM _stg_spellings WHERE kind = 'department') ds
       ON ds.raw = coalesce(s.department, s.cost_centre)
LEFT JOIN (SELECT raw, mcc_code FROM _stg_spellings WHERE kind = 'mcc') ms
       ON ms.raw = s.mcc
-- a line with no vendor whose description names a catalogued supplier (that supplier's key)
LEFT JOIN _int_description_vendors dv
       ON nullif(trim(s.vendor), '') IS NULL AND dv.description = s.description

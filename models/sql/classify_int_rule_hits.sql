-- classify_int_rule_hits (intermediate)
-- Grain: one row per ledger line in scope that at least one active rule matches, with the rule
-- that decides it: the NEWEST matching rule (highest rule_id) wins, whatever its field.
-- Rules are evaluated over DISTINCT vendor / account / department values
-- (classify_rule_value_hits), then joined back to the lines.
WITH rules_in_play AS (
    SELECT * FROM rules WHERE removed_at IS NULL
),
distinct_vendors AS (
    SELECT DISTINCT vendor, vendor_key, effective_key FROM _stg_lines WHERE vendor IS NOT NULL
),
distinct_accounts AS (
    SELECT DISTINCT account_name, account_code FROM _stg_lines
    WHERE account_name IS NOT NULL OR account_code IS NOT NULL
),
department_values AS (
    SELECT DISTINCT department_raw, department_key FROM _stg_lines WHERE department_key IS NOT NULL
),
{{classify_rule_value_hits}},
line_hits AS (
    SELECT s.upload_id, s.source_row, w.rule_id
    FROM _stg_lines s JOIN vendor_winner w ON w.raw_value = s.vendor
    UNION ALL
    SELECT s.upload_id, s.source_row, w.rule_id
    FROM _stg_lines s
    JOIN account_winner w
      ON w.account_name IS NOT DISTINCT FROM s.account_name
     AND w.account_code IS NOT DISTINCT FROM s.account_code
    UNION ALL
    SELECT s.upload_id, s.source_row, w.rule_id
    FROM _stg_lines s JOIN department_winner w ON w.department_raw = s.department_raw
)
SELECT upload_id, source_row, max(rule_id) AS rule_id
FROM line_hits
GROUP BY upload_id, source_row

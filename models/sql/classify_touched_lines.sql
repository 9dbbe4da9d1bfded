-- classify_touched_lines (staging) -> _scope_rows
-- Grain: one row per ledger line (upload_id, source_row) that a person's change can reclassify:
-- the lines a changed rule matches (added or removed: `rules_in_play` is every rule in
-- _touched_rules, active or not) and the lines of a vendor key whose merge changed
-- (_touched_vendor_keys). Only these lines are rebuilt; every other line keeps its row.
--
-- Business rule: a rule decides only the lines it matches, so adding or undoing "vendor equals
-- SLACK" can change Slack's lines and no others; a merge changes only the merged vendor's lines.
-- Matching runs on the DISTINCT vendors, accounts and departments of the whole ledger (a few
-- thousand), with the same fragment the classification uses (classify_rule_value_hits), so the
-- lines found are exactly the lines the rule can decide.
-- Example: a new rule "vendor contains ZOOM" on a 10M-line store touches the 2,400 Zoom lines;
-- classification rebuilds those 2,400 rows (and the aggregates of their uploads), not 10M.
WITH rules_in_play AS (
    SELECT * FROM rules WHERE rule_id IN (SELECT rule_id FROM _touched_rules)
),
active_merges AS (
    SELECT from_key, to_key FROM vendor_merges WHERE removed_at IS NULL
),
distinct_vendors AS (
    SELECT v.vendor, vk.vendor_key, coalesce(am.to_key, vk.vendor_key) AS effective_key
    FROM (SELECT DISTINCT vendor FROM ledger_lines WHERE vendor IS NOT NULL) v
    LEFT JOIN vendor_keys vk ON vk.raw_vendor = v.vendor
    LEFT JOIN active_merges am ON am.from_key = vk.vendor_key
),
distinct_accounts AS (
    SELECT DISTINCT account_name, account_code FROM ledger_lines
    WHERE account_name IS NOT NULL OR account_code IS NOT NULL
),
department_values AS (
    SELECT nullif(trim(raw), '') AS department_raw, department_key(raw) AS department_key
    FROM (SELECT DISTINCT coalesce(department, cost_centre) AS raw FROM ledger_lines)
    WHERE department_key(raw) IS NOT NULL
),
{{classify_rule_value_hits}},
merged_vendors AS (
    SELECT raw_vendor AS vendor FROM vendor_keys
    WHERE vendor_key IN (SELECT vendor_key FROM _touched_vendor_keys)
)
SELECT upload_id, source_row FROM ledger_lines
SEMI JOIN vendor_winner w ON w.raw_value = ledger_lines.vendor
UNION
SELECT upload_id, source_row FROM ledger_lines
SEMI JOIN account_winner w ON w.account_name IS NOT DISTINCT FROM ledger_lines.account_name
                          AND w.account_code IS NOT DISTINCT FROM ledger_lines.account_code
UNION
SELECT upload_id, source_row FROM ledger_lines
SEMI JOIN department_winner w
       ON w.department_raw = nullif(trim(coalesce(ledger_lines.department, ledger_lines.cost_centre)), '')
UNION
SELECT upload_id, source_row FROM ledger_lines
SEMI JOIN merged_vendors m ON m.vendor = ledger_lines.vendor

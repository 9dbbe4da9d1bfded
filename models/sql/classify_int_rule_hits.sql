-- classify_int_rule_hits (intermediate)
-- Grain: one row per ledger line in scope that at least one active rule matches, with the rule
-- that decides it: the NEWEST matching rule (highest rule_id) wins, whatever its field.
-- Rules are evaluated over DISTINCT vendor / account / department values, then joined back.
-- Vendor rules compare the raw name, the vendor key, the merged key and the canonical name;
-- equals/contains/starts_with compare upper-case punctuation-free keys; regex is RE2,
-- case-insensitive, on the raw text.
WITH active_rules AS (
    SELECT * FROM rules WHERE removed_at IS NULL
),
distinct_vendors AS (
    SELECT DISTINCT vendor, vendor_key, effective_key FROM _stg_lines WHERE vendor IS NOT NULL
),
vendor_values AS (
    SELECT d.vendor AS raw_value, d.vendor_key, d.effective_key, vm.canonical,
           text_key(d.vendor) AS raw_key, text_key(vm.canonical) AS canonical_key
    FROM distinct_vendors d
    LEFT JOIN vendor_map vm ON vm.vendor_key = d.effective_key
),
vendor_text_hits AS (
    SELECT v.raw_value, r.rule_id
    FROM vendor_values v
    JOIN (SELECT * FROM active_rules WHERE field = 'vendor' AND match <> 'regex') r ON (
        (r.match = 'equals' AND (v.vendor_key = r.pattern_key OR v.effective_key = r.pattern_key
                                 OR v.raw_key = text_key(r.pattern)
                                 OR v.canonical_key = text_key(r.pattern)))
        OR (r.match = 'contains' AND (contains(v.raw_key, r.pattern_key)
                                      OR contains(v.vendor_key, r.pattern_key)
                                      OR contains(coalesce(v.canonical_key, ''), r.pattern_key)))
        OR (r.match = 'starts_with' AND (starts_with(v.raw_key, r.pattern_key)
                                         OR starts_with(v.vendor_key, r.pattern_key)
                                         OR starts_with(coalesce(v.canonical_key, ''), r.pattern_key)))
    )
),
vendor_regex_hits AS (
    SELECT v.raw_value, r.rule_id
    FROM vendor_values v
    JOIN (SELECT * FROM active_rules WHERE field = 'vendor' AND match = 'regex') r
      ON regexp_matches(v.raw_value, r.pattern, 'i')
         OR regexp_matches(v.vendor_key, r.pattern, 'i')
         OR regexp_matches(coalesce(v.canonical, ''), r.pattern, 'i')
),
vendor_winner AS (
    SELECT raw_value, max(rule_id) AS rule_id
    FROM (SELECT * FROM vendor_text_hits UNION ALL SELECT * FROM vendor_regex_hits)
    GROUP BY raw_value
),
distinct_accounts AS (
    SELECT DISTINCT account_name, account_code FROM _stg_lines
    WHERE account_name IS NOT NULL OR account_code IS NOT NULL
),
account_values AS (
    SELECT account_name, account_code,
           text_key(account_name) AS name_key, text_key(account_code) AS code_key
    FROM distinct_accounts
),
account_hits AS (
    SELECT a.account_name, a.account_code, r.rule_id
    FROM account_values a
    JOIN (SELECT * FROM active_rules WHERE field = 'account' AND match <> 'regex') r ON (
        (r.match = 'equals' AND (a.name_key = r.pattern_key OR a.code_key = r.pattern_key))
        OR (r.match = 'contains' AND contains(coalesce(a.name_key, ''), r.pattern_key))
        OR (r.match = 'starts_with' AND (starts_with(coalesce(a.name_key, ''), r.pattern_key)
                                         OR starts_with(coalesce(a.code_key, ''), r.pattern_key)))
    )
    UNION ALL
    SELECT a.account_name, a.account_code, r.rule_id
    FROM account_values a
    JOIN (SELECT * FROM active_rules WHERE field = 'account' AND match = 'regex') r
      ON regexp_matches(coalesce(a.account_name, ''), r.pattern, 'i')
         OR regexp_matches(coalesce(a.account_code, ''), r.pattern, 'i')
),
account_winner AS (
    SELECT account_name, account_code, max(rule_id) AS rule_id
    FROM account_hits GROUP BY ALL
),
department_values AS (
    SELECT DISTINCT department_raw, department_key FROM _stg_lines WHERE department_key IS NOT NULL
),
department_hits AS (
    SELECT d.department_raw, r.rule_id
    FROM department_values d
    JOIN (SELECT * FROM active_rules WHERE field = 'department' AND match <> 'regex') r ON (
        (r.match = 'equals' AND d.department_key = r.pattern_key)
        OR (r.match = 'contains' AND contains(d.department_key, r.pattern_key))
        OR (r.match = 'starts_with' AND starts_with(d.department_key, r.pattern_key))
    )
    UNION ALL
    SELECT d.department_raw, r.rule_id
    FROM department_values d
    JOIN (SELECT * FROM active_rules WHERE field = 'department' AND match = 'regex') r
      ON regexp_matches(d.department_raw, r.pattern, 'i')
),
department_winner AS (
    SELECT department_raw, max(rule_id) AS rule_id FROM department_hits GROUP BY ALL
),
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

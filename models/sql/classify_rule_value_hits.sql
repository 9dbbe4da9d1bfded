-- classify_rule_value_hits (fragment, included after the CTEs it reads)
-- Grain: one row per DISTINCT value a rule in play matches, with the newest such rule:
-- vendor_winner (raw vendor), account_winner (account name + code), department_winner (the
-- department or cost centre as written). Matching happens on distinct values, never per line.
-- The including query defines:
--   rules_in_play       the rules to evaluate (active ones; or the ones a change touched)
--   distinct_vendors    vendor, vendor_key, effective_key (after merges)
--   distinct_accounts   account_name, account_code
--   department_values   department_raw, department_key
-- Vendor rules compare the raw name, the vendor key, the merged key and the canonical name;
-- equals/contains/starts_with compare upper-case punctuation-free keys; regex is RE2,
-- case-insensitive, on the raw text.
vendor_values AS (
    SELECT d.vendor AS raw_value, d.vendor_key, d.effective_key, vm.canonical,
           text_key(d.vendor) AS raw_key, text_key(vm.canonical) AS canonical_key
    FROM distinct_vendors d
    LEFT JOIN vendor_map vm ON vm.vendor_key = d.effective_key
),
vendor_text_hits AS (
    SELECT v.raw_value, r.rule_id
    FROM vendor_values v
    JOIN (SELECT * FROM rules_in_play WHERE field = 'vendor' AND match <> 'regex') r ON (
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
    JOIN (SELECT * FROM rules_in_play WHERE field = 'vendor' AND match = 'regex') r
      ON regexp_matches(v.raw_value, r.pattern, 'i')
         OR regexp_matches(v.vendor_key, r.pattern, 'i')
         OR regexp_matches(coalesce(v.canonical, ''), r.pattern, 'i')
),
vendor_winner AS (
    SELECT raw_value, max(rule_id) AS rule_id
    FROM (SELECT * FROM vendor_text_hits UNION ALL SELECT * FROM vendor_regex_hits)
    GROUP BY raw_value
),
account_values AS (
    SELECT account_name, account_code,
           text_key(account_name) AS name_key, text_key(account_code) AS code_key
    FROM distinct_accounts
),
account_hits AS (
    SELECT a.account_name, a.account_code, r.rule_id
    FROM account_values a
    JOIN (SELECT * FROM rules_in_play WHERE field = 'account' AND match <> 'regex') r ON (
        (r.match = 'equals' AND (a.name_key = r.pattern_key OR a.code_key = r.pattern_key))
        OR (r.match = 'contains' AND contains(coalesce(a.name_key, ''), r.pattern_key))
        OR (r.match = 'starts_with' AND (starts_with(coalesce(a.name_key, ''), r.pattern_key)
                                         OR starts_with(coalesce(a.code_key, ''), r.pattern_key)))
    )
    UNION ALL
    SELECT a.account_name, a.account_code, r.rule_id
    FROM account_values a
    JOIN (SELECT * FROM rules_in_play WHERE field = 'account' AND match = 'regex') r
      ON regexp_matches(coalesce(a.account_name, ''), r.pattern, 'i')
         OR regexp_matches(coalesce(a.account_code, ''), r.pattern, 'i')
),
account_winner AS (
    SELECT account_name, account_code, max(rule_id) AS rule_id
    FROM account_hits GROUP BY ALL
),
department_hits AS (
    SELECT d.department_raw, r.rule_id
    FROM department_values d
    JOIN (SELECT * FROM rules_in_play WHERE field = 'department' AND match <> 'regex') r ON (
        (r.match = 'equals' AND d.department_key = r.pattern_key)
        OR (r.match = 'contains' AND contains(d.department_key, r.pattern_key))
        OR (r.match = 'starts_with' AND starts_with(d.department_key, r.pattern_key))
    )
    UNION ALL
    SELECT d.department_raw, r.rule_id
    FROM department_values d
    JOIN (SELECT * FROM rules_in_play WHERE field = 'department' AND match = 'regex') r
      ON regexp_matches(d.department_raw, r.pattern, 'i')
),
department_winner AS (
    SELECT department_raw, max(rule_id) AS rule_id FROM department_hits GROUP BY ALL
)

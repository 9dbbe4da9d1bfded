-- tbm_technology_lines (fragment): the filtered technology lines with their four TBM keys.
-- Included after WITH by every TBM query, so the TBM page's totals and its lines come from one
-- definition: filtered (the one filter definition, analytics_filtered_lines) -> tbm_base (the
-- technology lines) -> tbm_keys (tower, sub-tower, cost pool, solution).
filtered AS (
{{analytics_filtered_lines}}
),
tbm_base AS (
    SELECT * FROM filtered WHERE is_tech
),
{{tbm_keys}}

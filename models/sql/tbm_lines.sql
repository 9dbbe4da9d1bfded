-- tbm_lines: the technology lines that pass the sidebar filters, with their four TBM keys.
-- GRAIN: one row per classified technology line in the filters (filtered = the one filter
-- definition, analytics_filtered_lines). Money is amount_reporting (NULL when FX is missing).
-- Consumer = the paying department / cost centre; the SoR/SoE layer is an attribute of the solution.
-- Page filters (bound; empty list / NULL = all): $towers, $pools, $owner ('it' | 'outside'),
-- $row_limit (the newest N lines; NULL = every line) and total_lines = lines before the limit.
WITH {{tbm_technology_lines}}
SELECT
    count(*) OVER ()                                                          AS total_lines,
    txn_date, dept AS department, cost_centre, it_owned, vendor_name AS vendor,
    account_name, description, reference, amount, currency, amount_reporting,
    quarter_label, category, layer,
    tbm_cost_pool, tbm_cost_sub_pool, tbm_tower, tbm_sub_tower, tbm_solution, tbm_solution_vendor,
    source_file, source_row, upload_id
FROM tbm_keyed
WHERE (len($towers::VARCHAR[]) = 0 OR list_contains($towers::VARCHAR[], tbm_tower))
  AND (len($pools::VARCHAR[]) = 0 OR list_contains($pools::VARCHAR[], tbm_cost_pool))
  AND ($owner::VARCHAR IS NULL OR ($owner::VARCHAR = 'it') = it_owned)
ORDER BY txn_date DESC NULLS LAST, upload_id, source_row
LIMIT coalesce($row_limit::BIGINT, 9223372036854775807)

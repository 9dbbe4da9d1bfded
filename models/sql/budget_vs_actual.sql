-- budget_vs_actual: technology actual vs technology budget for one fiscal quarter, the fiscal
-- year to date, and a full-year outlook (actual to date + budget for the rest of the year).
--
-- GRAIN of the result: one row per group of one grouping set —
--   dimension 'department' (one row per department key), 'layer' (SoR / SoE / Unassigned),
--   'it_side' (IT / Outside IT), 'total' (one row).
--
-- Parameters: $q_start, $q_end (the quarter, inclusive), $fy_start, $fy_end (its fiscal year,
-- inclusive), $currency (reporting currency), $upload_ids (ledger uploads whose lines count as
-- actual; empty = all; budgets are never filtered; IT-ness is decided on all lines).
--
-- Rules:
--   * actual = technology lines (is_tech) of classified_lines, in the reporting currency; lines
--     with no FX rate (amount_reporting NULL) are left out (counted elsewhere, never at 1.0).
--   * a budget line covers whole months; it is spread evenly over them, so a FY budget of 1,200
--     gives 300 to each quarter, and a quarter budget of 300 gives 100 to each month.
--   * budget in another currency converts at the rate of its first month (fx_rate_lookup);
--     without a rate it is left out and counted in budget_fx_missing.
--   * a budget line is a TECHNOLOGY budget when its IT-budget flag is Y or absent; flag N marks
--     a non-technology (operating) budget: kept out of the comparison, shown as other_budget.
--   * IT vs outside IT follows the department: IT when its lines are IT-owned (it_owned);
--     layer 'Unassigned' when the budget or the line has none.
-- Worked example: Marketing budget FY2026 = 1,200; Marketing tech spend Q1 = 400 ->
--   Q1 budget 300, variance +100 (+33.3%); outlook = 400 + 900 = 1,300.
-- Body after the source CTEs (models.aggregates.compose): the actuals read base_all, the page
-- aggregate (agg_spend_month) when it counts every line, else the lines. The windows are fiscal
-- quarters and years (whole months), so a month row is wholly inside or outside each window.
budget_in_year AS (          -- grain: one budget line overlapping the fiscal year
    SELECT
        coalesce(department_key(b.department), '(NO DEPARTMENT)') AS department_key,
        b.department,
        coalesce(b.layer, 'Unassigned') AS layer,
        coalesce(b.is_it_budget, true) AS is_tech_budget,
        b.period_start,
        b.period_end,
        budget_months(b.period_start, b.period_end) AS months,
        CASE WHEN upper(b.currency) = $currency THEN b.amount::DOUBLE
             ELSE b.amount::DOUBLE * fx.rate END AS amount_reporting
    FROM budget_lines AS b
    LEFT JOIN fx_rate_lookup AS fx
        ON fx.month = date_trunc('month', b.period_start)::DATE
       AND fx.from_currency = upper(b.currency)
       AND fx.to_currency = $currency
    WHERE b.period_end >= $fy_start AND b.period_start <= $fy_end
),
budget_windows AS (          -- grain: one budget line, its amount in each window
    SELECT
        *,
        amount_reporting * greatest(0, budget_months(greatest(period_start, $q_start::DATE),
                                                      least(period_end, $q_end::DATE))) / months
            AS budget_quarter,
        amount_reporting * greatest(0, budget_months(greatest(period_start, $fy_start::DATE),
                                                      least(period_end, $q_end::DATE))) / months
            AS budget_ytd,
        amount_reporting * greatest(0, budget_months(greatest(period_start, $fy_start::DATE),
                                                      least(period_end, $fy_end::DATE))) / months
            AS budget_full_year
    FROM budget_in_year
),
department_groups AS (      -- grain: (department as written, it_owned, layer): ONE scan of the lines
    SELECT
        department,
        it_owned,
        coalesce(layer, 'Unassigned') AS layer,
        sum(line_count) FILTER (WHERE is_tech AND NOT fx_missing AND in_uploads
                                  AND first_date >= $fy_start AND last_date <= $q_end) AS lines,
        sum(spend) FILTER (WHERE is_tech AND in_uploads
                             AND first_date >= $q_start AND last_date <= $q_end)::DOUBLE
            AS actual_quarter,
        sum(spend) FILTER (WHERE is_tech AND in_uploads
                             AND first_date >= $fy_start AND last_date <= $q_end)::DOUBLE
            AS actual_ytd
    FROM (SELECT *, nullif(dept, '(no department)') AS department,
                 (len($upload_ids::INTEGER[]) = 0
                  OR list_contains($upload_ids::INTEGER[], upload_id)) AS in_uploads
          FROM base_all)
    GROUP BY department, it_owned, coalesce(layer, 'Unassigned')
),
department_it AS (           -- grain: one department key seen on classified lines (any period)
    -- keys of the distinct spellings: the regex runs on a few hundred names, not millions of lines
    SELECT
        coalesce(department_key(department), '(NO DEPARTMENT)') AS department_key,
        bool_or(it_owned) AS is_it
    FROM department_groups
    GROUP BY 1
),
budget_atoms AS (            -- grain: (department_key, layer, it_side) of budget
    SELECT
        b.department_key,
        b.layer,
        CASE WHEN coalesce(d.is_it, false) THEN 'IT' ELSE 'Outside IT' END AS it_side,
        min(b.department) AS budget_name,
        sum(b.budget_quarter) FILTER (WHERE b.is_tech_budget) AS budget_quarter,
        sum(b.budget_ytd) FILTER (WHERE b.is_tech_budget) AS budget_ytd,
        sum(b.budget_full_year) FILTER (WHERE b.is_tech_budget) AS budget_full_year,
        sum(b.budget_quarter) FILTER (WHERE NOT b.is_tech_budget) AS other_budget_quarter,
        count(*) FILTER (WHERE b.amount_reporting IS NULL) AS budget_fx_missing,
        count(*) FILTER (WHERE b.is_tech_budget) AS budget_lines,
        count(*) AS all_budget_lines
    FROM budget_windows AS b
    LEFT JOIN department_it AS d USING (department_key)
    GROUP BY ALL
),
actual_atoms AS (            -- grain: (department_key, layer, it_side) of technology spend
    SELECT
        coalesce(department_key(department), '(NO DEPARTMENT)') AS department_key,
        layer,
        CASE WHEN it_owned THEN 'IT' ELSE 'Outside IT' END AS it_side,
        arg_max(coalesce(department, '(no department)'), lines) AS actual_name,  -- commonest spelling
        sum(actual_quarter) AS actual_quarter,
        sum(actual_ytd) AS actual_ytd
    FROM department_groups
    WHERE lines > 0
    GROUP BY ALL
),
atoms AS (                   -- grain: (department_key, layer, it_side), budget and actual
    SELECT
        coalesce(a.department_key, b.department_key) AS department_key,
        coalesce(a.layer, b.layer) AS layer,
        coalesce(a.it_side, b.it_side) AS it_side,
        coalesce(a.actual_name, b.budget_name) AS department,
        coalesce(a.actual_quarter, 0) AS actual_quarter,
        coalesce(a.actual_ytd, 0) AS actual_ytd,
        coalesce(b.budget_quarter, 0) AS budget_quarter,
        coalesce(b.budget_ytd, 0) AS budget_ytd,
        coalesce(b.budget_full_year, 0) AS budget_full_year,
        coalesce(b.other_budget_quarter, 0) AS other_budget_quarter,
        coalesce(b.budget_fx_missing, 0) AS budget_fx_missing,
        coalesce(b.budget_lines, 0) AS budget_lines,
        coalesce(b.all_budget_lines, 0) AS all_budget_lines
    FROM actual_atoms AS a
    FULL OUTER JOIN budget_atoms AS b
        ON a.department_key = b.department_key AND a.layer = b.layer AND a.it_side = b.it_side
),
atoms_seen AS (              -- grain: as atoms; has_lines = the department appears in the ledgers
    SELECT atoms.*, d.department_key IS NOT NULL AS has_lines
    FROM atoms
    LEFT JOIN department_it AS d USING (department_key)
),
grouped AS (                 -- grain: one row per group of each grouping set
    SELECT
        CASE WHEN grouping(department_key) = 0 THEN 'department'
             WHEN grouping(layer) = 0 THEN 'layer'
             WHEN grouping(it_side) = 0 THEN 'it_side'
             ELSE 'total' END AS dimension,
        CASE WHEN grouping(department_key) = 0 THEN mode(department)
             WHEN grouping(layer) = 0 THEN layer
             WHEN grouping(it_side) = 0 THEN it_side
             ELSE 'Total' END AS group_name,
        CASE WHEN grouping(department_key) = 0 OR grouping(it_side) = 0
             THEN bool_or(it_side = 'IT') END AS is_it,          -- departments and IT side only
        coalesce(round(sum(actual_quarter), 2), 0) AS actual,
        coalesce(round(sum(budget_quarter), 2), 0) AS budget,
        coalesce(round(sum(actual_ytd), 2), 0) AS actual_ytd,
        coalesce(round(sum(budget_ytd), 2), 0) AS budget_ytd,
        coalesce(round(sum(budget_full_year), 2), 0) AS budget_full_year,
        coalesce(round(sum(other_budget_quarter), 2), 0) AS other_budget,
        coalesce(sum(budget_lines), 0) AS budget_lines,
        coalesce(sum(budget_fx_missing), 0) AS budget_fx_missing,
        coalesce(sum(all_budget_lines), 0) AS all_budget_lines,
        bool_or(has_lines) AS has_lines
    FROM atoms_seen
    GROUP BY GROUPING SETS ((department_key), (layer), (it_side), ())
)
SELECT
    dimension,
    group_name,
    is_it,
    actual,
    budget,
    round(actual - budget, 2) AS variance,
    CASE WHEN budget <> 0 THEN (actual - budget) / abs(budget) END AS variance_pct,
    actual_ytd,
    budget_ytd,
    budget_full_year,
    round(budget_full_year - budget_ytd, 2) AS budget_remaining,
    round(actual_ytd + budget_full_year - budget_ytd, 2) AS outlook_full_year,
    round(actual_ytd - budget_ytd, 2) AS outlook_variance,  -- = outlook minus full-year budget
    other_budget,
    budget_lines,
    budget_fx_missing,
    -- a budget department that matches no ledger department (a spelling to check)
    dimension = 'department' AND all_budget_lines > 0 AND NOT has_lines AS unmatched_budget,
    -- a department with technology spend this fiscal year and no (or a zero) technology budget
    dimension = 'department' AND actual_ytd > 0 AND budget_full_year <= 0 AS no_tech_budget
FROM grouped
ORDER BY
    CASE dimension WHEN 'department' THEN 1 WHEN 'layer' THEN 2 WHEN 'it_side' THEN 3 ELSE 4 END,
    actual DESC,
    group_name

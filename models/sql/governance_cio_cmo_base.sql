-- governance_cio_cmo_base (fragment, included by name in double braces): the lines of customer-facing
-- departments outside IT over the four fiscal quarters ending with $quarter_key (NULL = the latest
-- quarter with data), with what IT also buys and what is new in that quarter.
-- GRAIN: one row per classified line of a customer-facing, non-IT department in the window.
-- also_bought_by_it: an IT department has a technology line from the same vendor (any period).
-- new_this_quarter: the department's first technology line from this vendor is in $quarter_key.
chosen AS (
    SELECT coalesce($quarter_key::INTEGER, (SELECT max(quarter_key) FROM classified_lines)) AS qk
),
window_lines AS (
    SELECT cl.*,
           coalesce(cl.department, '(no department)')                              AS dept,
           coalesce(cl.vendor_canonical, cl.vendor, '(no vendor)')                 AS vendor_name
    FROM classified_lines cl, chosen
    WHERE cl.customer_facing AND NOT cl.it_owned
      AND cl.quarter_key <= chosen.qk AND cl.quarter_key > chosen.qk - 10
),
it_vendors AS (
    SELECT DISTINCT coalesce(vendor_canonical, vendor, '(no vendor)') AS vendor_name
    FROM classified_lines WHERE it_owned AND is_tech
),
first_bought AS (               -- grain: department x vendor, over all loaded data
    SELECT coalesce(department, '(no department)') AS dept,
           coalesce(vendor_canonical, vendor, '(no vendor)') AS vendor_name,
           min(quarter_key) AS first_quarter
    FROM classified_lines WHERE is_tech AND customer_facing AND NOT it_owned
    GROUP BY ALL
),
cf_lines AS (
    SELECT w.*,
           (iv.vendor_name IS NOT NULL AND w.is_tech)                               AS also_bought_by_it,
           (w.is_tech AND fb.first_quarter = (SELECT qk FROM chosen))              AS new_this_quarter
    FROM window_lines w
    LEFT JOIN it_vendors iv ON iv.vendor_name = w.vendor_name
    LEFT JOIN first_bought fb ON fb.dept = w.dept AND fb.vendor_name = w.vendor_name
)

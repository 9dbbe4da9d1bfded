-- aggregate_vendor_window: where the newest $max_lines technology lines of one vendor are, from
-- the page aggregates, so the line drill-down (analytics_vendor_lines) reads only those months
-- and uploads: bound constants DuckDB prunes row groups with (zone maps on txn_date, upload_id).
-- GRAIN: exactly one row: total_lines (all the vendor's lines under the filters), since_date
-- (first day of the oldest month needed to hold the newest $max_lines lines), first_upload and
-- last_upload (the uploads holding lines of the vendor in those months). NULLs: no lines.
-- Body after the source CTEs (models.aggregates.compose, aggregates source).
-- Worked example: 30 lines in March, 50 in February, 900 in January, $max_lines 100 -> March
-- and February hold 80 < 100, January is needed too: since_date = January 1st, total_lines 980.
per_month AS (                  -- grain: month of the vendor's rows under the filters
    SELECT date_trunc('month', first_date)::DATE                                         AS month_start,
           sum(line_count)                                                                AS lines,
           min(upload_id)                                                                 AS first_upload,
           max(upload_id)                                                                 AS last_upload
    FROM tech_filtered
    WHERE vendor_name = $vendor
    GROUP BY 1
),
newest_first AS (               -- lines in the month and every later month
    SELECT *, sum(lines) OVER (ORDER BY month_start DESC) AS lines_since
    FROM per_month
),
needed AS (                     -- months before which fewer than $max_lines newer lines exist
    SELECT * FROM newest_first WHERE lines_since - lines < $max_lines::BIGINT
)
SELECT
    (SELECT sum(lines) FROM per_month)::BIGINT                                            AS total_lines,
    min(month_start)                                                                      AS since_date,
    min(first_upload)                                                                     AS first_upload,
    max(last_upload)                                                                      AS last_upload
FROM needed

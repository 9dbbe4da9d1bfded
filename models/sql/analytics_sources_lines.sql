-- analytics_sources_lines: the CTEs every page figure (models/sql/analytics_*.sql bodies,
-- classify_summary) reads, computed from classified_lines, one row per line (line_count 1,
-- spend = amount_reporting, first_date = last_date = txn_date). The reference for the
-- aggregates and the fallback when they cannot answer (models.aggregates.use_aggregates).
-- Same CTE names and columns as analytics_sources_aggregates.sql:
--   base_all / base_scoped / filtered      every line: all, in the period/uploads/viewer scope,
--                                          and also in the department filter
--   tech_all / tech_scoped / tech_filtered technology lines with vendor_name, the same three ways
--   vendor_history                         per technology vendor: first_seen, last_seen,
--                                          first_quarter_key (over all loaded data)
base_all AS NOT MATERIALIZED (
    SELECT upload_id, source_file, txn_date AS first_date, txn_date AS last_date,
           quarter_key, quarter_label, coalesce(department, '(no department)') AS dept,
           is_tech, it_owned, customer_facing, layer, category, fx_missing,
           1::BIGINT AS line_count, amount_reporting AS spend
    FROM classified_lines
),
tech_all AS NOT MATERIALIZED (
    SELECT upload_id, txn_date AS first_date, txn_date AS last_date, quarter_key,
           coalesce(department, '(no department)') AS dept,
           coalesce(vendor_canonical, vendor, '(no vendor)') AS vendor_name,
           it_owned, layer, category,
           1::BIGINT AS line_count, amount_reporting AS spend, amount_reporting AS max_amount
    FROM classified_lines
    WHERE is_tech
),
vendor_history AS (             -- grain: technology vendor, over all loaded data
    SELECT vendor_name, min(first_date) AS first_seen, max(last_date) AS last_seen,
           arg_min(quarter_key, first_date) AS first_quarter_key
    FROM tech_all
    GROUP BY vendor_name
),
{{analytics_sources_filters}}

-- analytics_sources_aggregates: the CTEs every page figure reads, from the small aggregates of
-- db/migrations/014_page_aggregates.sql (agg_spend_month: every line by upload x month x
-- department x flags x layer x category; agg_tech_vendor_month: technology lines by upload x
-- month x department x vendor x it_owned x layer x category). Same CTE names and columns as
-- analytics_sources_lines.sql, so each query text is written once and gives the same result
-- (tests/models/test_aggregates_pages.py). Used only when models.aggregates.use_aggregates says
-- the aggregates count every line and the filters fall on month boundaries.
{{analytics_sources_aggregate_base}},
tech_all AS (
    SELECT upload_id, first_date, last_date, quarter_key, dept, vendor_name, it_owned, layer,
           category, line_count, spend, max_amount
    FROM agg_tech_vendor_month
),
{{analytics_sources_filters}}

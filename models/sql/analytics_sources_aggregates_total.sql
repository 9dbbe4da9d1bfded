-- analytics_sources_aggregates_total: as analytics_sources_aggregates, but the technology rows
-- come from agg_tech_vendor_total (vendor x department x it_owned x layer x category over ALL
-- uploads and dates: upload_id and quarter_key are NULL). Exact only for a query with no period
-- and no upload filter whose body does not group or filter technology rows by quarter or upload
-- (models.analytics._ALL_TIME_VENDOR_QUERIES); departments and the viewer's scope still apply.
{{analytics_sources_aggregate_base}},
tech_all AS (
    SELECT NULL::INTEGER AS upload_id, first_date, last_date, NULL::INTEGER AS quarter_key, dept,
           vendor_name, it_owned, layer, category, line_count, spend, max_amount
    FROM agg_tech_vendor_total
),
{{analytics_sources_filters}}

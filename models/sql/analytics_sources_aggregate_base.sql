-- analytics_sources_aggregate_base (fragment): base_all (every line, from agg_spend_month) and
-- vendor_history (per technology vendor over all loaded data: first_seen, last_seen and the
-- quarter of first_seen, from agg_tech_vendor_total) for the aggregate sources.
base_all AS (
    SELECT upload_id, source_file, first_date, last_date, quarter_key, quarter_label, dept,
           is_tech, it_owned, customer_facing, layer, category, fx_missing, line_count, spend
    FROM agg_spend_month
),
vendor_history AS (
    SELECT vendor_name, min(first_date) AS first_seen, max(last_date) AS last_seen,
           arg_min(first_quarter_key, first_date) AS first_quarter_key
    FROM agg_tech_vendor_total
    GROUP BY vendor_name
)

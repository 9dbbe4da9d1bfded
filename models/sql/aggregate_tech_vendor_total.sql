-- aggregate_tech_vendor_total: every row of agg_tech_vendor_total (grain in
-- db/migrations/014_page_aggregates.sql: vendor x department x it_owned x layer x category, all
-- uploads and dates), from agg_tech_vendor_month (already up to date in this transaction).
SELECT
    dept, vendor_name, it_owned, layer, category,
    sum(line_count)::BIGINT                                                               AS line_count,
    sum(spend)                                                                            AS spend,
    max(max_amount)                                                                       AS max_amount,
    min(first_date)                                                                       AS first_date,
    max(last_date)                                                                        AS last_date,
    arg_min(quarter_key, first_date)                                                      AS first_quarter_key
FROM _aggregate_months  -- agg_tech_vendor_month, or its rows of the touched vendor groups
GROUP BY dept, vendor_name, it_owned, layer, category

-- aggregate_spend_month: the rows of agg_spend_month (grain in db/migrations/014_page_aggregates.sql:
-- upload x month x quarter x department x is_tech x it_owned x customer_facing x layer x category x
-- fx_missing) for the lines of the temp view _aggregate_lines (models.aggregates.rebuild: the
-- lines of the uploads in _scope, or of the groups a rule or merge change touched).
SELECT
    upload_id,
    any_value(source_file)                                                                AS source_file,
    date_trunc('month', txn_date)::DATE                                                   AS month_start,
    quarter_key,
    any_value(quarter_label)                                                              AS quarter_label,
    coalesce(department, '(no department)')                                               AS dept,
    is_tech, it_owned, customer_facing, layer, category, fx_missing,
    count(*)                                                                              AS line_count,
    sum(amount_reporting)                                                                 AS spend,
    min(txn_date)                                                                         AS first_date,
    max(txn_date)                                                                         AS last_date
FROM _aggregate_lines
GROUP BY upload_id, month_start, quarter_key, dept, is_tech, it_owned, customer_facing, layer,
         category, fx_missing
ORDER BY quarter_key, month_start  -- rows of a quarter together: zone maps skip other quarters

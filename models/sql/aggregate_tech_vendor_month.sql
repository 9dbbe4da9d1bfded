-- aggregate_tech_vendor_month: the rows of agg_tech_vendor_month (grain in
-- db/migrations/014_page_aggregates.sql: upload x month x quarter x department x vendor x it_owned
-- x layer x category, technology lines only) for the lines of the temp view _aggregate_lines
-- (models.aggregates.rebuild: the uploads in _scope, or the groups a rule or merge touched).
SELECT
    upload_id,
    date_trunc('month', txn_date)::DATE                                                   AS month_start,
    quarter_key,
    coalesce(department, '(no department)')                                               AS dept,
    coalesce(vendor_canonical, vendor, '(no vendor)')                                     AS vendor_name,
    it_owned, layer, category,
    count(*)                                                                              AS line_count,
    sum(amount_reporting)                                                                 AS spend,
    max(amount_reporting)                                                                 AS max_amount,
    min(txn_date)                                                                         AS first_date,
    max(txn_date)                                                                         AS last_date
FROM _aggregate_lines
WHERE is_tech
GROUP BY upload_id, month_start, quarter_key, dept, vendor_name, it_owned, layer, category
ORDER BY quarter_key, month_start  -- rows of a quarter together: zone maps skip other quarters

-- analytics_vendor_lines: the technology lines behind one vendor, with their source.
-- GRAIN: one row per classified ledger line of the vendor that passes the filters, newest
-- first, at most $max_lines rows (total_lines says how many there are in all).
-- Line-level: always reads classified_lines (analytics_filtered_lines), never the aggregates;
-- the period and upload filters are plain column comparisons DuckDB prunes row groups with
-- (zone maps on txn_date, quarter_key, upload_id). When the aggregates can answer, they bound
-- the scan to the months and uploads that hold the newest $max_lines lines and give
-- $total_lines (models.aggregates.vendor_window); else both are NULL and the lines say.
WITH filtered AS NOT MATERIALIZED (
    {{analytics_filtered_lines}}
),
vendor_lines AS NOT MATERIALIZED (
    SELECT *
    FROM filtered
    WHERE is_tech
      -- the stored column compared first (a constant, pushed into the scan), then the exact
      -- name rule (a vendor without a canonical name is shown as written)
      AND (vendor_canonical = $vendor OR vendor_canonical IS NULL)
      AND vendor_name = $vendor
      -- where the newest $max_lines lines are (models.aggregates.vendor_window; NULL = no bound)
      AND ($since_date::DATE IS NULL OR txn_date >= $since_date::DATE)
      AND ($first_upload::INTEGER IS NULL OR upload_id >= $first_upload::INTEGER)
      AND ($last_upload::INTEGER IS NULL OR upload_id <= $last_upload::INTEGER)
)
SELECT
    txn_date,
    dept                                                                                  AS department,
    it_owned,
    vendor                                                                                AS vendor_as_written,
    account_name,
    description,
    amount,
    currency,
    amount_reporting,
    category,
    layer,
    decided_by,
    reason,
    source_file,
    source_row,
    upload_id,
    coalesce($total_lines::BIGINT, count(*) OVER ())                                      AS total_lines
FROM vendor_lines
ORDER BY txn_date DESC, upload_id, source_row
LIMIT $max_lines

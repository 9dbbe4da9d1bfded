-- analytics_vendor_lines: the technology lines behind one vendor, with their source.
-- GRAIN: one row per classified ledger line of the vendor that passes the filters, newest
-- first, at most $max_lines rows (total_lines says how many there are in all).
WITH filtered AS NOT MATERIALIZED (
    {{analytics_filtered_lines}}
),
vendor_lines AS (
    SELECT *
    FROM filtered
    WHERE is_tech AND vendor_name = $vendor
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
    (SELECT count(*) FROM vendor_lines)                                                   AS total_lines
FROM vendor_lines
ORDER BY txn_date DESC, upload_id, source_row
LIMIT $max_lines

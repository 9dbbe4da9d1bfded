-- report_lines: the Lines sheet of the board pack.
-- Grain: one classified line of the quarter ($1 = quarter_key); technology first, then largest
-- amounts; at most $2 lines (the sheet says when it is cut).
SELECT txn_date, vendor, vendor_canonical, department, it_owned, account_name, description,
       amount::DOUBLE AS amount, currency, amount_reporting::DOUBLE AS amount_reporting,
       fx_missing, is_tech, layer, category, decided_by, reason, source_file, source_row
FROM classified_lines
WHERE quarter_key = ?
ORDER BY is_tech DESC, abs(coalesce(amount_reporting, amount)) DESC, source_file, source_row
LIMIT ?

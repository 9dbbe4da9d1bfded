-- report_lines: the Lines sheet of the board pack.
-- Grain: one classified line of the quarter in the pack's scope (report_scope: $quarter_key,
-- $departments, $upload_ids); technology first, then largest amounts; at most $max_lines lines
-- (the sheet says when it is cut).
WITH scoped AS ({{report_scope}})
SELECT txn_date, vendor, vendor_canonical, department, it_owned, account_name, description,
       amount::DOUBLE AS amount, currency, amount_reporting::DOUBLE AS amount_reporting,
       fx_missing, is_tech, layer, category, decided_by, reason, source_file, source_row
FROM scoped
ORDER BY is_tech DESC, abs(coalesce(amount_reporting, amount)) DESC, source_file, source_row
LIMIT $max_lines

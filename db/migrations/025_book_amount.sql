-- 025_book_amount: each line's amount in the company's currency, as the file booked it.
--
-- An export with a currency column often prints the line twice: as entered ('Amount' USD
-- 2,000.00) and as booked in the company's ledger currency ('Amount (GBP)' 1,580.00). The line
-- keeps the amount as entered (amount, currency); book_amount / book_currency keep the booked
-- one, signed as the line (ingest.book_currency). NULL when the file has none.
-- Classification counts a line in the reporting currency from its own amount when it is in that
-- currency, else from book_amount when book_currency is the reporting currency, else by the
-- month's exchange rate (models/sql/classify_mart_lines.sql).
-- Grain: unchanged, one row per ledger line (upload_id, source_row).
ALTER TABLE ledger_lines ADD COLUMN book_amount DECIMAL(20, 6);
ALTER TABLE ledger_lines ADD COLUMN book_currency VARCHAR;

-- ledger_source_lines: every ledger line as read from its file (what classification reads),
-- now with its booked amount. Grain: one row per ledger line (upload_id, source_row).
CREATE OR REPLACE VIEW ledger_source_lines AS
SELECT upload_id, source_row, source_file, txn_date, vendor, department, cost_centre,
       account_code, account_name, description, reference, amount, currency, mcc, date_basis,
       source_sheet, sheet_row, book_amount, book_currency
FROM ledger_lines;

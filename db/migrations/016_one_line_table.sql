-- 016_one_line_table: every ledger line is stored once, its classification beside it.
--
-- Before, a loaded line was written twice: once to ledger_lines (as read) and again, whole, to
-- classified_lines (the same 16 columns plus its classification). Every load paid for both writes
-- (1M lines: 1.1 s of 2.9 s of writing; measured, #13) and the file held every line twice.
-- Now ledger_lines holds the line as read AND its classification; classified_lines is a view of
-- the classified lines with exactly the columns (and names) the table had, so every page, model
-- and export reads it as before.
--
-- Grain: ledger_lines, one row per loaded source row (upload_id, source_row). The classification
-- columns (vendor_key .. fx_missing) are NULL until the line is classified; decided_by is never
-- NULL once it is (the mart gives every line a decision), so
--     classified:      decided_by IS NOT NULL   (the view classified_lines)
--     not yet:         decided_by IS NULL       (a --no-classify load; a load interrupted by a
--                                                crash is rolled back, so none is left by one)
-- department is the unit as written in the file; department_canonical the unit's display name
-- after spelling variants and merges (the view's `department`).
--
-- Reclassifying writes a new version of each line in scope and deletes the old one in the same
-- transaction (models.classification.rebuild), as before it deleted and re-inserted the
-- classified_lines rows.
--
-- Worked example: upload 3, row 12 "SQ *SLACK" by "Digital Mktg" is one row here with
-- department 'Digital Mktg', department_canonical 'Digital Marketing', vendor_key
-- 'SLACK TECHNOLOGIES', decided_by 'catalog'; classified_lines shows it with department
-- 'Digital Marketing'.
-- The ledger's columns keep their types from the table (001, 006, 010); the classification
-- columns take classified_lines' types, nullable. CREATE TABLE AS keeps no constraint, so the
-- ledger's NOT NULLs and date_basis's default are set again below.
CREATE TABLE ledger_lines_016 AS
SELECT l.*,
       c.vendor_key, c.vendor_canonical, c.department AS department_canonical, c.is_tech,
       c.layer, c.category, c.it_owned, c.customer_facing, c.decided_by, c.reason, c.confidence,
       c.fiscal_year, c.fiscal_quarter, c.quarter_key, c.quarter_label, c.amount_reporting,
       c.fx_missing
FROM ledger_lines l
LEFT JOIN classified_lines c USING (upload_id, source_row)
ORDER BY l.upload_id, l.source_row;

DROP TABLE classified_lines;
DROP TABLE ledger_lines;
ALTER TABLE ledger_lines_016 RENAME TO ledger_lines;
ALTER TABLE ledger_lines ALTER COLUMN upload_id SET NOT NULL;
ALTER TABLE ledger_lines ALTER COLUMN source_row SET NOT NULL;
ALTER TABLE ledger_lines ALTER COLUMN source_file SET NOT NULL;
ALTER TABLE ledger_lines ALTER COLUMN txn_date SET NOT NULL;
ALTER TABLE ledger_lines ALTER COLUMN amount SET NOT NULL;
ALTER TABLE ledger_lines ALTER COLUMN currency SET NOT NULL;
ALTER TABLE ledger_lines ALTER COLUMN date_basis SET DEFAULT 'line';
-- key (upload_id, source_row), unique by construction; no index (see migration 001)

-- classified_lines: the classified ledger lines, the columns of the table it replaces.
-- Grain: one row per classified ledger line (upload_id, source_row).
CREATE VIEW classified_lines AS
SELECT upload_id, source_row, source_file, txn_date, vendor, vendor_key, vendor_canonical,
       department_canonical AS department, cost_centre, account_code, account_name, description,
       reference, amount, currency, mcc, is_tech, layer, category, it_owned, customer_facing,
       decided_by, reason, confidence, fiscal_year, fiscal_quarter, quarter_key, quarter_label,
       amount_reporting, fx_missing
FROM ledger_lines
WHERE decided_by IS NOT NULL;

-- ledger_source_lines: every ledger line as read from its file, classified or not (what
-- classification reads). Grain: one row per ledger line (upload_id, source_row).
CREATE VIEW ledger_source_lines AS
SELECT upload_id, source_row, source_file, txn_date, vendor, department, cost_centre,
       account_code, account_name, description, reference, amount, currency, mcc, date_basis,
       source_sheet, sheet_row
FROM ledger_lines;

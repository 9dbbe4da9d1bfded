-- 010_source_sheet: each line and each row issue remembers the sheet it came from.
--
-- A workbook whose sheets are months of one ledger (the same header on every sheet, e.g.
-- "Apr 24" ... "Mar 25") loads as ONE upload. Its rows are then told apart by their sheet:
--   source_sheet  the sheet's name (NULL for CSV files)
--   sheet_row     the 1-based row a person sees in that sheet
-- and source_row stays unique within the upload (for stacked sheets it numbers the rows as if
-- the sheets were laid end to end). Worked example: sheet "May 24 PCC" row 3 of a workbook whose
-- first sheet has 62 rows -> source_row 65, source_sheet 'May 24 PCC', sheet_row 3.
-- For a single sheet or a CSV file, sheet_row = source_row.
ALTER TABLE ledger_lines ADD COLUMN source_sheet VARCHAR;
ALTER TABLE ledger_lines ADD COLUMN sheet_row INTEGER;
ALTER TABLE row_issues ADD COLUMN source_sheet VARCHAR;
ALTER TABLE row_issues ADD COLUMN sheet_row INTEGER;

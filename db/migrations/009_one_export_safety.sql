-- 009: one formula-safety policy. Exported text is neutralised by models.excel_safe (Python /
-- Arrow, one helper for every CSV and XLSX the product writes); the SQL copy of the rule goes.
DROP MACRO IF EXISTS excel_safe;

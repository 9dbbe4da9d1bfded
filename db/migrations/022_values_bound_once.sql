-- 022_values_bound_once: amount_currency and date_cells write their argument once.
-- currency_of_token is a CASE of about a hundred branches over its token; called with
-- amount_token(t), each branch copied the whole token expression, so binding any statement
-- that read an amount cost 0.2 s (DuckDB expands a macro's arguments where they are used). The
-- token is now a lambda's parameter, written once (019's rule, unchanged): binding takes 0.01 s,
-- and a 2-line file loads in about 1 s less.
-- Worked example: amount_currency('18.450,75 TL', 'GBP') -> 'TRY'; amount_currency('$5', 'CAD')
-- -> 'CAD'; amount_currency('1,234.50', 'GBP') -> NULL (no mark: the file's currency).
CREATE OR REPLACE MACRO amount_currency(t, fallback) AS
    CASE WHEN t IS NULL OR trim(t) = '' THEN NULL
         WHEN regexp_full_match(trim(t), '[0-9.,\-+() ]*') THEN NULL   -- the fast, common case
         ELSE list_transform([amount_token(t)], lambda tok:
                  coalesce(CASE tok WHEN 'TL' THEN 'TRY' WHEN '원' THEN 'KRW' WHEN 'KN' THEN 'HRK' END,
                           currency_of_token(tok, fallback)))[1] END;

-- date_cells (021) passes its cell through five macros that each name it several times (other
-- digits, ordinal days, Buddhist and Minguo years, month words), so a date column's expression
-- was copied dozens of times into every statement that read it (the date-window check bound in
-- 1.1 s). The cell is now a lambda's parameter: the same steps, bound once.
-- Worked example: date_cells('05/03/2567') -> '05/03/2024'; date_cells('1st March 2024') ->
-- '1 March 2024'.
CREATE OR REPLACE MACRO date_cells(t) AS
    list_transform([t], lambda cell:
        other_month_words(other_calendar_years(
            rtrim(regexp_replace(regexp_replace(
                      regexp_replace(trim(other_digits(cell)), '(?i)\b([0-9]{1,2})(st|nd|rd|th)\b', '\1', 'g'),
                      '([0-9][./-])\s+([0-9])', '\1\2', 'g'), '([0-9][./-])\s+([0-9])', '\1\2', 'g'), '.'))))[1];
-- a date cell in the column's format, as ingest reads it: parse_date over date_cells, the
-- cleaned cell bound once (parse_date names its text ten times). fmt stays a constant.
-- Worked example: parse_date_cell('05/03/2567', '%d/%m/%Y') -> 2024-03-05.
CREATE OR REPLACE MACRO parse_date_cell(t, fmt) AS
    list_transform([date_cells(t)], lambda cell: parse_date(cell, fmt))[1];

-- 021_other_calendars: dates as Thai, Taiwanese, Indonesian and Malay exports write them.
-- Before, '05/03/2567' (Thai Buddhist era: 2567 = 2024) was rejected as outside the plausible
-- range, '113/03/04' (Taiwan's Minguo year 113 = 2024) was no date at all, and '13 Agu 2024',
-- '06 Des 2024', '5 Mac 2024' (Indonesian / Malay months) were not read.
-- date_cells(t) (017) is the date text as parse_date reads it; now also:
--   a year 2400-2699 is a Buddhist-era year: minus 543 ('05/03/2567' -> '05/03/2024'); no
--     Gregorian ledger line is dated there, so nothing else changes;
--   a three-digit year 100-129 FIRST, then month and day ('113/03/04') is a Minguo year: plus
--     1911 ('2024/03/04'); no day/month/year or year-month-day text starts with three digits;
--   Indonesian and Malay month names and abbreviations become English ones (Mei, Juni, Juli,
--     Oktober already read).
-- Digits of other scripts, in amounts and dates alike: full-width ones ('１２５，０００',
-- '￥４８０，０００': Japanese exports) and Arabic-Indic and Persian ones with their separators
-- ('٢٬٥٠٠٫٠٠' = 2,500.00) read as the digits they are (other_digits); before, no amount column
-- was found and nothing loaded.
-- Worked example: date_cells('05/03/2567') -> '05/03/2024'; date_cells('113/03/04') ->
-- '2024/03/04'; date_cells('13 Agu 2024') -> '13 aug 2024'; date_cells('2024-03-01') unchanged.
CREATE OR REPLACE MACRO other_digits(t) AS
    translate(t, '０１２３４５６７８９٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹，．٬٫￥－／',
                 '012345678901234567890123456789,.,.¥-/');
-- 020's amount_signs over other_digits (amount_unmarked and amount_is_negative read it)
CREATE OR REPLACE MACRO amount_signs(t) AS
    translate(regexp_replace(other_digits(t), '[\x{200B}-\x{200D}\x{2060}\x{FEFF}]', '', 'g'),
              '−–‒﹣－', '-----');
CREATE OR REPLACE MACRO other_calendar_years(t) AS
    CASE
        WHEN regexp_matches(t, '(^|[^0-9])2[4-6][0-9]{2}([^0-9]|$)')
            THEN regexp_replace(t, '(^|[^0-9])2[4-6][0-9]{2}([^0-9]|$)',
                                '\1' || CAST(CAST(regexp_extract(t, '(^|[^0-9])(2[4-6][0-9]{2})([^0-9]|$)', 2) AS INTEGER) - 543 AS VARCHAR) || '\2')
        WHEN regexp_full_match(t, '1[0-2][0-9][/.-][0-9]{1,2}[/.-][0-9]{1,2}')
            THEN CAST(CAST(left(t, 3) AS INTEGER) + 1911 AS VARCHAR) || substr(t, 4)
        ELSE t
    END;
CREATE OR REPLACE MACRO other_month_words(t) AS
    CASE WHEN regexp_matches(t, '(?i)\b(agu|ags|agustus|ogos|maret|mac|des|desember|dis|nop|nopember|pebruari|peb)\b')
         THEN regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(t,
                  '(?i)\b(agu|ags|agustus|ogos)\b', 'aug', 'g'),
                  '(?i)\b(maret|mac)\b', 'mar', 'g'),
                  '(?i)\b(des|desember|dis)\b', 'dec', 'g'),
                  '(?i)\b(nop|nopember)\b', 'nov', 'g'),
                  '(?i)\b(pebruari|peb)\b', 'feb', 'g')
         ELSE t END;
CREATE OR REPLACE MACRO date_cells(t) AS
    other_month_words(other_calendar_years(
        rtrim(regexp_replace(regexp_replace(
                  regexp_replace(trim(other_digits(t)), '(?i)\b([0-9]{1,2})(st|nd|rd|th)\b', '\1', 'g'),
                  '([0-9][./-])\s+([0-9])', '\1\2', 'g'), '([0-9][./-])\s+([0-9])', '\1\2', 'g'), '.')));

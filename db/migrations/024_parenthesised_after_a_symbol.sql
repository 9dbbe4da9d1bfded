-- 024_parenthesised_after_a_symbol: a number in brackets is negative wherever the currency mark
-- stands: '$ (4,865.33)', '£(6,517.52)', '(1.234,56) €' are credits, as '(£8,319.38)' was.
-- Before, only a cell that began with '(' and ended with ')' was negative, so accounting-format
-- exports (Excel's "$ (1,234.56)", a web report's "£(65.00)") loaded their credit notes as
-- spend: a probe file's total overstated by 58,987.60 of 118,846.12.
-- 020's rules otherwise unchanged (a minus before or after, CR, brackets round the whole cell).
-- Worked example: amount_is_negative('$ (4,865.33)') -> true; parse_amount('£(6,517.52)', false)
-- -> -6517.52; amount_is_negative('£ 12.00') -> false.
CREATE OR REPLACE MACRO amount_is_negative(t) AS
    regexp_matches(trim(amount_signs(t)), '^\(.*\)$')
    OR regexp_matches(trim(amount_signs(t)), '\(\s*[0-9][0-9.,''’ ]*\)')
    OR regexp_matches(trim(amount_signs(t)), '^[^0-9]*-')
    OR regexp_matches(trim(amount_signs(t)), '-\s*$')
    OR regexp_matches(upper(trim(amount_signs(t))), '(^CR\s|\sCR\.?$|[0-9)]CR\.?$)');

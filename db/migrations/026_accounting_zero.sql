-- 026_accounting_zero: a dash where the number would be is zero: '-', '£ -', '$ -', '- €'.
-- Excel's accounting number format shows 0 as a dash, and a CSV saved from it keeps the dash
-- ('£ -'); debit/credit exports put '-' in the empty side. Before, such a cell was "not a
-- number" and rejected the row (a probe's AP file lost a row; a debit/credit file lost every
-- line whose credit side was '-'). Now it reads as 0: the line loads at 0.00, or nets nothing.
-- A dash with digits ('-12', '12-') is unchanged (a minus sign, migration 024); words stay
-- "not a number".
-- Worked example: parse_amount('£ -', false) -> 0; parse_amount(' - ', true) -> 0;
-- parse_amount('-12.50', false) -> -12.50; parse_amount('n/a', false) -> NULL.
CREATE OR REPLACE MACRO parse_amount_text(t, decimal_comma) AS
    CASE
        WHEN t IS NULL OR trim(t) = '' THEN NULL
        WHEN regexp_full_match(t, '\s*(\p{Sc}|[A-Z]{3})?\s*[-–—]\s*(\p{Sc}|[A-Z]{3})?\s*') THEN CAST(0 AS DECIMAL(20, 6))
        WHEN amount_shape_ok(t) AND coalesce(amount_currency(t, NULL), '') <> '?'
             AND regexp_full_match(coalesce(amount_plain(amount_number(t), decimal_comma), ''),
                                   '[0-9]{1,14}(\.[0-9]*)?|\.[0-9]+')
        THEN round(TRY_CAST(rtrim(amount_plain(amount_number(t), decimal_comma), '.') AS DECIMAL(38, 10)), 6)::DECIMAL(20, 6)
             * CASE WHEN amount_is_negative(t) THEN -1 ELSE 1 END
        ELSE NULL
    END;

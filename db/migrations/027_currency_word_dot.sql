-- 027_currency_word_dot: a currency column's word may end with its abbreviation's dot.
-- 1C (Russia) writes the currency of each line as 'руб.'; Bulgarian 'лв.', Ukrainian 'грн.' and
-- 'Rs.' likewise. amount_token (the money mark beside the digits) already drops the dot, but a
-- currency column's cell was looked up as written, so 'руб.' was "not a currency code" and every
-- line of the file was rejected. Now the cell is looked up as written, then without the dot.
-- Worked example: currency_cell('руб.', 'GBP') -> 'RUB'; currency_cell('EUR', 'GBP') -> 'EUR';
-- currency_cell('kr.', 'DKK') -> 'DKK'; currency_cell('n/a', 'GBP') -> '?'.
CREATE OR REPLACE MACRO currency_cell(t, fallback) AS
    CASE WHEN t IS NULL OR trim(t) = '' THEN NULL
         ELSE list_transform([upper(trim(t))], lambda u:
                  coalesce(nullif(currency_of_token(u, fallback), '?'),
                           nullif(currency_of_token(rtrim(u, '.'), fallback), '?'),
                           currency_of_token(split_part(u, ' ', 1), fallback)))[1] END;

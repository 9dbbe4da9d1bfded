-- 006_stage_values: values read exactly as written (grain: one value in, one value out), and
-- where a line's date came from.
--
-- Schema
--   ledger_lines.date_basis   'line' (the row's own date) | 'period column' | 'sheet name' |
--                             'file name' | 'given' (typed by the user): a line without a date of
--                             its own is dated to the first day of its period, and says so.
--   ledger_lines.amount, classified_lines.amount, classified_lines.amount_reporting:
--                             DECIMAL(20, 6), so '0.125' and '15.000' are kept as written and the
--                             control total is the sum of the source values, rounded once.
--
-- Amounts: parse_amount(text, decimal_comma) -> DECIMAL(20, 6) or NULL when not money.
--   The decimal convention is decided per column by ingest (amount_decimal_evidence over all
--   values); a value written the other way does not parse (the row is rejected, quoting it):
--   dot column:   '1,234,567.89' -> 1234567.89   "1'234.56" -> 1234.56   '12,50' -> NULL
--   comma column: '1.234.567,89' -> 1234567.89   '1 234,56' (also non-breaking / narrow
--                 spaces) -> 1234.56             '1,234,567' -> NULL
--   '($45.00)' -> -45   '12.50-' -> -12.50   '100.00 CR' -> -100   'USD 99.00' -> 99
--   '99,00 €', 'R$ 1.234,56', '1 234,50 Kč', '12,00 zł', 'CHF 5', '100 kr' parse; the symbol or
--   code is the line's currency: amount_currency(text, fallback) -> 'EUR', 'BRL', 'CZK', ...
ALTER TABLE ledger_lines ADD COLUMN date_basis VARCHAR DEFAULT 'line';
ALTER TABLE ledger_lines ALTER COLUMN amount TYPE DECIMAL(20, 6);
ALTER TABLE classified_lines ALTER COLUMN amount TYPE DECIMAL(20, 6);
ALTER TABLE classified_lines ALTER COLUMN amount_reporting TYPE DECIMAL(20, 6);

CREATE OR REPLACE MACRO iso_currency(code) AS list_contains([
    'AED','AFN','ALL','AMD','ANG','AOA','ARS','AUD','AWG','AZN','BAM','BBD','BDT','BGN','BHD',
    'BIF','BMD','BND','BOB','BRL','BSD','BTN','BWP','BYN','BZD','CAD','CDF','CHF','CLP','CNY',
    'COP','CRC','CUP','CVE','CZK','DJF','DKK','DOP','DZD','EGP','ERN','ETB','EUR','FJD','FKP',
    'GBP','GEL','GHS','GIP','GMD','GNF','GTQ','GYD','HKD','HNL','HTG','HUF','IDR','ILS','INR',
    'IQD','IRR','ISK','JMD','JOD','JPY','KES','KGS','KHR','KMF','KPW','KRW','KWD','KYD','KZT',
    'LAK','LBP','LKR','LRD','LSL','LYD','MAD','MDL','MGA','MKD','MMK','MNT','MOP','MRU','MUR',
    'MVR','MWK','MXN','MYR','MZN','NAD','NGN','NIO','NOK','NPR','NZD','OMR','PAB','PEN','PGK',
    'PHP','PKR','PLN','PYG','QAR','RON','RSD','RUB','RWF','SAR','SBD','SCR','SDG','SEK','SGD',
    'SHP','SLE','SOS','SRD','SSP','STN','SYP','SZL','THB','TJS','TMT','TND','TOP','TRY','TTD',
    'TWD','TZS','UAH','UGX','USD','UYU','UZS','VES','VND','VUV','WST','XAF','XCD','XOF','XPF',
    'YER','ZAR','ZMW','ZWL'], code);

-- the text of an amount cell without its debit/credit marker ('100.00 CR' -> '100.00')
CREATE OR REPLACE MACRO amount_unmarked(t) AS
    regexp_replace(upper(trim(t)), '^(CR|DR)\s+|\s*\b(CR|DR)\.?$|([0-9)])(CR|DR)\.?$', '\3');
-- what is left of an amount once digits, separators, signs and spaces are gone: '', '$', 'R$',
-- 'EUR', 'KČ'... (upper case)
CREATE OR REPLACE MACRO amount_token(t) AS
    regexp_replace(amount_unmarked(t), '[0-9.,''’()+\-\s\x{00A0}\x{202F}\x{2009}]', '', 'g');
-- a currency symbol, code or word -> ISO code; '' -> NULL; anything else -> '?' (not money).
-- '$', 'kr' and '¥' name several currencies: the file's own currency decides when it is one of
-- them (fallback), else USD / SEK / JPY.
CREATE OR REPLACE MACRO currency_of_token(tok, fallback) AS
    CASE
        WHEN tok IS NULL OR tok = '' THEN NULL
        WHEN iso_currency(tok) THEN tok
        WHEN tok IN ('$', 'DOLLAR', 'DOLLARS')
            THEN CASE WHEN fallback IN ('USD','CAD','AUD','NZD','SGD','HKD','MXN','TWD','BSD','BBD',
                                        'BZD','BMD','FJD','JMD','LRD','NAD','SBD','TTD','XCD','KYD')
                      THEN fallback ELSE 'USD' END
        WHEN tok IN ('US$', 'U$S') THEN 'USD'
        WHEN tok IN ('C$', 'CA$', 'CAN$') THEN 'CAD'
        WHEN tok IN ('A$', 'AU$') THEN 'AUD'
        WHEN tok = 'NZ$' THEN 'NZD'
        WHEN tok = 'HK$' THEN 'HKD'
        WHEN tok = 'S$' THEN 'SGD'
        WHEN tok = 'R$' THEN 'BRL'
        WHEN tok IN ('€', 'EURO', 'EUROS') THEN 'EUR'
        WHEN tok IN ('£', 'UKL') THEN 'GBP'
        WHEN tok IN ('¥', '円') THEN CASE WHEN fallback = 'CNY' THEN 'CNY' ELSE 'JPY' END
        WHEN tok IN ('RMB', '元') THEN 'CNY'
        WHEN tok = '₹' THEN 'INR'
        WHEN tok = '₽' THEN 'RUB'
        WHEN tok = '₺' THEN 'TRY'
        WHEN tok = '₩' THEN 'KRW'
        WHEN tok = '₪' THEN 'ILS'
        WHEN tok = '₴' THEN 'UAH'
        WHEN tok = '₫' THEN 'VND'
        WHEN tok = '฿' THEN 'THB'
        WHEN tok = '₱' THEN 'PHP'
        WHEN tok IN ('KČ', 'KC') THEN 'CZK'
        WHEN tok IN ('ZŁ', 'ZL') THEN 'PLN'
        WHEN tok = 'FT' THEN 'HUF'
        WHEN tok IN ('LEI', 'LEU') THEN 'RON'
        WHEN tok IN ('FR', 'FR.', 'SFR', 'SFR.') THEN 'CHF'
        WHEN tok = 'RP' THEN 'IDR'
        WHEN tok IN ('KR', 'KR.', ':-') THEN CASE WHEN fallback IN ('SEK','NOK','DKK','ISK')
                                                  THEN fallback ELSE 'SEK' END
        ELSE '?'
    END;
CREATE OR REPLACE MACRO amount_currency(t, fallback) AS
    CASE WHEN t IS NULL OR trim(t) = '' THEN NULL
         WHEN regexp_full_match(trim(t), '[0-9.,\-+() ]*') THEN NULL   -- the fast, common case
         ELSE currency_of_token(amount_token(t), fallback) END;
-- a currency column's cell -> ISO code, NULL when blank, '?' when it is not a currency
CREATE OR REPLACE MACRO currency_cell(t, fallback) AS
    CASE WHEN t IS NULL OR trim(t) = '' THEN NULL
         ELSE coalesce(currency_of_token(upper(trim(t)), fallback),
                       currency_of_token(upper(split_part(trim(t), ' ', 1)), fallback)) END;

-- the number as written: digits and separators only ('R$ 1.234,56-' -> '1.234,56')
CREATE OR REPLACE MACRO amount_number(t) AS
    trim(regexp_replace(regexp_replace(amount_unmarked(t), '[^0-9.,''’\s\x{00A0}\x{202F}\x{2009}]', '', 'g'),
                        '[\s\x{00A0}\x{202F}\x{2009}]+', ' ', 'g'));
-- the sign may be written once: leading, trailing or as parentheses
CREATE OR REPLACE MACRO amount_shape_ok(t) AS
    regexp_full_match(
        trim(regexp_replace(regexp_replace(amount_unmarked(t), '[^0-9.,''’()+\-\s\x{00A0}\x{202F}\x{2009}]', '', 'g'),
                            '[\s\x{00A0}\x{202F}\x{2009}]+', ' ', 'g')),
        '\(\s*[+-]?\s*[0-9.,''’ ]*[0-9][0-9.,''’ ]*\s*\)|[+-]?\s*[0-9.,''’ ]*[0-9][0-9.,''’ ]*|[0-9.,''’ ]*[0-9][0-9.,''’ ]*\s*-');
CREATE OR REPLACE MACRO amount_is_negative(t) AS
    regexp_matches(trim(t), '^\(.*\)$')
    OR regexp_matches(trim(t), '^[^0-9]*-')
    OR regexp_matches(trim(t), '-\s*$')
    OR regexp_matches(upper(trim(t)), '(^CR\s|\sCR\.?$|[0-9)]CR\.?$)');
-- the number in the column's convention, as plain digits with a '.' ('1.234,56' -> '1234.56');
-- NULL when the separators do not fit the convention (groups of three, one decimal mark)
CREATE OR REPLACE MACRO amount_plain(n, decimal_comma) AS
    CASE WHEN decimal_comma THEN
             CASE WHEN regexp_full_match(n, '[0-9]{1,3}([.''’ ][0-9]{3})+(,[0-9]*)?|[0-9]+(,[0-9]*)?|,[0-9]+')
                  THEN replace(regexp_replace(n, '[.''’ ]', '', 'g'), ',', '.') END
         ELSE
             CASE WHEN regexp_full_match(n, '[0-9]{1,3}([,''’ ][0-9]{3})+(\.[0-9]*)?|[0-9]+(\.[0-9]*)?|\.[0-9]+')
                  THEN regexp_replace(n, '[,''’ ]', '', 'g') END
    END;
CREATE OR REPLACE MACRO parse_amount_text(t, decimal_comma) AS
    CASE
        WHEN t IS NULL OR trim(t) = '' THEN NULL
        WHEN amount_shape_ok(t) AND coalesce(amount_currency(t, NULL), '') <> '?'
             AND regexp_full_match(coalesce(amount_plain(amount_number(t), decimal_comma), ''),
                                   '[0-9]{1,14}(\.[0-9]*)?|\.[0-9]+')
        THEN round(TRY_CAST(rtrim(amount_plain(amount_number(t), decimal_comma), '.') AS DECIMAL(38, 10)), 6)::DECIMAL(20, 6)
             * CASE WHEN amount_is_negative(t) THEN -1 ELSE 1 END
        ELSE NULL
    END;
-- Fast path first: a plain number ('1234.56', '-7', ' 12.5 ') casts directly (most exports write
-- plain numbers). With a decimal comma only when there is no '.' ('12,5' -> 12.5).
-- Then the common grouped forms ('1,234.56', '-1.234,56') with one replace.
CREATE OR REPLACE MACRO parse_amount(t, decimal_comma) AS
    coalesce(CASE WHEN NOT decimal_comma THEN TRY_CAST(t AS DECIMAL(20, 6))
                  WHEN NOT contains(t, '.') THEN TRY_CAST(replace(t, ',', '.') AS DECIMAL(20, 6)) END,
             CASE WHEN NOT decimal_comma AND regexp_full_match(t, '-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?')
                  THEN TRY_CAST(replace(t, ',', '') AS DECIMAL(20, 6))
                  WHEN decimal_comma AND regexp_full_match(t, '-?[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?')
                  THEN TRY_CAST(replace(replace(t, '.', ''), ',', '.') AS DECIMAL(20, 6)) END,
             parse_amount_text(t, decimal_comma));
-- Evidence for a column's decimal convention from one value: 'comma' ('12,50', '1.234,5',
-- '1.234.567'), 'dot' ('12.50', '1,234.5', '1,234,567'), NULL when it could be either ('1,234',
-- '1.234', '1234').
CREATE OR REPLACE MACRO amount_decimal_evidence(t) AS
    CASE
        WHEN t IS NULL THEN NULL
        WHEN regexp_matches(amount_number(t), ',[0-9]{1,2}$|,[0-9]{4,}$|\.[0-9]{3}.*,|[0-9]\.[0-9]{3}\.[0-9]{3}') THEN 'comma'
        WHEN regexp_matches(amount_number(t), '\.[0-9]{1,2}$|\.[0-9]{4,}$|,[0-9]{3}.*\.|[0-9],[0-9]{3},[0-9]{3}') THEN 'dot'
    END;

-- Dates --------------------------------------------------------------------------------------
-- month_words(text): month names and abbreviations of English, French, German, Dutch, Spanish,
-- Portuguese, Italian, Czech, Polish and the Scandinavian languages -> English abbreviations,
-- accents and the words 'de'/'del'/'di' dropped, a dot after a word or number dropped:
--   '12 janv. 2024' -> '12 jan 2024'   '3. März 2024' -> '3 mar 2024'
--   '15 de marzo de 2024' -> '15 mar 2024'   '1. října 2024' -> '1 oct 2024'
CREATE OR REPLACE MACRO month_words(t) AS
    trim(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
    regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
    regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
        lower(strip_accents(trim(t))),
        '\.(\s|$)', ' \1', 'g'),
        '\b(de|del|di|des)\b', ' ', 'g'),
        '\b(january|janv|janvier|januar|janner|januari|enero|ene|janeiro|gennaio|gen|leden|ledna|lednu|styczen|stycznia|sty|tammikuu)\b', 'jan', 'g'),
        '\b(february|febr?|fevrier|fevr|fev|februar|februari|febrero|fevereiro|febbraio|unor|unora|unoru|luty|lutego|lut)\b', 'feb', 'g'),
        '\b(march|mars|marz|maerz|mrz|maart|mrt|marzo|marco|brezen|brezna|breznu|marzec|marca|marts)\b', 'mar', 'g'),
        '\b(april|avril|avr|abril|abr|aprile|duben|dubna|dubnu|kwiecien|kwietnia|kwi)\b', 'apr', 'g'),
        '\b(may|mai|mei|mayo|maio|maggio|mag|kveten|kvetna|kvetnu|maj|maja)\b', 'may', 'g'),
        '\b(june|juin|juni|junio|junho|giugno|giu|cerven|cervna|cervnu|czerwiec|czerwca|cze)\b', 'jun', 'g'),
        '\b(july|juil|juillet|juli|julio|julho|luglio|lug|cervenec|cervence|cervenci|lipiec|lipca|lip)\b', 'jul', 'g'),
        '\b(august|aout|augustus|augusti|agosto|ago|srpen|srpna|srpnu|sierpien|sierpnia|sie)\b', 'aug', 'g'),
        '\b(september|sept|septembre|septiembre|setiembre|setembro|set|settembre|zari|wrzesien|wrzesnia|wrz)\b', 'sep', 'g'),
        '\b(october|octobre|oktober|okt|octubre|outubro|out|ottobre|ott|rijen|rijna|rijnu|pazdziernik|pazdziernika|paz)\b', 'oct', 'g'),
        '\b(november|novembre|noviembre|novembro|listopad|listopadu|listopada|lis)\b', 'nov', 'g'),
        '\b(december|decembre|dezember|dez|diciembre|dic|dezembro|dicembre|prosinec|prosince|prosinci|grudzien|grudnia|gru|desember)\b', 'dec', 'g'),
        '\s+', ' ', 'g'));

-- parse_date(text, fmt) -> DATE or NULL. fmt is one strptime format decided for the whole column
-- by ingest (from all its distinct values); a time part after the date ('8/14/2017 0:00') is
-- ignored; a bare Excel serial (e.g. 42881 = 2017-05-26) is read as a date in any date column;
-- with %b/%B, month names of the languages above are read too. Two-digit years (%y): 00-68 ->
-- 20xx, 69-99 -> 19xx; a four-digit-year format never reads '25' as the year 25.
CREATE OR REPLACE MACRO date_from_year_1000(x) AS CASE WHEN x >= TIMESTAMP '1000-01-01' THEN x END;
CREATE OR REPLACE MACRO parse_date(t, fmt) AS
    CASE
        WHEN t IS NULL OR trim(t) = '' THEN NULL
        WHEN try_strptime(t, fmt) >= TIMESTAMP '1000-01-01' THEN try_strptime(t, fmt)::DATE   -- fast path
        WHEN fmt <> '%Y%m%d' AND regexp_full_match(trim(t), '[1-9][0-9]{4}(\.[0-9]+)?')
        THEN DATE '1899-12-30' + CAST(floor(CAST(trim(t) AS DOUBLE)) AS INTEGER)
        WHEN contains(fmt, '%b') OR contains(fmt, '%B')
        THEN date_from_year_1000(coalesce(try_strptime(month_words(t), replace(fmt, '%B', '%b')),
                                          try_strptime(trim(t), fmt)))::DATE
        ELSE date_from_year_1000(coalesce(try_strptime(trim(t), fmt),
                                          try_strptime(split_part(trim(t), ' ', 1), fmt),
                                          try_strptime(split_part(trim(t), 'T', 1), fmt)))::DATE
    END;

-- Periods ------------------------------------------------------------------------------------
-- period_start(text, fy_start_month, numbered_fiscal) -> the first day of the period, or NULL.
--   '202401', '2024-03', '2024/03', '03/2024', 'Mar 2024', 'March 2024', 'mars 2024', 'Mar-24'
--   -> that month; '2024' -> 2024-01-01; 'Q1 2024' -> 2024-01-01 (calendar quarter);
--   'Q1 2024/25', '2024/25 Q1' -> the fiscal year 2024/25's first quarter (starts in
--   fy_start_month, April when the setting is January: a split year is a fiscal year);
--   '2024 P03', 'P03 2024/25' -> the fiscal year's third month; '2024/25', 'FY 2024-25' -> its
--   first day. numbered_fiscal: '202401' is period 1 of fiscal year 2024 (decided per column by
--   ingest from the sheet or file name), else January 2024.
CREATE OR REPLACE MACRO period_fiscal_month(y, p, fy_start) AS
    make_date(y + (fy_start - 1 + least(p, 12) - 1) // 12, (fy_start - 1 + least(p, 12) - 1) % 12 + 1, 1);
CREATE OR REPLACE MACRO period_text(t) AS
    trim(regexp_replace(regexp_replace(month_words(
            regexp_replace(regexp_replace(t, '(\p{L}{3,})([0-9])', '\1 \2', 'g'), '([0-9])(\p{L}{3,})', '\1 \2', 'g')),
            '^(fy|fiscal year|financial year|periodo|periode|period|per)\s*', ''),
                        '\s*([-/_.])\s*', '\1', 'g'));
CREATE OR REPLACE MACRO period_start_of(s, fy_start, numbered_fiscal) AS
    CASE
        -- yyyymm (a number, also '202401.0' from a spreadsheet)
        WHEN regexp_full_match(s, '(19[5-9][0-9]|20[0-9]{2})(0[1-9]|1[0-6])(\.0+)?') THEN
            CASE WHEN numbered_fiscal THEN period_fiscal_month(s[1:4]::INT, s[5:6]::INT, fy_start)
                 WHEN s[5:6]::INT <= 12 THEN make_date(s[1:4]::INT, s[5:6]::INT, 1) END
        -- yyyy-mm, yyyy.mm (yyyy/yy is a fiscal year, below)
        WHEN regexp_full_match(s, '(19[5-9][0-9]|20[0-9]{2})[-/._](0?[1-9]|1[0-2])')
             AND NOT (contains(s, '/') AND length(s) = 7
                      AND s[6:7]::INT = (s[1:4]::INT + 1) % 100) THEN
            make_date(s[1:4]::INT, regexp_extract(s, '[-/._]([0-9]+)$', 1)::INT, 1)
        -- mm/yyyy
        WHEN regexp_full_match(s, '(0?[1-9]|1[0-2])[-/._](19[5-9][0-9]|20[0-9]{2})') THEN
            make_date(regexp_extract(s, '([0-9]{4})$', 1)::INT, regexp_extract(s, '^([0-9]+)', 1)::INT, 1)
        -- month name + year, year + month name
        WHEN regexp_full_match(s, '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[-/ _.]?([0-9]{4}|[0-9]{2})') THEN
            make_date(CASE WHEN length(regexp_extract(s, '([0-9]+)$', 1)) = 2
                           THEN 2000 + regexp_extract(s, '([0-9]+)$', 1)::INT
                           ELSE regexp_extract(s, '([0-9]+)$', 1)::INT END,
                      month(strptime(s[1:3], '%b')), 1)
        WHEN regexp_full_match(s, '(19[5-9][0-9]|20[0-9]{2})[-/ _.]?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)') THEN
            make_date(s[1:4]::INT, month(strptime(s[-3:], '%b')), 1)
        -- quarters
        WHEN regexp_full_match(s, 'q([1-4])[-/ _]?(19[5-9][0-9]|20[0-9]{2})') THEN
            make_date(regexp_extract(s, '([0-9]{4})', 1)::INT, 3 * s[2:2]::INT - 2, 1)
        WHEN regexp_full_match(s, '(19[5-9][0-9]|20[0-9]{2})[-/ _]?q([1-4])') THEN
            make_date(s[1:4]::INT, 3 * s[-1:]::INT - 2, 1)
        WHEN regexp_full_match(s, 'q([1-4])[-/ _]?(19[5-9][0-9]|20[0-9]{2})[-/_]([0-9]{2})') THEN
            period_fiscal_month(regexp_extract(s, '([0-9]{4})', 1)::INT, 3 * s[2:2]::INT - 2,
                                CASE WHEN fy_start > 1 THEN fy_start ELSE 4 END)
        WHEN regexp_full_match(s, '(19[5-9][0-9]|20[0-9]{2})[-/_]([0-9]{2})[-/ _]?q([1-4])') THEN
            period_fiscal_month(s[1:4]::INT, 3 * s[-1:]::INT - 2, CASE WHEN fy_start > 1 THEN fy_start ELSE 4 END)
        -- numbered periods of a fiscal year
        WHEN regexp_full_match(s, '(19[5-9][0-9]|20[0-9]{2})[-/ _]?p(0?[1-9]|1[0-6])') THEN
            period_fiscal_month(s[1:4]::INT, regexp_extract(s, 'p([0-9]+)$', 1)::INT, fy_start)
        WHEN regexp_full_match(s, '(19[5-9][0-9]|20[0-9]{2})[-/_]([0-9]{2})[-/ _]?p(0?[1-9]|1[0-6])') THEN
            period_fiscal_month(s[1:4]::INT, regexp_extract(s, 'p([0-9]+)$', 1)::INT,
                                CASE WHEN fy_start > 1 THEN fy_start ELSE 4 END)
        WHEN regexp_full_match(s, 'p(0?[1-9]|1[0-6])[-/ _]?(19[5-9][0-9]|20[0-9]{2})([-/_][0-9]{2})?') THEN
            period_fiscal_month(regexp_extract(s, '([0-9]{4})', 1)::INT, regexp_extract(s, '^p([0-9]+)', 1)::INT,
                                CASE WHEN fy_start > 1 OR NOT regexp_matches(s, '[0-9]{4}[-/_][0-9]{2}$')
                                     THEN fy_start ELSE 4 END)
        -- a fiscal year 2024/25, 2024-25, 2024/2025
        WHEN regexp_full_match(s, '(19[5-9][0-9]|20[0-9]{2})[-/_]([0-9]{2}|[0-9]{4})')
             AND (regexp_extract(s, '[-/_]([0-9]+)$', 1)::INT % 100) = (s[1:4]::INT + 1) % 100 THEN
            make_date(s[1:4]::INT, CASE WHEN fy_start > 1 THEN fy_start ELSE 4 END, 1)
        -- a year
        WHEN regexp_full_match(s, '(19[5-9][0-9]|20[0-9]{2})(\.0+)?') THEN make_date(s[1:4]::INT, 1, 1)
        -- a full date in a period column: its month
        WHEN TRY_CAST(s AS DATE) IS NOT NULL THEN date_trunc('month', TRY_CAST(s AS DATE))::DATE
    END;
CREATE OR REPLACE MACRO period_start(t, fy_start, numbered_fiscal) AS
    CASE WHEN t IS NULL OR trim(t) = '' THEN NULL
         ELSE period_start_of(period_text(t), fy_start, numbered_fiscal) END;

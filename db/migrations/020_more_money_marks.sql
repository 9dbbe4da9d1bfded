-- 020_more_money_marks: amounts written with the currency marks of more markets, and Indian
-- digit grouping. Before, a cell such as 'R 12 345,67' (South Africa), 'RM 1,250.00'
-- (Malaysia), '₦250,000.00' (Nigeria), 'Rs. 4,500' or '1,23,456.78' (India: lakh grouping) was
-- not money, so every row of such a file was rejected; and a currency column reading '人民币'
-- (Kingdee, Yonyou) or 'грн' was not a currency.
-- currency_of_token (006) is redefined with the new marks; every other mark reads as before.
-- amount_plain (006) also accepts lakh grouping (1,23,456.78 and 12,34,56,789) with a decimal
-- point; everything it accepted before it reads the same.
-- Worked example: amount_currency('R 12 345,67', 'GBP') -> 'ZAR'; amount_currency('RM 1,250.00',
-- 'GBP') -> 'MYR'; parse_amount('1,23,456.78', false) -> 123456.78;
-- currency_cell('人民币', 'GBP') -> 'CNY'; amount_currency('Rs. 4,500', 'PKR') -> 'PKR'.
CREATE OR REPLACE MACRO currency_of_token(tok, fallback) AS
    CASE
        WHEN tok IS NULL OR tok = '' THEN NULL
        WHEN iso_currency(tok) THEN tok
        WHEN tok IN ('$', 'DOLLAR', 'DOLLARS')
            THEN CASE WHEN fallback IN ('USD','CAD','AUD','NZD','SGD','HKD','MXN','TWD','BSD','BBD',
                                        'BZD','BMD','FJD','JMD','LRD','NAD','SBD','TTD','XCD','KYD',
                                        'ARS','CLP','COP','UYU','DOP','CUP')
                      THEN fallback ELSE 'USD' END
        WHEN tok IN ('US$', 'U$S', 'DOL') THEN 'USD'      -- 'DOL': Argentina's AFIP code
        WHEN tok IN ('C$', 'CA$', 'CAN$') THEN 'CAD'
        WHEN tok IN ('A$', 'AU$') THEN 'AUD'
        WHEN tok = 'NZ$' THEN 'NZD'
        WHEN tok = 'HK$' THEN 'HKD'
        WHEN tok = 'S$' THEN 'SGD'
        WHEN tok = 'NT$' THEN 'TWD'
        WHEN tok = 'R$' THEN 'BRL'
        WHEN tok IN ('MX$', 'MEX$') THEN 'MXN'
        WHEN tok = 'AR$' THEN 'ARS'
        WHEN tok = 'RD$' THEN 'DOP'
        WHEN tok = 'J$' THEN 'JMD'
        WHEN tok = 'TT$' THEN 'TTD'
        WHEN tok = 'MOP$' THEN 'MOP'
        WHEN tok IN ('€', 'EURO', 'EUROS') THEN 'EUR'
        WHEN tok IN ('£', 'UKL') THEN 'GBP'
        WHEN tok IN ('¥', '円') THEN CASE WHEN fallback = 'CNY' THEN 'CNY' ELSE 'JPY' END
        WHEN tok IN ('RMB', '元', '人民币', '人民幣') THEN 'CNY'
        WHEN tok IN ('₹', '₨', 'RS', 'RS/-') THEN CASE WHEN fallback IN ('INR','PKR','LKR','NPR','MUR','SCR')
                                                      THEN fallback ELSE 'INR' END
        WHEN tok = '₽' OR tok IN ('РУБ', 'Р', 'РУБЛЕЙ') THEN 'RUB'
        WHEN tok = '₺' THEN 'TRY'
        WHEN tok = '₩' THEN 'KRW'
        WHEN tok = '₪' THEN 'ILS'
        WHEN tok IN ('₴', 'ГРН') THEN 'UAH'
        WHEN tok IN ('₫', 'VNĐ', 'Đ') THEN 'VND'
        WHEN tok = '฿' THEN 'THB'
        WHEN tok = '₱' THEN 'PHP'
        WHEN tok = '₦' THEN 'NGN'
        WHEN tok IN ('₵', 'GH₵', 'GHC') THEN 'GHS'
        WHEN tok IN ('KSH', 'KSHS') THEN 'KES'
        WHEN tok = 'USH' THEN 'UGX'
        WHEN tok = 'TSH' THEN 'TZS'
        WHEN tok = '৳' THEN 'BDT'
        WHEN tok = '₸' THEN 'KZT'
        WHEN tok = '₼' THEN 'AZN'
        WHEN tok = '₾' THEN 'GEL'
        WHEN tok = '₡' THEN 'CRC'
        WHEN tok = '₲' THEN 'PYG'
        WHEN tok = '₮' THEN 'MNT'
        WHEN tok = '₭' THEN 'LAK'
        WHEN tok = 'S/' THEN 'PEN'
        WHEN tok = 'R' THEN 'ZAR'
        WHEN tok = 'RM' THEN 'MYR'
        WHEN tok IN ('ЛВ', 'LV') THEN 'BGN'
        WHEN tok = 'ДЕН' THEN 'MKD'
        WHEN tok IN ('ДИН', 'DIN') THEN 'RSD'
        WHEN tok IN ('DHS', 'دإ', 'د.إ', 'د إ', 'درهم') THEN 'AED'
        WHEN tok = 'DH' THEN CASE WHEN fallback = 'AED' THEN 'AED' ELSE 'MAD' END
        WHEN tok IN ('رس', 'ر.س', 'ر س', 'ريال') THEN 'SAR'
        WHEN tok = 'جم' THEN 'EGP'
        WHEN tok = 'دك' THEN 'KWD'
        WHEN tok = 'رق' THEN 'QAR'
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

CREATE OR REPLACE MACRO amount_plain(n, decimal_comma) AS
    CASE WHEN decimal_comma THEN
             CASE WHEN regexp_full_match(n, '[0-9]{1,3}([.''’ ][0-9]{3})+(,[0-9]*)?|[0-9]+(,[0-9]*)?|,[0-9]+')
                  THEN replace(regexp_replace(n, '[.''’ ]', '', 'g'), ',', '.') END
         ELSE
             CASE WHEN regexp_full_match(n, '[0-9]{1,3}([,''’ ][0-9]{3})+(\.[0-9]*)?|[0-9]{1,2}(,[0-9]{2})+,[0-9]{3}(\.[0-9]*)?|[0-9]+(\.[0-9]*)?|\.[0-9]+')
                  THEN regexp_replace(n, '[,''’ ]', '', 'g') END
    END;

-- The minus written as a typographer's or a word processor's dash ('−450.00' U+2212, '–450.00'
-- en dash, '450.00−' SAP-style, U+2012, U+FE63, U+FF0D) is a minus; zero-width characters a
-- copy from a web page or PDF leaves inside a number ('​420,50', a stray U+FEFF) are dropped.
-- Before, such credit notes were rejected and the file's total overstated.
CREATE OR REPLACE MACRO amount_signs(t) AS
    translate(regexp_replace(t, '[\x{200B}-\x{200D}\x{2060}\x{FEFF}]', '', 'g'),
              '−–‒﹣－', '-----');
-- a dot that ends a currency word is not a decimal mark: 'Rs. 4,500', 'S/. 120.00', 'руб.'
-- (017's amount_unmarked over amount_signs, then that dot dropped)
CREATE OR REPLACE MACRO amount_unmarked(t) AS
    regexp_replace(
        regexp_replace(regexp_replace(upper(trim(amount_signs(t))), '^''\s*', ''),
                       '^(CR|DR)\s+|\s*\b(CR|DR)\.?$|([0-9)])(CR|DR)\.?$', '\3'),
        '(\pL|/)\.', '\1', 'g');
-- 006's amount_is_negative over amount_signs
CREATE OR REPLACE MACRO amount_is_negative(t) AS
    regexp_matches(trim(amount_signs(t)), '^\(.*\)$')
    OR regexp_matches(trim(amount_signs(t)), '^[^0-9]*-')
    OR regexp_matches(trim(amount_signs(t)), '-\s*$')
    OR regexp_matches(upper(trim(amount_signs(t))), '(^CR\s|\sCR\.?$|[0-9)]CR\.?$)');

-- 019_currency_words: amounts that carry their currency as a word or sign the reader did not
-- know: Turkish '18.450,75 TL', Korean '1,234,000원', Croatian '1.234,56 kn'. Before, such a cell
-- was not money at all and every row was rejected.
-- Worked example: amount_currency('18.450,75 TL', 'GBP') -> 'TRY'; amount_currency('99,00 €',
-- 'GBP') -> 'EUR' (as before, by currency_of_token).
CREATE OR REPLACE MACRO amount_currency(t, fallback) AS
    CASE WHEN t IS NULL OR trim(t) = '' THEN NULL
         WHEN regexp_full_match(trim(t), '[0-9.,\-+() ]*') THEN NULL   -- the fast, common case
         ELSE coalesce(CASE amount_token(t) WHEN 'TL' THEN 'TRY' WHEN '원' THEN 'KRW'
                                             WHEN 'KN' THEN 'HRK' END,
                       currency_of_token(amount_token(t), fallback)) END;

-- 004_budget_fx: FX lookup and budget helpers (owned by models/fx.py and models/budget.py).
--
-- fx_rate_lookup. Grain: one row per (month, from_currency, to_currency) that can convert money.
--   * every stored rate in fx_rates ('stored');
--   * the inverse of a stored rate when the opposite direction is not stored ('inverse'):
--     a file giving GBP->USD 1.25 for 2025-04 also converts USD->GBP at 0.8 for 2025-04.
--   A month with no row here has NO rate: lines of that currency and month are flagged
--   fx_missing and left out of sums — never converted at 1.0. Same-currency needs no rate.
-- Worked example: fx_rates (2025-04-01, USD, GBP, 0.80) -> lookup rows
--   (2025-04-01, USD, GBP, 0.80, 'stored') and (2025-04-01, GBP, USD, 1.25, 'inverse').
CREATE VIEW fx_rate_lookup AS
WITH stored AS (
    SELECT month, from_currency, to_currency, rate::DOUBLE AS rate, 'stored' AS derivation
    FROM fx_rates
),
inverse AS (
    SELECT r.month, r.to_currency AS from_currency, r.from_currency AS to_currency,
           1.0 / r.rate::DOUBLE AS rate, 'inverse' AS derivation
    FROM fx_rates AS r
    WHERE r.rate > 0
      AND NOT EXISTS (
          SELECT 1 FROM fx_rates AS d
          WHERE d.month = r.month
            AND d.from_currency = r.to_currency
            AND d.to_currency = r.from_currency)
)
SELECT * FROM stored
UNION ALL
SELECT * FROM inverse;

-- Budget periods are whole months; a budget line spanning several months (a quarter, a year)
-- is spread evenly over them when compared with a shorter period.
-- budget_months(start, end_inclusive) -> number of calendar months the period covers.
CREATE MACRO budget_months(period_start, period_end) AS
    (year(period_end) * 12 + month(period_end)) - (year(period_start) * 12 + month(period_start)) + 1;

-- governance_subscriptions: recurring charges per vendor x department (see
-- models/governance/subscriptions.py for the rule and a worked example).
-- GRAIN: one row per (vendor, department, price tier) series whose charges recur at a monthly, quarterly or
-- annual cadence with similar amounts. Parameters: $tolerance (share an amount may differ from the
-- series' typical amount, e.g. 0.25), $min_regular (share of gaps and of amounts that must fit,
-- e.g. 0.75), $tech_only (only technology lines).
WITH charges AS (               -- grain: vendor x department x day (several lines on a day = one charge)
    SELECT
        coalesce(vendor_canonical, vendor, '(no vendor)')                          AS vendor_name,
        coalesce(department, '(no department)')                                    AS dept,
        txn_date,
        sum(amount_reporting)                                                      AS amount,
        count(*)                                                                   AS line_count,
        bool_or(it_owned)                                                          AS it_owned,
        bool_or(customer_facing)                                                   AS customer_facing,
        arg_max(layer, amount_reporting)                                           AS layer,
        arg_max(category, amount_reporting)                                        AS category,
        string_agg(DISTINCT source_file, ', ' ORDER BY source_file)               AS files
    FROM classified_lines
    WHERE amount_reporting > 0 AND (NOT $tech_only::BOOLEAN OR is_tech)
    GROUP BY ALL
),
tiers AS (                      -- price tiers: sorted by amount, a step of more than
    -- 1 + 2 x tolerance starts a new tier (two plans of one vendor in one department, 87 and 182
    -- a month, are two series; a usage plan varying 20..60 a month stays one)
    SELECT *, sum(CASE WHEN previous_amount IS NULL
                            OR amount > previous_amount * (1 + 2 * $tolerance::DOUBLE) THEN 1 ELSE 0 END)
                  OVER (PARTITION BY vendor_name, dept ORDER BY amount, txn_date
                        ROWS UNBOUNDED PRECEDING)                                  AS tier
    FROM (SELECT *, lag(amount) OVER (PARTITION BY vendor_name, dept ORDER BY amount, txn_date)
                    AS previous_amount
          FROM charges)
),
gaps AS (                       -- grain: charge; days since the series' previous charge
    SELECT *, date_diff('day', lag(txn_date) OVER w, txn_date) AS gap_days
    FROM tiers
    WINDOW w AS (PARTITION BY vendor_name, dept, tier ORDER BY txn_date)
),
series AS (                     -- grain: vendor x department x price tier
    SELECT
        vendor_name, dept, tier,
        count(*)                                                                   AS charges,
        median(gap_days)                                                           AS median_gap,
        median(amount)                                                             AS typical_amount,
        min(txn_date)                                                              AS first_charge,
        max(txn_date)                                                              AS last_charge,
        arg_max(amount, txn_date)                                                  AS last_amount,
        sum(amount)                                                                AS total_charged,
        sum(line_count)                                                            AS line_count,
        list(gap_days) FILTER (WHERE gap_days IS NOT NULL)                         AS gap_list,
        list(amount)                                                               AS amounts,
        bool_or(it_owned)                                                          AS it_owned,
        bool_or(customer_facing)                                                   AS customer_facing,
        arg_max(layer, amount)                                                     AS layer,
        arg_max(category, amount)                                                  AS category,
        string_agg(DISTINCT files, ', ')                                           AS files
    FROM gaps
    GROUP BY vendor_name, dept, tier
    HAVING count(*) >= 2
),
cadenced AS (                   -- the cadence the median gap names, with its accepted gap window
    SELECT s.*, c.cadence, c.months, c.per_year, c.min_charges, c.gap_lo, c.gap_hi
    FROM series s
    JOIN (VALUES ('monthly', 1, 12, 3, 24, 38), ('quarterly', 3, 4, 3, 80, 102),
                 ('annual', 12, 1, 2, 340, 390))
         AS c(cadence, months, per_year, min_charges, gap_lo, gap_hi)
      ON s.median_gap BETWEEN c.gap_lo AND c.gap_hi
    WHERE s.charges >= c.min_charges
),
scored AS (
    SELECT *,
        len(list_filter(gap_list, lambda g: g BETWEEN gap_lo AND gap_hi)) / len(gap_list)        AS regular_gaps,
        len(list_filter(amounts, lambda a: abs(a - typical_amount) <= $tolerance::DOUBLE * typical_amount))
            / len(amounts)                                                                   AS similar_amounts
    FROM cadenced
),
data_end AS (SELECT max(txn_date) AS last_day FROM classified_lines)
SELECT
    vendor_name                                                                    AS vendor,
    dept                                                                           AS department,
    cadence,
    charges,
    typical_amount::DOUBLE                                                         AS typical_amount,
    last_amount::DOUBLE                                                            AS last_amount,
    (typical_amount * per_year)::DOUBLE                                            AS annual_run_rate,
    first_charge,
    last_charge,
    (last_charge + to_months(months))::DATE                                        AS next_expected,
    -- active: the next charge was not due more than half a cadence before the data ends
    (last_charge + to_days(CAST(round(months * 30.4 * 1.5) AS INTEGER)) >= d.last_day) AS active,
    total_charged::DOUBLE                                                          AS total_charged,
    line_count,
    regular_gaps,
    similar_amounts,
    it_owned,
    customer_facing,
    layer,
    category,
    files
FROM scored, data_end AS d
WHERE regular_gaps >= $min_regular::DOUBLE AND similar_amounts >= $min_regular::DOUBLE
ORDER BY annual_run_rate DESC, vendor, department, typical_amount

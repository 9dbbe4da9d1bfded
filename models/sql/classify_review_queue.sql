-- classify_review_queue (mart)
-- Grain: one row per vendor (vendor_key, after merges) with at least one line whose confidence
-- is below the first parameter; ranked by the absolute amount of those lines; the second
-- parameter is the row limit. Money: amount_reporting, or the original amount when FX is missing
-- (the queue is about attention, not totals).
WITH uncertain_lines AS (
    SELECT *, coalesce(amount_reporting, amount) AS amount_any
    FROM classified_lines
    WHERE confidence < ? AND vendor_key IS NOT NULL
),
by_vendor AS (
    SELECT
        vendor_key,
        any_value(vendor_canonical) AS vendor,
        count(*) AS lines,
        sum(amount_any)::DOUBLE AS amount,
        sum(abs(amount_any))::DOUBLE AS abs_amount,
        count(*) FILTER (WHERE is_tech) AS tech_lines,
        mode(decided_by) AS decided_by,
        mode(reason) AS reason,
        min(confidence) AS confidence,
        count(DISTINCT department) AS departments,
        min(vendor) AS example_vendor
    FROM uncertain_lines
    GROUP BY vendor_key
)
SELECT * FROM by_vendor
ORDER BY abs_amount DESC, vendor_key
LIMIT ?

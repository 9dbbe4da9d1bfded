-- governance_outside_it_by_status: technology spend outside IT by IT-standards status.
-- GRAIN: one row per status ('approved', 'tolerated', 'not_approved', 'retiring', 'not in register').
-- Every technology line outside IT is in exactly one row, so the rows add up to the Overview's
-- "technology spend outside IT" (lines without an FX rate are left out of the money, as there).
-- $quarter_from / $quarter_to: fiscal quarter keys (NULL = all).
WITH lines AS ({{governance_standard_lines}})
SELECT
    status,
    coalesce(sum(amount_reporting), 0)::DOUBLE                                     AS spend_outside_it,
    count(DISTINCT vendor_name)                                                    AS vendors,
    count(*)                                                                       AS line_count,
    coalesce(sum(amount_reporting) FILTER (WHERE last_review IS NULL), 0)::DOUBLE  AS never_reviewed_spend
FROM lines
WHERE is_tech AND NOT it_owned
  AND ($quarter_from::INTEGER IS NULL OR quarter_key >= $quarter_from::INTEGER)
  AND ($quarter_to::INTEGER IS NULL OR quarter_key <= $quarter_to::INTEGER)
GROUP BY status
ORDER BY spend_outside_it DESC

-- governance_never_reviewed: technology vendors paid outside IT that IT has never reviewed
-- (no register row, or a register row with no security review date), largest first.
-- GRAIN: one row per vendor. customer_data_callout: 'SoE, handles customer data' when the
-- register says the vendor handles customer or personal data and the spend is mostly systems of
-- engagement; 'SoE, customer data not known' when it is SoE and the register does not say.
-- $quarter_from / $quarter_to: fiscal quarter keys (NULL = all).
WITH lines AS ({{governance_standard_lines}}),
outside AS (
    SELECT * FROM lines
    WHERE is_tech AND NOT it_owned AND last_review IS NULL
      AND ($quarter_from::INTEGER IS NULL OR quarter_key >= $quarter_from::INTEGER)
      AND ($quarter_to::INTEGER IS NULL OR quarter_key <= $quarter_to::INTEGER)
),
by_layer AS (
    SELECT vendor_name, arg_max(layer, spend) AS layer
    FROM (SELECT vendor_name, layer, sum(amount_reporting) AS spend FROM outside GROUP BY ALL)
    GROUP BY vendor_name
)
SELECT
    o.vendor_name                                                                  AS vendor,
    any_value(o.status)                                                            AS status,
    any_value(o.owner)                                                             AS owner,
    coalesce(sum(o.amount_reporting), 0)::DOUBLE                                   AS spend_outside_it,
    string_agg(DISTINCT o.dept, ', ' ORDER BY o.dept)                              AS departments,
    count(DISTINCT o.dept)                                                         AS department_count,
    bl.layer,
    bool_or(o.customer_data)                                                       AS customer_data,
    CASE WHEN bl.layer = 'SoE' AND bool_or(o.customer_data) THEN 'SoE, handles customer data'
         WHEN bl.layer = 'SoE' AND bool_or(o.customer_data) IS NULL THEN 'SoE, customer data not known'
    END                                                                            AS customer_data_callout,
    bool_or(o.customer_facing)                                                     AS customer_facing,
    min(o.txn_date)                                                                AS first_seen,
    max(o.txn_date)                                                                AS last_seen,
    count(*)                                                                       AS line_count
FROM outside o JOIN by_layer bl USING (vendor_name)
GROUP BY o.vendor_name, bl.layer
ORDER BY spend_outside_it DESC, vendor

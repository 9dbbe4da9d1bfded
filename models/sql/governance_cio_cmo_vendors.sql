-- governance_cio_cmo_vendors: the technology customer-facing departments buy, per department and
-- vendor, over the four quarters ending with $quarter_key: layer, whether IT also buys it,
-- whether it is new in that quarter.
-- GRAIN: one row per customer-facing department x technology vendor.
WITH {{governance_cio_cmo_base}}
SELECT
    dept                                                                           AS department,
    vendor_name                                                                    AS vendor,
    arg_max(layer, amount_reporting)                                               AS layer,
    coalesce(sum(amount_reporting), 0)::DOUBLE                                     AS tech_spend,
    bool_or(also_bought_by_it)                                                     AS also_bought_by_it,
    bool_or(new_this_quarter)                                                      AS new_this_quarter,
    min(txn_date)                                                                  AS first_in_window,
    count(*)                                                                       AS line_count
FROM cf_lines
WHERE is_tech
GROUP BY dept, vendor_name
ORDER BY tech_spend DESC, department, vendor

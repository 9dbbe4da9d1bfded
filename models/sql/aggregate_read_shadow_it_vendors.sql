-- aggregate_read_shadow_it_vendors: the stored result of analytics_shadow_it_vendors with no
-- filter for an unscoped viewer (agg_page_shadow_it_vendors), in the query's own order.
SELECT * FROM agg_page_shadow_it_vendors
ORDER BY spend_outside_it DESC, vendor

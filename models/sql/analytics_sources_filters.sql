-- analytics_sources_filters (fragment): the filtered CTEs over base_all / tech_all, whichever
-- source defined them (analytics_sources_lines or analytics_sources_aggregates).
base_scoped AS NOT MATERIALIZED (SELECT * FROM base_all WHERE {{analytics_scope_conditions}}),
filtered AS NOT MATERIALIZED (SELECT * FROM base_scoped WHERE {{analytics_department_condition}}),
tech_scoped AS NOT MATERIALIZED (SELECT * FROM tech_all WHERE {{analytics_scope_conditions}}),
tech_filtered AS NOT MATERIALIZED (SELECT * FROM tech_scoped WHERE {{analytics_department_condition}})

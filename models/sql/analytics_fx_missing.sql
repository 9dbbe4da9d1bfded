-- analytics_fx_missing: lines left out of every sum because no FX rate converts them.
-- GRAIN: exactly one row for the filtered set of lines.
WITH filtered AS NOT MATERIALIZED (
    {{analytics_filtered_lines}}
)
SELECT count(*) AS fx_missing_lines
FROM filtered
WHERE fx_missing

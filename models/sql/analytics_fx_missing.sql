-- analytics_fx_missing: lines left out of every sum because no FX rate converts them.
-- GRAIN: exactly one row for the filtered set of lines. Body after the source CTEs
-- (models.aggregates.compose).
counted AS (
    SELECT coalesce(sum(line_count), 0)::BIGINT AS fx_missing_lines
    FROM filtered
    WHERE fx_missing
)
SELECT fx_missing_lines FROM counted

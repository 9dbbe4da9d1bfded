-- analytics_uploads: ledger uploads a person can filter on.
-- GRAIN: one row per upload_id that has classified lines, oldest first. The file name comes
-- from the uploads table, else from the lines' own source_file.
-- Body after the source CTEs (models.aggregates.compose); base_all = every row, unfiltered.
per_upload AS (
    SELECT upload_id, any_value(source_file) AS source_file, sum(line_count)::BIGINT AS line_count
    FROM base_all
    GROUP BY upload_id
)
SELECT
    p.upload_id,
    coalesce(u.file_name, p.source_file)                                                  AS file_name,
    u.sheet,
    u.loaded_at,
    p.line_count
FROM per_upload AS p
LEFT JOIN uploads AS u USING (upload_id)
ORDER BY p.upload_id

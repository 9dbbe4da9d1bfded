-- stage_macros: helpers of stage.sql over a row's cells as a list (TEMP macros of the load's
-- connection). Used inside CASE branches, so they run only for the rows that reach them (rows
-- without a date, total and note candidates), not for every line of a million-line file.
--   cells_first(['', ' Total ', '12']) -> 'Total'
--   cells_present(['', ' Total ', '12']) -> ['Total', '12']
CREATE OR REPLACE TEMP MACRO cells_first(cells) AS
    list_filter(list_transform(cells, lambda x: trim(x)), lambda x: x <> '')[1];
CREATE OR REPLACE TEMP MACRO cells_present(cells) AS
    list_filter(list_transform(cells, lambda x: nullif(trim(x), '')), lambda x: x IS NOT NULL);

-- 017_text_marked_cells: an amount typed as text in Excel ("'6,937.10": the apostrophe marks
-- the cell as text, and a CSV saved from it keeps it) is read as its number, and a date written
-- with an ordinal day ("1st March 2024", "22nd Feb 2024") as its date. Before, both were
-- rejected ("is not a number", "is not a valid date"), every such row. So were the dates of
-- Croatian and Hungarian exports, which end with a dot ('01.02.2024.'), and Slovene ones written
-- with spaces ('3. 6. 2024').
-- date_cells(t) is the date text as parse_date (migration 006) reads it: ingest hands every
-- distinct date cell through it, so parse_date itself is unchanged.
-- Worked example: amount_unmarked('''6,937.10') -> '6,937.10';
-- date_cells('1st March 2024') -> '1 March 2024'; date_cells('3. 6. 2024') -> '3.6.2024';
-- date_cells('01.02.2024.') -> '01.02.2024'; date_cells('2024-03-01') -> '2024-03-01'.
CREATE OR REPLACE MACRO amount_unmarked(t) AS
    regexp_replace(regexp_replace(upper(trim(t)), '^''\s*', ''),
                   '^(CR|DR)\s+|\s*\b(CR|DR)\.?$|([0-9)])(CR|DR)\.?$', '\3');
-- (the space rule twice: '3. 6. 2024' has two, and a match cannot reuse the 6 it ended on)
CREATE OR REPLACE MACRO date_cells(t) AS
    rtrim(regexp_replace(regexp_replace(
              regexp_replace(trim(t), '(?i)\b([0-9]{1,2})(st|nd|rd|th)\b', '\1', 'g'),
              '([0-9][./-])\s+([0-9])', '\1\2', 'g'), '([0-9][./-])\s+([0-9])', '\1\2', 'g'), '.');

-- 017_text_marked_cells: an amount typed as text in Excel ("'6,937.10": the apostrophe marks
-- the cell as text, and a CSV saved from it keeps it) is read as its number, and a date written
-- with an ordinal day ("1st March 2024", "22nd Feb 2024") as its date. Before, both were
-- rejected ("is not a number", "is not a valid date"), every such row. So were the dates of
-- Croatian and Hungarian exports, which end with a dot ('01.02.2024.'), and Slovene ones written
-- with spaces ('3. 6. 2024').
-- Worked example: amount_unmarked('''6,937.10') -> '6,937.10';
-- parse_date('1st March 2024', '%d %B %Y') -> 2024-03-01.
CREATE OR REPLACE MACRO amount_unmarked(t) AS
    regexp_replace(regexp_replace(upper(trim(t)), '^''\s*', ''),
                   '^(CR|DR)\s+|\s*\b(CR|DR)\.?$|([0-9)])(CR|DR)\.?$', '\3');
CREATE OR REPLACE MACRO parse_date(t, fmt) AS
    CASE
        WHEN t IS NULL OR trim(t) = '' THEN NULL
        WHEN try_strptime(t, fmt) >= TIMESTAMP '1000-01-01' THEN try_strptime(t, fmt)::DATE   -- fast path
        WHEN fmt <> '%Y%m%d' AND regexp_full_match(trim(t), '[1-9][0-9]{4}(\.[0-9]+)?')
        THEN DATE '1899-12-30' + CAST(floor(CAST(trim(t) AS DOUBLE)) AS INTEGER)
        WHEN contains(fmt, '%b') OR contains(fmt, '%B')
        THEN date_from_year_1000(coalesce(
                 try_strptime(month_words(regexp_replace(t, '(?i)\b([0-9]{1,2})(st|nd|rd|th)\b', '\1', 'g')),
                              replace(fmt, '%B', '%b')),
                 try_strptime(trim(t), fmt)))::DATE
        ELSE date_from_year_1000(coalesce(try_strptime(trim(t), fmt),
                                          try_strptime(split_part(trim(t), ' ', 1), fmt),
                                          try_strptime(split_part(trim(t), 'T', 1), fmt),
                                          -- '01.02.2024.' (Croatian, Hungarian), '3. 6. 2024' (Slovene)
                                          try_strptime(rtrim(regexp_replace(trim(t), '([./-])\s+', '\1', 'g'), '.'),
                                                       fmt)))::DATE
    END;

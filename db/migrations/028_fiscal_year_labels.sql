-- 028_fiscal_year_labels: 'FY2025', 'FY2025 Q1', 'FY2025 P01' are the fiscal year NAMED 2025.
-- The product names a fiscal year by the calendar year in which it ends (db/fiscal.py): with an
-- April start, FY2025 runs from April 2024 to March 2025, and the dashboard labels April 2024
-- 'FY2025 Q1'. A period column written the same way was read with the year as its start (FY2025
-- P01 -> April 2025, FY2025 Q1 -> January 2025, FY2025 -> January 2025): a year late, or a
-- calendar quarter, and the product's own labels did not read back. Now a label that says FY (or
-- fiscal / financial year) with one year is that fiscal year; split years ('FY 2024/25'),
-- and unlabelled ones ('2025 P01') read as before (migration 006); with a January start FY2025
-- is the calendar year 2025.
-- Worked example, April start: 'FY2025 P01' -> 2024-04-01; 'FY2025 Q2' -> 2024-07-01;
-- 'FY2025' -> 2024-04-01; 'FY25 P12' -> 2025-03-01; 'FY 2024/25 P01' -> 2024-04-01 (as before);
-- January start: 'FY2025 P01' -> 2025-01-01; 'FY25 P12' -> 2025-12-01.
CREATE OR REPLACE MACRO fiscal_label_start(t, fy_start) AS
    list_transform([regexp_extract(lower(trim(t)),
        '^(?:fy|fiscal year|financial year)\s*''?((?:19|20)?[0-9]{2})(?:\s*[-/ _]?\s*(p|q|period|quarter)\s*0?([0-9]{1,2}))?$',
        ['y', 'k', 'n'])], lambda m:
        CASE WHEN m.y = '' THEN NULL
             ELSE list_transform([CASE WHEN length(m.y) = 2 THEN 2000 + m.y::INT ELSE m.y::INT END
                                  - CASE WHEN fy_start > 1 THEN 1 ELSE 0 END],
                  lambda y: CASE
                      WHEN m.k = '' THEN make_date(y, fy_start, 1)
                      WHEN m.k IN ('q', 'quarter') AND m.n::INT BETWEEN 1 AND 4
                          THEN period_fiscal_month(y, 3 * m.n::INT - 2, fy_start)
                      WHEN m.k IN ('p', 'period') AND m.n::INT BETWEEN 1 AND 16
                          THEN period_fiscal_month(y, m.n::INT, fy_start) END)[1] END)[1];
-- ISO weeks ('2024-W05', '2024W05', 'W05 2024', 'KW 5 2024', a cost report's week column) are
-- periods too: a line is dated to its week's Monday, as ISO 8601 counts them (week 1 holds the
-- year's first Thursday). Worked example: '2024-W05' -> 2024-01-29; '2021-W01' -> 2021-01-04.
CREATE OR REPLACE MACRO iso_week_start(t) AS
    list_transform([regexp_extract(lower(trim(t)),
        '^(?:((?:19|20)[0-9]{2})[-/ ]?w(?:k|eek)?\s*([0-9]{1,2})(?:-?[1-7])?|(?:w|wk|week|kw)\s*([0-9]{1,2})[-/ ]+((?:19|20)[0-9]{2}))$',
        ['y1', 'w1', 'w2', 'y2'])], lambda m:
        CASE WHEN m.y1 = '' AND m.y2 = '' THEN NULL
             ELSE list_transform([[CASE WHEN m.y1 <> '' THEN m.y1 ELSE m.y2 END::INT,
                                   CASE WHEN m.w1 <> '' THEN m.w1 ELSE m.w2 END::INT]], lambda yw:
                  CASE WHEN yw[2] BETWEEN 1 AND 53
                       THEN make_date(yw[1], 1, 4) + CAST(7 * (yw[2] - 1) + 1
                                 - isodow(make_date(yw[1], 1, 4)) AS INTEGER) END)[1] END)[1];
CREATE OR REPLACE MACRO period_start(t, fy_start, numbered_fiscal) AS
    CASE WHEN t IS NULL OR trim(t) = '' THEN NULL
         WHEN regexp_matches(lower(t), 'w') AND iso_week_start(t) IS NOT NULL THEN iso_week_start(t)
         WHEN regexp_matches(lower(t), '^\s*(fy|fiscal year|financial year)\s*''?[0-9]{2,4}(\s|$|[-_ ]?[pq])')
              AND fiscal_label_start(t, fy_start) IS NOT NULL THEN fiscal_label_start(t, fy_start)
         ELSE list_transform([period_text(t)],
                             lambda s: period_start_of(s, fy_start, numbered_fiscal))[1] END;

-- governance_duplicates: candidate duplicate payments (see models/governance/duplicates.py).
-- GRAIN: one row per pair of ledger lines (first = earlier upload/row, second = later) with the
-- same vendor (text_key of the canonical name: catalog, merges), currency and non-zero amount that either
--   * carry the same reference (invoice / document number, compared on letters and digits only),
--     dated within $reference_days of each other ("same invoice paid twice"; any uploads), or
--   * sit in two DIFFERENT uploads, dated within $window_days, with no matching reference on both
--     sides ("same purchase in two uploads": an AP register and a card feed of one period, two
--     overlapping monthly extracts), unless either line is already paired BY REFERENCE with a
--     line of the other upload (an overlapping extract's OD-1/OD-1 pair must not also pair OD-1
--     with OD-2 on amount and date). Matching across uploads is one to one: on the same day the
--     n-th equal line of one upload pairs with the n-th of the other (a re-exported file pairs
--     each row with its copy, not with every equal row); on other days each line keeps only its
--     nearest partner, both ways.
-- Lines in one upload without a shared reference are never paired (a file may rightly hold two
-- equal charges). The person's decision (duplicate_decisions) is joined on; nothing is changed.
WITH lines AS MATERIALIZED (
    SELECT  -- the classified lines (classified_lines' columns, with the sheet of each)
        l.upload_id, l.source_row, l.source_file, l.source_sheet,
        coalesce(l.sheet_row, l.source_row)                                        AS row_in_file,
        l.txn_date, l.vendor, l.department_canonical AS department, l.amount, l.currency,
        l.amount_reporting, l.description, l.reference, l.is_tech,
        text_key(coalesce(l.vendor_canonical, l.vendor))                           AS vkey,
        nullif(regexp_replace(upper(coalesce(l.reference, '')), '[^A-Z0-9]', '', 'g'), '') AS ref
    FROM ledger_lines l
    WHERE l.decided_by IS NOT NULL AND l.amount <> 0
),
keyed AS (SELECT * FROM lines WHERE vkey IS NOT NULL),
by_reference AS (
    SELECT a.upload_id AS a_upload, a.source_row AS a_row, b.upload_id AS b_upload, b.source_row AS b_row,
           'same reference' AS basis
    FROM keyed a JOIN keyed b
      ON a.vkey = b.vkey AND a.currency = b.currency AND a.amount = b.amount AND a.ref = b.ref
     AND (a.upload_id < b.upload_id OR (a.upload_id = b.upload_id AND a.source_row < b.source_row))
    WHERE abs(date_diff('day', a.txn_date, b.txn_date)) <= $reference_days::INTEGER
),
ref_matched AS (               -- a line already paired by reference with a line of another upload
    SELECT a_upload AS upload_id, a_row AS source_row, b_upload AS other_upload FROM by_reference
    UNION SELECT b_upload, b_row, a_upload FROM by_reference
),
unpaired AS (                  -- keyed lines, each numbered among its equals of the same day
    SELECT k.*, row_number() OVER (PARTITION BY upload_id, vkey, currency, amount, txn_date
                                   ORDER BY source_row)                            AS nth
    FROM keyed k
),
across AS (                     -- every cross-upload match in the window (before one-to-one)
    SELECT a.upload_id AS a_upload, a.source_row AS a_row, b.upload_id AS b_upload, b.source_row AS b_row,
           abs(date_diff('day', a.txn_date, b.txn_date))                           AS days,
           a.nth AS a_nth, b.nth AS b_nth
    FROM unpaired a JOIN unpaired b
      ON a.vkey = b.vkey AND a.currency = b.currency AND a.amount = b.amount
     AND a.upload_id < b.upload_id
    WHERE abs(date_diff('day', a.txn_date, b.txn_date)) <= $window_days::INTEGER
      AND (a.ref IS NULL OR b.ref IS NULL OR a.ref <> b.ref)
      AND NOT EXISTS (SELECT 1 FROM ref_matched m WHERE m.upload_id = a.upload_id
                      AND m.source_row = a.source_row AND m.other_upload = b.upload_id)
      AND NOT EXISTS (SELECT 1 FROM ref_matched m WHERE m.upload_id = b.upload_id
                      AND m.source_row = b.source_row AND m.other_upload = a.upload_id)
),
same_day AS (                   -- one to one: the n-th equal line of a day pairs with the n-th
    SELECT a_upload, a_row, b_upload, b_row FROM across WHERE days = 0 AND a_nth = b_nth
),
near AS (                       -- other days: lines not paired on their own day, mutual nearest
    SELECT * FROM across x
    WHERE days > 0
      AND NOT EXISTS (SELECT 1 FROM same_day s WHERE s.a_upload = x.a_upload AND s.a_row = x.a_row
                      AND s.b_upload = x.b_upload)
      AND NOT EXISTS (SELECT 1 FROM same_day s WHERE s.b_upload = x.b_upload AND s.b_row = x.b_row
                      AND s.a_upload = x.a_upload)
    QUALIFY row_number() OVER (PARTITION BY a_upload, a_row, b_upload ORDER BY days, b_row) = 1
),
across_uploads AS (
    SELECT a_upload, a_row, b_upload, b_row, 'two uploads, same day' AS basis FROM same_day
    UNION ALL
    SELECT a_upload, a_row, b_upload, b_row, 'two uploads, ' || days::VARCHAR || ' days apart'
    FROM near
    QUALIFY row_number() OVER (PARTITION BY b_upload, b_row, a_upload ORDER BY days, a_row) = 1
),
pairs AS (
    SELECT a_upload, a_row, b_upload, b_row, min(basis) AS basis
    FROM (SELECT * FROM by_reference UNION ALL SELECT * FROM across_uploads)
    GROUP BY ALL
)
SELECT
    p.basis,
    coalesce(d.decision, 'open')                                                   AS decision,
    d.decided_by, d.decided_at, d.why,
    a.vendor                                                                       AS vendor,
    a.amount::DOUBLE                                                               AS amount,
    a.currency,
    a.amount_reporting::DOUBLE                                                     AS amount_reporting,
    a.is_tech,
    a.upload_id AS first_upload, a.source_row AS first_row, a.source_file AS first_file,
    a.source_sheet AS first_sheet, a.row_in_file AS first_row_in_file, a.txn_date AS first_date,
    a.reference AS first_reference, a.department AS first_department, a.description AS first_description,
    b.upload_id AS second_upload, b.source_row AS second_row, b.source_file AS second_file,
    b.source_sheet AS second_sheet, b.row_in_file AS second_row_in_file, b.txn_date AS second_date,
    b.reference AS second_reference, b.department AS second_department, b.vendor AS second_vendor,
    b.description AS second_description
FROM pairs p
JOIN lines a ON a.upload_id = p.a_upload AND a.source_row = p.a_row
JOIN lines b ON b.upload_id = p.b_upload AND b.source_row = p.b_row
LEFT JOIN duplicate_decisions d
  ON d.first_upload = p.a_upload AND d.first_row = p.a_row
 AND d.second_upload = p.b_upload AND d.second_row = p.b_row
ORDER BY abs(a.amount_reporting) DESC NULLS LAST, first_upload, first_row, second_upload, second_row

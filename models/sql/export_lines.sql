-- export_lines: every loaded line with its classification, for `techspend export` and downloads.
-- Grain: one row per ledger line (ledger_lines holds each line with its classification,
-- migration 016: a line not yet classified still appears, with empty classification columns).
-- Text cells are neutralised by models.excel_safe.neutralise_table when written (one policy for
-- every export): a vendor named '=HYPERLINK(...)' is exported as text.
SELECT
    l.source_file                          AS source_file,
    l.source_row,
    l.upload_id,
    l.txn_date                             AS date,
    l.date_basis,                          -- line | period column | sheet name | file name | given
    l.vendor                               AS vendor,
    l.vendor_canonical                     AS vendor_canonical,
    l.department                           AS department,
    l.cost_centre                          AS cost_centre,
    l.account_code                         AS account_code,
    l.account_name                         AS account,
    l.description                          AS description,
    l.reference                            AS reference,
    l.amount,
    l.currency,
    l.amount_reporting,
    l.quarter_label                        AS fiscal_quarter,
    l.is_tech,
    l.layer,
    l.it_owned,
    l.category,
    l.reason                               AS reason
FROM ledger_lines AS l
ORDER BY l.upload_id, l.source_row

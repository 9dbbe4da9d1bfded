"""The line table: every ledger line once, as read and as classified (migration 016).

`ledger_lines` holds each loaded line with its classification beside it (NULL until
classified); `classified_lines` is the view of the classified ones, with the columns the pages,
models and exports read (`department` there is the unit's display name, `department_canonical`
in the table; the table's `department` is the unit as written).

Classification (models.classification) is the one writer of the classification columns. Test
fixtures and benchmarks that make classified lines without running it write them with
`insert_classified_sql`: a query giving classified_lines' columns, in the view's order.

Worked example::

    cur.execute(insert_classified_sql("VALUES (1, 2, 'card.csv', DATE '2026-01-05', 'Slack', ...)"))
    # -> one ledger_lines row, department and department_canonical both the fixture's unit,
    #    shown by classified_lines as the table it replaced would have shown it
"""

from __future__ import annotations

# classified_lines' columns, in the view's order (migration 016; the table of migration 001)
CLASSIFIED_COLUMNS = (
    "upload_id", "source_row", "source_file", "txn_date", "vendor", "vendor_key",
    "vendor_canonical", "department", "cost_centre", "account_code", "account_name",
    "description", "reference", "amount", "currency", "mcc", "is_tech", "layer", "category",
    "it_owned", "customer_facing", "decided_by", "reason", "confidence", "fiscal_year",
    "fiscal_quarter", "quarter_key", "quarter_label", "amount_reporting", "fx_missing",
)


def insert_classified_sql(query: str) -> str:
    """An INSERT writing `query`'s rows (classified_lines' columns, in order) as classified
    ledger lines; the unit given is both the one as written and its display name."""
    return ("INSERT INTO ledger_lines BY NAME SELECT *, department AS department_canonical"
            f" FROM ({query}) AS q({', '.join(CLASSIFIED_COLUMNS)})")

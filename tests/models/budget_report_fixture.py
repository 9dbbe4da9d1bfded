"""A small hand-made company for the fiscal / FX / budget / board-pack tests.

Rows go straight into ledger_lines + classified_lines (the analytics contract), the way
models.classification.refresh() would leave them, so these tests do not depend on the classifier.
Fiscal columns are computed by the SQL macros of 001_core.sql with the store's start month.
"""

from __future__ import annotations

import contextlib
from datetime import date
from decimal import Decimal

from db import Store

LEDGER_FILE = "gl_fy2026.csv"

# A budget file with every kind of row (tests/ingest/test_budget_load.py, tests/models/test_budget.py)
BUDGET_CSV = (
    "Technology budget FY2026,,,,\n"                       # row 1 preamble
    "Department,Period,Amount,IT budget,Layer\n"             # row 2 header
    "Information Technology,FY2026,\"4,800.00\",Y,\n"        # row 3: 1,200 a quarter
    "Sales,2025-04,300,,SoE\n"                               # row 4: April only
    "Sales,May 2025,£300.00,,SoE\n"                          # row 5: May only
    "Sales,FY2026 Q2,900,,SoE\n"                             # row 6: next quarter
    "Finance,2026-Q1,600,,system of record\n"                # row 7: FY2026 Q1 = Apr-Jun 2025
    "Marketing,Apr-25,abc,,\n"                               # row 8 rejected: amount
    ",,,,\n"                                                 # row 9 excluded: blank
    "Total,,\"7,200.00\",,\n"                                # row 10 excluded: total
    "Legal,FY2026 Q5,100,,\n"                                # row 11 rejected: period
    "HR,2025-06,50,maybe,\n"                                 # row 12 rejected: flag
    "Facilities,2025-06,50,,Infrastructure\n"                # row 13 rejected: layer
).encode()

# An FX table with every kind of row (tests/ingest/test_fx_load.py, tests/models/test_fx.py)
FX_CSV = (
    "Exchange rates (month average),,,\n"
    "Month,From,To,Rate\n"
    "2025-04,USD,GBP,0.80\n"          # row 3 loaded
    "May 2025,usd,gbp,\"0,79\"\n"      # row 4 loaded (decimal comma, lower-case codes)
    "2025-06-15,EUR,GBP,0.85\n"       # row 5 loaded (a date in the month)
    ",,,\n"                           # row 6 excluded blank
    "2025-07,USD,GBP,abc\n"           # row 7 rejected rate
    "2025-13,USD,GBP,0.8\n"           # row 8 rejected month
    "2025-04,USD,GBP,0.80\n"          # row 9 excluded duplicate of row 3
    "2025-04,USD,GBP,0.81\n"          # row 10 rejected conflicting with row 3
    "2025-08,US Dollar,GBP,0.8\n"     # row 11 rejected currency
    "2025-08,GBP,GBP,1\n"             # row 12 excluded same currency
).encode()


def new_store(start_month: int = 4, currency: str = "GBP") -> Store:
    store = Store(":memory:")
    store.set_setting("fiscal_year_start_month", str(start_month))
    store.set_setting("reporting_currency", currency)
    return store


def add_upload(store: Store, file_name: str = LEDGER_FILE, rows: int = 0, total: str = "0") -> int:
    with store.transaction() as cur:
        return cur.execute(
            "INSERT INTO uploads (file_name, sha256, size_bytes, kind, dataset, rows_read, "
            "rows_loaded, rows_excluded, rows_rejected, control_total) "
            "VALUES (?, ?, 100, 'csv', 'ledger', ?, ?, 0, 0, ?) RETURNING upload_id",
            [file_name, "ab" * 32, rows, rows, Decimal(total)],
        ).fetchone()[0]


def add_lines(store: Store, upload_id: int, lines: list[dict]) -> None:
    """Each dict: txn_date (date), vendor, department, amount (str), optional currency ('GBP'),
    is_tech (bool), layer, category, it_owned (bool), rate (Decimal/str to convert; None with a
    foreign currency means the FX rate is missing), source_row."""
    start_month = int(store.setting("fiscal_year_start_month", "1"))
    reporting = store.setting("reporting_currency", "GBP")
    next_row = (store.scalar("SELECT max(source_row) FROM ledger_lines WHERE upload_id = ?", [upload_id]) or 1) + 1
    with store.transaction() as cur:
        for line in lines:
            source_row = line.get("source_row", next_row)
            next_row = source_row + 1
            currency = line.get("currency", reporting)
            amount = Decimal(str(line["amount"]))
            if currency == reporting:
                converted, missing = amount, False
            elif line.get("rate") is not None:
                converted, missing = (amount * Decimal(str(line["rate"]))).quantize(Decimal("0.01")), False
            else:
                converted, missing = None, True
            cur.execute(  # one ledger line, as loaded and classified (migration 016)
                "INSERT INTO ledger_lines (upload_id, source_row, source_file, txn_date, vendor, "
                "vendor_key, vendor_canonical, department, department_canonical, account_name, "
                "amount, currency, is_tech, layer, category, it_owned, customer_facing, decided_by, "
                "reason, confidence, fiscal_year, fiscal_quarter, quarter_key, quarter_label, "
                "amount_reporting, fx_missing) "
                "VALUES (?, ?, ?, ?::DATE, ?, upper(?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0.9, "
                "fiscal_year(?::DATE, ?), fiscal_quarter(?::DATE, ?), fiscal_quarter_key(?::DATE, ?), "
                "fiscal_quarter_label(?::DATE, ?), ?, ?)",
                [upload_id, source_row, LEDGER_FILE, line["txn_date"], line["vendor"], line["vendor"],
                 line.get("canonical", line["vendor"]), line["department"], line["department"],
                 line.get("account_name"),
                 amount, currency, line.get("is_tech", True), line.get("layer"),
                 line.get("category"), line.get("it_owned", False), line.get("customer_facing", False),
                 line.get("decided_by", "catalog"), line.get("reason", f"catalog: {line['vendor']}"),
                 line["txn_date"], start_month, line["txn_date"], start_month,
                 line["txn_date"], start_month, line["txn_date"], start_month,
                 converted, missing],
            )


def sample_company(store: Store) -> int:
    """Four quarters of FY2025 Q4 .. FY2026 Q2 (fiscal year from April) plus FY2025 Q1.

    Hand-picked so the quarter FY2026 Q1 (2025-04-01 .. 2025-06-30) has IT, outside-IT, SoR, SoE,
    non-tech, a foreign-currency line with a rate and one without, and a vendor whose name is a
    spreadsheet formula."""
    upload_id = add_upload(store, rows=13, total="0")
    add_lines(store, upload_id, [
        # FY2025 Q1 (same quarter last year)
        dict(txn_date=date(2024, 5, 10), vendor="Salesforce", department="Sales", amount="500.00",
             layer="SoE", category="Software & SaaS"),
        dict(txn_date=date(2024, 6, 1), vendor="AWS", department="Information Technology",
             amount="1000.00", layer="SoR", category="Cloud services", it_owned=True),
        # FY2025 Q4 (previous quarter)
        dict(txn_date=date(2025, 3, 31), vendor="Salesforce", department="Sales", amount="600.00",
             layer="SoE", category="Software & SaaS"),
        dict(txn_date=date(2025, 2, 14), vendor="AWS", department="Information Technology",
             amount="1100.00", layer="SoR", category="Cloud services", it_owned=True),
        # FY2026 Q1 (the quarter)
        dict(txn_date=date(2025, 4, 1), vendor="Salesforce", department="Sales", amount="700.00",
             layer="SoE", category="Software & SaaS"),
        dict(txn_date=date(2025, 4, 20), vendor="HubSpot", department="Marketing", amount="300.00",
             layer="SoE", category="Software & SaaS", currency="USD", rate="0.80"),
        dict(txn_date=date(2025, 5, 2), vendor="Xero", department="Finance", amount="150.00",
             layer="SoR", category="Software & SaaS"),
        dict(txn_date=date(2025, 6, 30), vendor="AWS", department="Information Technology",
             amount="1200.00", layer="SoR", category="Cloud services", it_owned=True),
        dict(txn_date=date(2025, 5, 5), vendor="Salesforce", department="Information Technology",
             amount="250.00", layer="SoE", category="Software & SaaS", it_owned=True),
        dict(txn_date=date(2025, 6, 3), vendor="Zoom", department="Marketing", amount="99.00",
             layer="SoR", category="Software & SaaS", currency="USD", rate=None),
        dict(txn_date=date(2025, 6, 10), vendor='=HYPERLINK("http://x","y")', department="Legal",
             amount="45.00", layer="SoR", category="Software & SaaS"),
        dict(txn_date=date(2025, 5, 15), vendor="Print Shop", department="Marketing",
             amount="80.00", is_tech=False, layer=None, category="Printing"),
        # FY2026 Q2 (after the quarter)
        dict(txn_date=date(2025, 7, 1), vendor="AWS", department="Information Technology",
             amount="1300.00", layer="SoR", category="Cloud services", it_owned=True),
    ])
    return upload_id


@contextlib.contextmanager
def sample_company_file(db_path):
    """The sample company in a database FILE (fiscal year from April), for tests that run the
    CLI on it; the file's store is closed afterwards."""
    from db import close_store, open_store

    store = open_store(db_path)
    store.set_setting("fiscal_year_start_month", "4")
    sample_company(store)
    try:
        yield store
    finally:
        close_store(db_path)

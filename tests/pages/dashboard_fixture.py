"""Hand-made classified lines for the dashboard page tests (figures worked out by hand).

Lines are written as classified lines (db.lines.insert_classified_sql; not produced by
classification) so the pages' figures can be checked against numbers worked out by hand. Vendor
names include markup and a formula that must be shown and exported literally.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from db.lines import insert_classified_sql
from db.store import Store

APP = str(Path(__file__).resolve().parents[2] / "app.py")

HOSTILE_HTML = "<img src=x onerror=alert(1)>"
HOSTILE_MD = "**bold** [x](http://e.x)"
HOSTILE_FORMULA = '=HYPERLINK("http://x","y")'

# (txn_date, department, vendor, is_tech, layer, category, it_owned, customer_facing, amount)
# amount None = no FX rate (fx_missing).
PAGE_LINES = [
    ("2025-01-15", "Information Technology", "Amazon Web Services", True, "SoR", "Cloud services", True, False, "600000.00"),
    ("2025-02-10", "Finance", "Xero", True, "SoR", "Software & SaaS", False, False, "100000.00"),
    ("2025-04-20", "Marketing", "HubSpot", True, "SoE", "Software & SaaS", False, True, "300000.00"),
    ("2025-05-01", "Marketing", "PrintCo", False, None, "Printing", False, True, "50000.00"),
    ("2025-05-02", "Marketing", "Canva", True, "SoE", "Software & SaaS", False, True, "120000.00"),
    ("2025-06-03", "Information Technology", "Canva", True, "SoR", "Software & SaaS", True, False, "300000.00"),
    ("2025-06-30", "Finance", "Zoom", True, "SoR", "Software & SaaS", False, False, None),
    ("2026-04-10", "Finance", "Xero", True, "SoR", "Software & SaaS", False, False, "110000.00"),
    ("2026-05-11", "Sales", HOSTILE_HTML, True, "SoE", "Software & SaaS", False, True, "45000.00"),
    ("2026-05-12", "Sales", HOSTILE_MD, True, "SoE", "Software & SaaS", False, True, "5000.00"),
    ("2026-05-13", "Finance", HOSTILE_FORMULA, True, "SoR", "Software & SaaS", False, False, "2500.00"),
]
# By hand: total 1,632,500 (Zoom has no rate); tech 1,582,500; IT 900,000; outside IT 682,500.
TOTAL = "1632500.00"
TECH = "1582500.00"
OUTSIDE_IT = "682500.00"


def insert_lines(store: Store, rows=PAGE_LINES, *, upload_id: int = 1) -> None:
    with store.transaction() as cur:
        for i, (d, dept, vendor, is_tech, layer, cat, it, cf, amt) in enumerate(rows, start=1):
            cur.execute(insert_classified_sql(
                """
                VALUES (
                    ?, ?, ?, ?::DATE, ?, lower(?), ?, ?, NULL, NULL, 'Expenses', NULL, NULL,
                    ?::DECIMAL(18,2), ?, NULL, ?, ?, ?, ?, ?, 'catalog', 'fixture', 1.0,
                    fiscal_year(?::DATE, 1), fiscal_quarter(?::DATE, 1),
                    fiscal_quarter_key(?::DATE, 1), fiscal_quarter_label(?::DATE, 1),
                    ?::DECIMAL(18,2), ?)
                """),
                [
                    upload_id, i + 1, "ledger.csv", d, vendor, vendor, vendor, dept,
                    amt or "99.00", "GBP" if amt else "USD", is_tech, layer, cat, it, cf,
                    d, d, d, d, amt, amt is None,
                ],
            )


def open_page(page: str, query: dict | None = None, timeout: int = 120) -> AppTest:
    """The app opened on `page` (with `query` in the URL), run without an exception."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    if query:
        at.query_params.update(query)
    at.run()
    if page != "pages/overview.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at

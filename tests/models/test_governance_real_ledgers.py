"""Subscriptions and duplicate payments on real public ledgers (../shared/real_ledgers; never
copied into the repository). Figures hand-checked and written in the README:

* Kirklees purchase cards, Q1 2024-25 (three months): the technology series found are web
  hosting (Krystal, 37.00), Canva (12.99), Webex (12.50) and Linktree (2.50) — each a monthly
  plan charged on the same day of each month: 4 of 4 are subscriptions.
* Single-month card files (Birmingham May 2017, Toronto Nov 2017) cannot show a cadence: none.
* Bury, Sept 2023, holds legitimate exact-duplicate lines: not one candidate pair (they share no
  reference and are in one upload). The same file loaded a second time as a re-export (another
  file, same rows) pairs every line with its own copy: the overlapping-extract case.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

import workspace
from models.governance import duplicates, subscriptions

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "real_ledgers"
pytestmark = [
    pytest.mark.real_ledgers,
    pytest.mark.skipif(not REAL.is_dir(), reason=f"real ledgers not present at {REAL}"),
]


def load(tmp_path, *paths: Path):
    store = workspace.open_workspace(tmp_path / "real.duckdb")
    for path in paths:
        assert workspace.load_file(store, path.name, path.read_bytes(), currency="GBP").status == "loaded"
    return store


def test_kirklees_card_subscriptions_are_the_monthly_plans(tmp_path):
    store = load(tmp_path, REAL / "kirklees" / "Purchase-Card-Transactions-Quarter-1-2024-25.xlsx")
    found = subscriptions.subscriptions(store)
    assert set(found["vendor"].str.upper()) == {"KRYSTAL HOSTING", "CANVA", "WEBEX", "LINKTREE  LINKTREE"}
    assert set(found["cadence"]) == {"monthly"}
    canva = found[found["vendor"] == "Canva"].iloc[0]
    assert canva["typical_amount"] == pytest.approx(12.99) and canva["annual_run_rate"] == pytest.approx(155.88)
    store.close()


def test_one_month_of_card_lines_shows_no_cadence(tmp_path):
    store = load(tmp_path, REAL / "birmingham_city_council" / "cusersfinainmndesktoppublish-spend-may-2017.xls")
    assert subscriptions.subscriptions(store, tech_only=False).empty
    store.close()


def test_bury_legitimate_equal_lines_are_not_candidates_but_a_reexport_is(tmp_path):
    source = REAL / "bury" / "bury_sep_2023.xlsx"
    store = load(tmp_path, source)
    assert duplicates.candidates(store).empty
    # the same ledger re-exported (CSV from the workbook's ledger sheet): every row again
    wb = openpyxl.load_workbook(source, read_only=True, data_only=True)
    sheet = max(wb.worksheets, key=lambda ws: ws.max_row or 0)
    out = io.StringIO()
    import csv
    writer = csv.writer(out)
    for row in sheet.iter_rows(values_only=True):
        writer.writerow(["" if v is None else (v.date().isoformat() if hasattr(v, "date") else v) for v in row])
    again = workspace.load_file(store, "bury_sep_2023_reexport.csv", out.getvalue().encode("utf-8"),
                                currency="GBP")
    assert again.status == "loaded" and again.rows_loaded == 2879
    pairs = duplicates.candidates(store)
    copies = pairs[pairs["first_row_in_file"] == pairs["second_row_in_file"]]
    # every line with a vendor and a non-zero amount finds its copy; other pairs are rare
    assert len(copies) >= 0.95 * 2879
    assert len(pairs) - len(copies) <= 0.05 * len(copies)
    store.close()

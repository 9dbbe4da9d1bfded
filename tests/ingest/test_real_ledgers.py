"""The public ledgers in ../shared/real_ledgers reproduce their published control figures.

The figures come from shared/real_ledgers/README.md, computed there independently of techspend
(plain csv/xlrd/openpyxl and Decimal arithmetic). Skipped when the folder is absent.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from db import Store
from ingest import load_file

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "real_ledgers"

pytestmark = [
    pytest.mark.real_ledgers,
    pytest.mark.skipif(not REAL.is_dir(), reason=f"real ledgers not present at {REAL}"),
]

# (file, options, lines loaded, control total, currency). Options never name a column: the
# mapping must be found from the file alone. Where the file carries no currency evidence at all,
# the currency is given as a person would (the CLI's --currency).
CASES = [
    ("oxford_city_council/expenditure-over-500-oct-dec-2017.csv", {}, 3855, "17382055.90", "GBP"),
    ("phoenix/march-2018.csv", {"currency": "USD"}, 54354, "148443591.31", "USD"),
    ("toronto/PCard Expenses_2017_11_Final.xlsx", {}, 4823, "1259625.67", "CAD"),
    ("birmingham_city_council/cusersfinainmndesktoppublish-spend-may-2017.xls", {}, 5255,
     "274541.22", "GBP"),
    ("devon_cc/DCCSpendingOver500_201006.xls", {}, 8271, "36858477.13", "GBP"),
    ("cd44_loire_atlantique/224400028_subventions-aux-associations-du-departement-de-loire-"
     "atlantique.csv", {"currency": "EUR"}, 18116, "506914236.63", "EUR"),
    ("cgu_brazil/202110_CPGF.csv", {"currency": "BRL"}, 8621, "5619007.95", "BRL"),
    ("bury/bury_sep_2023.xlsx", {}, 2879, "10291655.01", "GBP"),
    ("durham_pcc/durham_pcc_2024-25.xlsx", {}, 658, "11501372.72", "GBP"),
    ("craven_dc/payments.csv", {}, 171, "726583.94", "GBP"),
    ("blackpool/Purchase-card-spend-over-250-May-2022.csv", {}, 204, "88587.57", "GBP"),
    ("suffolk_cc/SCC-250SpendAllCols-Apr23-formatted.csv", {}, 19725, "80459913.24", "GBP"),
    ("kirklees/Purchase-Card-Transactions-Quarter-1-2024-25.xlsx", {}, 2723, "339567.62", "GBP"),
    ("east_suffolk/spending_2025_02_february.csv", {}, 824, "29397399.31", "GBP"),
    ("harrow/q1_apr_jun_2023.xlsx", {}, 11164, "92591574.88", "GBP"),
]


@pytest.mark.parametrize("path, options, lines, total, currency", CASES,
                         ids=[c[0].split("/")[0] for c in CASES])
def test_control_figures_are_reproduced_exactly(path, options, lines, total, currency):
    store = Store(":memory:")
    result = load_file(store, Path(path).name, (REAL / path).read_bytes(), **options)
    assert result.rows_loaded == lines
    assert result.control_total == Decimal(total)
    assert result.totals_by_currency == {currency: Decimal(total)}
    assert result.reconciles
    assert store.rows("SELECT count(*), sum(amount) FROM ledger_lines") == [(lines, Decimal(total))]


def test_toronto_subtotal_and_grand_total_rows_are_excluded_not_summed():
    store = Store(":memory:")
    path = REAL / "toronto/PCard Expenses_2017_11_Final.xlsx"
    result = load_file(store, path.name, path.read_bytes())
    # 1,270 subtotal rows + the 5-row grand-total block, each with a reason
    assert result.rows_excluded == 1275
    assert store.scalar("SELECT count(*) FROM row_issues WHERE reason LIKE 'Subtotal row%'"
                        " OR reason LIKE 'Row with no date%'") == 1275
    assert result.mapping["amount"] == "Transaction Amt."      # billing, not original
    assert result.mapping["department"].strip() == "Division"


def test_phoenix_it_department_total():
    store = Store(":memory:")
    path = REAL / "phoenix/march-2018.csv"
    load_file(store, path.name, path.read_bytes(), currency="USD")
    got = store.rows("SELECT count(*), sum(amount) FROM ledger_lines"
                     " WHERE department = 'Information Technology Services'")
    assert got == [(913, Decimal("10815423.31"))]


def test_phoenix_dates_are_month_first():
    store = Store(":memory:")
    path = REAL / "phoenix/march-2018.csv"
    load_file(store, path.name, path.read_bytes(), currency="USD")
    lo, hi = store.rows("SELECT min(txn_date), max(txn_date) FROM ledger_lines")[0]
    assert (lo.year, lo.month) == (2018, 3) and (hi.year, hi.month) == (2018, 3)

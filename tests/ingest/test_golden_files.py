"""Golden files: one tiny hand-made file per case, expectations worked out by hand.

Each case asserts what a CFO relies on: how many rows were read / loaded / excluded / rejected,
the control total to the cent, and (where it matters) which source row each line came from.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from db import Store
from ingest import IngestError, load_file, preview_file

DATA = Path(__file__).resolve().parents[1] / "data"


def load(name: str, store: Store | None = None, **kwargs):
    store = store or Store(":memory:")
    return store, load_file(store, name, (DATA / name).read_bytes(), **kwargs)


def lines(store: Store, upload_id: int) -> list[tuple]:
    return store.rows(
        "SELECT source_row, txn_date, vendor, department, amount, currency FROM ledger_lines"
        " WHERE upload_id = ? ORDER BY source_row", [upload_id])


@pytest.mark.parametrize(
    "name, read, loaded, excluded, rejected, total",
    [
        ("preamble.csv", 3, 3, 0, 0, "2250.49"),        # net amounts, not gross
        ("total_row.csv", 6, 3, 3, 0, "1150.25"),       # subtotal + Total + Grand Total excluded
        ("debit_credit.csv", 3, 3, 0, 0, "1225.10"),    # 500 - 120 + 845.10
        ("decimal_comma.csv", 3, 3, 0, 0, "1147.06"),   # 1.234,56 - 99,50 + 12,00
        ("cr_only.csv", 2, 2, 0, 0, "1000.50"),
        ("cp1252.csv", 2, 2, 0, 0, "17.40"),
        ("ambiguous_dates.csv", 3, 3, 0, 0, "60.00"),
        ("bad_values.csv", 5, 2, 0, 3, "60.00"),
        ("us_card.csv", 3, 3, 0, 0, "1209.56"),         # $1,234.56 - ($45.00) + $20.00
        ("blank_ragged.csv", 6, 3, 3, 0, "60.00"),      # 3 blank lines are rows too
        ("multiline.csv", 2, 2, 0, 0, "30.00"),
        ("amount_forms.csv", 3, 3, 0, 0, "887.50"),     # 12.50- , 100.00 CR , £ 1 000.00
        ("ap_register.xlsx", 4, 3, 1, 0, "1110.25"),
        ("ap_register.xls", 4, 3, 1, 0, "1110.25"),
    ],
)
def test_every_row_is_accounted_for(name, read, loaded, excluded, rejected, total):
    store, result = load(name)
    assert (result.rows_read, result.rows_loaded, result.rows_excluded, result.rows_rejected) == (
        read, loaded, excluded, rejected)
    assert result.reconciles
    assert result.control_total == Decimal(total)
    # the database agrees with the report, to the cent
    assert store.rows("SELECT count(*), sum(amount) FROM ledger_lines") == [(loaded, Decimal(total))]
    assert store.scalar("SELECT count(*) FROM row_issues") == excluded + rejected
    assert store.rows("SELECT rows_read, control_total FROM uploads") == [(read, Decimal(total))]


def test_preamble_rows_are_skipped_and_rows_numbered_as_in_the_file():
    store, result = load("preamble.csv")
    assert result.header_row == 5
    assert [r[0] for r in lines(store, result.upload_id)] == [6, 7, 8]
    assert any("title/parameter row" in n for n in result.notes)
    assert result.mapping["amount"] == "Net Amount"


def test_total_rows_are_excluded_with_a_reason_and_never_summed():
    store, result = load("total_row.csv")
    issues = store.rows("SELECT source_row, disposition, reason FROM row_issues ORDER BY 1")
    assert [(r, d) for r, d, _ in issues] == [(4, "excluded"), (6, "excluded"), (7, "excluded")]
    assert "Subtotal" in issues[0][2]
    assert "Total" in issues[1][2] and "Grand Total" in issues[2][2]


def test_debit_minus_credit_and_cost_centre_as_department():
    store, result = load("debit_credit.csv")
    got = lines(store, result.upload_id)
    assert [r[4] for r in got] == [Decimal("500.00"), Decimal("-120.00"), Decimal("845.10")]
    assert got[0][3] == "Information Technology"


def test_decimal_comma_and_semicolons_and_european_dates():
    store, result = load("decimal_comma.csv")
    got = lines(store, result.upload_id)
    assert got[0][1] == dt.date(2025, 1, 15)
    assert [r[4] for r in got] == [Decimal("1234.56"), Decimal("-99.50"), Decimal("12.00")]


def test_bare_cr_line_endings():
    store, result = load("cr_only.csv")
    got = lines(store, result.upload_id)
    assert [(r[0], r[1]) for r in got] == [(2, dt.date(2025, 2, 1)), (3, dt.date(2025, 2, 15))]


def test_windows_1252_text_is_decoded():
    store, result = load("cp1252.csv")
    assert [r[2] for r in lines(store, result.upload_id)] == ["Café Nero", "Société Générale"]
    assert any("Windows-1252" in n for n in result.notes)


@pytest.mark.parametrize("order, expected", [
    (None, [dt.date(2025, 2, 1), dt.date(2025, 4, 3), dt.date(2025, 6, 5)]),
    ("dmy", [dt.date(2025, 2, 1), dt.date(2025, 4, 3), dt.date(2025, 6, 5)]),
    ("mdy", [dt.date(2025, 1, 2), dt.date(2025, 3, 4), dt.date(2025, 5, 6)]),
])
def test_ambiguous_dates_are_said_and_the_user_chooses(order, expected):
    store, result = load("ambiguous_dates.csv", date_order=order)
    assert [r[1] for r in lines(store, result.upload_id)] == expected
    if order is None:
        assert any("ambiguous" in n for n in result.notes)


def test_unparseable_values_reject_the_row_quoting_the_value():
    store, result = load("bad_values.csv")
    issues = dict(store.rows("SELECT source_row, reason FROM row_issues WHERE disposition = 'rejected'"))
    assert set(issues) == {3, 4, 6 - 1}
    assert '"abc"' in issues[3]
    assert "empty" in issues[4]
    assert '"2025-02-30"' in issues[5]
    # nothing became zero or today
    assert store.scalar("SELECT count(*) FROM ledger_lines WHERE amount = 0") == 0
    assert [r[0] for r in lines(store, result.upload_id)] == [2, 6]


def test_us_card_export():
    store, result = load("us_card.csv", currency="USD")
    got = store.rows("SELECT txn_date, vendor, amount, currency, mcc, description FROM ledger_lines"
                     " ORDER BY source_row")
    assert got[0] == (dt.date(2025, 8, 14), "ZOOM.US 888-799-9666", Decimal("1234.56"), "USD",
                      "4816", "Webinar plan")
    assert got[1][2] == Decimal("-45.00")
    assert got[2][0] == dt.date(2025, 12, 1)


def test_blank_lines_and_ragged_rows_keep_line_numbers_and_every_cell():
    store, result = load("blank_ragged.csv")
    assert [r[0] for r in lines(store, result.upload_id)] == [2, 4, 7]
    blanks = store.rows("SELECT source_row FROM row_issues WHERE reason = 'Blank row.' ORDER BY 1")
    assert [r[0] for r in blanks] == [3, 5, 6]
    # no cell dropped: 'extra' is under the Note heading (the description), the two cells
    # beyond the header are kept with the row's unmapped columns
    assert store.scalar("SELECT description FROM ledger_lines WHERE source_row = 4") == "extra"
    assert store.scalar("SELECT cells FROM source_rows WHERE source_row = 4") == ["cells", "here"]
    columns = store.scalar("SELECT mapping->>'source_rows_columns' FROM uploads")
    assert columns == '["column_6","column_7"]'



def test_quoted_cells_spanning_lines_number_rows_by_their_first_line():
    store, result = load("multiline.csv")
    got = store.rows("SELECT source_row, description FROM ledger_lines ORDER BY 1")
    assert got == [(2, "Line one\nline two"), (4, "plain")]


def test_workbook_picks_the_ledger_sheet_and_counts_title_rows():
    for name in ("ap_register.xlsx", "ap_register.xls"):
        store, result = load(name)
        assert result.sheet == "Invoices"
        assert result.header_row == 4
        assert any("looks like the ledger" in n for n in result.notes)
        got = store.rows("SELECT source_row, txn_date, vendor, amount, currency FROM ledger_lines"
                         " ORDER BY 1")
        assert [r[0] for r in got] == [5, 6, 7]
        assert got[0][1] == dt.date(2025, 1, 15)
        assert result.totals_by_currency == {"GBP": Decimal("1100.25"), "USD": Decimal("10.00")}
        # the formula-like vendor is stored literally (neutralised only on export)
        assert got[2][2] == '=HYPERLINK("http://x","y")'


def test_the_user_can_pick_a_sheet_and_override_a_column():
    store, result = load("ap_register.xlsx", overrides={"amount": "Gross Amount"})
    assert result.control_total == Decimal("1332.30")  # 960.00 + 360.30 + 12.00
    assert result.mapping["amount"] == "Gross Amount"
    with pytest.raises(IngestError, match="no sheet named"):
        load("ap_register.xlsx", sheet="Nope")
    with pytest.raises(IngestError, match="no column 'Nope'"):
        load("ap_register.xlsx", overrides={"amount": "Nope"})


@pytest.mark.parametrize("name, message", [
    ("no_amount.csv", "no amount column"),
    ("empty.csv", "empty"),
    ("not_a_spreadsheet.pdf", "not a data export"),
    ("encrypted.xlsx", "password-protected"),
])
def test_unreadable_files_get_one_clear_message_naming_the_file(name, message):
    store = Store(":memory:")
    before = store.version()
    with pytest.raises(IngestError) as info:
        load(name, store)
    assert name in str(info.value) and message in str(info.value)
    assert store.version() == before
    assert store.scalar("SELECT count(*) FROM uploads") == 0


def test_preview_writes_nothing_and_predicts_the_load():
    store = Store(":memory:")
    preview = preview_file("total_row.csv", (DATA / "total_row.csv").read_bytes(), store=store)
    assert (preview.rows_read, preview.rows_loaded, preview.rows_excluded) == (6, 3, 3)
    assert preview.control_total == Decimal("1150.25")
    assert list(preview.rows["row"]) == [2, 3, 4, 5, 6, 7]
    assert store.scalar("SELECT count(*) FROM ledger_lines") == 0

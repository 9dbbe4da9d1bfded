"""dashboard helpers (formerly pages/ui.py): money formatting, markdown escaping, and exports that never evaluate data."""

from __future__ import annotations

import io

import pandas as pd
from dashboard_fixture import HOSTILE_FORMULA, HOSTILE_MD
from openpyxl import load_workbook

import dashboard as ui


def test_money_formats():
    assert ui.money(1632500, "GBP") == "£1,632,500"
    assert ui.money(-1234.5, "EUR") == "-€1,234"  # rounded to whole units, sign before symbol
    assert ui.money_compact(1632500, "GBP") == "£1.6M"
    assert ui.money_compact(682500, "USD") == "$682.5k"
    assert ui.money_compact(999, "GBP") == "£999"
    assert ui.money_compact(999_960, "GBP") == "£1.0M"  # not "£1,000.0k"
    assert ui.money_compact(2.5e9, "SEK") == "SEK 2.5B"
    assert ui.signed_money(1200, "GBP") == "+£1.2k" and ui.signed_money(-300, "GBP") == "-£300"
    assert ui.percent(0.4312) == "43.1%" and ui.percent(None) == "–"


def test_escape_md_makes_markup_literal():
    escaped = ui.escape_md(HOSTILE_MD)
    assert "**" not in escaped.replace("\\*", "")
    assert escaped.replace("\\", "") == HOSTILE_MD


FRAME = pd.DataFrame(
    {
        "vendor": [HOSTILE_FORMULA, "+44 20 7946 0000", "-minus", "@SUM(A1)", "\tTab", "Plain Ltd"],
        "spend": [1.5, -2.0, 3.0, 4.0, 5.0, 6.0],
    }
)


def test_csv_download_neutralises_formula_cells():
    text = ui.to_csv_bytes(FRAME).decode("utf-8-sig")
    rows = pd.read_csv(io.StringIO(text), keep_default_na=False)
    assert list(rows["vendor"][:5]) == ["'" + v for v in FRAME["vendor"][:5]]
    assert rows["vendor"][5] == "Plain Ltd"
    assert list(rows["spend"]) == list(FRAME["spend"])  # numbers, negatives included, untouched


def test_xlsx_download_stores_text_as_text():
    wb = load_workbook(io.BytesIO(ui.to_xlsx_bytes(FRAME, "shadow_it")))
    ws = wb["shadow_it"]
    assert [c.value for c in ws[1]] == ["vendor", "spend"]
    for row, expected in zip(ws.iter_rows(min_row=2), FRAME.itertuples(index=False)):
        assert row[0].value == expected.vendor  # the value itself is unchanged
        assert row[0].data_type == "s"  # never a formula
        assert row[1].value == expected.spend and row[1].data_type == "n"
    assert ws["A2"].quotePrefix is True
    assert ws.freeze_panes == "A2"

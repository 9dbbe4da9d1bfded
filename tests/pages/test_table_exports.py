"""Downloads hold what the page shows (#12 item 5) and no cell reads None/nan (#12 item 1).

Uses the pages' own column configs (dashboard.format helpers), so a changed label or format on
the page changes the download with it.
"""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st
from openpyxl import load_workbook

import dashboard as ui
from dashboard.tables import MISSING, export_frame, format_number, screen_frame

FRAME = pd.DataFrame({
    "department": ["Marketing", None],
    "tech_spend": [1234.5, 99.0],
    "share_of_tech": [0.2171, 0.05],
    "change_pct_vs_previous": [0.25, float("nan")],
    "it_owned": [False, True],
})
CONFIG = {
    "department": st.column_config.TextColumn("Department"),
    "tech_spend": ui.money_column("Technology spend", "GBP"),
    "share_of_tech": ui.share_column("Share of technology"),
    "change_pct_vs_previous": ui.change_pct_column("Change %"),
}


def test_download_has_on_screen_headers_and_shares_as_percent():
    out = export_frame(FRAME, CONFIG)
    assert list(out.columns) == ["Department", "Technology spend", "Share of technology",
                                 "Change %", "It owned"]  # unlabelled: the name in words
    assert list(out["Share of technology"]) == ["21.7%", "5.0%"]
    assert list(out["Change %"]) == ["25.0%", None]  # no base: an empty cell, never "nan"
    assert list(out["It owned"]) == ["No", "Yes"]
    assert list(out["Technology spend"]) == [1234.5, 99.0]  # money stays a number
    csv = ui.to_csv_bytes(out).decode("utf-8-sig")
    assert csv.splitlines()[0] == "Department,Technology spend,Share of technology,Change %,It owned"
    assert "nan" not in csv.lower() and "None" not in csv
    sheet = load_workbook(io.BytesIO(ui.to_xlsx_bytes(out))).active
    assert [c.value for c in sheet[1]][:4] == ["Department", "Technology spend",
                                              "Share of technology", "Change %"]
    assert sheet["C2"].value == "21.7%"


def test_screen_shows_a_dash_for_gaps_and_keeps_full_columns_numeric():
    screen, config = screen_frame(FRAME, CONFIG)
    assert list(screen["change_pct_vs_previous"]) == ["25.0%", MISSING]
    assert config["change_pct_vs_previous"]["label"] == "Change %"
    assert list(screen["department"]) == ["Marketing", MISSING]
    assert screen["tech_spend"].dtype.kind == "f"  # no gap: still a number, sorted as one
    assert config["tech_spend"] is CONFIG["tech_spend"]


def test_number_formats_follow_the_column_format():
    assert format_number(-1234.4, "£%,.0f") == "-£1,234"
    assert format_number(1234.4, "%+,.0f") == "+1,234"
    assert format_number(7, "%d") == "7"
    assert format_number(float("nan"), "percent") == MISSING

"""Tables and downloads: st.dataframe with its CSV and XLSX, every text cell spreadsheet-safe.

Business rule: every table can be downloaded exactly as shown, as CSV and XLSX; text that a
spreadsheet would evaluate (= + - @, tab, CR, also after leading spaces) is neutralised by the one
helper, models.excel_safe: CSV gets a leading apostrophe; XLSX cells are typed as text with
Excel's quote prefix (the value itself is unchanged).
"""

from __future__ import annotations

import io
import re
from typing import Any, Iterable

import pandas as pd
import streamlit as st

from models.excel_safe import neutralise_frame, set_cell


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    return neutralise_frame(frame).to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    """One sheet, bold frozen header; every text cell stored as text (never a formula)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=re.sub(r"[\[\]:*?/\\]", " ", sheet)[:31] or "data")
    ws.freeze_panes = "A2"
    header = []
    for name in frame.columns:
        cell = WriteOnlyCell(ws)
        set_cell(cell, str(name))
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    for row in frame.itertuples(index=False, name=None):
        out = []
        for value in row:
            if value is None or (not isinstance(value, str) and _isna(value)):
                out.append(None)
                continue
            if isinstance(value, pd.Timestamp):
                value = value.to_pydatetime()
            cell = WriteOnlyCell(ws)
            set_cell(cell, value)
            out.append(cell)
        ws.append(out)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _isna(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def download_buttons(frame: pd.DataFrame, file_stem: str, *, key: str) -> None:
    """CSV and XLSX of `frame` (generated when clicked)."""
    with st.container(horizontal=True):
        st.download_button(
            "CSV",
            data=lambda: to_csv_bytes(frame),
            file_name=f"{file_stem}.csv",
            mime="text/csv",
            key=f"{key}_csv",
            on_click="ignore",
            help="Download this table as CSV",
        )
        st.download_button(
            "XLSX",
            data=lambda: to_xlsx_bytes(frame, file_stem),
            file_name=f"{file_stem}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"{key}_xlsx",
            on_click="ignore",
            help="Download this table as an Excel workbook",
        )


def table(
    frame: pd.DataFrame,
    *,
    key: str,
    file_stem: str,
    column_config: dict[str, Any] | None = None,
    columns: Iterable[str] | None = None,
    selectable: bool = False,
    height: int | str = "auto",
) -> Any:
    """st.dataframe with column_config + CSV/XLSX downloads of exactly the columns shown.

    Returns the selection event when `selectable` (single row), else None.
    """
    shown = frame[list(columns)] if columns is not None else frame
    kwargs: dict[str, Any] = dict(
        hide_index=True, column_config=column_config or {}, width="stretch", height=height, key=key
    )
    if selectable:
        kwargs.update(on_select="rerun", selection_mode="single-row")
    event = st.dataframe(shown, **kwargs)
    download_buttons(shown, file_stem, key=f"dl_{key}")
    return event if selectable else None

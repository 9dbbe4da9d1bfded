"""Tables and downloads: st.dataframe with its CSV and XLSX, every text cell spreadsheet-safe.

Business rules:
* every table can be downloaded as shown, as CSV and XLSX: the on-screen column headers (not
  snake_case), shares as percentages ('21.7%', not 0.217), yes/no for ticks, missing values as
  empty cells;
* no literal "None" / "nan" on screen: a missing number or text is shown as "—" (a numeric column
  with a gap is shown as text in its own format, e.g. "+12.3%" / "—" for a change with no base);
* text that a spreadsheet would evaluate (= + - @, tab, CR, also after leading spaces) is
  neutralised by the one helper, models.excel_safe: CSV gets a leading apostrophe; XLSX cells are
  typed as text with Excel's quote prefix (the value itself is unchanged).

Worked example: a "Change %" column [0.25, NaN] with NumberColumn(format="percent") shows as
["25.0%", "—"] and downloads under the header "Change %" as ["25.0%", empty cell].
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


MISSING = "—"
_PRINTF = re.compile(r"^(?P<pre>.*?)%(?P<plus>\+?)(?P<comma>,?)(?:\.(?P<dec>\d+))?(?P<kind>[fd])(?P<post>.*)$")


def _config(column_config: dict[str, Any], name: str) -> dict[str, Any]:
    conf = column_config.get(name)
    if isinstance(conf, str):
        return {"label": conf}
    return dict(conf) if isinstance(conf, dict) else {}


def _type_config(conf: dict[str, Any]) -> dict[str, Any]:
    return dict(conf.get("type_config") or {})


def header(name: str, column_config: dict[str, Any]) -> str:
    """The header the page shows for a column: its label, else the name in words."""
    label = _config(column_config, name).get("label")
    return str(label) if label else str(name).replace("_", " ").capitalize()


def is_percent(conf: dict[str, Any]) -> bool:
    return _type_config(conf).get("format") == "percent"


def format_number(value: Any, fmt: str | None, *, percent: bool = False) -> str:
    """One number as the page shows it: 'percent' -> '21.7%'; '£%,.0f' -> '£1,235'; NaN -> —."""
    if value is None or _isna(value):
        return MISSING
    number = float(value)
    if percent or fmt == "percent":
        return f"{number * 100:.1f}%"
    match = _PRINTF.match(fmt or "")
    if not match:
        return f"{number:,.2f}".rstrip("0").rstrip(".") if number % 1 else f"{number:,.0f}"
    decimals = 0 if match["kind"] == "d" else int(match["dec"] or 0)
    spec = f"{'+' if match['plus'] else ''}{',' if match['comma'] else ''}.{decimals}f"
    text = format(number, spec)
    pre = match["pre"].replace("%%", "%")
    if text.startswith("-") and pre:  # -£1,234, not £-1,234
        return "-" + pre + text[1:] + match["post"]
    return pre + text + match["post"]


def screen_frame(frame: pd.DataFrame, column_config: dict[str, Any]) -> tuple[pd.DataFrame, dict]:
    """The frame and config st.dataframe gets: no cell reads "None" or "nan".

    A text column's gaps become "—"; a numeric column with gaps becomes text in its own format
    (its config a TextColumn with the same label and help), so "Change %" shows "—", not "None".
    """
    out = frame.copy()
    config = dict(column_config)
    for name in out.columns:
        col = out[name]
        if not col.isna().any():
            continue
        conf = _config(column_config, name)
        kind = _type_config(conf).get("type")
        if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
            fmt = _type_config(conf).get("format")
            out[name] = [format_number(v, fmt, percent=kind == "progress") for v in col]
            config[name] = st.column_config.TextColumn(
                conf.get("label") or header(name, column_config), help=conf.get("help"),
                width=conf.get("width"),
            )
        elif pd.api.types.is_string_dtype(col) or col.dtype == object:
            out[name] = col.astype(object).where(col.notna(), MISSING)
    return out, config


def export_frame(frame: pd.DataFrame, column_config: dict[str, Any]) -> pd.DataFrame:
    """What the CSV/XLSX download holds: on-screen headers, shares as '21.7%', ticks as Yes/No."""
    columns = {}
    for name in frame.columns:
        col = frame[name]
        conf = _config(column_config, name)
        if is_percent(conf) and pd.api.types.is_numeric_dtype(col):
            col = pd.Series([None if _isna(v) else format_number(v, "percent") for v in col],
                            index=frame.index, dtype=object)
        elif pd.api.types.is_bool_dtype(col) or _type_config(conf).get("type") == "checkbox":
            col = col.map(lambda v: None if _isna(v) else ("Yes" if bool(v) else "No")).astype(object)
        elif (pd.api.types.is_string_dtype(col) or col.dtype == object):
            col = col.astype(object).where(col.notna() & (col.astype(object) != MISSING), None)
        label = header(name, column_config)
        while label in columns:  # two columns with one label stay two columns
            label += " "
        columns[label] = col
    return pd.DataFrame(columns, index=frame.index)


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
    """st.dataframe with column_config + CSV/XLSX downloads of exactly the columns shown, under
    the headers shown (see `screen_frame` and `export_frame`).

    Returns the selection event when `selectable` (single row), else None.
    """
    shown = frame[list(columns)] if columns is not None else frame
    config = column_config or {}
    screen, screen_config = screen_frame(shown, config)
    kwargs: dict[str, Any] = dict(
        hide_index=True, column_config=screen_config, width="stretch", height=height, key=key
    )
    if selectable:
        kwargs.update(on_select="rerun", selection_mode="single-row")
    event = st.dataframe(screen, **kwargs)
    download_buttons(export_frame(shown, config), file_stem, key=f"dl_{key}")
    return event if selectable else None

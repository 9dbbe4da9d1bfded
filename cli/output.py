"""How the techspend command prints a table: aligned text for a person, or JSON for a script.

Business rule: what the shell shows is what a person reads, never a raw pandas frame: no "NaN",
"None" or "NaT" (a missing value is "—" in text and null in JSON), no microsecond timestamps
(minutes in text, seconds in JSON), amounts with thousands separators and two decimals, shares
as percentages, flags as yes/no, and headers in words. `--json` prints the same rows as a list of
objects keyed by the column names (stable for scripts).

Worked example::

    print_table(frame, [Column("rule_id", "#", "int"), Column("amount", "Amount", "money"),
                        Column("created_at", "Created", "datetime")], as_json=False)
    #   Amount             Created
    1   1,234.50  2026-11-30 09:15
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Iterable, Sequence

MISSING = "—"
MAX_TEXT = 48
KINDS = ("text", "int", "money", "pct", "bool", "datetime", "date", "month", "rate")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = "text"  # one of KINDS

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


def is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:  # pandas NA / NaT
        return bool(value != value)
    except (TypeError, ValueError):
        return False


def _as_datetime(value: Any) -> datetime | date | None:
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime()
    return value if isinstance(value, (datetime, date)) else None


def text_cell(value: Any, kind: str) -> str:
    """One value as a person reads it in the shell."""
    if is_missing(value):
        return MISSING
    if kind == "int":
        return f"{int(value):,}"
    if kind == "money":
        return f"{float(value):,.2f}"
    if kind == "pct":
        return f"{float(value) * 100:.1f}%"
    if kind == "rate":
        return f"{float(value):.8g}"
    if kind == "bool":
        return "yes" if bool(value) else "no"
    if kind in ("datetime", "date", "month"):
        moment = _as_datetime(value)
        if moment is None:
            return str(value)
        if kind == "month":
            return f"{moment:%Y-%m}"
        if kind == "date" or not isinstance(moment, datetime):
            return f"{moment:%Y-%m-%d}"
        return f"{moment:%Y-%m-%d %H:%M}"
    text = " ".join(str(value).split())  # one line per row, whatever the cell held
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def json_value(value: Any, kind: str = "text") -> Any:
    """One value as JSON: null for missing, numbers as numbers, times to the second."""
    if is_missing(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalar
        value = value.item()
    if kind == "bool":
        return bool(value)
    if kind == "int":
        return int(value)
    if isinstance(value, Decimal) or kind in ("money", "pct", "rate"):
        return float(value)
    moment = _as_datetime(value)
    if kind == "month" and moment is not None:
        return f"{moment:%Y-%m}"
    if isinstance(moment, datetime):
        return moment.isoformat(timespec="seconds")
    if isinstance(moment, date):
        return moment.isoformat()
    return value


def json_default(value: Any) -> Any:
    converted = json_value(value)
    return str(converted) if converted is value else converted


def print_json(data: Any) -> None:
    print(json.dumps(data, default=json_default, indent=2, ensure_ascii=False))


def records(frame, columns: Sequence[Column]) -> list[dict[str, Any]]:
    return [{c.key: json_value(row.get(c.key), c.kind) for c in columns}
            for row in frame.to_dict(orient="records")]


def text_table(rows: Iterable[dict[str, Any]], columns: Sequence[Column]) -> str:
    cells = [[text_cell(row.get(c.key), c.kind) for c in columns] for row in rows]
    headers = [c.header for c in columns]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    right = [c.kind in ("int", "money", "pct", "rate") for c in columns]

    def line(values: Sequence[str]) -> str:
        parts = [v.rjust(w) if r else v.ljust(w) for v, w, r in zip(values, widths, right)]
        return "  ".join(parts).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in cells])


def print_table(frame, columns: Sequence[Column], as_json: bool, empty: str = "(none)") -> None:
    """The rows of `frame` (only `columns`, in that order) as text or JSON."""
    if as_json:
        print_json(records(frame, columns))
        return
    if frame is None or len(frame) == 0:
        print(empty)
        return
    print(text_table(frame.to_dict(orient="records"), columns))


def kind_of(key: str, dtype: Any = None) -> str:
    """The display kind a column's name implies (for commands that list frames by column name):
    *_at -> datetime, *date / last_* / next_* -> date, amounts and run-rates -> money, counts and
    row numbers -> int, yes/no flags -> bool; anything else is text."""
    name = key.lower()
    if name.endswith("_at"):
        return "datetime"
    if name.endswith("date") or name.startswith(("last_", "next_")) or name == "last_review":
        return "date"
    if any(w in name for w in ("amount", "run_rate", "spend", "total")):
        return "money"
    if name.endswith(("_row", "_upload", "_id", "charges")) or name in {"row", "rows", "count"}:
        return "int"
    if str(dtype) in {"bool", "boolean"}:
        return "bool"
    return "text"


def print_frame(frame, as_json: bool, keys: Sequence[str]) -> None:
    """`print_table` with headers and kinds taken from the column names ("changed_at" -> "Changed
    at", a datetime)."""
    columns = [Column(k, k.replace("_", " ").capitalize(),
                      kind_of(k, frame[k].dtype if k in getattr(frame, "columns", ()) else None))
               for k in keys]
    print_table(frame, columns, as_json)

"""Workbook cells -> Arrow text columns, a column at a time (no Python call per cell).

Business rule: a cell becomes the text a person sees in Excel (`_excel_text`): 45292.0 ->
'45292', 1234.5 -> '1234.5', 0.1 + 0.2 -> '0.30000000000000004', a date -> '2024-01-01', a
midnight datetime -> its date, ' Acme ' -> 'Acme', an empty or blank cell -> NULL. The staging
SQL reads that text (so a row issue quotes the cell as the person typed or sees it) and a typed
cell already gives the canonical text: a date cell reads as the ISO date, a number cell as its
shortest exact decimal (cents kept: 1234.56 never becomes 1234.5600000000002).

Speed: a column of one kind of value (the common case: text, numbers or dates, with empty
cells) is converted by C loops (`map(repr)`, pyarrow casts and trims); only cells of a rare kind
(times, booleans, numbers that print with an exponent) go through
`_excel_text` one by one. Memory: rows are taken from calamine in chunks of `CHUNK_ROWS`, so
only one chunk is ever held as Python objects; the sheet is kept as Arrow text.

Worked example: a column ['Amount', 12.5, '', 3.0, 'n/a'] below its header gives
['12.5', NULL, '3', 'n/a']: the numbers by `repr` (and '3.0' -> '3'), the texts trimmed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re

import pyarrow as pa
import pyarrow.compute as pc

CHUNK_ROWS = 10_000
# exactly what str.strip() removes (every character whose str.isspace() is True)
PY_WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
                 "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_INF = float("inf")


def excel_text(value) -> str | None:
    """A workbook cell as the text a person sees (dates ISO, no float noise)."""
    kind = type(value)  # the two common cases first
    if kind is str:
        return value.strip() or None
    if kind is float:
        if value != value or value in (_INF, -_INF):
            return None
        if value.is_integer() and -1e15 < value < 1e15:
            return str(int(value))
        text = repr(value)
        if "e" in text or "E" in text:
            text = format(value, ".10f").rstrip("0").rstrip(".")
        return text
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S") if value.time() != dt.time() else value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        text = repr(value)
        if "e" in text or "E" in text:
            text = format(value, ".10f").rstrip("0").rstrip(".")
        return text
    if isinstance(value, int):
        return str(value)
    text = str(value).strip()
    return text or None


def _strings(values: list) -> pa.Array:
    """str cells (None elsewhere) -> trimmed text, '' -> NULL."""
    trimmed = pc.utf8_trim(pa.array(values, pa.string()), PY_WHITESPACE)
    return pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed)


def _floats(values: list) -> pa.Array:
    """float cells (None elsewhere) -> text; whole numbers below 1e15 without '.0', the rest by
    repr; the few that repr prints with an exponent (or nan/inf) cell by cell."""
    numbers = pa.array(values, pa.float64())
    whole = pc.and_(pc.equal(pc.floor(numbers), numbers), pc.less(pc.abs(numbers), 1e15))
    reprs = pa.array(map(repr, values), pa.string())   # 'None' where not a number: masked below
    text = pc.if_else(whole, pc.cast(pc.if_else(whole, numbers, None), pa.int64()).cast(pa.string()),
                      reprs)
    text = pc.if_else(pc.is_valid(numbers), text, pa.scalar(None, pa.string()))
    odd = pc.and_(pc.is_valid(numbers),
                  pc.or_(pc.invert(pc.fill_null(whole, False)),
                         pc.is_nan(numbers)))
    odd = pc.and_(odd, pc.match_substring_regex(reprs, "[a-zA-Z]"))
    return _patch(text, odd, values)


def _dates(values: list) -> pa.Array:
    return pa.array(values, pa.date32()).cast(pa.string())


def _datetimes(values: list) -> pa.Array:
    """'2024-01-05 10:30:00'; a midnight one as its date (seconds kept, fractions dropped, as
    strftime does)."""
    seconds = pc.cast(pa.array(values, pa.timestamp("us")), pa.timestamp("s"), safe=False)
    midnight = pc.equal(pc.cast(pc.cast(seconds, pa.date32()), pa.timestamp("s")), seconds)
    return pc.if_else(midnight, pc.strftime(seconds, "%Y-%m-%d"),
                      pc.strftime(seconds, "%Y-%m-%d %H:%M:%S"))


def _ints(values: list) -> pa.Array:
    try:
        return pa.array(values, pa.int64()).cast(pa.string())
    except (OverflowError, pa.ArrowException):   # past 64 bits: cell by cell
        return pa.array(map(excel_text, values), pa.string())


def _patch(text: pa.Array, mask: pa.Array, values: list) -> pa.Array:
    """Cells under `mask` converted one by one (`excel_text`)."""
    where = pc.indices_nonzero(pc.fill_null(mask, False)).to_pylist()
    if not where:
        return text
    cells = text.to_pylist()
    for i in where:
        cells[i] = excel_text(values[i])
    return pa.array(cells, pa.string())


_FAST = {str: _strings, float: _floats, dt.date: _dates, dt.datetime: _datetimes, int: _ints}


def text_column(values) -> pa.Array:
    """One column of raw cells (calamine or the streaming reader) -> a string array."""
    values = values if isinstance(values, list) else list(values)
    kinds = set(map(type, values))
    kinds.discard(type(None))
    if not kinds:
        return pa.nulls(len(values), pa.string())
    parts = []
    for kind in kinds:
        one = values if len(kinds) == 1 and kind in _FAST else \
            [v if v.__class__ is kind else None for v in values]
        if kind in _FAST:
            parts.append(_FAST[kind](one))
        else:
            parts.append(pa.array(map(excel_text, one), pa.string()))
    return parts[0] if len(parts) == 1 else pc.coalesce(*parts)


def text_rows(raw: list[list]) -> list[list[str | None]]:
    """A few rows (the header region) as text, cell by cell."""
    return [[excel_text(c) for c in r] for r in raw]


def rows_to_columns(rows, width: int, lead: int = 0) -> list[pa.Array]:
    """Raw rows (an iterable of lists, possibly ragged) -> `width` string arrays, converted in
    chunks of CHUNK_ROWS rows; `lead` empty columns first (calamine's rows start at the sheet's
    first used column). Cells past `width` are not read (the caller gives the widest row)."""
    chunks: list[list[pa.Array]] = [[] for _ in range(width)]
    rows = iter(rows)
    count = 0
    while True:
        block = list(itertools.islice(rows, CHUNK_ROWS))
        if not block:
            break
        count += len(block)
        inner = width - lead
        if set(map(len, block)) != {inner}:
            pad = [None] * inner
            empty = tuple(pad)
            block = [r if len(r) == inner else empty if not r else (list(r) + pad)[:inner]
                     for r in block]
        columns = list(zip(*block)) if inner > 0 else []
        for i in range(lead):
            chunks[i].append(pa.nulls(len(block), pa.string()))
        for i, column in enumerate(columns):
            chunks[lead + i].append(text_column(column))
    if not count:
        return [pa.array([], pa.string()) for _ in range(width)]
    return [pa.concat_arrays(c) if len(c) > 1 else c[0] for c in chunks]


def first_rows(columns: list[pa.Array], width: int, limit: int, skip_empty: bool,
               scan: int | None = None) -> tuple[tuple[str | None, ...], ...]:
    """The first `limit` rows (of the first `scan` rows, default all) as tuples of `width`
    cells; `skip_empty`: rows with no cell are passed over."""
    if not columns:
        return ()
    rows_n = len(columns[0])
    if skip_empty:
        mask = None
        for c in columns:
            mask = pc.is_valid(c) if mask is None else pc.or_(mask, pc.is_valid(c))
        picked = pc.indices_nonzero(mask.slice(0, scan) if scan is not None else mask)
        picked = picked.slice(0, limit)
    else:
        picked = pa.array(range(min(limit, rows_n)), pa.uint64())
    cells = [c.take(picked).to_pylist() for c in columns[:width]]
    cells += [[None] * len(picked)] * (width - len(cells))
    return tuple(zip(*cells)) if cells else ()


def concat(arrays: list[pa.Array], kind=pa.string()) -> pa.Array:
    if not arrays:
        return pa.array([], kind)
    return arrays[0] if len(arrays) == 1 else pa.concat_arrays(arrays)


# ---- cells merged down over rows -----------------------------------------------------------------
_NUMBER = re.compile(r"[-+(]?\s*[£$€¥]?\s*[0-9][0-9.,'’\s]*\)?-?")


def fill_merged(columns: list, merges, first: int) -> list:
    """The body columns (rows `first`.. of the sheet) with each label merged down over rows given
    to every row it covers, as Excel shows it: a Department cell merged over five invoice rows is
    each row's department. Only text is filled: a number merged over rows (a total beside its
    lines) stays once, so no amount counts twice. `merges`: 0-based (r0, c0, r1, c1); a merge
    starting above the body (a header cell) is left alone."""
    by_column: dict[int, list[tuple[int, int]]] = {}
    for r0, c0, r1, _ in merges:
        if r0 >= first and r1 > r0 and c0 < len(columns):
            by_column.setdefault(c0, []).append((r0 - first, r1 - first))
    if not by_column:
        return columns
    columns = list(columns)
    for c, spans in by_column.items():
        values = columns[c].to_pylist()
        for r0, r1 in spans:
            label = values[r0] if r0 < len(values) else None
            if label is None or _NUMBER.fullmatch(label.strip()):
                continue
            for r in range(r0 + 1, min(r1, len(values) - 1) + 1):
                if values[r] is None:
                    values[r] = label
        columns[c] = pa.array(values, pa.string())
    return columns

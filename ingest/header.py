"""Header shapes: which rows name the columns, and what the rows above them are.

Business rule: a finance export names its columns somewhere near the top, not always on row 1
and not always on one row. We find the header among the first 40 rows, then recognise the
shapes real exports take, so every column gets one readable name and no row above the header is
ever loaded as a line:

* Title and parameter rows above the header ("AP Invoice Register", "Period: Jan-Mar") are
  preamble: kept and reported, never loaded.
* Two-row headers: a group label over sub-labels. Row 1 `Amount` spanning three columns (a merged
  cell in Excel, or a label followed by blanks in CSV), row 2 `Net | VAT | Gross` give the names
  `Amount Net`, `Amount VAT`, `Amount Gross`; a label with nothing under it keeps its own name.
* A totals row ABOVE the header (some publishers put the column sums on row 1): a row of numbers
  right above the header. It is excluded and reported with its figures (`header_totals`), so the
  reconciliation can compare with the file's own total; it is never summed.

Worked example (Excel rows)::

    1 |        |          | 92591574.88 | 6190612.24 |      <- totals above the header
    2 | Vendor | Category | Net value   | VAT Value  |      <- header
    3 | Acme   | Legal    | 550         | 110        |      <- first data row

gives header rows 2..2, preamble [(1, '92591574.88, 6190612.24')] and
header_totals (('Net value', '92591574.88'), ('VAT Value', '6190612.24')).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.mapping import header_score

SAMPLE_ROWS = 40          # rows examined for the header
TOTALS_ABOVE_REACH = 3    # a totals row sits at most this many rows above the header

_NUMBER = re.compile(r"^[-+(]?\s*[£$€¥]?\s*[0-9][0-9.,' \u00a0]*\)?-?$")
_DATE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T]\d{1,2}:\d{2}(:\d{2})?)?$")


def cell(value: str | None) -> str | None:
    """A cell as read: trimmed, blank -> None, and Excel's text formula unwrapped: exports that
    keep Excel from reformatting a value write it as ="000123" / ="1122.06" (the CSV then holds
    the formula text, its value inside the quotes)."""
    if value is None:
        return None
    value = value.strip()
    if value.startswith('="') and value.endswith('"') and len(value) >= 3:
        value = value[2:-1].strip()
    return value or None


def is_number(text: str | None) -> bool:
    return bool(text) and bool(_NUMBER.match(text))


def is_value(text: str | None) -> bool:
    """A cell that reads as data (a number or a date), not as a column label."""
    return bool(text) and (bool(_NUMBER.match(text)) or bool(_DATE.match(text)))


def _is_label(text: str) -> bool:
    return not is_value(text) and len(text) <= 80 and not text.endswith(":")


def filled(row) -> int:
    return sum(1 for c in row if c)


def find_header(rows: list[list[str | None]]) -> int:
    """Index (0-based, within rows) of the row most like a header."""
    best_i, best_score = 0, float("-inf")
    for i, row in enumerate(rows[:SAMPLE_ROWS]):
        cells = [c for c in row if c]
        if len(cells) < 2:
            continue
        below = [r for r in rows[i + 1: i + 6] if filled(r) >= 2]
        score = header_score(cells)
        # a header is followed by rows of about its width
        if below:
            score += 1.0 * sum(1 for r in below if abs(filled(r) - len(cells)) <= 2)
        score += 0.5 * len(cells)
        # column names are words: a row of numbers is data or totals
        score -= 1.5 * sum(1 for c in cells if is_value(c))
        if score > best_score + 1e-9:
            best_i, best_score = i, score
    # a report that repeats its header per section (Sage's Nominal Activity, one per account):
    # the first of the identical rows is the header, so the first section's lines are read
    best = [(c or "").strip().casefold() for c in rows[best_i]] if rows else []
    for i, row in enumerate(rows[:best_i]):
        if [(c or "").strip().casefold() for c in row] == best:
            return i
    return best_i


@dataclass(frozen=True)
class HeaderShape:
    first: int                      # 0-based index of the first header row
    last: int                       # 0-based index of the last header row (== first: one row)
    names: tuple[str | None, ...]   # one name per column, before de-duplication
    totals_rows: tuple[int, ...]    # 0-based indices of totals rows above the header
    notes: tuple[str, ...]


def _fill_merges(rows: list[list[str | None]], merges, lo: int, hi: int) -> list[list[str | None]]:
    """Copies of rows lo..hi with each merged range's value written into all its cells."""
    out = [list(r) for r in rows[lo: hi + 1]]
    for r0, c0, r1, c1 in merges:
        if r0 < lo or r0 > hi or r0 >= len(rows):
            continue
        top = rows[r0]
        value = top[c0] if c0 < len(top) else None
        if not value:
            continue
        for r in range(r0, min(r1, hi) + 1):
            row = out[r - lo]
            if len(row) <= c1:
                row.extend([None] * (c1 + 1 - len(row)))
            for c in range(c0, c1 + 1):
                row[c] = row[c] or value
    return out


def _next_filled(rows, start: int) -> list[str | None] | None:
    for r in rows[start: start + 3]:
        if filled(r):
            return r
    return None


def _two_row_names(upper, lower, spans: bool) -> list[str | None] | None:
    """Names for a group row over a label row, or None when the pair is not a two-row header.

    `spans`: Excel said the upper row has horizontally merged cells."""
    width = max(len(upper), len(lower))
    up = list(upper) + [None] * (width - len(upper))
    low = list(lower) + [None] * (width - len(lower))
    up_cells = [c for c in up if c]
    low_cells = [c for c in low if c]
    if not up_cells or len(low_cells) < 2:
        return None
    if not all(_is_label(c) for c in up_cells + low_cells):
        return None
    first_low = next(j for j in range(width) if low[j])
    if len(up_cells) == 1 and next(j for j in range(width) if up[j]) <= first_low:
        return None  # one label over the whole row: a report title, not a group label
    if not spans:
        # a label followed by blanks over sub-labels: the group spans them
        spanned = False
        filled_up = list(up)
        for j in range(width):
            if up[j] and low[j]:
                k = j + 1
                while k < width and not up[k] and low[k]:
                    filled_up[k] = up[j]
                    spanned = True
                    k += 1
        if not spanned:
            return None
        up = filled_up
    # one label over the whole lower row (a merged title across the top): a report title
    if len({c for c in up if c}) == 1 and all(up[j] for j in range(width) if low[j]):
        return None
    names: list[str | None] = []
    for j in range(width):
        parts = [p for p in (up[j], low[j]) if p]
        if len(parts) == 2 and parts[0].casefold() == parts[1].casefold():
            parts = parts[:1]
        names.append(" ".join(parts) if parts else None)
    return names


def analyse_header(rows: list[list[str | None]], merges=()) -> HeaderShape:
    """The header rows of `rows` (text cells, None for empty). `merges`: Excel merged ranges
    as 0-based (first_row, first_col, last_row, last_col) in the same row numbering."""
    h = find_header(rows)
    notes: list[str] = []
    first = last = h
    names: list[str | None] = list(rows[h]) if rows else []
    window_lo, window_hi = max(h - 1, 0), min(h + 1, len(rows) - 1)
    filled_rows = _fill_merges(rows, merges, window_lo, window_hi) if rows else []

    def spans(r: int) -> bool:
        return any(r0 <= r <= r1 and c1 > c0 for r0, c0, r1, c1 in merges)

    for u, l in ((h - 1, h), (h, h + 1)):
        if u < 0 or l >= len(rows) or not filled(rows[u]) or not filled(rows[l]):
            continue
        after = _next_filled(rows, l + 1)
        if after is None or not any(is_value(c) for c in after):
            continue
        pair = _two_row_names(filled_rows[u - window_lo], filled_rows[l - window_lo], spans(u))
        if pair is None:
            continue
        # the lower row must not itself be a data row: its cells stand over values below
        first, last, names = u, l, pair
        notes.append(f"The header spans rows {u + 1} and {l + 1}; their labels were joined "
                     f"(e.g. '{next((n for n in pair if n and ' ' in n), pair[0])}').")
        break
    else:
        if spans(h) or any(r0 < h <= r1 for r0, _, r1, _ in merges):
            names = list(filled_rows[h - window_lo])
            notes.append(f"Merged header cells on row {h + 1} name every column they cover.")

    totals: list[int] = []
    for i in range(first - 1, max(first - 1 - TOTALS_ABOVE_REACH, -1), -1):
        cells = [c for c in rows[i] if c]
        if not cells:
            continue
        if all(is_number(c) for c in cells):
            totals.append(i)
        break
    return HeaderShape(first=first, last=last, names=tuple(names), totals_rows=tuple(totals),
                       notes=tuple(notes))


def unique_columns(header: list[str | None] | tuple, width: int) -> tuple[str, ...]:
    names: list[str] = []
    seen: dict[str, int] = {}
    for i in range(width):
        raw = header[i] if i < len(header) else None
        name = (raw or "").strip() or f"column_{i + 1}"
        key = name.lower()
        if key in seen:
            seen[key] += 1
            name = f"{name} ({seen[key]})"
        else:
            seen[key] = 1
        names.append(name)
    return tuple(names)


def header_totals(rows, shape: HeaderShape, columns: tuple[str, ...]):
    """((column, value text), ...) of the totals row above the header, and a note."""
    if not shape.totals_rows:
        return (), None
    row = rows[shape.totals_rows[0]]
    pairs = tuple((columns[j], v) for j, v in enumerate(row) if v and j < len(columns))
    shown = "; ".join(f"{c} = {_money(v)}" for c, v in pairs)
    note = (f"Row {shape.totals_rows[0] + 1}, above the header, holds column totals ({shown}): "
            "it is not a line and was not loaded.")
    return pairs, note


def _money(text: str) -> str:
    try:
        return f"{float(text.replace(',', '')):,.2f}"
    except ValueError:
        return text

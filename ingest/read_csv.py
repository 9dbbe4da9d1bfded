"""Delimited text -> SourceTable, with no way for a file to run the reader out of bounds.

Business rule: a text export is read whatever its size, line endings or quoting, and the cost is
linear in its cells. Every cell is kept; the table is as wide as the widest row of the WHOLE file
(not of its first rows); a row wider than the column limit is refused with a message naming the
line, and the user is told what to do.

* Line endings: LF, CRLF, bare CR (old Mac / some city checkbook exports) or any mix of them:
  mixed endings are normalised to LF before reading (said in the notes).
* Cells of any length (Python's csv module refuses fields over 128 KB by default: raised here).
* A quote that is never closed would swallow every line after it into one cell: when a quoted
  cell runs to the end of the file or over more than 50 lines, the rows from the one that opened
  it are read line by line (the quote is read as a character), and the notes say which row.
* A header-only file and an all-blank file get exactly that message.

Worked example: `Date,Vendor,Amount\\r\\n2024-01-02,Acme,10\\r2024-01-03,Beta,5\\n` (CRLF, CR, LF)
reads as 2 data rows on lines 2 and 3, with the note "Line endings are mixed ...".

The fast path hands the file to DuckDB's reader (auto-detection off: dialect, width and maximum
line length given) and maps record numbers back to line numbers (DuckDB skips blank lines, which
we locate ourselves). A file with line breaks inside quoted cells, or one DuckDB's reader
refuses, takes the exact Python `csv` path instead: slower, same result.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import sys


from ingest.errors import IngestError
from ingest.csv_shape import _body_shape
from ingest.header import SAMPLE_ROWS, analyse_header, cell, header_totals, unique_columns
from ingest.readers import (
    TYPE_SAMPLE_ROWS,
    ReaderLimits,
    SourceTable,
    all_blank_error,
    arrow_from_rows,
    no_rows_error,
)

HEAD_CHARS = 64 << 20     # the first lines (for header, sample) are read whole up to this size
MAX_QUOTED_LINES = 50      # a quoted cell spanning more lines than this is an unclosed quote
_NOT_BLANK = re.compile(r"[^\s,;|\"']")
_DELIM_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "pipes"}

# cells of any length: the limit is the file size, checked by the caller
csv.field_size_limit(min(sys.maxsize, 2 ** 31 - 1))


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding name): see ingest.encodings."""
    from ingest.encodings import decode_text as decode

    return decode(data)


def _record_widths(lines: list[str], delim: str) -> list[int]:
    """The width of each non-blank record of `lines` read with `delim` (quotes spanning lines
    joined); per physical line when the quoting does not parse (a stray quote)."""
    try:
        rows = list(csv.reader(lines, delimiter=delim, strict=True))
        if len(rows) * 4 >= len([ln for ln in lines if ln.strip()]):   # not one runaway quote
            return [len(r) for r in rows if any(c.strip() for c in r)]
    except csv.Error:
        pass
    return [len(next(csv.reader([ln], delimiter=delim))) for ln in lines if ln.strip()]


def _sniff_delimiter(lines: list[str]) -> str:
    best, best_score = ",", -1.0
    for delim in [",", ";", "\t", "|"]:
        # records, not physical lines: a quoted cell may hold a line break (Excel's Alt+Enter),
        # and its halves must not count as rows of their own ('...;"Rechnung 0' / 'Lizenzen
        # Q1";2.559,19' are two 2-wide comma rows, one 5-wide semicolon record)
        counts = _record_widths(lines, delim)
        if not counts:
            continue
        widest = max(counts)
        if widest < 2:
            continue
        # rows that share the most common width >1, weighted by that width
        common = max(set(c for c in counts if c > 1), key=counts.count, default=1)
        score = counts.count(common) * math.log(common + 1)
        if score > best_score:
            best, best_score = delim, score
    return best


def _normalise_endings(text: str) -> tuple[str, str, str | None]:
    """(text, newline, note). Bare CR alone -> LF; any mix -> LF; pure CRLF kept."""
    if "\r" not in text:
        return text, "\n", None
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    if cr and not crlf and not lf:
        return text.replace("\r", "\n"), "\n", \
            "Line endings are bare CR (old Mac export); read as line breaks."
    if cr or (crlf and lf):
        return text.replace("\r\n", "\n").replace("\r", "\n"), "\n", \
            "Line endings are mixed (LF, CRLF, CR); each was read as a line break."
    return text, "\r\n", None


def _head_lines(text: str, count: int, cap: int) -> list[str]:
    """The first `count` whole lines (fewer when they pass `cap` characters)."""
    lines, pos = [], 0
    while len(lines) < count and pos < len(text):
        end = text.find("\n", pos)
        if end == -1:
            end = len(text)
        if end - pos > cap and lines:
            break
        lines.append(text[pos:end])
        pos = end + 1
        cap -= end - pos
    return lines


def check_line_length(file_name: str, longest: int, limits: ReaderLimits) -> None:
    """Refuse a file with a line of hundreds of MB (no ledger line is; reading one would take
    the store's whole memory) with a message saying what to check."""
    if longest > limits.max_line_bytes:
        raise IngestError(
            f"{file_name}: one line is {longest / 1024 ** 2:,.0f} MB long (the limit is "
            f"{limits.max_line_bytes / 1024 ** 2:,.0f} MB, TECHSPEND_MAX_LINE_BYTES). No ledger "
            "line is that long: check the export (an unclosed quote, or a document pasted into "
            "a cell), or raise the limit.")


def _too_wide(file_name: str, width: int, line: int | None, limits: ReaderLimits) -> IngestError:
    where = f" (line {line})" if line else ""
    return IngestError(
        f"{file_name}: a row{where} has {width:,} columns, more than the limit of "
        f"{limits.max_columns:,} (setting TECHSPEND_MAX_COLUMNS). Check the file was exported "
        "with the right separator, remove the stray columns, or raise the limit."
    )


def _too_long(file_name: str, rows: int, limits: ReaderLimits) -> IngestError:
    return IngestError(
        f"{file_name}: the file has {rows:,} rows, more than the limit of {limits.max_rows:,} "
        "(setting TECHSPEND_MAX_ROWS). Split the export (e.g. by quarter) or raise the limit."
    )


def read_csv_table(file_name: str, data: bytes, workdir: str, exact: bool = False,
                   source_path: str | None = None,
                   limits: ReaderLimits | None = None) -> SourceTable:
    """Delimited text. `source_path`: the same bytes on disk, read in place when they are plain
    UTF-8 with LF/CRLF endings (saves rewriting a large file)."""
    limits = limits or ReaderLimits.from_env()
    if data is None:  # named by its path only (the CLI): read in place, in chunks, when it can be
        from ingest.csv_stream import read_in_place

        table = None if exact else read_in_place(file_name, source_path, limits)
        if table is not None:
            return table
        with open(source_path, "rb") as fh:
            data = fh.read()
    text, encoding = decode_text(data)
    notes = [f"Read as {encoding} text."]
    rewrite = encoding != "UTF-8" or data.startswith(b"\xef\xbb\xbf") or source_path is None
    text, newline, ending_note = _normalise_endings(text)
    if ending_note:
        notes.append(ending_note)
        rewrite = True
    elif newline == "\r\n" and rewrite:
        text = text.replace("\r\n", "\n")
        newline = "\n"
    if not re.search(r"[^\s,;|\"']", text):
        raise all_blank_error(file_name)
    head = read_head_of_text(file_name, text, newline, limits, notes)
    head_lines, delim, top, shape, header_line, header_end, header, body_start, preamble = head
    header_width = len(header)

    def finish_columns(width: int):
        columns = unique_columns(header, width)
        totals, note = header_totals([c for _, c in top], shape, columns)
        if note:
            notes.append(note)
        return columns, totals

    if not exact:
        sampled = [len(next(csv.reader([ln], delimiter=delim))) if ln else 0 for ln in
                   head_lines[header_end:header_end + TYPE_SAMPLE_ROWS]]
        width = max([header_width] + sampled)
        if width > limits.max_columns:
            raise _too_wide(file_name, width, header_end + 1 + sampled.index(width), limits)
        blank = _blank_lines(text, body_start, header_end + 1, newline)
        body_lines = text.count("\n", body_start) + (
            1 if len(text) > body_start and not text.endswith("\n") else 0)
        records = body_lines - len(blank)
        if records <= 0 or not _NOT_BLANK.search(text, body_start):
            raise no_rows_error(file_name, header)
        if body_lines > limits.max_rows:
            raise _too_long(file_name, body_lines, limits)
        raw = text.encode("utf-8") if rewrite else data
        raw_start = len(text[:body_start].encode("utf-8"))
        widest, widest_end, longest = _body_shape(raw, raw_start, delim)
        check_line_length(file_name, longest, limits)
        if widest > width:  # a row further down is wider than the first rows: keep its cells
            width = widest
            if width > limits.max_columns:
                line = header_end + 1 + raw.count(b"\n", raw_start, widest_end)
                raise _too_wide(file_name, width, line, limits)
        if rewrite:
            path = os.path.join(workdir, "source.csv")
            with open(path, "wb") as fh:
                fh.write(raw)
            del raw
        else:
            path = source_path
        sample = _sample_from_lines(head_lines[header_end:], delim, width)
        columns, totals = finish_columns(width)
        return SourceTable(
            file_name=file_name, kind="csv", sheet=None, sheets=(), header_row=header_line,
            columns=columns, preamble=tuple(preamble),
            sample=sample, notes=tuple(notes), csv_path=path,
            csv_options={"skip": header_end, "delim": delim, "records": records,
                         "new_line": newline,
                         "max_line_size": max(2_097_152, longest + 1024),
                         "header": tuple(header), "max_columns": limits.max_columns,
                         # cells written as Excel text formulas (="1122.06"): unwrapped as read
                         "excel_text": '="' in "".join(head_lines[header_end:header_end + 200])},
            first_data_line=header_end + 1, blank_lines=blank, header_totals=totals,
        )

    # exact path: Python csv with line numbers (quoted cells spanning lines, odd quoting)
    body = text[body_start:].replace("\r\n", "\n")
    rows, spans, unclosed = _exact_rows(body, delim, header_end)
    if unclosed is not None:
        notes.append(f"Row {unclosed} opens a quote (\") that is never closed; from that row on "
                     "each line was read as one row, so no row swallows the lines after it.")
    if spans:
        notes.append("Some cells span several lines; rows are numbered by the line they start on.")
    width = max([header_width] + [len(c) for _, c in rows])
    if width > limits.max_columns:
        wide = next(n for n, c in rows if len(c) == width)
        raise _too_wide(file_name, width, wide, limits)
    if len(rows) > limits.max_rows:
        raise _too_long(file_name, len(rows), limits)
    if not any(any(c) for _, c in rows):
        raise no_rows_error(file_name, header)
    columns, totals = finish_columns(width)
    return SourceTable(
        file_name=file_name, kind="csv", sheet=None, sheets=(), header_row=header_line,
        columns=columns, preamble=tuple(preamble),
        sample=tuple(tuple(c[i] if i < len(c) else None for i in range(width))
                     for _, c in rows[:TYPE_SAMPLE_ROWS] if any(c)),
        notes=tuple(notes), arrow=arrow_from_rows(rows, width), header_totals=totals,
    )


def read_head_of_text(file_name: str, text: str, newline: str, limits: ReaderLimits,
                      notes: list[str]):
    """The header analysis of a text's head: (head_lines, delim, top rows, header shape,
    header_line, header_end, header names, body_start offset in `text`, preamble rows). Adds
    its notes."""
    head_lines = _head_lines(text, SAMPLE_ROWS + TYPE_SAMPLE_ROWS + 20, HEAD_CHARS)
    if newline == "\r\n":
        head_lines = [ln[:-1] if ln.endswith("\r") else ln for ln in head_lines]
    delim = _sniff_delimiter([ln[:65536] for ln in head_lines[:SAMPLE_ROWS + 20]])
    notes.append(f"Columns separated by {_DELIM_NAMES[delim]}.")

    # the top rows with their line numbers (csv joins quoted multi-line cells)
    top: list[tuple[int, list[str | None]]] = []
    reader = csv.reader(io.StringIO("\n".join(head_lines)), delimiter=delim)
    prev = 0
    for row in reader:
        if len(row) > limits.max_columns:
            raise _too_wide(file_name, len(row), prev + 1, limits)
        top.append((prev + 1, [cell(c) for c in row]))
        prev = reader.line_num
        if len(top) >= SAMPLE_ROWS + 6:
            break
    # a heading is short: long cells are cut for the header analysis (a 10 MB cell costs nothing)
    shape = analyse_header([[c[:256] if c else c for c in cells] for _, cells in top])
    header_line = top[shape.last][0] if top else 1
    # the header's last physical line (a quoted header cell may span lines)
    header_end = (top[shape.last + 1][0] - 1) if shape.last + 1 < len(top) else header_line
    preamble = [(n, ", ".join(c for c in cells if c)) for i, (n, cells) in enumerate(top)
                if i < shape.first and any(cells)]
    notes.extend(shape.notes)
    if preamble:
        notes.append(
            f"Header found on row {top[shape.first][0]}; {len(preamble)} title/parameter row(s) "
            "above it were skipped."
        )
    return (head_lines, delim, top, shape, header_line, header_end, list(shape.names),
            _offset_after_lines(text, header_end), preamble)


def _exact_rows(body: str, delim: str, header_end: int):
    """[(line, cells)], whether a cell spans lines, and the row of an unclosed quote (or None)."""
    rows: list[tuple[int, list[str | None]]] = []
    reader = csv.reader(io.StringIO(body), delimiter=delim)
    prev = 0
    spans = False
    unclosed = None
    total_lines = body.count("\n") + (0 if body.endswith("\n") else 1)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error:
            unclosed = header_end + prev + 1
            break
        start = header_end + prev + 1
        lines = reader.line_num - prev
        at_end = reader.line_num >= total_lines
        if lines > MAX_QUOTED_LINES or (lines > 1 and at_end and _odd_quotes(body, prev)):
            unclosed = start
            break
        spans = spans or lines > 1 and bool(row)
        prev = reader.line_num
        rows.append((start, [cell(c) for c in row]))
    if unclosed is not None:
        # from the unclosed quote on: one row per physical line, quote read literally
        rest = body.split("\n")[unclosed - header_end - 1:]
        if rest and rest[-1] == "":
            rest.pop()
        for k, line in enumerate(rest):
            cells = next(csv.reader([line], delimiter=delim), [])
            rows.append((unclosed + k, [cell(c) for c in cells]))
    return rows, spans, unclosed


def _odd_quotes(body: str, line_index: int) -> bool:
    """True when the text from line `line_index` (0-based) to the end has an odd number of
    quote characters: a quote opened there is never closed."""
    return body.count('"', _offset_after_lines(body, line_index)) % 2 == 1


def _offset_after_lines(text: str, lines: int) -> int:
    pos = 0
    for _ in range(lines):
        nxt = text.find("\n", pos)
        if nxt == -1:
            return len(text)
        pos = nxt + 1
    return pos


def _blank_lines(text: str, start: int, first_line: int, newline: str) -> tuple[int, ...]:
    """1-based numbers of the empty lines from offset `start` (DuckDB's reader skips them)."""
    found: list[int] = []
    end = len(text)
    if text.endswith("\n"):
        end -= 1  # the final line break does not start another line
    sep = newline + newline
    pos, line = start, first_line
    if text.startswith(newline, start) and start < end:
        found.append(first_line)
    while True:
        hit = text.find(sep, pos)
        if hit == -1 or hit + len(newline) >= end:
            break
        line += text.count("\n", pos, hit + len(newline))  # the break that ends the line before
        pos = hit + len(newline)
        found.append(line)
    return tuple(found)


def _sample_from_lines(lines: list[str], delim: str, width: int):
    """The first data rows, read as the exact path would (an unclosed quote swallows nothing)."""
    rows, _, _ = _exact_rows("\n".join(lines[: TYPE_SAMPLE_ROWS + 5]), delim, 0)
    out = [tuple(cells[i] if i < len(cells) else None for i in range(width))
           for _, cells in rows if any(cells)]
    return tuple(out[:TYPE_SAMPLE_ROWS])

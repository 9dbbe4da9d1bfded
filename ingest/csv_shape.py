"""The shape of a delimited text body, measured without reading it cell by cell in Python.

Business rule: the table is as wide as the widest row of the WHOLE file, not of its first rows,
so no cell is ever dropped; measuring that must cost a few vectorised compares per byte, not a
Python csv pass over a 10-million-line file.

Worked example: `_body_shape(b'a,b\n"1,5",2,3\n', 0, ",")` -> (3, 13, 9): the widest record has
3 cells (the quoted "1,5" is one), it ends at byte 13, the longest line is 10 bytes (its line break counted).
"""

from __future__ import annotations

import numpy as np


def _body_shape(raw: bytes, start: int, delim: str, step: int = 1 << 22) -> tuple[int, int, int]:
    """(fields of the widest record, byte offset where that record ends, longest line in bytes)
    of `raw[start:]`, quotes honoured: a delimiter or line break between an opening and a closing
    quote is part of a cell ('"1,234.56"' is one cell). Vectorised over positions with numpy in
    chunks of 4 MB (a few compares per byte, memory bounded by the chunk): linear, no Python loop
    over lines or cells. Quote parity is counted from the start of the body, as a reader that
    honours RFC 4180 quoting does; a stray quote inside a cell can only make this an
    underestimate, which the DuckDB read checks (a spare column, see readers.SourceTable)."""
    quote, d, nl = ord('"'), ord(delim), ord("\n")
    inside = False                   # a quoted cell is open at the chunk boundary
    fields_now = 1                   # fields of the record being read (carried across chunks)
    widest, widest_end = 0, len(raw)
    longest, line_len = 0, 0
    for pos in range(start, len(raw), step):
        arr = np.frombuffer(raw, np.uint8, count=min(step, len(raw) - pos), offset=pos)
        ends = np.flatnonzero(arr == nl)
        if len(ends):
            lengths = np.diff(ends, prepend=-1)
            lengths[0] += line_len
            longest = max(longest, int(lengths.max()))
            line_len = len(arr) - 1 - int(ends[-1])
        else:
            line_len += len(arr)
        delims = np.flatnonzero(arr == d)
        quotes = np.flatnonzero(arr == quote)
        if inside:                   # the open cell continues from the previous chunk
            quotes = np.concatenate(([-1], quotes))
        inside = len(quotes) % 2 == 1
        if inside:                   # ... and this one runs on into the next chunk
            quotes = np.concatenate((quotes, [len(arr)]))
        opens, closes = quotes[0::2], quotes[1::2]
        if len(opens):
            # a line break inside quotes ends no record
            ends = ends[np.searchsorted(quotes, ends) % 2 == 0]
        # separators per record (raw), minus those inside each quoted cell of that record
        before = np.searchsorted(delims, ends)
        per_record = np.diff(before, prepend=0) if len(ends) else before
        tail = len(delims) - (int(before[-1]) if len(ends) else 0)
        if len(opens):
            quoted = np.searchsorted(delims, closes) - np.searchsorted(delims, opens)
            owner = np.searchsorted(ends, opens)          # the record each quoted cell is in
            drop = np.bincount(owner, weights=quoted, minlength=len(ends) + 1).astype(np.int64)
            per_record = per_record - drop[:len(ends)]
            tail -= int(drop[len(ends)])
        if len(ends):
            per_record[0] += fields_now - 1
            best = int(per_record.argmax())
            if int(per_record[best]) + 1 > widest:
                widest, widest_end = int(per_record[best]) + 1, pos + int(ends[best])
            fields_now = 1 + tail
        else:
            fields_now += tail
    if fields_now > widest and line_len:
        widest, widest_end = fields_now, len(raw)
    return widest, widest_end, max(longest, line_len)


def raw_upper_width(path: str, csv_options: dict) -> int:
    """Most separators on any line of the file + 1, quotes ignored: an upper bound of the width,
    for the rare file whose stray quotes fooled `_body_shape` (read in 4 MB chunks)."""
    d, nl = ord(csv_options["delim"]), ord("\n")
    most, carry = 0, 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 22):
            arr = np.frombuffer(chunk, np.uint8)
            ends = np.flatnonzero(arr == nl)
            delims = np.flatnonzero(arr == d)
            if len(ends):
                per_line = np.diff(np.searchsorted(delims, ends), prepend=0)
                per_line[0] += carry
                most = max(most, int(per_line.max()))
                carry = len(delims) - int(np.searchsorted(delims, ends[-1]))
            else:
                carry += len(delims)
    return max(most, carry) + 1

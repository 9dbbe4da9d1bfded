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
    shape = BodyShape(delim)
    view = memoryview(raw)
    for pos in range(start, len(raw), step):
        shape.feed(view[pos:pos + step], pos)
    return shape.result(len(raw))


class BodyShape:
    """`_body_shape` fed chunk by chunk (ingest.csv_stream reads a file in chunks): the state
    carried across a chunk boundary is whether a quoted cell is open, the fields of the record
    being read and the length of the line being read."""

    def __init__(self, delim: str):
        self.quote, self.d, self.nl = ord('"'), ord(delim), ord("\n")
        self.inside = False          # a quoted cell is open at the chunk boundary
        self.fields_now = 1          # fields of the record being read (carried across chunks)
        self.widest, self.widest_end = 0, None
        self.longest, self.line_len = 0, 0

    def feed(self, chunk, pos: int, ends=None) -> None:
        """The next bytes of the body; `pos` is the offset of their first byte; `ends` the
        offsets of their line breaks within `chunk` when the caller has them already."""
        arr = np.frombuffer(chunk, np.uint8)
        if ends is None:
            ends = np.flatnonzero(arr == self.nl)
        if len(ends):
            lengths = np.diff(ends, prepend=-1)
            lengths[0] += self.line_len
            self.longest = max(self.longest, int(lengths.max()))
            self.line_len = len(arr) - 1 - int(ends[-1])
        else:
            self.line_len += len(arr)
        delims = np.flatnonzero(arr == self.d)
        quotes = np.flatnonzero(arr == self.quote)
        if self.inside:              # the open cell continues from the previous chunk
            quotes = np.concatenate(([-1], quotes))
        self.inside = len(quotes) % 2 == 1
        if self.inside:              # ... and this one runs on into the next chunk
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
            per_record[0] += self.fields_now - 1
            best = int(per_record.argmax())
            if int(per_record[best]) + 1 > self.widest:
                self.widest, self.widest_end = int(per_record[best]) + 1, pos + int(ends[best])
            self.fields_now = 1 + tail
        else:
            self.fields_now += tail

    def result(self, total: int) -> tuple[int, int, int]:
        """(widest, widest_end, longest) once the body (ending at byte `total`) is fed."""
        widest, widest_end = self.widest, total if self.widest_end is None else self.widest_end
        if self.fields_now > widest and self.line_len:
            widest, widest_end = self.fields_now, total
        return widest, widest_end, max(self.longest, self.line_len)


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

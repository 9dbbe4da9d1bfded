"""A text export named by its path, checked in chunks: the file is never held whole in memory.

Business rule: a 10-million-line export (1 GB and more) loads in the memory DuckDB is given, not
in the size of the file. The header, the delimiter and the sample come from the file's head (its
first few hundred lines, at most `HEAD_BYTES`, cut at a line break); what must hold for the WHOLE file to be read in place by
DuckDB is checked in one pass over fixed-size chunks: it is UTF-8, its line endings are all LF or
all CRLF, where its blank lines are (DuckDB skips them, the row numbers a person sees count them),
how many lines it has, its widest record and longest line (ingest.csv_shape). When a check fails
(a Windows-1252 byte on line 8 million, a bare CR, a byte-order mark), `stream_facts` says so and
the reader falls back to reading the file whole, as for an upload: same result, more memory.

Worked example: `Date,Vendor,Amount\\n2024-01-02,Acme,10\\n\\n2024-01-03,Beta,5\\n` checked from
byte 19 (line 2) gives lines=4, blank_lines=(3,), newline '\\n', widest 3: the reader hands the
path to DuckDB with `skip=1` and numbers the two records as rows 2 and 4.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import threading
from dataclasses import dataclass
from typing import Callable

import numpy as np

from ingest.csv_shape import BodyShape

HEAD_BYTES = 64 << 20     # the head read whole for header analysis and samples
CHUNK_BYTES = 1 << 24     # the streaming pass reads 16 MB at a time
SHAPE_STEP = 1 << 22      # ... and measures its records 4 MB at a time (faster than 16 MB)
BACKGROUND_HASH_BYTES = 8 << 20  # a file this big is hashed in a thread beside the reading
_BLANK_BYTES = b" \t\r\n\x0b\x0c,;|\"'"


@dataclass(frozen=True)
class StreamFacts:
    """What the streaming pass found in the body (from `start`, the first data line's byte)."""

    lines: int                      # body lines (a last line without a break counts)
    blank_lines: tuple[int, ...]    # 1-based file line numbers of the empty lines
    has_content: bool               # some character other than blanks and separators
    widest: int                     # fields of the widest record (quotes honoured)
    widest_end: int                 # byte offset where that record ends
    longest: int                    # longest line in bytes (its break counted)


def read_head(path: str, lines: int = 400) -> bytes | None:
    """The file's first `lines` lines (the header analysis reads about 260), at most HEAD_BYTES,
    cut after a line break; the whole file when it is smaller; None when the head has no line
    break at all (a giant first line: read whole)."""
    size = 1 << 20
    while True:
        with open(path, "rb") as fh:
            head = fh.read(size + 1)
        if len(head) <= size:
            return head              # the whole file
        cut = head.rfind(b"\n", 0, size)
        if head.count(b"\n", 0, size) >= lines or size >= HEAD_BYTES:
            return head[:cut + 1] if cut >= 0 else None
        size = min(size * 8, HEAD_BYTES)


def stream_facts(path: str, start: int, first_line: int, newline: str,
                 delim: str) -> StreamFacts | None:
    """One pass over the file from byte `start` (line `first_line`). None when the file cannot be
    read in place (not UTF-8, mixed or bare-CR line endings): read it whole instead.

    Blank lines are found as ingest.read_csv finds them in a text (an empty line, not the one
    after the final line break of an LF file), from the offsets of the line breaks (numpy, one
    pass per chunk; the last break of a chunk is carried, so a blank line may straddle two)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    shape = BodyShape(delim)
    crlf = newline == "\r\n"
    nl, step = newline.encode(), len(newline)
    breaks = 0                      # line breaks before the current chunk
    last_break: int | None = None   # the offset of the last of them
    blank: list[int] = []
    has_content = False
    carry = b""                     # the previous chunk's last byte
    first = True
    cr_total = crlf_total = 0
    pos = start
    with open(path, "rb") as fh:
        fh.seek(start)
        while chunk := fh.read(CHUNK_BYTES):
            if not chunk.isascii():
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    return None
            cr = chunk.count(b"\r") if b"\r" in chunk else 0   # 'in' is a fast scan; count is not
            if cr:
                if not crlf:
                    return None     # a CR in an LF file: endings to normalise (read whole)
                cr_total += cr
                crlf_total += chunk.count(b"\r\n")
            if carry == b"\r" and chunk[:1] == b"\n":
                crlf_total += 1     # a CRLF split between two chunks
            if not has_content and chunk.translate(None, _BLANK_BYTES):
                has_content = True
            if first and chunk.startswith(nl):
                blank.append(first_line)            # the first data line is empty
            # a blank line: a line break `step` bytes after the previous one (LF '\n\n', CRLF
            # '\r\n\r\n'; a CRLF file whose every break is CRLF is checked below), found over
            # the breaks' positions in one vectorised pass; the k-th break of the body followed
            # by a blank line means line first_line + k is blank
            view = memoryview(chunk)
            steps = []                              # cache-sized steps: (offset, breaks in it)
            for at in range(0, len(chunk), SHAPE_STEP):
                step_bytes = view[at:at + SHAPE_STEP]
                steps.append((at, np.flatnonzero(np.frombuffer(step_bytes, np.uint8) == 10)))
                shape.feed(step_bytes, pos + at, steps[-1][1])
            ends = np.concatenate([found + pos + at for at, found in steps])
            if len(ends):
                if last_break is not None:
                    seq, number_of_first = np.concatenate(([last_break], ends)), breaks
                else:
                    seq, number_of_first = ends, breaks + 1
                hits = np.flatnonzero(np.diff(seq) == step)
                blank.extend((first_line + number_of_first + hits).tolist())
                last_break = int(ends[-1])
            breaks += len(ends)
            pos += len(chunk)
            carry = chunk[-1:]
            first = False
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    if crlf and (cr_total != crlf_total or cr_total != breaks):
        return None                 # some lines end LF, some CRLF: normalise (read whole)
    if blank and not crlf and carry[-1:] == b"\n" and blank[-1] == first_line + breaks - 1:
        blank.pop()                 # the final line break starts no line (as ingest.read_csv)
    lines = breaks + (1 if pos > start and carry[-1:] != b"\n" else 0)
    widest, widest_end, longest = shape.result(pos)
    return StreamFacts(lines=lines, blank_lines=tuple(blank), has_content=has_content,
                       widest=widest, widest_end=widest_end, longest=longest)


def line_of_offset(path: str, start: int, offset: int, first_line: int) -> int:
    """The 1-based line number of byte `offset` (for a message about a too-wide row)."""
    count, pos = 0, start
    with open(path, "rb") as fh:
        fh.seek(start)
        while pos < offset and (chunk := fh.read(min(CHUNK_BYTES, offset - pos))):
            count += chunk.count(b"\n")
            pos += len(chunk)
    return first_line + count


def sha256_of(data: bytes | None, path: str | None = None) -> str:
    """A file's SHA-256 (what tells a file already loaded): from its bytes, or (data None) read
    from `path` in chunks."""
    if data is not None:
        return hashlib.sha256(data).hexdigest()
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_started(data: bytes | None, path: str | None = None) -> Callable[[], str]:
    """sha256_of, begun now: a big file named by its path is hashed in a thread beside the
    reading (hashlib releases the GIL, so on a second core: 1.1 s of a 1 GB file hidden behind
    the 2.7 s streaming check); returns the function that waits for the digest."""
    if data is not None or path is None or os.path.getsize(path) < BACKGROUND_HASH_BYTES:
        digest = sha256_of(data, path)
        return lambda: digest
    result: dict = {}

    def run() -> None:
        try:
            result["digest"] = sha256_of(None, path)
        except BaseException as exc:  # raised to the caller by wait()
            result["error"] = exc

    thread = threading.Thread(target=run, name="techspend-sha256", daemon=True)
    thread.start()

    def wait() -> str:
        thread.join()
        if "error" in result:
            raise result["error"]
        return result["digest"]
    return wait


def read_in_place(file_name: str, path: str, limits):
    """The CSV fast path's SourceTable for a file read in place (DuckDB reads `path` itself), or
    None when the file must be read whole (ingest.read_csv): not UTF-8, a byte-order mark, bare
    or mixed CR line endings, no line break in its head, nothing but blanks in its head."""
    import csv
    import re

    from ingest.header import header_totals, unique_columns
    from ingest.read_csv import (_sample_from_lines, _too_long, _too_wide, check_line_length,
                                 read_head_of_text)
    from ingest.readers import TYPE_SAMPLE_ROWS, SourceTable, no_rows_error

    head = read_head(path)
    if head is None or head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return None
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return None
    newline = "\r\n" if "\r\n" in text else "\n"
    if not re.search(r"[^\s,;|\"']", text):
        return None
    notes = ["Read as UTF-8 text."]
    head_lines, delim, top, shape, header_line, header_end, header, body_start, preamble = \
        read_head_of_text(file_name, text, newline, limits, notes)
    sampled = [len(next(csv.reader([ln], delimiter=delim))) if ln else 0 for ln in
               head_lines[header_end:header_end + TYPE_SAMPLE_ROWS]]
    width = max([len(header)] + sampled)
    if width > limits.max_columns:
        raise _too_wide(file_name, width, header_end + 1 + sampled.index(width), limits)
    raw_start = len(text[:body_start].encode("utf-8"))
    facts = stream_facts(path, raw_start, header_end + 1, newline, delim)
    if facts is None:
        return None
    records = facts.lines - len(facts.blank_lines)
    if records <= 0 or not facts.has_content:
        raise no_rows_error(file_name, header)
    if facts.lines > limits.max_rows:
        raise _too_long(file_name, facts.lines, limits)
    check_line_length(file_name, facts.longest, limits)
    if facts.widest > width:  # a row further down is wider than the first rows: keep its cells
        width = facts.widest
        if width > limits.max_columns:
            line = line_of_offset(path, raw_start, facts.widest_end, header_end + 1)
            raise _too_wide(file_name, width, line, limits)
    columns = unique_columns(header, width)
    totals, note = header_totals([c for _, c in top], shape, columns)
    if note:
        notes.append(note)
    return SourceTable(
        file_name=file_name, kind="csv", sheet=None, sheets=(), header_row=header_line,
        columns=columns, preamble=tuple(preamble),
        sample=_sample_from_lines(head_lines[header_end:], delim, width), notes=tuple(notes),
        csv_path=path,
        csv_options={"skip": header_end, "delim": delim, "records": records, "new_line": newline,
                     "max_line_size": max(2_097_152, facts.longest + 1024),
                     "header": tuple(header), "max_columns": limits.max_columns},
        first_data_line=header_end + 1, blank_lines=facts.blank_lines, header_totals=totals,
    )

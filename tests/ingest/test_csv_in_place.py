"""A CSV named by its path (the CLI) is read in place, in chunks, never held whole in memory,
and loads exactly as the same bytes uploaded do: rows, row numbers, issues, totals (issue #13).
Files the in-place reader cannot take (not UTF-8, a byte-order mark, bare CR or mixed endings)
are read whole instead, with the same result."""

from __future__ import annotations

import pytest

import ingest
from db import Store
from ingest import csv_stream
from ingest.readers import read_source

HEADER = "Date,Vendor,Department,Amount,Description\n"


def body(rows: int) -> str:
    return "".join(f"2025-{1 + i % 12:02d}-{1 + i % 28:02d},Vendor {i % 37},Dept {i % 5},"
                   f"\"{(i * 7919) % 100000 / 100:,.2f}\",Line {i} of the ledger\n" for i in range(rows))


BIG = 3000   # rows: the file is over the 64 KB head, so the in-place path runs


def variants():
    base = HEADER + body(BIG)
    lines = base.split("\n")
    yield "plain", base.encode()
    yield "crlf", base.replace("\n", "\r\n").encode()
    yield "blank lines", "\n".join(lines[:10] + [""] + lines[10:2000] + ["", ""] + lines[2000:]).encode()
    yield "blank lines crlf", "\r\n".join(lines[:10] + [""] + lines[10:]).encode()
    yield "trailing blank", (base + "\n").encode()
    yield "no final break", base.rstrip("\n").encode()
    yield "title rows", ("Northwind Ltd\nAP register\n\n" + base).encode()
    yield "total row", (base + ",,,\"1,234.00\",Total\n").encode()
    yield "bad amount", (base + "2025-03-01,Acme,Dept 1,twelve,oops\n").encode()
    yield "wider row late", (base + "2025-03-01,Acme,Dept 1,12.00,x,extra cell\n").encode()
    yield "quoted break", (base + "2025-03-01,Acme,Dept 1,12.00,\"two\nlines\"\n").encode()
    yield "utf-8 late", (base + "2025-03-01,Café Zürich,Dept 1,12.00,é\n").encode()
    # read whole instead (same result)
    yield "cp1252 late", (base + "2025-03-01,Caf\xe9,Dept 1,12.00,x\n").encode("cp1252")
    yield "bom", b"\xef\xbb\xbf" + base.encode()
    yield "bare cr late", (base + "2025-03-01,Acme,Dept 1,12.00,x\r2025-03-02,Beta,Dept 2,3.00,y\n").encode()
    yield "mixed endings", base.encode().replace(b"\n", b"\r\n", 5)


def outcome(tmp_path, name, data, by_path):
    store = Store(str(tmp_path / f"{name}-{by_path}.duckdb"))
    path = tmp_path / "ledger.csv"
    path.write_bytes(data)
    result = ingest.load_file(store, "ledger.csv", None if by_path else data,
                              source_path=str(path), currency="GBP")
    lines = store.rows("SELECT source_row, txn_date, vendor, department, amount, description"
                       " FROM ledger_lines ORDER BY source_row")
    issues = store.rows("SELECT source_row, disposition, reason, raw FROM row_issues"
                        " ORDER BY source_row")
    extra = store.rows("SELECT source_row, cells FROM source_rows ORDER BY source_row")
    upload = store.rows("SELECT sha256, size_bytes, rows_read, rows_loaded, control_total"
                        " FROM uploads")
    store.close()
    return (result.rows_read, result.rows_loaded, result.rows_excluded, result.rows_rejected,
            result.control_total, lines, issues, extra, upload)


@pytest.mark.parametrize("name, data", list(variants()), ids=[n for n, _ in variants()])
def test_a_file_read_in_place_loads_as_its_bytes_do(tmp_path, name, data):
    assert outcome(tmp_path, name, data, by_path=True) == outcome(tmp_path, name, data, by_path=False)


def test_the_in_place_reader_is_used_and_keeps_row_numbers(tmp_path):
    data = ("Title\n" + HEADER + body(BIG) + "\n" + body(5)).encode()
    path = tmp_path / "ledger.csv"
    path.write_bytes(data)
    table = read_source("ledger.csv", None, source_path=str(path), workdir=str(tmp_path))
    assert table.csv_path == str(path)          # DuckDB reads the file itself: no copy written
    assert table.blank_lines == (3 + BIG,)       # title, header, BIG rows, then the blank line
    assert table.csv_options["records"] == BIG + 5


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("chunk", [7, 8, 9])
def test_the_streaming_check_reads_in_chunks(tmp_path, monkeypatch, newline, chunk):
    """Chunks smaller than a line (a blank line then straddles two at every offset): the facts
    are the same as one read of the whole body."""
    text = HEADER + body(400) + "\n\n" + body(3)
    data = text.replace("\n", newline).encode()
    path = tmp_path / "ledger.csv"
    path.write_bytes(data)
    start = len(HEADER.replace("\n", newline))
    whole = csv_stream.stream_facts(str(path), start, 2, newline, ",")
    monkeypatch.setattr(csv_stream, "CHUNK_BYTES", chunk)
    monkeypatch.setattr(csv_stream, "SHAPE_STEP", 3)
    assert csv_stream.stream_facts(str(path), start, 2, newline, ",") == whole
    assert whole.lines == 405 and whole.blank_lines == (402, 403) and whole.widest == 5


@pytest.mark.parametrize("by_path", [True, False])
def test_a_crlf_file_with_a_blank_line_keeps_the_row_numbers_a_person_sees(tmp_path, by_path):
    """Line 4 is blank: the row on line 5 is row 5 (a CRLF file read in place once numbered the
    rows before a blank line one short)."""
    rows = [HEADER.strip(), "2025-01-01,Acme,Ops,1.00,a", "2025-01-02,Beta,Ops,2.00,b", "",
            "2025-01-03,Gamma,Ops,3.00,c"] + [f"2025-02-01,V{i},Ops,1.00,x" for i in range(3000)]
    data = ("\r\n".join(rows) + "\r\n").encode()
    path = tmp_path / "ledger.csv"
    path.write_bytes(data)
    store = Store(str(tmp_path / "s.duckdb"))
    ingest.load_file(store, "ledger.csv", None if by_path else data, source_path=str(path),
                     currency="GBP")
    got = dict(store.rows("SELECT vendor, source_row FROM ledger_lines WHERE vendor IN"
                          " ('Acme', 'Beta', 'Gamma')"))
    assert got == {"Acme": 2, "Beta": 3, "Gamma": 5}
    assert store.rows("SELECT source_row, disposition FROM row_issues") == [(4, "excluded")]


def test_a_workbook_named_by_its_path_is_read_whole(tmp_path):
    """Only text is read in place: a workbook bigger than the head the reader looks at first
    (64 KB) is read as the workbook it is, not refused as a damaged one."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Date", "Vendor", "Amount"])
    for i in range(6000):
        ws.append([f"2025-01-{1 + i % 28:02d}", f"Vendor {i} with a longer name", i + 0.5])
    path = tmp_path / "ledger.xlsx"
    wb.save(path)
    assert path.stat().st_size > 1 << 16
    store = Store(str(tmp_path / "s.duckdb"))
    result = ingest.load_file(store, "ledger.xlsx", None, source_path=str(path), currency="GBP")
    assert (result.rows_loaded, result.control_total) == (6000, sum(i + 0.5 for i in range(6000)))


@pytest.mark.parametrize("threshold", [1 << 30, 1024])  # hashed in place; hashed in a thread
def test_the_digest_that_tells_a_file_already_loaded_is_the_files_sha256(tmp_path, monkeypatch,
                                                                          threshold):
    import hashlib

    from ingest import csv_stream

    monkeypatch.setattr(csv_stream, "BACKGROUND_HASH_BYTES", threshold)
    body = b"".join(b"2024-01-%02d,Vendor %d,%d.00\n" % (1 + i % 28, i, i) for i in range(20_000))
    path = tmp_path / "ledger.csv"
    path.write_bytes(b"Date,Vendor,Amount\n" + body)
    wait = csv_stream.sha256_started(None, str(path))
    assert wait() == hashlib.sha256(path.read_bytes()).hexdigest()
    assert csv_stream.sha256_started(path.read_bytes())() == wait()
    path.unlink()
    with pytest.raises(OSError):  # a file that cannot be read says so to the caller
        csv_stream.sha256_started(None, str(path))()

"""The Upload page's reader runs in a bounded child process: whatever a file does to the child
(abort, exhaust memory, hang), the server process gets a result or one IngestError."""

from __future__ import annotations

import os
import time

import pytest

from ingest import IngestError
from ingest.isolated import preview_file_isolated, read_source_isolated, run_isolated
from tests.ingest.xlsx_factory import sheet_xml, xlsx


def calamine_read_everything(data: bytes) -> int:
    """What the reader used to do with any sheet: let python-calamine allocate its grid."""
    import io

    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return len(book.get_sheet_by_name(book.sheet_names[0]).to_python())


def far_corner_xlsx() -> bytes:
    return xlsx([("Sheet1", sheet_xml([["Date", "Amount"]]).replace(
        "</sheetData>", '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'))])


def test_a_native_abort_in_the_child_is_a_message_and_the_parent_lives():
    # python-calamine asks for 512 GB for this 1.5 KB file: under the memory ceiling the
    # allocation fails and Rust aborts the child (uncatchable in-process)
    with pytest.raises(IngestError, match="far.xlsx: reading the file needed more memory"):
        run_isolated(calamine_read_everything, far_corner_xlsx(), file_name="far.xlsx",
                     memory_bytes=2 * 1024 ** 3)
    with pytest.raises(IngestError, match="x.csv: reading the file needed more memory"):
        run_isolated(os.abort, file_name="x.csv")
    assert os.getpid()  # still here


def test_running_out_of_memory_is_a_message():
    with pytest.raises(IngestError, match="more memory than the 1.0 GB allowed"):
        run_isolated(bytearray, 3 * 1024 ** 3, file_name="big.csv", memory_bytes=1024 ** 3)


def test_a_hang_is_stopped_at_the_timeout():
    started = time.monotonic()
    with pytest.raises(IngestError, match="slow.csv: reading the file took longer than 1"):
        run_isolated(time.sleep, 30, file_name="slow.csv", timeout_s=1)
    assert time.monotonic() - started < 20


def test_the_readers_own_messages_come_through_unchanged():
    with pytest.raises(IngestError, match="far.xlsx: sheet 'Sheet1' is too large to read"):
        read_source_isolated("far.xlsx", far_corner_xlsx())


def test_a_good_file_comes_back_as_the_same_table(tmp_path):
    data = b"Date,Supplier,Amount\n2024-01-05,Acme,10.00\n2024-01-06,Beta,5.00\n"
    table = read_source_isolated("ok.csv", data, workdir=str(tmp_path))
    assert table.columns == ("Date", "Supplier", "Amount")
    assert table.csv_options["records"] == 2 and os.path.exists(table.csv_path)
    preview = preview_file_isolated("ok.csv", data)
    assert (preview.rows_loaded, str(preview.control_total)) == (2, "15.00")
    assert list(preview.rows["vendor"]) == ["Acme", "Beta"]

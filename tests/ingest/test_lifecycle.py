"""Upload lifecycle: the same file twice, replace, delete, a failed load, remembered mappings."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from db import Store
from ingest import delete_upload, list_uploads, load_file
from ingest import load as load_module

DATA = Path(__file__).resolve().parents[1] / "data"


def data(name: str) -> bytes:
    return (DATA / name).read_bytes()


def totals(store: Store):
    return store.rows("SELECT count(*), coalesce(sum(amount), 0) FROM ledger_lines")[0]


def test_the_same_file_twice_is_not_counted_twice():
    store = Store(":memory:")
    first = load_file(store, "us_card.csv", data("us_card.csv"))
    again = load_file(store, "renamed.csv", data("us_card.csv"))
    assert again.status == "duplicate" and again.upload_id == first.upload_id
    assert "already loaded" in again.message
    assert totals(store) == (3, Decimal("1209.56"))


def test_replace_swaps_the_old_upload_for_the_new_one():
    store = Store(":memory:")
    first = load_file(store, "us_card.csv", data("us_card.csv"))
    second = load_file(store, "us_card.csv", data("us_card.csv"), replace=True)
    assert second.status == "loaded" and second.upload_id != first.upload_id
    assert totals(store) == (3, Decimal("1209.56"))
    assert list(list_uploads(store)["upload_id"]) == [second.upload_id]


def test_delete_removes_the_upload_and_everything_derived():
    store = Store(":memory:")
    keep = load_file(store, "preamble.csv", data("preamble.csv"))
    gone = load_file(store, "total_row.csv", data("total_row.csv"))
    assert delete_upload(store, gone.upload_id)
    assert not delete_upload(store, gone.upload_id)
    assert totals(store) == (3, Decimal("2250.49"))
    for table in ("row_issues", "source_rows", "ledger_lines"):
        assert store.scalar(f"SELECT count(*) FROM {table} WHERE upload_id = ?", [gone.upload_id]) == 0
    assert store.scalar("SELECT count(*) FROM uploads") == 1 and keep.upload_id


def test_a_failed_load_changes_nothing(monkeypatch):
    store = Store(":memory:")
    load_file(store, "preamble.csv", data("preamble.csv"))
    before = (totals(store), store.scalar("SELECT count(*) FROM uploads"), store.version())

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(load_module, "_raw_text_sql", broken)  # fails mid-transaction
    with pytest.raises(RuntimeError):
        load_file(store, "total_row.csv", data("total_row.csv"))
    assert (totals(store), store.scalar("SELECT count(*) FROM uploads"), store.version()) == before
    assert store.scalar("SELECT count(*) FROM row_issues") == 0


def test_a_confirmed_mapping_is_remembered_for_the_next_file_of_the_same_shape():
    store = Store(":memory:")
    first = load_file(store, "ap_register.xlsx", data("ap_register.xlsx"),
                      overrides={"amount": "Gross Amount"})
    assert first.control_total == Decimal("1332.30")
    # next month's file: same columns, different content
    nxt = (DATA / "preamble.csv").read_text().replace(
        "Invoice Date,Supplier,Department,Expense Type,Net Amount,VAT,Gross Amount",
        "Invoice Date,Supplier,Invoice No,Department,Expense Type,Net Amount,VAT,Gross Amount,Currency")
    nxt = "\n".join(
        line if not line[:4].isdigit() else
        ",".join(line.split(",")[:2] + ["INV"] + line.split(",")[2:] + ["GBP"])
        for line in nxt.splitlines())
    second = load_file(store, "next_month.csv", nxt.encode())
    assert second.mapping["amount"] == "Gross Amount"
    assert any("remembered" in n for n in second.notes)
    assert second.control_total == Decimal("1440.00") + Decimal("60.60") + Decimal("999.99")


def test_every_row_of_a_file_is_in_exactly_one_place():
    store = Store(":memory:")
    for name in ("total_row.csv", "bad_values.csv", "blank_ragged.csv", "ap_register.xlsx"):
        result = load_file(store, name, data(name))
        placed = store.rows(
            "SELECT source_row FROM ledger_lines WHERE upload_id = $u"
            " UNION ALL SELECT source_row FROM row_issues WHERE upload_id = $u",
            {"u": result.upload_id})
        rows = sorted(r[0] for r in placed)
        assert len(rows) == len(set(rows)) == result.rows_read

"""Helpers for models tests: insert ledger lines directly (the way ingest would)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from db import Store

LINE_COLUMNS = ("upload_id", "source_row", "source_file", "txn_date", "vendor", "department",
                "cost_centre", "account_code", "account_name", "description", "reference",
                "amount", "currency", "mcc")


def add_lines(store: Store, lines: list[dict], upload_id: int = 1, file_name: str = "test.csv") -> None:
    """Insert ledger lines; each dict may give any LINE_COLUMNS (defaults: date 2026-01-15,
    amount 100, GBP). source_row counts from 2 (row 1 is the header)."""
    start = int(store.scalar("SELECT coalesce(max(source_row), 1) FROM ledger_lines WHERE upload_id = ?",
                             [upload_id]))
    rows = []
    for i, line in enumerate(lines, start=1):
        row = {"upload_id": upload_id, "source_row": start + i, "source_file": file_name,
               "txn_date": dt.date(2026, 1, 15), "amount": Decimal("100.00"), "currency": "GBP"}
        row.update(line)
        rows.append([row.get(c) for c in LINE_COLUMNS])
    with store.transaction() as cur:
        cur.executemany(
            f"INSERT INTO ledger_lines ({', '.join(LINE_COLUMNS)}) VALUES "
            f"({', '.join('?' * len(LINE_COLUMNS))})", rows)

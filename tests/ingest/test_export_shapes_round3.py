"""Export shapes a third probe round found loading wrong figures (files written as the software
writes them; values invented). Each test states what a CFO relies on for that shape."""

from __future__ import annotations

from decimal import Decimal

import pytest

import ingest
from db import Store


def _load(tmp_path, text: str | bytes, name: str = "ledger.csv"):
    store = Store(tmp_path / "t.duckdb")
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    return ingest.load_file(store, name, data), store


@pytest.mark.parametrize("credit", [" $ (4,865.33)", "$(4,865.33)", "£(4,865.33)", "(£4,865.33)",
                                    "(4,865.33) USD"])
def test_a_credit_in_brackets_after_a_currency_mark_is_negative(tmp_path, credit):
    """Excel's Accounting format saved as CSV writes ' $ (45.00)': a credit note, never spend."""
    text = ('Date,Vendor,Amount\n1/7/2024,Oracle,"1,000.00"\n'
            f'1/8/2024,HubSpot,"{credit}"\n')
    result, _ = _load(tmp_path, text)
    assert result.control_total == Decimal("1000.00") - Decimal("4865.33")


def test_a_semicolon_export_with_line_breaks_inside_cells_is_read_by_its_records(tmp_path):
    """Excel in a German locale writes ';' and a decimal comma, and a cell typed with Alt+Enter
    as a quoted two-line text: the halves are not rows (before: read as comma-separated and
    refused, a junk column offered as the amount)."""
    text = ('Datum;Lieferant;Kostenstelle;Buchungstext;Betrag\n'
            '03.01.2024;Cisco Systems Ltd;IT;"Rechnung 0\nLizenzen Q1";2.559,19\n'
            '04.01.2024;HubSpot Ireland Ltd;Marketing;Rechnung 1;711,76\n'
            '07.01.2024;Slack Technologies Ltd;Finance;"Rechnung 2\nLizenzen Q1";7.434,32\n'
            '07.01.2024;Oracle Corporation UK Ltd;IT;Rechnung 3;2.156,98\n')
    result, store = _load(tmp_path, text)
    assert (result.rows_loaded, result.control_total) == (4, Decimal("12862.25"))
    assert store.scalar("SELECT description FROM ledger_lines WHERE source_row = 2") == \
        "Rechnung 0\nLizenzen Q1"

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

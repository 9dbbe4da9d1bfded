"""A new workspace takes the currency of the first own ledger loaded into it (workspace.first_currency).

What a US or euro-zone user relies on: their first ledger's figures are shown in its own
currency, not as 0.00 "left out for a missing FX rate" in a GBP default; and a currency someone
chose, or a workspace that already reports their ledgers, is never switched by a load.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

import workspace
from db.settings import read_settings
from models.summary import summary


def _csv(rows: list[tuple[str, str, str, str]]) -> bytes:
    lines = ["Date,Vendor,Department,Amount,Currency"]
    lines += [f"2026-01-{i + 5:02d},{vendor},{dept},{amount},{ccy}"
              for i, (vendor, dept, amount, ccy) in enumerate(rows)]
    return ("\n".join(lines) + "\n").encode()


USD_FEED = _csv([("Slack Technologies", "Marketing", "120.00", "USD"),
                 ("Uber", "Sales", "35.50", "USD")])


@pytest.fixture
def store(tmp_path):
    return workspace.open_workspace(tmp_path / "t.duckdb")


def test_a_first_ledger_in_one_currency_sets_the_reporting_currency(store):
    result = workspace.load_file(store, "card_feed.csv", USD_FEED)
    assert read_settings(store).reporting_currency == "USD"
    assert any("Reporting currency set to USD" in n and "card_feed.csv" in n for n in result.notes)
    figures = summary(store)
    assert figures.reporting_currency == "USD"
    assert figures.overall.total_spend == Decimal("155.50")
    assert figures.fx_missing_lines == 0


@pytest.mark.parametrize("case", ["chosen", "own ledger first", "several currencies", "no currency"])
def test_the_reporting_currency_stays_when_it_was_chosen_or_the_ledger_does_not_say_one(store, case):
    data = USD_FEED
    if case == "chosen":
        workspace.change_settings(store, reporting_currency="GBP")   # chosen, though the default
    elif case == "own ledger first":
        workspace.load_file(store, "gbp.csv", _csv([("Canva", "Marketing", "10.00", "GBP")]))
    elif case == "several currencies":
        data = _csv([("Slack Technologies", "Marketing", "120.00", "USD"),
                     ("Zoom", "Sales", "30.00", "EUR")])
    elif case == "no currency":
        data = b"Date,Vendor,Amount\n2026-01-05,Slack Technologies,120.00\n"
    result = workspace.load_file(store, "feed.csv", data)
    assert result.status == "loaded"
    assert read_settings(store).reporting_currency == "GBP"
    assert not any("Reporting currency set" in n for n in result.notes)


def test_a_later_ledger_in_another_currency_keeps_the_first_ones(store):
    workspace.load_file(store, "card_feed.csv", USD_FEED)
    result = workspace.load_file(store, "eu.csv", _csv([("Zoom", "Sales", "30.00", "EUR")]))
    assert read_settings(store).reporting_currency == "USD"
    assert not any("Reporting currency set" in n for n in result.notes)
    assert summary(store).fx_missing_lines == 1      # the EUR line needs a rate, as before


def test_beside_the_sample_company_every_line_is_reconverted_in_the_same_load(store):
    workspace.ensure_sample_company(store)
    result = workspace.load_file(store, "card_feed.csv", USD_FEED)
    assert read_settings(store).reporting_currency == "USD"
    assert any("sample company" in n for n in result.notes)
    # every line, the sample's too, is in USD now: its own USD amount, a converted amount, or
    # none with fx_missing (never a GBP figure left under a USD heading)
    wrong = store.scalar(
        "SELECT count(*) FROM classified_lines WHERE NOT ("
        " (upper(currency) = 'USD' AND amount_reporting = amount AND NOT fx_missing)"
        " OR (upper(currency) <> 'USD' AND amount_reporting IS NULL AND fx_missing)"
        " OR (upper(currency) <> 'USD' AND amount_reporting IS NOT NULL AND NOT fx_missing"
        "     AND (amount = 0 OR amount_reporting <> amount)))")
    assert wrong == 0
    own = store.scalar("SELECT sum(amount_reporting) FROM classified_lines WHERE upload_id = ?",
                       [result.upload_id])
    assert own == Decimal("155.50")

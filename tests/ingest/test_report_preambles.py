"""A report's title and parameter rows say the currency and scale of every amount under them
(ingest.preamble): `Currency: EUR` in a GL report's parameter block, `(£'000)` in a cost
report's title. A threshold in a title is not a scale, and a line's own currency still wins."""

from __future__ import annotations

from decimal import Decimal

import pytest

from export_helpers import load_text


def _by_currency(store):
    return dict(store.rows("SELECT currency, sum(amount) FROM ledger_lines GROUP BY 1"))


@pytest.mark.parametrize("label, code", [
    ("Currency:,EUR", "EUR"), ("Reporting currency,USD", "USD"), ("Währung:,CHF", "CHF"),
    ("Devise : SEK,", "SEK"), ("All amounts in NOK,", "NOK"),
])
def test_a_currency_stated_in_the_parameter_block_is_the_files_currency(label, code):
    text = ("General Ledger Detail Report,\nCompany:,200 - Northgate GmbH\nPeriod:,Mar-24\n"
            f"{label}\n,\nPosting Date,Vendor,Amount\n2024-03-04,Microsoft Ireland,1234.56\n"
            "2024-03-05,Compass Group,100.00\n")
    result, store = load_text(text)
    assert _by_currency(store) == {code: Decimal("1334.56")}
    assert any(f"Currency {code}, as the row above the header says" in n for n in result.notes)
    assert not result.currency_assumed
    assert not any("taken as GBP" in n or "No currency found" in n for n in result.notes)


def test_a_lines_own_currency_cell_wins_over_the_parameter_block():
    text = ("Currency:,EUR,\n,,\nDate,Vendor,Currency,Amount\n2024-03-04,Zoom,USD,20.00\n"
            "2024-03-05,SAP,,30.00\n")
    _, store = load_text(text)
    assert _by_currency(store) == {"USD": Decimal("20.00"), "EUR": Decimal("30.00")}


def test_thousands_stated_in_the_title_scale_every_amount():
    text = ("IT cost report - March 2024 (£'000),,,\n,,,\nCost Centre,Supplier,Date,Actual\n"
            "IT,Microsoft,2024-03-01,1.235\nIT,Amazon Web Services,2024-03-01,0.988\n")
    result, store = load_text(text)
    assert store.rows("SELECT amount FROM ledger_lines ORDER BY source_row") == [
        (Decimal("1235.00"),), (Decimal("988.00"),)]
    assert any("in thousands, as the title above the header says" in n for n in result.notes)


@pytest.mark.parametrize("title", ["Spend over £25,000", "Payments above 5 thousand pounds",
                                   "Transactions over £500 - March 2024"])
def test_a_threshold_in_the_title_is_not_a_scale(title):
    text = f"{title},,\n,,\nDate,Supplier,Amount\n2024-03-01,Microsoft,30000.00\n"
    _, store = load_text(text)
    assert store.rows("SELECT amount FROM ledger_lines") == [(Decimal("30000.00"),)]


def test_a_scale_in_the_amount_heading_is_not_applied_twice():
    text = "Figures in £'000,,\n,,\nDate,Supplier,Spend (£000s)\n2024-03-01,Microsoft,2.5\n"
    _, store = load_text(text)
    assert store.rows("SELECT amount FROM ledger_lines") == [(Decimal("2500.00"),)]


@pytest.mark.parametrize("vendor, code", [
    ("株式会社リコー", "JPY"), ("삼성에스디에스 주식회사", "KRW"), ("บริษัท ทรู คอร์ปอเรชั่น", "THB"),
    ("בזק בע\"מ", "ILS"), ("Công ty Cổ phần FPT", "VND"),
])
def test_a_ledger_written_in_one_countrys_script_is_in_its_currency(vendor, code):
    text = f"Date,Supplier,Amount\n2024-03-04,{vendor},125000\n2024-03-05,{vendor},5000\n"
    result, store = load_text(text)
    assert _by_currency(store) == {code: Decimal("130000.00")}
    assert any(f"Currency {code}, as the file is written in" in n for n in result.notes)
    assert not result.currency_assumed


@pytest.mark.parametrize("vendor", ["华为技术有限公司", "ООО Яндекс", "Microsoft Ireland"])
def test_chinese_cyrillic_and_latin_text_name_no_currency(vendor):
    text = f"Date,Supplier,Amount\n2024-03-04,{vendor},100\n"
    result, store = load_text(text)
    assert _by_currency(store) == {"GBP": Decimal("100.00")} and result.currency_assumed


def test_a_symbol_in_the_amounts_beats_the_script():
    text = "Date,Supplier,Amount\n2024-03-04,株式会社リコー,$1200.00\n"
    _, store = load_text(text)
    assert _by_currency(store) == {"USD": Decimal("1200.00")}

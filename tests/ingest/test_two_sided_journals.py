"""Journal exports whose rows carry both sides of the entry, and side-named columns.

What a user relies on: a Japanese 仕訳帳 (Money Forward, freee, Yayoi) or an English two-sided
journal loads each row at its debit amount, with the debit side's account, supplier and unit,
instead of debit minus credit = 0 on every line; a ledger of one-sided rows (Korean 차변 / 대변)
still nets debit against credit.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from export_helpers import load_text

JOURNALS = {
    "Japanese 仕訳帳": (
        "取引No,取引日,借方勘定科目,借方補助科目,借方部門,借方取引先,借方金額(円),貸方勘定科目,貸方金額(円),摘要\n"
        "1,2024/01/18,支払手数料,,情報システム部,Zoom Video Communications,330765,未払金,330765,Zoom 年額\n"
        "2,2024/10/15,水道光熱費,,総務部,東京ガス株式会社,2386234,未払金,2386234,ガス料金\n"
        "3,2024/11/02,通信費,,情報システム部,さくらインターネット株式会社,52800,普通預金,52800,サーバー\n",
        {"vendor": "借方取引先", "department": "借方部門", "account_name": "借方勘定科目",
         "amount": "借方金額(円)"},
        ["Zoom Video Communications", "東京ガス株式会社", "さくらインターネット株式会社"],
        Decimal("2769799"), "JPY"),
    "English two-sided journal": (
        "Date,Debit Account,Debit Amount,Credit Account,Credit Amount,Supplier,Narrative\n"
        "2025-04-03,6400 Software,1200.00,2100 Accounts Payable,1200.00,Atlassian,Jira\n"
        "2025-04-09,6100 Rent,5000.00,1200 Bank,5000.00,Landlord Ltd,April rent\n",
        {"account_name": "Debit Account", "amount": "Debit Amount", "vendor": "Supplier"},
        ["Atlassian", "Landlord Ltd"], Decimal("6200"), None),
}


@pytest.mark.parametrize("shape", JOURNALS, ids=list(JOURNALS))
def test_each_row_of_a_two_sided_journal_is_its_debit_side(shape):
    text, mapped, vendors, total, currency = JOURNALS[shape]
    result, store = load_text(text, name="journal.csv")
    assert result.rows_loaded == len(vendors)
    for field, column in mapped.items():
        assert result.mapping.get(field) == column, (field, result.mapping)
    assert "credit" not in result.mapping and "debit" not in result.mapping
    assert result.control_total == total                      # not 0 from debit minus credit
    assert [v for (v,) in store.rows("SELECT vendor FROM ledger_lines ORDER BY source_row")] == vendors
    if currency:
        assert result.currency == currency
    assert any("whole journal entry" in n for n in result.notes)


def test_one_sided_rows_under_korean_side_headings_net_debit_against_credit():
    text = ("일자,전표번호,계정과목,거래처,적요,부서,차변,대변\n"
            "2024-03-19,0001,전력비,한국전력공사,전기요금,경영지원팀,7914842,0\n"
            "2024-09-17,0003,지급수수료,(주)가비아,도메인 호스팅 연장,마케팅팀,4559204,0\n"
            "2024-09-30,0004,지급수수료,(주)가비아,환불,마케팅팀,0,59204\n")
    result, _ = load_text(text, name="jeonpyo.csv")
    assert (result.mapping["debit"], result.mapping["credit"]) == ("차변", "대변")
    assert result.mapping["vendor"] == "거래처" and result.mapping["department"] == "부서"
    assert result.control_total == Decimal("7914842") + Decimal("4559204") - Decimal("59204")


@pytest.mark.parametrize("heading, field", [
    ("Credit Card Number", None), ("Debit Account", "account_code"), ("Debit", "debit"), ("대변", "credit"),
])
def test_a_side_word_that_is_part_of_another_term_is_left_alone(heading, field):
    from ingest.mapping.headings import analyse_heading
    scores = analyse_heading(heading).scores
    best = max(scores, key=scores.get) if max(scores.values()) >= 5 else None
    assert best == field

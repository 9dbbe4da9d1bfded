"""Ledgers written in Japanese, Chinese and Korean, and suppliers the catalog lacked in the
probe ledgers of a state agency, a federal department, a bank and a card feed: the supplier's
legal form written into the name without spaces (株式会社, 有限公司, 주식회사), accounts named in
those scripts, a procurement category rooted in Technology, and brand lookalikes (TELUS Health
is not Telus telecom)."""

from __future__ import annotations

import pytest

from db import Store
from models.classification import refresh
from models.normalise import vendor_key

from classify_helpers import add_lines

LINES = [
    {"vendor": "KDDI株式会社", "description": "専用線・インターネット回線", "account_name": "通信費"},
    {"vendor": "株式会社マネーフォワード", "description": "クラウド経費 月額利用料",
     "account_name": "ソフトウェア利用料"},
    {"vendor": "株式会社リコー", "description": "複合機リース料", "account_name": "リース料"},
    {"vendor": "アマゾン ウェブ サービス ジャパン合同会社", "description": "AWS利用料",
     "account_name": "クラウド利用料"},
    {"vendor": "株式会社ABC商事", "description": "業務委託", "account_name": "ソフトウェア利用料"},
    {"vendor": "华为技术有限公司", "description": "服务器维护", "account_name": "维修费"},
    {"vendor": "삼성에스디에스 주식회사", "description": "클라우드", "account_name": "지급수수료"},
    # not technology
    {"vendor": "三井不動産株式会社", "description": "本社オフィス賃料", "account_name": "地代家賃"},
    {"vendor": "全日本空輸株式会社", "description": "航空券 出張", "account_name": "旅費交通費"},
    # suppliers the catalog lacked
    {"vendor": "FUJIFILM Business Innovation Australia Pty Ltd",
     "description": "Multifunction device lease"},
    {"vendor": "Diebold Nixdorf (UK) Ltd", "description": "ATM maintenance"},
    {"vendor": "LINEAR ORBIT, INC."},
    {"vendor": "Officeworks Ltd", "description": "Monitors and keyboards"},
    {"vendor": "Tata Consultancy Services Ltd", "description": "Application support",
     "account_name": "Technology > Professional Services"},
    # lookalikes
    {"vendor": "TELUS HEALTH SOLUTIONS INC.", "description": "Health services"},
    {"vendor": "Acme Consulting", "description": "Strategy review",
     "account_name": "Professional Services > Consulting"},
]


@pytest.fixture(scope="module")
def classified():
    store = Store(":memory:")
    add_lines(store, LINES)
    refresh(store)
    yield store
    store.close()


def _is_tech(store, row: int):
    (value, reason), = store.rows("SELECT is_tech, reason FROM classified_lines "
                                  "WHERE source_row = ?", [row])
    return value, reason


@pytest.mark.parametrize("row", [2, 3, 4, 5, 6, 7, 8, 11, 12, 13, 14, 15])
def test_technology_in_these_ledgers_is_technology(classified, row):
    value, reason = _is_tech(classified, row)
    assert value, (LINES[row - 2], reason)


@pytest.mark.parametrize("row", [9, 10, 16, 17])
def test_rent_travel_a_health_service_and_consulting_are_not(classified, row):
    value, reason = _is_tech(classified, row)
    assert not value, (LINES[row - 2], reason)


@pytest.mark.parametrize("raw, key", [
    ("KDDI株式会社", "KDDI"), ("(株)リコー", vendor_key("リコー")),
    ("株式会社リコー", vendor_key("リコー")), ("华为技术有限公司", vendor_key("华为技术")),
    ("삼성에스디에스 주식회사", vendor_key("삼성에스디에스")),
    ("富士通Japan株式会社", vendor_key("富士通JAPAN")),   # mixed scripts key whole, not 'JAPAN'
])
def test_east_asian_legal_forms_are_not_part_of_the_name(raw, key):
    assert vendor_key(raw) == key

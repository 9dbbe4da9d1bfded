"""Evidence in context (issue 10): the line's own coding beats the merchant's, a purpose gives the
layer, a trading name identifies the supplier, vendor-name words count in other languages."""

from __future__ import annotations

import pytest

from db import Store
from models.classification import refresh
from models.normalise import vendor_key

from classify_helpers import add_lines


def one(store, vendor):
    df = store.df("SELECT * FROM classified_lines WHERE vendor = ?", [vendor])
    assert len(df) == 1, df
    return df.iloc[0]


def test_a_technology_mcc_yields_to_an_account_the_buyer_coded_as_something_else(store):
    add_lines(store, [
        {"vendor": "Acme Widgets", "mcc": "5734", "account_name": "Electrical Supplies"},
        {"vendor": "Bcme Widgets", "mcc": "5734"},
        {"vendor": "Ccme Widgets", "mcc": "5734", "account_name": "Software"},
    ])
    refresh(store)
    coded_otherwise = one(store, "Acme Widgets")
    assert (coded_otherwise.is_tech, coded_otherwise.decided_by) == (False, "default")
    no_account = one(store, "Bcme Widgets")
    assert (no_account.is_tech, no_account.decided_by) == (True, "mcc")
    coded_software = one(store, "Ccme Widgets")
    assert (coded_software.is_tech, coded_software.decided_by) == (True, "account")


def test_a_strong_description_that_contradicts_a_strong_account_decides(store):
    add_lines(store, [
        {"vendor": "Dcme Paper", "account_name": "IT Services",
         "description": "Stationery and office supplies"},
        {"vendor": "Ecme Kit", "account_name": "IT Services", "description": "laptop for new starter"},
    ])
    refresh(store)
    stationery = one(store, "Dcme Paper")
    assert (stationery.is_tech, stationery.decided_by) == (False, "description")
    laptop = one(store, "Ecme Kit")
    assert (laptop.is_tech, laptop.decided_by) == (True, "account")


def test_a_customer_facing_purpose_gives_the_layer_but_is_not_evidence(store):
    add_lines(store, [
        {"vendor": "Fcme", "account_name": "Software", "description": "Website content editor",
         "department": "Finance"},
        {"vendor": "Gcme", "account_name": "Software", "department": "Finance"},
        {"vendor": "Hcme", "account_name": "Leisure Centre Software Project", "department": "Finance"},
        {"vendor": "Icme", "account_name": "Website Costs"},
    ])
    refresh(store)
    assert (one(store, "Fcme").is_tech, one(store, "Fcme").layer) == (True, "SoE")
    assert one(store, "Gcme").layer == "SoR"        # Finance is not customer-facing
    assert one(store, "Hcme").layer == "SoE"
    assert not one(store, "Icme").is_tech          # a website purpose alone says nothing of tech


@pytest.mark.parametrize("raw, key", [
    ("SSS Public Safety Ltd T/A NECSWS", "NECSWS"),
    ("Smith & Jones Ltd trading as Bluesky Telecom", "BLUESKY TELECOM"),
    ("ACME HOLDINGS INC DBA ACME CLOUD", "ACME CLOUD"),
    ("T/A Foods", "T A FOODS"),                    # nothing before it: not a trading name
])
def test_a_trading_name_identifies_the_supplier(raw, key):
    assert vendor_key(raw) == key
    assert vendor_key(key) == key


@pytest.fixture
def shipped():
    s = Store(":memory:")
    yield s
    s.close()


def test_vendor_words_count_in_other_languages_with_their_measured_family(shipped):
    add_lines(shipped, [
        {"vendor": "Nova Informática Ltda"}, {"vendor": "Alpha Informatique SARL"},
        {"vendor": "Rede Sul Telecomunicações Ltda"}, {"vendor": "Sistemas Hidraulicos SA"},
    ])
    refresh(shipped)
    for vendor, word in [("Nova Informática Ltda", "informatica"),
                         ("Alpha Informatique SARL", "informatique"),
                         ("Rede Sul Telecomunicações Ltda", "telecomunicacoes")]:
        line = one(shipped, vendor)
        assert (line.is_tech, line.reason) == (True, f'vendor word: "{word}"'), vendor
    # 'sistemas' is measured with 'systems' (drainage, fire, security systems): not evidence
    assert not one(shipped, "Sistemas Hidraulicos SA").is_tech


def test_a_vendor_word_is_no_evidence_beside_the_trade_the_name_says_first(shipped):
    """A stationer or an air-conditioning firm that also sells some IT goods (named 'Papelaria
    ... e Informática', '... Ar Condicionado e Informática') is that trade: its technology word
    does not decide; an IT shop of the same form still does."""
    add_lines(shipped, [
        {"vendor": "Central Papelaria e Informática Ltda"},
        {"vendor": "Polar Ar Condicionado e Informática Eireli"},
        {"vendor": "Acme Stationery & Computer Software Ltd"},
        {"vendor": "Central Comércio de Informática Ltda"},
    ])
    refresh(shipped)
    for vendor in ("Central Papelaria e Informática Ltda",
                   "Polar Ar Condicionado e Informática Eireli",
                   "Acme Stationery & Computer Software Ltd"):
        line = one(shipped, vendor)
        assert (line.is_tech, line.decided_by) == (False, "default"), vendor
    shop = one(shipped, "Central Comércio de Informática Ltda")
    assert (shop.is_tech, shop.reason) == (True, 'vendor word: "informatica"')


def test_it_telephony_and_software_in_other_languages_are_technology(shipped):
    """Descriptions and account names as other countries' ledgers write them (found on exports
    the catalog had not seen: an Irish PO file, a German municipality, Danish and Swedish GLs)."""
    add_lines(shipped, [{"vendor": vendor, field: text} for vendor, field, text in (
        ("Ergo Services", "description", "IT infrastructure support"),
        ("Komm Eins Anstalt", "description", "IT-Dienstleistungen Januar"),
        ("Rete Locale SpA", "description", "Telefonia fissa e dati"),
        ("Byens Data A/S", "account_name", "Edb-udgifter"),
        ("Acme AB", "account_name", "Programvaror"),
        ("Beta AB", "account_name", "Mobiltelefon"),
        ("Gamma AS", "description", "Drift av fagsystemer"),
        ("Transit Co", "account_name", "Transit passes"),      # 'it' inside a word
        ("Delta SpA", "account_name", "Non-recoverable VAT"),
    )])
    refresh(shipped)
    for vendor in ("Ergo Services", "Komm Eins Anstalt", "Rete Locale SpA", "Byens Data A/S",
                   "Acme AB", "Beta AB", "Gamma AS"):
        assert one(shipped, vendor).is_tech, vendor
    assert not one(shipped, "Transit Co").is_tech
    assert not one(shipped, "Delta SpA").is_tech


def test_names_wholly_in_another_script_keep_their_departments_and_vendors_apart(shipped):
    """A Greek, Japanese or Korean ledger: its units and suppliers key to their own letters (they
    keyed to nothing, so every department was one blank unit), and its IT unit is IT."""
    add_lines(shipped, [
        {"vendor": "ΟΤΕ Α.Ε.", "department": "Διεύθυνση Πληροφορικής"},
        {"vendor": "Καθαριότητα ΑΕ", "department": "Τμήμα Προμηθειών"},
        {"vendor": "日本マイクロソフト株式会社", "department": "情報システム部"},
        {"vendor": "清掃サービス株式会社", "department": "総務部"},
        {"vendor": "KT", "department": "정보시스템팀"},
    ])
    refresh(shipped)
    owned = dict(shipped.rows("SELECT department, bool_or(it_owned) FROM classified_lines GROUP BY 1"))
    assert owned == {"Διεύθυνση Πληροφορικής": True, "Τμήμα Προμηθειών": False,
                     "情報システム部": True, "総務部": False, "정보시스템팀": True}
    keys = {k for (k,) in shipped.rows("SELECT DISTINCT vendor_key FROM classified_lines")}
    assert None not in keys and len(keys) == 5

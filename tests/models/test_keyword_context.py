"""Evidence with context: keywords match as words and phrases, negative context cancels them,
and a mixed vendor (consultancy, marketplace) is decided by the line's account / description."""

from __future__ import annotations

from decimal import Decimal

import pytest

from db import Store, TechspendError
from models.classification import expand_phrases, refresh

from classify_helpers import add_lines


def one(store, vendor):
    return store.df("SELECT * FROM classified_lines WHERE vendor = ?", [vendor]).iloc[0]


@pytest.mark.parametrize(
    "description, is_tech, decided_by",
    [
        ("Annual software licence renewal", True, "description"),
        ("Process server fees - court papers", False, "description"),
        ("TV licence 2026", False, "description"),
        ("Premises licence annual fee", False, "description"),
        ("Alcohol licence renewal", False, "description"),
        ("Licence for pavement cafe", None, "default"),  # context cancels 'licence'
        ("Lease of land for telecom mast", False, "description"),
        ("Telecoms mast site rental", False, "description"),
        ("Network Rail access charge", False, "description"),
        ("Computer-aided dispatch system support", True, "description"),
        ("Replacement laptops x4", True, "description"),
        ("New server rack", True, "description"),
        ("Computer desk and chair", False, "description"),
        ("Carers support network meeting", None, "default"),  # 'network' cancelled, nothing left
        ("Audit of transit accounts", False, "description"),  # 'transit' is not IT
        ("Paid it back", None, "default"),                   # 'it' alone is not IT
    ],
)
def test_description_keywords_read_words_and_context(store, description, is_tech, decided_by):
    add_lines(store, [{"vendor": "Someone Unknown", "description": description}])
    refresh(store)
    line = one(store, "Someone Unknown")
    assert line.decided_by == decided_by, line.reason
    assert bool(line.is_tech) is bool(is_tech), line.reason


def test_negative_phrases_apply_to_account_names_too(store):
    add_lines(store, [{"vendor": "A1", "account_name": "TV Licences"},
                      {"vendor": "A2", "account_name": "Licences"},
                      {"vendor": "A3", "account_name": "Telecom Mast Rental"}])
    refresh(store)
    assert not one(store, "A1").is_tech
    assert one(store, "A1").reason == 'account: "TV Licences"'
    # a bare licence account is weak technology evidence: alone it does not decide (permits,
    # fees); see test_classification.test_strong_non_tech_account_beats_weak_tech_keyword
    assert one(store, "A2").decided_by == "default"
    assert not one(store, "A3").is_tech


def test_every_line_records_what_decided_it(store):
    add_lines(store, [{"vendor": "Someone", "description": "Process server fees"}])
    refresh(store)
    assert one(store, "Someone").reason == 'description: "process server"'


def test_mixed_vendor_is_decided_by_account_and_description(store):
    # 'Amazon Marketplace' is a catalog entry (general goods) listed in mixed_vendors.csv
    add_lines(store, [
        {"vendor": "AMZN Mktp UK", "description": "Replacement laptops", "amount": Decimal("900")},
        {"vendor": "Amazon Marketplace", "description": "Office chair"},
        {"vendor": "Amazon marketplace ", "description": "order 123-456"},
        {"vendor": "AMAZON MARKETPLACE", "account_name": "Computer equipment"},
    ])
    refresh(store)
    rows = store.df("SELECT vendor, description, account_name, is_tech, decided_by, reason,"
                    " confidence FROM classified_lines ORDER BY source_row")
    assert list(rows.decided_by) == ["description", "description", "catalog", "account"]
    assert list(rows.is_tech) == [True, False, False, True]
    assert rows.reason[0] == 'description: "laptops" (mixed vendor Amazon Marketplace)'
    # the vendor only broke the tie: said so, with low confidence (it feeds the review queue)
    assert "mixed vendor" in rows.reason[2] and rows.confidence[2] < 0.65


def test_shipped_catalog_big_four_line_decided_by_its_account(tmp_path):
    """With the shipped catalog: Deloitte is mixed, so its IT consultancy is technology and its
    audit fee is not."""
    store = Store(":memory:")
    add_lines(store, [{"vendor": "Deloitte LLP", "account_name": "IT Consultancy"},
                      {"vendor": "Deloitte LLP", "account_name": "Audit Fees"},
                      {"vendor": "Deloitte LLP", "account_name": None}])
    refresh(store)
    rows = store.df("SELECT is_tech, decided_by, reason FROM classified_lines ORDER BY source_row")
    assert list(rows.is_tech) == [True, False, False]
    assert list(rows.decided_by) == ["account", "account", "catalog"]
    assert rows.reason[0] == 'account: "IT Consultancy" (mixed vendor Deloitte)'
    store.close()


def test_phrase_forms_expand():
    assert expand_phrases("software/system licence/licences|saas") == [
        ["software", "licence"], ["software", "licences"], ["system", "licence"],
        ["system", "licences"], ["saas"]]
    assert expand_phrases("Computer-Aided dispatch") == [["computer", "aided", "dispatch"]]


def test_bad_phrase_row_names_file_and_row(store, tmp_path):
    (tmp_path / "keyword_phrases.csv").write_text(
        "phrase,signal,category,strength,applies_to,notes\nsoftware,maybe,x,strong,both,\n")
    add_lines(store, [{"vendor": "X"}])
    with pytest.raises(TechspendError, match="keyword_phrases.csv row 2"):
        from models import classification

        with store.transaction() as cur:
            classification.ensure_context_catalog(cur, tmp_path)


def test_descriptions_that_differ_only_in_numbers_and_case_share_their_evidence(store):
    """Evidence is read once per text shape (numbers and case aside): references and dates in a
    description never change what it says; phrases still read across the numbers beside them."""
    add_lines(store, [
        {"vendor": "R1", "description": "INV 88812 - Replacement laptops x4"},
        {"vendor": "R2", "description": "inv 90210 - replacement LAPTOPS x12"},
        {"vendor": "R3", "description": "Process server 2024-11 fees"},
        {"vendor": "R5", "description": "Website 2025 refresh"},
    ])
    refresh(store)
    r1, r2 = one(store, "R1"), one(store, "R2")
    assert (r1.is_tech, r1.reason) == (r2.is_tech, r2.reason) == (True, r1.reason)
    assert r1.reason.startswith('description: "laptop')
    assert not one(store, "R3").is_tech and one(store, "R3").reason == 'description: "process server"'
    assert one(store, "R5").layer == "SoE"   # the purpose phrase still reads through the number

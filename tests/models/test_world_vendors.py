"""Suppliers as ledgers outside the English-speaking markets and journals write them, classified
against the real catalog: a legal form written first, a bracketed note after the name, a card
descriptor carrying a reference and the supplier's domain, a supplier named only in a journal
line's description, and technology described in other languages."""

from __future__ import annotations

import pytest

from db import Store
from models.classification import refresh
from models.normalise import vendor_key

from classify_helpers import add_lines


@pytest.fixture(scope="module")
def classified():
    store = Store(":memory:")
    add_lines(store, [
        {"vendor": "UAB Microsoft Lietuva", "description": "Microsoft 365 Business Premium"},
        {"vendor": "Oy Microsoft Ab"},
        {"vendor": "S.C. Microsoft Romania S.R.L."},
        {"vendor": "P4 Sp. z o.o. (Play)", "description": "Abonamenty komórkowe"},
        {"vendor": "Brevo (ex Sendinblue)", "description": "Campagnes emailing"},
        {"vendor": "SLACK T03ABC9D WWW.SLACK.COM"},
        # journals: no vendor, the supplier only in the text
        {"description": "Invoice 4411 Microsoft 365 E3 licences", "account_name": "Accruals"},
        {"description": "Prepayment release - Workday subscription", "account_name": "Prepayments"},
        {"description": "Accrual - AWS usage March", "account_name": "Accruals"},
        {"description": "Box files and zoom lens", "account_name": "Sundries"},
        {"description": "Orange juice for the board", "account_name": "Hospitality"},
        # technology in other words, from suppliers the catalog does not know
        {"vendor": "Acme Bürotechnik GmbH", "description": "USB-C Dockingstationen"},
        {"vendor": "Hurtownia Kowalski", "description": "Laptopy dla działu"},
        {"vendor": "Distribuciones Pérez SL", "description": "Portátiles y monitores"},
        {"vendor": "Konttori Oy Virtanen", "description": "HR-järjestelmä"},
        # lookalikes stay what they are
        {"vendor": "Persona Group Ltd", "description": "Agency staff"},
        {"vendor": "Majestic No 1 Ltd", "description": "Residential care"},
    ])
    refresh(store)
    yield store
    store.close()


def _line(store, row: int):
    df = store.df("SELECT * FROM classified_lines WHERE source_row = ?", [row])
    assert len(df) == 1
    return df.iloc[0]


@pytest.mark.parametrize("row, canonical", [
    (2, "Microsoft"), (3, "Microsoft"), (4, "Microsoft"), (5, "Play (P4)"), (6, "Brevo"),
    (7, "Slack"),
])
def test_a_supplier_written_with_its_legal_form_first_or_a_note_in_brackets_is_recognised(
        classified, row, canonical):
    line = _line(classified, row)
    assert line.is_tech and line.decided_by == "catalog", line.reason
    assert line.vendor_canonical.startswith(canonical.split(" ")[0]), line.vendor_canonical


@pytest.mark.parametrize("row, canonical", [(8, "Microsoft"), (9, "Workday"),
                                            (10, "Amazon Web Services")])
def test_a_journal_line_with_no_vendor_takes_the_supplier_its_description_names(
        classified, row, canonical):
    line = _line(classified, row)
    assert line.is_tech and line.decided_by == "catalog", line.reason
    assert line.vendor_canonical.startswith(canonical), line.vendor_canonical
    assert "named in the description" in line.reason


@pytest.mark.parametrize("row", [11, 12])
def test_ordinary_words_in_a_description_name_no_supplier(classified, row):
    line = _line(classified, row)
    assert not line.is_tech, line.reason
    assert "named in the description" not in line.reason


@pytest.mark.parametrize("row", [13, 14, 15, 16])
def test_technology_described_in_other_languages_is_technology(classified, row):
    line = _line(classified, row)
    assert line.is_tech and line.decided_by == "description", line.reason


@pytest.mark.parametrize("row", [17, 18])
def test_a_catalog_name_qualified_in_brackets_does_not_claim_a_lookalike(classified, row):
    assert not _line(classified, row).is_tech


def test_keys_of_the_new_forms_are_stable():
    for raw in ["UAB Microsoft Lietuva", "Oy Microsoft Ab", "S.C. Microsoft Romania S.R.L.",
                "P4 Sp. z o.o. (Play)", "Brevo (ex Sendinblue)", "SLACK T03ABC9D WWW.SLACK.COM",
                "Persona (identity verification)", "AS Watson"]:
        key = vendor_key(raw)
        assert vendor_key(key) == key, raw
    assert vendor_key("AS Watson") == "AS WATSON"      # a short form before one word stays
    assert vendor_key("Persona (identity verification)") == "PERSONA IDENTITY VERIFICATION"

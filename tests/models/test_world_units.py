"""IT units named as ledgers in more languages name them, and units whose names only sound
technical: the default IT flag decides whose technology spend is shadow IT."""

from __future__ import annotations

import pytest

from models.it_vocabulary import default_flags


@pytest.mark.parametrize("unit", [
    "Sistemas", "Departamento de Sistemas", "Gerencia de Sistemas",
    "ИТ отдел", "Отдел информационных технологий", "ІТ відділ", "信息技术部", "信息部",
    "מערכות מידע", "تقنية المعلومات", "Phòng CNTT", "Teknologi Informasi",
    "Systems Engineering", "Telecommunications", "Markets Technology", "Wealth Technology",
    "Global Technology", "情報システム部",
])
def test_an_it_unit_in_another_language_is_it(unit):
    assert default_flags(None, unit).is_it, unit


@pytest.mark.parametrize("unit", [
    "Systems Engineering (mechanical)", "Telecommunications Regulation",
    "Telecommunications Policy", "Sistemas de Limpieza", "Отдел маркетинга", "行政部",
    "משאבי אנוש", "الموارد البشرية", "Finance Technology", "Medical Technology",
])
def test_a_unit_that_only_sounds_technical_is_not_it(unit):
    assert not default_flags(None, unit).is_it, unit


def test_a_ledger_whose_units_are_only_codes_is_flagged_until_its_it_unit_is_marked():
    from db import Store
    from models.classification import refresh
    import workspace
    from models.summary import uploads_without_it

    from classify_helpers import add_lines

    store = Store(":memory:")
    add_lines(store, [
        {"vendor": "Microsoft Ireland Operations Ltd", "department": "CC4100"},
        {"vendor": "ServiceNow Nederland BV", "department": "CC4100"},
        {"vendor": "Greggs plc", "department": "CC2100"},
    ], file_name="gl.csv")
    refresh(store)
    (sentence,) = uploads_without_it(store)
    assert "gl.csv" in sentence and "CC4100, CC2100" in sentence
    assert 'techspend departments set "CC4100" --it' in sentence
    workspace.set_department(store, "CC4100", is_it=True, by="cfo@example.com")
    assert uploads_without_it(store) == []

"""The organisation's structure: IT units on a cost-centre-only ledger, variant merging, the org
map, marking many units, suggestions a person confirms, and the change history."""

from __future__ import annotations

from decimal import Decimal

import pytest

from db import TechspendError
from ingest.readers import read_source
from models import classification, departments, org
from models.classification import refresh

from classify_helpers import add_lines

# A cost-centre-only ledger: no department column, the cost-centre name is all there is.
IT_UNITS = ["Applications Support", "Network Services", "Desktop Services", "Telephony",
            "Radio Systems", "GIS"]
NOT_IT_UNITS = ["Medical Technology", "Finance", "Highways Infrastructure"]


@pytest.fixture
def cost_centre_ledger(store):
    lines = []
    for unit in IT_UNITS:
        lines.append({"vendor": "Dell", "cost_centre": unit, "amount": Decimal("1000")})
    for unit in NOT_IT_UNITS:
        lines.append({"vendor": "Dell", "cost_centre": unit, "amount": Decimal("500")})
        lines.append({"vendor": "Oracle Cleaning", "cost_centre": unit, "amount": Decimal("2000")})
    add_lines(store, lines)
    refresh(store)
    return store


def it_owned_by_unit(store) -> dict[str, bool]:
    return dict(store.rows("SELECT department, bool_and(it_owned) FROM classified_lines"
                           " GROUP BY 1"))


def test_cost_centre_only_ledger_gets_an_it_split_without_marking_anything(cost_centre_ledger):
    owned = it_owned_by_unit(cost_centre_ledger)
    assert {u: owned[u] for u in IT_UNITS} == {u: True for u in IT_UNITS}
    assert {u: owned[u] for u in NOT_IT_UNITS} == {u: False for u in NOT_IT_UNITS}
    shares = classification.summary(cost_centre_ledger).overall
    # 6 x 1000 of Dell inside IT, 3 x 500 of Dell outside
    assert shares.tech_spend_inside_it == Decimal("6000.00")
    assert shares.tech_spend_outside_it == Decimal("1500.00")
    deps = departments.list_departments(cost_centre_ledger).set_index("department")
    assert deps.loc["Radio Systems", "it_reason"].startswith("default pattern: Radio systems")


def test_spelling_variants_merge_into_one_department(store):
    add_lines(store, [
        {"vendor": "Dell", "department": "DEVELOPMENT", "amount": Decimal("10")},
        {"vendor": "Dell", "department": "Development", "amount": Decimal("10")},
        {"vendor": "Dell", "department": "Development", "amount": Decimal("10")},
        {"vendor": "Dell", "department": "IT - NETWORK", "amount": Decimal("10")},
        {"vendor": "Dell", "department": "IT-NETWORK", "amount": Decimal("10")},
        {"vendor": "Dell", "department": "ITNetwork", "amount": Decimal("10")},
        {"vendor": "Dell", "department": "E-Commerce", "amount": Decimal("10")},
        {"vendor": "Dell", "department": "ECommerce", "amount": Decimal("10")},
    ])
    refresh(store)
    shown = dict(store.rows("SELECT department, count(*) FROM classified_lines GROUP BY 1"))
    assert shown == {"Development": 3, "IT - NETWORK": 3, "E-Commerce": 2}
    # the raw spelling is never lost
    assert store.scalar("SELECT count(DISTINCT department) FROM ledger_lines") == 7
    # ITNetwork takes the flags of the department it is the same as
    deps = departments.list_departments(store).set_index("department_key")
    assert deps.loc["ITNETWORK", "merged_into"] == "IT - NETWORK"
    assert bool(deps.loc["ITNETWORK", "is_it"]) and deps.loc["ITNETWORK", "it_source"] == "merged"


def test_any_two_departments_merge_by_hand_and_the_change_is_recorded(store):
    add_lines(store, [{"vendor": "Dell", "department": "ICT", "amount": Decimal("100")},
                      {"vendor": "Dell", "department": "Corporate Systems Team",
                       "amount": Decimal("50")},
                      {"vendor": "Dell", "department": "Finance", "amount": Decimal("70")}])
    refresh(store)
    org.merge_departments(store, ["Finance"], "ICT", by="cio@example.com")
    assert dict(store.rows("SELECT department, bool_and(it_owned) FROM classified_lines"
                           " GROUP BY 1")) == {"ICT": True, "Corporate Systems Team": True}
    history = departments.changes(store)
    assert history.iloc[0].action == "merge" and history.iloc[0].changed_by == "cio@example.com"
    assert history.iloc[0].department == "Finance"
    org.unmerge_department(store, "finance", by="cio@example.com")
    refresh(store)  # a person's unmerge is not undone by the automatic variant merge
    assert dict(store.rows("SELECT department, bool_and(it_owned) FROM classified_lines"
                           " GROUP BY 1"))["Finance"] is False


def test_many_departments_in_one_call_and_by_pattern(cost_centre_ledger):
    store = cost_centre_ledger
    keys = org.set_departments(store, ["medical technology", "FINANCE"], is_it=True, by="cfo")
    assert keys == ["MEDICAL TECHNOLOGY", "FINANCE"]
    assert it_owned_by_unit(store)["Finance"] is True
    assert org.preview_pattern(store, "*services*") == ["Desktop Services", "Network Services"]
    marked = org.mark_by_pattern(store, "*services*", customer_facing=True, by="cfo")
    assert len(marked) == 2
    flags = departments.list_departments(store).set_index("department")
    assert bool(flags.loc["Desktop Services", "customer_facing"])
    assert flags.loc["Desktop Services", "cf_source"] == "user"
    assert set(departments.changes(store).action) == {"set_it", "set_customer_facing"}
    with pytest.raises(TechspendError, match="No department matches"):
        org.mark_by_pattern(store, "^nothing like this$", is_it=True, by="cfo")


def test_departments_writer_takes_a_cursor_and_never_reclassifies(cost_centre_ledger):
    store = cost_centre_ledger
    with store.transaction() as cur:
        departments.set_departments(cur, ["Finance"], is_it=True, by="x")
    # the flag is stored, the lines are not reclassified until the caller rebuilds
    assert it_owned_by_unit(store)["Finance"] is False
    refresh(store)
    assert it_owned_by_unit(store)["Finance"] is True
    from models import department_edits, it_vocabulary

    for module in (departments, department_edits, it_vocabulary):
        source = open(module.__file__, encoding="utf-8").read()
        assert "classification" not in "".join(
            line for line in source.splitlines() if line.lstrip().startswith(("import", "from")))


ORG_MAP = (b"Cost Centre,Cost Centre Name,Directorate,IT?\n"
           b"4110,Applications,ICT,\n"
           b"4120,Network Team,ICT,\n"
           b"4190,Business Change,ICT,no\n"
           b"5210,Clinical Engineering,Health,\n"
           b",,,\n"
           b"6100,Print Room,Corporate Services,yes\n")


def test_org_map_load_maps_codes_to_names_departments_and_it(store):
    add_lines(store, [
        {"vendor": "Dell", "cost_centre": "4110", "amount": Decimal("100")},
        {"vendor": "Dell", "cost_centre": "4120", "amount": Decimal("100")},
        {"vendor": "Dell", "cost_centre": "4190", "amount": Decimal("100")},
        {"vendor": "Dell", "cost_centre": "5210", "amount": Decimal("100")},
        {"vendor": "Dell", "cost_centre": "6100", "amount": Decimal("100")},
    ])
    refresh(store)
    assert store.scalar("SELECT bool_or(it_owned) FROM classified_lines") is False
    result = org.load_org_map(store, read_source("org.csv", ORG_MAP), by="fd@example.com")
    assert (result.units, result.skipped_blank, result.departments, result.it_units) == (5, 1, 3, 1)
    assert result.matched_units == 5
    assert result.columns == {"code": "Cost Centre", "name": "Cost Centre Name",
                              "department": "Directorate", "is_it": "IT?"}
    lines = {r[0]: r[1:] for r in store.rows(
        "SELECT cost_centre, department, org_department, it_owned FROM classified_lines"
        " LEFT JOIN org_department_of USING (department)")}
    assert lines == {
        "4110": ("Applications", "ICT", True),        # ICT is IT by name: its units follow
        "4120": ("Network Team", "ICT", True),
        "4190": ("Business Change", "ICT", False),    # the map says no
        "5210": ("Clinical Engineering", "Health", False),
        "6100": ("Print Room", "Corporate Services", True),  # the map says yes
    }
    assert departments.changes(store).iloc[0].action == "load_map"
    assert len(org.org_map(store)) == 5


def test_org_map_with_an_unreadable_it_value_changes_nothing(store):
    add_lines(store, [{"vendor": "Dell", "cost_centre": "4110"}])
    refresh(store)
    bad = b"Code,Name,Department,IT\n4110,Applications,ICT,perhaps\n"
    with pytest.raises(TechspendError, match=r"org\.csv.*'IT'.*row 2 \('perhaps'\)"):
        org.load_org_map(store, read_source("org.csv", bad), by="x")
    assert org.org_map(store).empty and departments.changes(store).empty


def test_org_map_without_code_or_name_is_a_clear_error(store):
    with pytest.raises(TechspendError, match="no column for the cost-centre code or name"):
        org.load_org_map(store, read_source("org.csv", b"Colour,Size\nred,1\n"), by="x")


def test_suggestions_from_names_spend_and_code_blocks_are_confirmed_not_applied(store):
    lines = []
    for code, unit in (("4110", "Applications Support"), ("4120", "Network Services"),
                       ("4130", "Telephony"), ("4150", "Business Change Team")):
        lines += [{"vendor": "Dell", "department": unit, "cost_centre": code,
                   "amount": Decimal("1000")}]
    lines += [{"vendor": "Oracle", "department": "Digital Transformation", "cost_centre": "7100",
               "amount": Decimal("900")} for _ in range(4)]
    lines += [{"vendor": "Oracle Cleaning", "department": "Medical Technology",
               "cost_centre": "5210", "amount": Decimal("3000")}]
    lines += [{"vendor": "Oracle Cleaning", "department": f"Estates - {n}", "cost_centre": c,
               "amount": Decimal("10")} for c, n in (("8010", "North"), ("8020", "South"))]
    lines += [{"vendor": "Oracle Cleaning", "department": f"Highways {n}", "cost_centre": c,
               "amount": Decimal("10")} for c, n in (("5310", "Maintenance"), ("5320", "Design"))]
    add_lines(store, lines)
    refresh(store)
    found = org.suggestions(store).set_index("suggestion_id")
    assert "likely_it_name:DIGITAL TRANSFORMATION" in found.index      # its name
    assert "likely_it_spend:DIGITAL TRANSFORMATION" in found.index     # all its spend is tech
    assert "likely_it_block:BUSINESS CHANGE TEAM" in found.index       # block 41xx is IT
    assert "department_group:ESTATES" in found.index                   # name stem
    highways = found.loc["department_group:HIGHWAYS"]                   # code block + first word
    assert sorted(highways.units) == ["Highways Design", "Highways Maintenance"]
    assert highways.evidence == "2 units of code block 53xx are named 'Highways ...'"
    assert not any("MEDICAL TECHNOLOGY" in s for s in found.index)
    # nothing was applied silently
    assert it_owned_by_unit(store)["Digital Transformation"] is False
    assert found.loc["likely_it_spend:DIGITAL TRANSFORMATION", "evidence"].startswith("100% of")

    org.confirm(store, ["likely_it_spend:DIGITAL TRANSFORMATION", "department_group:ESTATES"],
                by="cio@example.com")
    assert it_owned_by_unit(store)["Digital Transformation"] is True
    assert set(store.rows("SELECT DISTINCT org_department FROM classified_lines"
                          " JOIN org_department_of USING (department)"
                          " WHERE department LIKE 'Estates%'")) == {("Estates",)}
    org.dismiss(store, ["likely_it_block:BUSINESS CHANGE TEAM"], by="cio@example.com")
    remaining = set(org.suggestions(store).suggestion_id)
    assert "likely_it_block:BUSINESS CHANGE TEAM" not in remaining
    assert not any("DIGITAL TRANSFORMATION" in s for s in remaining)  # now IT: nothing to ask
    assert {"confirm", "dismiss", "set_it", "set_parent"} <= set(departments.changes(store).action)


def test_code_block_and_name_stem():
    assert org.code_block("4120") == "41" and org.code_block("C4120") == "C41"
    assert org.code_block("IT01") == "IT" and org.code_block("Finance") is None
    assert org.name_stem("ICT - Networks") == "ICT" and org.name_stem("Network Services") is None
    assert org.name_stem("4100 ICT: Desktop") == "ICT"


def test_org_map_loads_from_a_workbook_with_a_parent_hierarchy(store, tmp_path):
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Code", "Name", "Parent"])
    sheet.append(["D10", "Digital and ICT", None])   # a department row
    sheet.append(["4310", "Service Desk Team", "D10"])  # parent given as a code
    sheet.append(["4320", "Records", "D10"])
    buffer = io.BytesIO()
    book.save(buffer)
    add_lines(store, [{"vendor": "Dell", "department": "Records", "cost_centre": "4320"},
                      {"vendor": "Dell", "department": "Service Desk Team",
                       "cost_centre": "4310"}])
    refresh(store)
    result = org.load_org_map(store, read_source("org.xlsx", buffer.getvalue()), by="x")
    assert result.columns == {"code": "Code", "name": "Name", "department": "Parent"}
    got = dict(store.rows("SELECT department, org_department FROM classified_lines"
                          " JOIN org_department_of USING (department)"))
    assert got == {"Records": "Digital and ICT", "Service Desk Team": "Digital and ICT"}
    # 'Records' is IT because its department is ('ICT' in its name)
    assert store.scalar("SELECT bool_and(it_owned) FROM classified_lines") is True


def test_a_group_is_named_by_the_words_its_units_share_never_by_a_modifier(store):
    """Seen on a real cost-centre-only ledger: 'Local Development Framework' and 'Local Land
    Charges' were proposed as department 'Local'; 'Refuse Collection-Commercial' and '-Domestic'
    as 'Refuse'. A finance person groups the second pair under 'Refuse Collection' and never
    the first under 'Local'."""
    units = [("R253", "Local Development Framework"), ("R254", "Local Land Charges"),
             ("R211", "Refuse Collection-Commercial"), ("R212", "Refuse Collection-Domestic"),
             ("R120", "Public Convenience-Bus Station, Skipton"),
             ("R121", "Public Convenience-Whitefriars, Settle")]
    add_lines(store, [{"vendor": "Oracle Cleaning", "cost_centre": code, "department": name,
                       "amount": Decimal("100")} for code, name in units])
    refresh(store)
    groups = org.suggestions(store)
    groups = groups[groups.kind == "department_group"].set_index("department")
    assert sorted(groups.index) == ["Public Convenience", "Refuse Collection"]
    assert sorted(groups.loc["Refuse Collection", "units"]) == [
        "Refuse Collection-Commercial", "Refuse Collection-Domestic"]
    assert org.shared_leading_words(["4100 ICT Networks", "4110 ICT Desktop"]) == "ICT"
    assert org.shared_leading_words(["Local Development Framework", "Local Land Charges"]) is None

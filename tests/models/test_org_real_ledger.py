"""Done-when of issue 10 on a real cost-centre-only ledger: a new user who marks nothing gets an
IT-owned split a finance person would accept, and the Organisation page shows what to confirm.

Craven District Council's payments file (../shared/real_ledgers/craven_dc) has no department
column: each line names a cost centre ('R400 Information Technology Services', 'C070 IT System
Upgrades and Replacements', 'R190 Bereavement Services'...). Loaded through the CLI into a fresh
database with nothing marked, the units named for IT work are IT-owned by default, no other unit
is, and the technology bought elsewhere (revenues software in Revenues and Benefits, webcasting in
Bereavement Services, leisure booking software at the pool) is what the page reports as outside
IT. What is left to confirm is listed as suggestions; a group is only proposed under a name a
finance person would recognise as a department ('Refuse Collection', never 'Local').
Skipped when the real ledgers folder is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import cli
from db import close_store, open_store
from models import classification, org

LEDGER = (Path(__file__).resolve().parents[2].parent / "shared" / "real_ledgers" / "craven_dc"
          / "payments.csv")
pytestmark = [pytest.mark.real_ledgers, pytest.mark.skipif(
    not LEDGER.is_file(), reason=f"real ledger not present at {LEDGER}")]

IT_UNITS = {"Information Technology Services", "IT System Upgrades and Replacements"}


@pytest.fixture(scope="module")
def craven(tmp_path_factory):
    path = tmp_path_factory.mktemp("craven") / "craven.duckdb"
    assert cli.main(["--db", str(path), "ingest", str(LEDGER)]) == 0
    store = open_store(path)
    yield path, store
    close_store(path)


def test_units_named_for_it_are_it_owned_and_no_other_unit_is(craven):
    _, store = craven
    owned = {d for (d,) in store.rows(
        "SELECT DISTINCT department FROM classified_lines WHERE it_owned")}
    assert owned == IT_UNITS
    shares = classification.summary(store).overall
    inside, outside = float(shares.tech_spend_inside_it), float(shares.tech_spend_outside_it)
    # every technology line of the two IT units is inside IT; the rest is bought by services
    assert inside == pytest.approx(43273.49)
    outside_units = {d for (d,) in store.rows(
        "SELECT DISTINCT department FROM classified_lines WHERE is_tech AND NOT it_owned")}
    assert outside_units <= {"Revenue and Benefits Services", "Bereavement Services",
                             "Craven Pool - General", "Refuse Collection-Commercial"}
    assert 0.15 < outside / (inside + outside) < 0.35


def test_suggestions_name_real_departments_and_the_page_shows_them(craven, monkeypatch):
    path, store = craven
    found = org.suggestions(store)
    groups = found[found.kind == "department_group"]
    assert "Refuse Collection" in set(groups.department)
    assert not {"Local", "Public", "Refuse"} & set(groups.department)
    assert not (found.kind.str.startswith("likely_it") & found.department.isin(
        ["Bereavement Services", "Revenue and Benefits Services"])).any()

    shares = classification.summary(store).overall
    inside = float(shares.tech_spend_inside_it)
    total = inside + float(shares.tech_spend_outside_it)

    from streamlit.testing.v1 import AppTest
    close_store(path)   # the page opens the database itself
    monkeypatch.setenv("TECHSPEND_DB", str(path))
    monkeypatch.setenv("TECHSPEND_NO_SAMPLE", "1")
    root = Path(__file__).resolve().parents[2]
    at = AppTest.from_file(str(root / "pages" / "organisation.py"), default_timeout=120).run()
    assert not at.exception, at.exception
    now = [m.value for m in at.markdown if m.value.startswith("**Now:**")]
    assert now and f"£{inside:,.0f} of £{total:,.0f}" in now[0]
    # what to confirm first: the units counted as IT by their names, and why
    it_units = next(d.value for d in at.dataframe if "it_reason" in d.value.columns)
    assert set(it_units.department) == IT_UNITS
    assert it_units.it_reason.str.startswith("default pattern").all()
    shown = at.dataframe(key="org_suggestions_table").value
    assert "Refuse Collection" in set(shown.department)
    assert "Local" not in set(shown.department)
    assert set(shown.kind) <= {"Likely IT: its name", "Likely IT: its spend",
                               "Likely IT: its code block", "Group into a department"}

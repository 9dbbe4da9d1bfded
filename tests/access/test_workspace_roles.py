"""The workspace refuses a write the current principal's role does not allow (no UI involved),
changes nothing when it refuses, and records the signed-in person, not a typed name."""

from __future__ import annotations

import pytest
from access_support import ADMIN, CMO, LEDGER, REVIEWER, UPLOADER, VIEWER

import access
import workspace
from access import AccessDenied, acting_as


def _state(s):
    return (s.scalar("SELECT count(*) FROM uploads"), s.scalar("SELECT count(*) FROM rules"),
            s.scalar("SELECT data_version FROM meta"))


@pytest.mark.parametrize("who", [VIEWER, CMO], ids=["viewer", "scoped-viewer"])
def test_a_viewer_cannot_load_delete_reclassify_or_change_settings(store, who):
    upload_id = store.scalar("SELECT max(upload_id) FROM uploads")
    before = _state(store)
    calls = {
        "load": lambda: workspace.load_file(store, "more.csv", LEDGER.replace("1200.00", "1.00").encode(),
                                            currency="GBP"),
        "delete": lambda: workspace.delete_upload(store, upload_id),
        "rule": lambda: workspace.add_rule(store, field="vendor", match="contains",
                                           pattern="print", is_tech=True, by="x"),
        "settings": lambda: workspace.change_settings(store, reporting_currency="USD"),
        "sample": lambda: workspace.remove_sample_company(store),
        "units": lambda: workspace.set_units(store, ["Finance"], is_it=True, by="x"),
    }
    with acting_as(who):
        for name, call in calls.items():
            with pytest.raises(AccessDenied, match=f"{who.email} may not"):
                call()
    assert _state(store) == before  # nothing changed, not even the data version


def test_each_role_may_do_its_own_job_only(store):
    with acting_as(UPLOADER):
        with pytest.raises(AccessDenied, match="reviewer role"):
            workspace.add_rule(store, field="vendor", match="contains", pattern="print",
                               is_tech=True)
    with acting_as(REVIEWER):
        with pytest.raises(AccessDenied, match="uploader role"):
            workspace.delete_upload(store, 1)
        with pytest.raises(AccessDenied, match="admin role"):
            workspace.change_settings(store, fiscal_start_month=4)


def test_a_change_records_the_signed_in_person_not_the_typed_name(store):
    with acting_as(REVIEWER):
        rule = workspace.add_rule(store, field="vendor", match="contains", pattern="print shop",
                                  is_tech=False, by="somebody else", why="not technology")
    created_by = store.scalar("SELECT created_by FROM rules WHERE rule_id = ?", [rule.rule_id])
    assert created_by == "reviewer@example.com"


def test_nobody_signed_in_is_the_local_operator_with_the_given_name(store, monkeypatch):
    monkeypatch.setenv("TECHSPEND_USER", "ops")
    rule = workspace.add_rule(store, field="vendor", match="contains", pattern="print shop",
                              is_tech=False)
    assert store.scalar("SELECT created_by FROM rules WHERE rule_id = ?", [rule.rule_id]) == "ops"
    rule = workspace.add_rule(store, field="vendor", match="contains", pattern="brochure",
                              is_tech=False, by="cfo")
    assert store.scalar("SELECT created_by FROM rules WHERE rule_id = ?", [rule.rule_id]) == "cfo"


def test_only_an_admin_may_change_roles_and_every_change_is_in_the_history(store):
    with acting_as(REVIEWER), pytest.raises(AccessDenied, match="change roles"):
        access.set_roles(store, "cmo@example.com", ["viewer"])
    with acting_as(ADMIN):
        access.set_roles(store, "CMO@example.com", ["viewer"], departments=["Marketing"],
                         by="typed")
        access.remove_roles(store, "cmo@example.com")
    history = access.role_history(store)
    assert list(history["action"]) == ["remove", "set"]
    assert set(history["changed_by"]) == {"admin@example.com"}
    assert access.lookup(store, "cmo@example.com") is None

"""The IT standards register: loaded through the ledger's reader (every row accounted for),
edited with who/when, and its views (spend outside IT by status, never-reviewed vendors outside
IT largest first, SoE vendors with customer data called out). Fixtures: tests/data/governance/."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import workspace
from models import analytics
from models.governance import standards
from models.governance.standards import StandardsError

DATA = Path(__file__).resolve().parents[1] / "data" / "governance"


def load(store, *names: str) -> None:
    for name in names:
        result = workspace.load_file(store, name, (DATA / name).read_bytes(), currency="GBP")
        assert result.status == "loaded", result.message


@pytest.fixture()
def gov(tmp_path):
    store = workspace.open_workspace(tmp_path / "gov.duckdb")
    load(store, "subscriptions_card.csv", "ap_march.csv")
    yield store
    store.close()


def test_register_file_rows_are_loaded_excluded_or_rejected_with_file_and_row(gov):
    result = workspace.load_standards_file(gov, "register.csv", (DATA / "register.csv").read_bytes(),
                                           by="cio@example.com")
    assert (result.rows_read, result.rows_loaded) == (6, 3)          # title row above the header
    assert result.rows_read == result.rows_loaded + len(result.excluded) + len(result.rejected)
    assert result.excluded == ("row 7: blank row", "row 8: total row")
    assert result.rejected == ("register.csv row 6: status 'maybe' is not one of: approved "
                               "standard, tolerated, not approved, being retired.",)
    reg = standards.register(gov).set_index("vendor")
    assert reg.loc["HubSpot", "status"] == "tolerated"
    assert reg.loc["Slack", "status"] == "approved"
    assert reg.loc["Zoom", "status"] == "retiring"
    assert reg.loc["Zoom", "last_review"] == date(2024, 2, 14)   # 14/02/2024 day-first
    assert bool(reg.loc["HubSpot", "customer_data"]) is True
    assert reg.loc["HubSpot", "updated_by"] == "cio@example.com"
    log = standards.changes(gov)
    assert len(log) == 3 and set(log["action"]) == {"load"}
    assert log["source"].str.startswith("file: register.csv row").all()


def test_a_file_with_no_usable_row_changes_nothing(gov):
    bad = b"Vendor,Status\nCanva,perhaps\n"
    with pytest.raises(StandardsError, match="no register row could be loaded"):
        workspace.load_standards_file(gov, "bad.csv", bad, by="cio")
    assert standards.register(gov).empty and standards.changes(gov).empty


@pytest.mark.parametrize("text, status", [
    ("Approved standard", "approved"), ("Preferred", "approved"), ("tolerated", "tolerated"),
    ("Allowed with exception", "tolerated"), ("Not approved", "not_approved"),
    ("UNAPPROVED", "not_approved"), ("Being retired", "retiring"), ("Sunset 2026", "retiring"),
    ("not_approved", "not_approved"),
])
def test_status_words_as_people_write_them(text, status):
    assert standards.parse_status(text) == status


def test_set_keeps_other_fields_and_records_before_and_after(gov):
    workspace.set_standard(gov, "HubSpot", status="Tolerated", owner="Marketing Ops", by="cio")
    row = workspace.set_standard(gov, "HUBSPOT INC", last_review="2026-05-01", customer_data=True,
                                 by="ciso")
    assert (row.status, row.owner, row.last_review) == ("tolerated", "Marketing Ops", date(2026, 5, 1))
    log = standards.changes(gov)
    assert list(log["changed_by"]) == ["ciso", "cio"]           # newest first
    assert '"last_review":null' in log.iloc[0]["before"].replace(" ", "")
    with pytest.raises(StandardsError, match="give it a status"):
        workspace.set_standard(gov, "Nobody Ltd", owner="x", by="cio")
    with pytest.raises(StandardsError, match="not a date"):
        workspace.set_standard(gov, "HubSpot", last_review="last spring", by="cio")


def test_spend_outside_it_by_status_adds_up_to_the_headline(gov):
    workspace.load_standards_file(gov, "register.csv", (DATA / "register.csv").read_bytes(), by="cio")
    by_status = standards.outside_it_by_status(gov).set_index("status")
    headline = analytics.overview(gov)
    assert by_status["spend_outside_it"].sum() == pytest.approx(float(headline.tech_outside_it))
    # HubSpot (Marketing 4,820 + Sales 1,800) is tolerated; Slack is IT's own, not outside IT
    assert by_status.loc["tolerated", "spend_outside_it"] == pytest.approx(6620.00)
    assert "approved" not in by_status.index


def test_never_reviewed_largest_first_with_soe_customer_data_called_out(gov):
    workspace.load_standards_file(gov, "register.csv", (DATA / "register.csv").read_bytes(), by="cio")
    never = standards.never_reviewed(gov)
    assert list(never["spend_outside_it"]) == sorted(never["spend_outside_it"], reverse=True)
    hub = never[never["vendor"] == "HubSpot"].iloc[0]
    assert hub["customer_data_callout"] == "SoE, handles customer data"
    assert hub["departments"] == "Marketing, Sales"
    assert "Slack" not in set(never["vendor"])                  # reviewed (and IT's own)
    workspace.set_standard(gov, "HubSpot", last_review="2026-06-30", by="ciso")
    assert "HubSpot" not in set(standards.never_reviewed(gov)["vendor"])   # reviewed now


def test_register_name_matches_card_descriptors_through_the_canonical_vendor(gov):
    # 'HUBSPOT.COM' on the card feed and 'HubSpot Inc' both become the catalog's HubSpot
    workspace.set_standard(gov, "HubSpot", status="not approved", by="cio")
    by_status = standards.outside_it_by_status(gov).set_index("status")
    assert by_status.loc["not_approved", "spend_outside_it"] == pytest.approx(6620.00)

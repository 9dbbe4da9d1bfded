"""Duplicate payments, pinned on tests/data/governance/ap_march.csv, ap_april.csv and
card_march.csv: the same invoice paid twice (same reference written differently), the same
purchase in an AP register and a card feed, two equal lines of one file that are NOT paired, a
pair outside the date window; both source rows shown; counted once only when a person confirms,
and control totals never change."""

from __future__ import annotations

from pathlib import Path

import pytest

import workspace
from models.governance import duplicates
from models.governance.standards import StandardsError

DATA = Path(__file__).resolve().parents[1] / "data" / "governance"


@pytest.fixture()
def store(tmp_path):
    s = workspace.open_workspace(tmp_path / "dups.duckdb")
    for name in ("ap_march.csv", "ap_april.csv", "card_march.csv"):
        assert workspace.load_file(s, name, (DATA / name).read_bytes(), currency="GBP").status == "loaded"
    yield s
    s.close()


def pairs_by_vendor(frame):
    return {(r.vendor, r.first_file, int(r.first_row_in_file), r.second_file,
             int(r.second_row_in_file)): r for r in frame.itertuples()}


def test_candidates_show_both_source_rows(store):
    found = pairs_by_vendor(duplicates.candidates(store))
    assert set(found) == {
        ("Acme Software", "ap_march.csv", 2, "ap_april.csv", 2),                 # INV-0042 / inv 0042
        ("Zoom Video Communications", "ap_march.csv", 3, "card_march.csv", 2),   # AP + card, 2 days
    }
    acme = found[("Acme Software", "ap_march.csv", 2, "ap_april.csv", 2)]
    assert (acme.basis, acme.decision) == ("same reference", "open")
    assert (acme.first_reference, acme.second_reference) == ("INV-0042", "inv 0042")
    zoom = found[("Zoom Video Communications", "ap_march.csv", 3, "card_march.csv", 2)]
    assert zoom.basis == "two uploads, 2 days apart"


def test_equal_lines_of_one_file_and_pairs_outside_the_window_are_not_candidates(store):
    frame = duplicates.candidates(store)
    # Office Depot 55.00 twice in ap_march (OD-1, OD-2) and on the card 11 days later
    assert "Office Depot" not in set(frame["vendor"])
    wider = duplicates.candidates(store, window_days=14)
    office = wider[wider["vendor"] == "Office Depot"]
    # one to one: the card line pairs with ONE of the two equal AP lines, not with both
    assert len(office) == 1 and office.iloc[0]["second_file"] == "card_march.csv"


def test_counted_once_only_when_a_person_confirms_and_control_totals_never_change(store):
    totals = store.rows("SELECT upload_id, control_total FROM uploads ORDER BY upload_id")
    before = duplicates.summary(store)
    assert (before.candidates, before.open, before.confirmed_amount) == (2, 2, 0.0)
    assert before.spend_counted_once == pytest.approx(before.total_spend)
    frame = duplicates.candidates(store)
    acme = frame[frame["vendor"] == "Acme Software"].iloc[0]
    first = (int(acme["first_upload"]), int(acme["first_row"]))
    second = (int(acme["second_upload"]), int(acme["second_row"]))
    workspace.confirm_duplicate(store, first, second, by="cfo@example.com", why="paid twice")
    after = duplicates.summary(store)
    assert after.confirmed == 1 and after.confirmed_amount == pytest.approx(1200.00)
    assert after.spend_counted_once == pytest.approx(before.total_spend - 1200.00)
    assert after.total_spend == pytest.approx(before.total_spend)         # lines unchanged
    assert store.rows("SELECT upload_id, control_total FROM uploads ORDER BY upload_id") == totals
    row = duplicates.candidates(store).query("vendor == 'Acme Software'").iloc[0]
    assert (row["decision"], row["decided_by"], row["why"]) == ("confirmed", "cfo@example.com", "paid twice")


def test_dismissed_pair_is_not_counted_and_a_decision_needs_both_lines(store):
    frame = duplicates.candidates(store)
    zoom = frame[frame["vendor"].str.startswith("Zoom")].iloc[0]
    first = (int(zoom["first_upload"]), int(zoom["first_row"]))
    second = (int(zoom["second_upload"]), int(zoom["second_row"]))
    workspace.dismiss_duplicate(store, second, first, by="cfo")           # order does not matter
    s = duplicates.summary(store)
    assert (s.dismissed, s.confirmed_amount) == (1, 0.0)
    with pytest.raises(StandardsError, match="not both loaded"):
        workspace.confirm_duplicate(store, (99, 1), second, by="cfo")


def test_overlapping_extracts_the_same_line_twice(tmp_path):
    s = workspace.open_workspace(tmp_path / "overlap.duckdb")
    data = (DATA / "ap_march.csv").read_bytes()
    workspace.load_file(s, "ap_march.csv", data, currency="GBP")
    # the same March extract re-exported with one more line: a different file, same rows
    workspace.load_file(s, "ap_march_v2.csv", data + b"2026-03-31,Stripe,Sales,S-1,10.00,fees\n",
                        currency="GBP")
    frame = duplicates.candidates(s)
    assert len(frame) == 5 and set(frame["basis"]) == {"same reference"}
    assert set(frame["second_file"]) == {"ap_march_v2.csv"}
    s.close()

"""Recurring subscriptions, pinned on tests/data/governance/subscriptions_card.csv (a card feed
built so each rule decides one series): cadence from the gaps, similar amounts, run-rate, next
expected charge, active vs lapsed, outside IT, consolidation candidates."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

import workspace
from governance_helpers import DATA, store_with
from models.governance import subscriptions


@pytest.fixture(scope="module")
def found(tmp_path_factory):
    store = store_with(tmp_path_factory, "subscriptions_card.csv")
    frame = subscriptions.subscriptions(store)
    yield frame.set_index(["vendor", "department"]), frame
    store.close()


def test_monthly_series_with_its_run_rate_and_next_charge(found):
    series, _ = found
    hub = series.loc[("HubSpot", "Marketing")]
    assert hub["cadence"] == "monthly" and hub["charges"] == 6
    assert hub["typical_amount"] == pytest.approx(800.00)     # the median: 780/840 do not move it
    assert hub["annual_run_rate"] == pytest.approx(9600.00)
    assert pd.Timestamp(hub["next_expected"]).date() == date(2026, 7, 5)
    assert bool(hub["active"])


def test_quarterly_and_annual_cadences(found):
    series, _ = found
    assert series.loc[("Canva", "Marketing"), "cadence"] == "quarterly"
    assert series.loc[("Canva", "Marketing"), "annual_run_rate"] == pytest.approx(480.00)
    docusign = series.loc[("DocuSign", "Legal")]
    assert docusign["cadence"] == "annual" and docusign["annual_run_rate"] == pytest.approx(1500.00)
    assert pd.Timestamp(docusign["next_expected"]).date() == date(2027, 3, 2)


def test_irregular_gaps_and_dissimilar_amounts_are_not_subscriptions(found):
    series, _ = found
    assert ("Amazon Web Services", "Marketing") not in series.index   # gaps 6, 49, 92 days
    assert ("Google Cloud", "Marketing") not in series.index          # monthly, 5 .. 1,500


def test_a_stopped_subscription_is_found_but_not_active(found):
    series, frame = found
    mailchimp = series.loc[("Mailchimp", "Marketing")]
    assert mailchimp["cadence"] == "monthly" and not bool(mailchimp["active"])
    outside = subscriptions.outside_it(frame)
    assert "Mailchimp" not in set(outside["vendor"])


def test_subscriptions_outside_it_leave_it_out(found):
    _, frame = found
    outside = subscriptions.outside_it(frame)
    assert "Slack" in set(frame["vendor"])                    # IT's own subscription is found...
    assert "Slack" not in set(outside["vendor"])              # ...but is not outside IT
    assert set(outside["vendor"]) == {"HubSpot", "Canva", "DocuSign"}


def test_same_product_in_two_departments_is_a_consolidation_candidate(found):
    _, frame = found
    candidates = subscriptions.consolidation_candidates(frame)
    assert list(candidates["vendor"]) == ["HubSpot"]
    hub = candidates.iloc[0]
    assert hub["departments"] == "Marketing, Sales"
    assert hub["annual_run_rate"] == pytest.approx(13200.00)
    assert hub["at_stake"] == pytest.approx(3600.00)          # Sales' 300 a month


def test_tolerance_is_a_real_knob(found, tmp_path):
    store = workspace.open_workspace(tmp_path / "tol.duckdb")
    name = "subscriptions_card.csv"
    workspace.load_file(store, name, (DATA / name).read_bytes(), currency="GBP")
    strict = subscriptions.subscriptions(store, tolerance=0.01, min_regular=1.0)
    # HubSpot Marketing charged 840 and 780 once each: not 'the same amount' at 1%
    assert not ((strict["vendor"] == "HubSpot") & (strict["department"] == "Marketing")).any()
    assert ((strict["vendor"] == "Slack")).any()
    store.close()

"""The CIO–CMO view, pinned on a hand-made ledger (tests/data/governance/cio_cmo.csv):
customer-facing departments only, tech share of ALL their spend, SoE vs SoR, spend with vendors
IT also buys, what is new in the chosen quarter; the reference band is data with citations."""

from __future__ import annotations

import pytest

from governance_helpers import store_with
from models.governance import cio_cmo


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = store_with(tmp_path_factory, "cio_cmo.csv")
    yield s
    s.close()


def test_customer_facing_departments_tech_share_layers_and_shared_vendors(store):
    depts = cio_cmo.departments(store, 20262).set_index("department")
    assert set(depts.index) == {"Marketing", "Customer Service"}    # Finance, IT are not customer-facing
    mkt = depts.loc["Marketing"]
    assert mkt["total_spend"] == pytest.approx(1000.00)
    assert mkt["tech_spend"] == pytest.approx(250.00)               # HubSpot 200 + Tableau 50 (SoR)
    assert mkt["tech_share"] == pytest.approx(0.25)
    assert (mkt["soe_spend"], mkt["sor_spend"]) == pytest.approx((200.00, 50.00))
    assert mkt["shared_with_it"] == pytest.approx(50.00)            # IT pays Tableau too
    assert mkt["vendors_shared_with_it"] == 1


def test_new_this_quarter_is_the_departments_first_line_from_the_vendor(store):
    vendors = cio_cmo.vendors(store, 20262).set_index(["department", "vendor"])
    assert bool(vendors.loc[("Customer Service", "Zendesk"), "new_this_quarter"])
    assert not bool(vendors.loc[("Marketing", "HubSpot"), "new_this_quarter"])   # since Q1
    depts = cio_cmo.departments(store, 20262).set_index("department")
    assert depts.loc["Customer Service", "new_this_quarter_spend"] == pytest.approx(90.00)
    # seen from Q1, the same Zendesk line is outside the window and nothing is new in Service
    earlier = cio_cmo.departments(store, 20261).set_index("department")
    assert "Customer Service" not in earlier.index or earlier.loc["Customer Service", "new_vendors"] == 0


def test_reference_band_is_data_with_named_sources():
    band = cio_cmo.reference_band()
    assert (band.low, band.high) == pytest.approx((0.22, 0.29))
    assert all(name.startswith("Gartner CMO Spend") and cited.startswith("https://")
               for name, _, cited in band.figures)
    assert "context, not a target" in band.label

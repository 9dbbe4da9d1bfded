"""The board pack's Governance sheet carries the same figures as the page and the CLI."""

from __future__ import annotations

from pathlib import Path

import workspace
from models import report
from models.governance import subscriptions

DATA = Path(__file__).resolve().parents[1] / "data" / "governance"


def test_governance_sheet_sections_and_figures(tmp_path):
    store = workspace.open_workspace(tmp_path / "pack.duckdb")
    for name in ("subscriptions_card.csv", "ap_march.csv", "ap_april.csv"):
        workspace.load_file(store, name, (DATA / name).read_bytes(), currency="GBP")
    workspace.load_standards_file(store, "register.csv", (DATA / "register.csv").read_bytes(), by="cio")
    wb = report.build_board_pack(store, "FY2026 Q2")
    ws = wb["Governance"]
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    text = [c for c in cells if isinstance(c, str)]
    for heading in ("Technology spend outside IT by IT-standards status", "Never reviewed by IT, largest first",
                    "Subscriptions outside IT (active)", "Licence consolidation candidates",
                    "Duplicate payments", "CIO–CMO view: customer-facing departments"):
        assert heading in text
    assert "SoE, handles customer data" in text                       # HubSpot
    at_stake = subscriptions.consolidation_candidates(subscriptions.subscriptions(store))
    assert float(at_stake.iloc[0]["at_stake"]) in cells               # 3,600.00, same as the page
    assert any(t.startswith("1 candidate pairs, 1 open") for t in text)
    assert any("Gartner CMO Spend Survey 2018-2019: 29.0%" in t for t in text)
    store.close()

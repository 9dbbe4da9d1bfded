"""The sample company's files: what the dashboard opens on, first run.

Business rule: on first start with no database, the product shows real-looking numbers at once
(Northwind Analytics Ltd, sample_data/company/): three ledgers (GL detail, AP register, card
export), an FX table and a technology budget, loaded through exactly the same path as a CFO's own
files, so the sample's uploads list and reconciliation look like theirs will.

This module only says WHICH files make up the sample company; writing them is the workspace's job
(workspace.load_sample_company / ensure_sample_company / reset_to_sample / remove_sample_company,
each one transaction).

Worked example::

    [(f.kind, f.name) for f in sample_files()]
    -> [('ledger', 'gl_detail.csv'), ('ledger', 'ap_register.xlsx'), ('ledger', 'card_export.csv'),
        ('fx', 'fx_rates.csv'), ('budget', 'budget_2026.csv')]
"""

from __future__ import annotations

from dataclasses import dataclass

from sample_data.generate import COMPANY_DIR, SAMPLE_FILES

BUDGET_FILE = COMPANY_DIR / "budget_2026.csv"
FX_FILE = COMPANY_DIR / "fx_rates.csv"
OFFERED = "sample_company_offered"  # setting: the sample was offered once (never again by itself)


@dataclass(frozen=True)
class SampleFile:
    kind: str  # ledger | fx | budget
    name: str
    data: bytes


def sample_files() -> list[SampleFile]:
    """The ledgers first, then the FX table (it converts them), then the budget."""
    files = [SampleFile("ledger", p.name, p.read_bytes()) for p in SAMPLE_FILES]
    files.append(SampleFile("fx", FX_FILE.name, FX_FILE.read_bytes()))
    files.append(SampleFile("budget", BUDGET_FILE.name, BUDGET_FILE.read_bytes()))
    return files

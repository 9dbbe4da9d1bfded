"""The governance lens (issue 15): what the CIO asks after "how much is outside IT".

    models/governance/standards.py      the IT standards register and its views (spend outside IT
                                        by status, never-reviewed vendors, SoE + customer data)
    models/governance/subscriptions.py  recurring charges per vendor x department, run-rates,
                                        consolidation candidates
    models/governance/duplicates.py     candidate duplicate payments with both source rows, and
                                        the person's decisions
    models/governance/cio_cmo.py        customer-facing departments' technology against the
                                        published martech reference band

Reads only classified_lines and the register/decision tables (migration 013); the writers run on
a workspace Session's cursor (workspace/standards.py) and never change a ledger line.
"""

from models.governance import cio_cmo, duplicates, standards, subscriptions

__all__ = ["cio_cmo", "duplicates", "standards", "subscriptions"]

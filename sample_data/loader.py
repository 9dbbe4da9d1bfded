"""Load the sample company into a store: what the dashboard opens on, first run.

Business rule: on first start with no database, the product shows real-looking numbers at once
(Northwind Analytics Ltd, sample_data/company/), loaded through exactly the same ingest path as a
CFO's own files, so the sample's uploads list and reconciliation look like theirs will.

`ensure_sample_company(store)` loads it only into a database that has never had an upload (a
setting remembers it was offered, so deleting everything later does not bring it back);
`reset_to_sample(store)` wipes every upload, rule-free, and loads it again (Settings page).

Like cli.py, this module sits at the edge: it calls ingest (ledger, FX and budget files) and
models (classification refresh, once at the end).
"""

from __future__ import annotations

from db import Store
from ingest import budget, delete_upload, fx, list_uploads, load_file
from models import classification
from sample_data.generate import COMPANY_DIR, SAMPLE_FILES

BUDGET_FILE = COMPANY_DIR / "budget_2026.csv"
FX_FILE = COMPANY_DIR / "fx_rates.csv"
OFFERED = "sample_company_offered"


def load_sample_company(store: Store) -> list:
    """Load the three ledgers, the FX table and the budget; classify. Returns the results."""
    results = []
    for path in SAMPLE_FILES:
        results.append(load_file(store, path.name, path.read_bytes()))
    results.append(fx.load_fx_file(store, FX_FILE.name, FX_FILE.read_bytes()))
    results.append(budget.load_budget_file(store, BUDGET_FILE.name, BUDGET_FILE.read_bytes()))
    classification.refresh(store)
    store.set_setting(OFFERED, "yes")
    return results


def ensure_sample_company(store: Store) -> bool:
    """First run: load the sample company into an empty, never-used database. True if loaded."""
    if store.setting(OFFERED) or store.scalar("SELECT count(*) FROM uploads"):
        return False
    load_sample_company(store)
    return True


def reset_to_sample(store: Store) -> list:
    """Delete every upload (ledgers, budgets, FX tables) and load the sample company again."""
    for upload_id in list_uploads(store)["upload_id"]:
        delete_upload(store, int(upload_id))
    return load_sample_company(store)

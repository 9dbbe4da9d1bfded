"""Duplicate payments: the same invoice paid twice, or the same purchase present in two uploads
(an AP register and a card feed of the same period; two overlapping monthly extracts).

Business rule (models/sql/governance_duplicates.sql): two lines are a candidate pair when they
have the same vendor key, currency and non-zero amount, and either

* the same reference (invoice/document number, letters and digits only: 'INV-0042' = 'inv 0042'),
  dated within `reference_days` (120) — any uploads, the same one included; or
* they sit in two different uploads, dated within `window_days` (7), without the same reference
  on both sides (a card transaction id and an AP invoice number never agree) — unless either
  line is already paired by reference with a line of the other upload (in two overlapping
  extracts, OD-1 pairs with OD-1, and not also with the equal OD-2 of the same day).

Two equal lines in one file without a shared reference are not paired: a file may rightly hold
two equal charges. Every pair is shown with BOTH source rows (file, sheet, row). A candidate
changes nothing: the lines stay loaded and every upload's control total stays what the file says.
Only when a person confirms a pair (workspace.confirm_duplicate, recorded who/when) is the later
line counted as a duplicate — in `summary()`'s "spend counting confirmed duplicates once",
never silently in a headline.

Worked example: ap_march.csv row 7 "Acme Software, INV-0042, 1,200.00, 3 Mar" and
ap_april.csv row 2 "ACME SOFTWARE LTD, inv 0042, 1,200.00, 2 Apr" -> 'same reference', open.
card_march.csv row 4 "ZOOM.US 14.99 10 Mar" and ap_march.csv row 9 "Zoom 14.99 12 Mar" ->
'two uploads, 2 days apart'. Confirming the first pair: confirmed_amount 1,200.00; control totals
of both files unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where it is used: the CLI starts without it
    import pandas as pd

from access import require_all_departments

from models.sql import load_sql

WINDOW_DAYS = 7
REFERENCE_DAYS = 120
DECISIONS = ("confirmed", "dismissed")


def candidates(store, *, window_days: int = WINDOW_DAYS,
               reference_days: int = REFERENCE_DAYS) -> pd.DataFrame:
    """Candidate pairs, largest first, with the person's decision ('open' | 'confirmed' |
    'dismissed'). Columns: basis, decision, decided_by, decided_at, why, vendor, amount, currency,
    amount_reporting, is_tech, first_/second_ upload, row, file, sheet, row_in_file, date,
    reference, department, description (second_vendor too)."""
    require_all_departments("The governance lens")  # access (#14): not department-scoped
    return store.df(load_sql("governance_duplicates"),
                    {"window_days": int(window_days), "reference_days": int(reference_days)})


@dataclass(frozen=True)
class DuplicateSummary:
    candidates: int
    open: int
    confirmed: int
    dismissed: int
    candidate_amount: float     # reporting currency, the second line of each open/confirmed pair
    confirmed_amount: float     # counted twice in the loaded lines, confirmed by a person
    total_spend: float          # every loaded line (what the control totals add up to)
    spend_counted_once: float   # total_spend - confirmed_amount


def summary(store, frame: pd.DataFrame | None = None) -> DuplicateSummary:
    """Counts and amounts. A line confirmed in several pairs counts once."""
    frame = candidates(store) if frame is None else frame
    total = float(store.scalar("SELECT coalesce(sum(amount_reporting), 0) FROM classified_lines"))
    confirmed = frame[frame["decision"] == "confirmed"]
    once = confirmed.drop_duplicates(["second_upload", "second_row"])
    live = frame[frame["decision"] != "dismissed"].drop_duplicates(["second_upload", "second_row"])
    confirmed_amount = float(once["amount_reporting"].fillna(0).sum())
    return DuplicateSummary(
        candidates=len(frame), open=int((frame["decision"] == "open").sum()),
        confirmed=len(confirmed), dismissed=int((frame["decision"] == "dismissed").sum()),
        candidate_amount=float(live["amount_reporting"].fillna(0).sum()),
        confirmed_amount=confirmed_amount, total_spend=total,
        spend_counted_once=total - confirmed_amount)


def decide(cur, first: tuple[int, int], second: tuple[int, int], decision: str, *, by: str,
           why: str | None = None) -> None:
    """Record a person's decision on a pair, on the session's cursor (replaces an earlier one).
    `first`/`second`: (upload_id, source_row), in the order candidates() gives them."""
    if decision not in DECISIONS:
        raise ValueError(f"decision must be one of {DECISIONS}")
    (fu, fr), (su, sr) = (int(first[0]), int(first[1])), (int(second[0]), int(second[1]))
    if (fu, fr) > (su, sr):
        (fu, fr), (su, sr) = (su, sr), (fu, fr)
    cur.execute("DELETE FROM duplicate_decisions WHERE first_upload = ? AND first_row = ? "
                "AND second_upload = ? AND second_row = ?", [fu, fr, su, sr])
    cur.execute("INSERT INTO duplicate_decisions (first_upload, first_row, second_upload, "
                "second_row, decision, why, decided_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [fu, fr, su, sr, decision, why, by])


def exists(store, first: tuple[int, int], second: tuple[int, int]) -> bool:
    """Both lines are loaded (a decision is only taken on lines that exist)."""
    return bool(store.scalar(
        "SELECT count(*) = 2 FROM ledger_lines WHERE (upload_id = ? AND source_row = ?) "
        "OR (upload_id = ? AND source_row = ?)",
        [int(first[0]), int(first[1]), int(second[0]), int(second[1])]))

"""A person's changes: rules, vendor merges, departments, FX rates, settings; each ONE transaction
with the full reclassification it needs.

Business rule: a correction applies at once to all history. Adding a rule, merging two vendors,
marking a department IT, typing a rate or moving the fiscal year start rewrites every classified
line in the same transaction as the change, so no page ever shows figures from before the change
next to figures from after it, and a failure changes nothing.

Worked example::

    rule = add_rule(store, field="vendor", match="contains", pattern="canva", is_tech=True,
                    layer="SoE", by="cfo@example.com", why="design for campaigns")
    remove_rule(store, rule.rule_id, by="cfo@example.com")          # undo, all lines again
    set_departments(store, [DepartmentChange("Digital Marketing", is_it=False,
                                             customer_facing=True)], by="cfo@example.com")
    change_settings(store, reporting_currency="USD", fiscal_start_month=4)   # one transaction
"""

from __future__ import annotations

from access import ADMIN, REVIEWER, UPLOADER, requires  # access: role checks (#14)
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Iterable, Sequence

if TYPE_CHECKING:  # pandas is imported where it is used: the CLI starts without it
    import pandas as pd

from db import Store
from db.settings import Settings, read_settings, write_settings
from models import departments, fx, rules
from workspace.session import Session


# ---- rules and merges ------------------------------------------------------------------------
@requires(REVIEWER)  # access: role check (#14)
def add_rule(store: Store, *, field: str, match: str, pattern: str, is_tech: bool,
             layer: str | None = None, category: str | None = None, by: str | None = None,
             why: str | None = None) -> rules.Rule:
    """Add one rule and reclassify all history (one transaction)."""
    with Session(store) as s:
        rule = rules.insert_rule(s.cursor_in_transaction, field=field, match=match,
                                 pattern=pattern, is_tech=is_tech, layer=layer,
                                 category=category, by=by, why=why)
        s.reclassify(rules=[rule.rule_id])   # only the lines the rule matches
    return rule


@requires(REVIEWER)  # access: role check (#14)
def assign_vendors(store: Store, vendor_keys: Iterable[str], *, is_tech: bool,
                   layer: str | None = None, category: str | None = None,
                   by: str | None = None, why: str | None = None) -> list[rules.Rule]:
    """One 'vendor equals KEY' rule per selected vendor and one rebuild (one transaction)."""
    with Session(store) as s:
        added = rules.insert_vendor_rules(s.cursor_in_transaction, vendor_keys, is_tech=is_tech,
                                          layer=layer, category=category, by=by, why=why)
        s.reclassify(rules=[r.rule_id for r in added])
    return added


@requires(REVIEWER)  # access: role check (#14)
def remove_rule(store: Store, rule_id: int, *, by: str | None = None) -> rules.Rule:
    """Undo a rule (kept, marked removed) and reclassify all history (one transaction)."""
    with Session(store) as s:
        rule = rules.retire_rule(s.cursor_in_transaction, rule_id, by=by)
        s.reclassify(rules=[rule.rule_id])   # the lines it decided go back to their evidence
    return rule


@requires(REVIEWER)  # access: role check (#14)
def merge_vendors(store: Store, from_key: str, to_key: str, *, by: str | None = None,
                  why: str | None = None) -> rules.Merge:
    """Show vendor `from_key` as `to_key` everywhere and reclassify (one transaction)."""
    with Session(store) as s:
        merge = rules.insert_merge(s.cursor_in_transaction, from_key, to_key, by=by, why=why)
        s.reclassify(vendor_keys=[merge.from_key])   # only the merged vendor's lines
    return merge


@requires(REVIEWER)  # access: role check (#14)
def unmerge_vendors(store: Store, merge_id: int, *, by: str | None = None) -> None:
    """Undo a merge and reclassify (one transaction)."""
    with Session(store) as s:
        cur = s.cursor_in_transaction
        merged = [r[0] for r in cur.execute(
            "SELECT from_key FROM vendor_merges WHERE merge_id = ?", [int(merge_id)]).fetchall()]
        rules.retire_merge(cur, merge_id, by=by)
        s.reclassify(vendor_keys=merged)


# ---- departments -----------------------------------------------------------------------------
@dataclass(frozen=True)
class DepartmentChange:
    """One department's new flags (None leaves a flag as it is; reset hands both back to the
    default patterns)."""

    name: str
    is_it: bool | None = None
    customer_facing: bool | None = None
    reset: bool = False


@requires(REVIEWER)  # access: role check (#14)
def set_departments(store: Store, changes: Sequence[DepartmentChange], *, by: str) -> list[str]:
    """Apply many department changes and ONE reclassification, in ONE transaction: a failure on
    the fifth department leaves the first four unchanged too. Returns the department keys."""
    with Session(store) as s:
        cur = s.cursor_in_transaction
        keys = [departments.set_departments(cur, [c.name], is_it=c.is_it,
                                            customer_facing=c.customer_facing, by=by,
                                            reset=c.reset)[0]
                for c in changes]
        if keys:
            s.reclassify()
    return keys


@requires(REVIEWER)  # access: role check (#14)
def set_department(store: Store, name: str, *, is_it: bool | None = None,
                   customer_facing: bool | None = None, by: str, reset: bool = False) -> str:
    """One department (see set_departments). Returns its key."""
    return set_departments(store, [DepartmentChange(name, is_it, customer_facing, reset)], by=by)[0]


# ---- FX rates --------------------------------------------------------------------------------
@requires(UPLOADER)  # access: role check (#14)
def set_rate(store: Store, month: date | str, from_currency: str, to_currency: str, rate) -> None:
    """Store one typed rate and reconvert every line (one transaction)."""
    with Session(store) as s:
        fx.write_rate(s.cursor_in_transaction, month, from_currency, to_currency, rate)
        s.reclassify()


@requires(UPLOADER)  # access: role check (#14)
def save_rates(store: Store, edited: pd.DataFrame) -> int:
    """Replace the rate table with the rate editor's copy and reconvert every line (one
    transaction; every invalid row listed in one FxRateError, nothing changed). Returns the
    number of rates stored."""
    with Session(store) as s:
        stored = fx.replace_rates(s.cursor_in_transaction, edited)
        s.reclassify()
    return stored


# ---- settings and classification ---------------------------------------------------------------
@requires(ADMIN)  # access: role check (#14)
def change_settings(store: Store, *, reporting_currency: str | None = None,
                    fiscal_start_month: int | None = None) -> Settings:
    """Change the reporting currency and/or the fiscal year start month and re-apply them to
    every line, in ONE transaction. Returns the settings now in force."""
    with Session(store) as s:
        before = read_settings(s)
        after = write_settings(s.cursor_in_transaction, reporting_currency=reporting_currency,
                               fiscal_start_month=fiscal_start_month)
        if after != before:
            s.reclassify()
    return after


@requires(ADMIN)  # access: role check (#14)
def set_setting(store: Store, key: str, value: str) -> None:
    """A plain setting that no line depends on (e.g. that the sample company was offered)."""
    with Session(store) as s:
        s.set_setting(key, value)


@requires(REVIEWER)  # access: role check (#14)
def reclassify(store: Store) -> int:
    """Rebuild every line's classification (`techspend classify`). Returns the line count."""
    with Session(store) as s:
        s.reclassify()
    return int(store.scalar("SELECT count(*) FROM classified_lines"))



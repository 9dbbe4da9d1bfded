"""A person's corrections: classification rules and vendor merges.

Business rule: a rule is the strongest evidence there is. It says "lines whose vendor / account /
department equals | contains | starts with | matches (regex) TEXT are technology (layer, category)
or not technology". It is stored in DuckDB with who added it, when and why, applies at once to all
history and to every future load, and can be undone (soft delete: the audit trail stays).
When several rules match one line, the NEWEST rule wins.

Text matching ignores case, punctuation and spacing ("slack, inc." contains "SLACK"); vendor
equals also compares the normalised vendor key (so "Slack Technologies LLC" equals the key
"SLACK TECHNOLOGIES"); regex is RE2, case-insensitive, on the text as written.

A merge says "vendor key A is the same vendor as B": A's lines show B's name and take B's catalog
match and vendor rules. Merges can be undone too.

Worked example::

    with store.transaction() as cur:                      # (workspace.add_rule does this)
        rule = insert_rule(cur, field="vendor", match="contains", pattern="zoom", is_tech=True,
                           layer="SoR", category="Software & SaaS", by="cfo@example.com",
                           why="Zoom is our meeting tool")
        classification.rebuild(cur)
    # every Zoom line now reads: rule #1 by cfo@example.com (vendor contains "zoom")
    workspace.remove_rule(store, rule.rule_id, by="cfo@example.com")   # undo: the catalog's answer

This module only writes, on a cursor the caller's transaction owns; it never imports
classification. The workspace (workspace.add_rule, remove_rule, merge_vendors...) runs each
change and one full classification rebuild in ONE transaction (bumps data_version).
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # pandas is imported where it is used: the CLI starts without it
    import pandas as pd

from db import Store, TechspendError
from models.normalise import vendor_key
from models.vendor_match import NON_TECH_CATEGORIES, TECH_CATEGORIES

FIELDS = ("vendor", "account", "department")
MATCHES = ("equals", "contains", "starts_with", "regex")
LAYERS = ("SoR", "SoE")


class RuleError(TechspendError):
    pass


@dataclass(frozen=True)
class Rule:
    rule_id: int
    field: str
    match: str
    pattern: str
    is_tech: bool
    layer: str | None
    category: str | None
    created_by: str
    created_at: dt.datetime
    why: str | None
    removed_at: dt.datetime | None = None
    removed_by: str | None = None

    def describe(self) -> str:
        what = "technology" if self.is_tech else "not technology"
        extra = ", ".join(x for x in (self.layer, self.category) if x)
        return (f'rule #{self.rule_id}: {self.field} {self.match.replace("_", "-")} '
                f'"{self.pattern}" -> {what}' + (f" ({extra})" if extra else ""))


def current_user() -> str:
    """Who is making a change when nobody said: $TECHSPEND_USER, else the login name."""
    try:
        return os.environ.get("TECHSPEND_USER") or getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


def _clean_match(match: str) -> str:
    m = (match or "").strip().lower().replace("-", "_").replace(" ", "_")
    if m == "startswith":
        m = "starts_with"
    if m not in MATCHES:
        raise RuleError(f"Match must be one of equals, contains, starts-with, regex (got '{match}').")
    return m


def _clean_layer(layer: str | None, is_tech: bool) -> str | None:
    if layer is None or str(layer).strip() == "" or str(layer).lower() in {"auto", "none"}:
        return None
    found = next((x for x in LAYERS if x.lower() == str(layer).strip().lower()), None)
    if found is None:
        raise RuleError(f"Layer must be SoR or SoE, or empty to follow the buying department "
                        f"(got '{layer}').")
    if not is_tech:
        raise RuleError("A layer (SoR/SoE) only applies to technology; leave it empty for a "
                        "not-technology rule.")
    return found


def _clean_category(category: str | None, is_tech: bool) -> str | None:
    if category is None or str(category).strip() == "":
        return None
    allowed = TECH_CATEGORIES if is_tech else NON_TECH_CATEGORIES
    found = next((c for c in allowed if c.lower() == str(category).strip().lower()), None)
    if found is None:
        kind = "technology" if is_tech else "not-technology"
        raise RuleError(f"'{category}' is not a {kind} category. Use one of: {', '.join(allowed)}.")
    return found


def _pattern_key(cur, field: str, match: str, pattern: str) -> str:
    if match == "regex":
        try:
            cur.execute("SELECT regexp_matches('', ?, 'i')", [pattern])
        except Exception as exc:
            raise RuleError(f"'{pattern}' is not a valid regular expression: {exc}") from exc
        return pattern
    if field == "vendor" and match == "equals":
        key = vendor_key(pattern)
    elif field == "department":
        key = cur.execute("SELECT department_key(?)", [pattern]).fetchone()[0]
    else:
        key = cur.execute("SELECT text_key(?)", [pattern]).fetchone()[0]
    if not key:
        raise RuleError(f"The text '{pattern}' has no letters or digits to match on.")
    return key


def _rule_from_row(row: tuple) -> Rule:
    return Rule(*row)


_RULE_COLUMNS = ("rule_id, field, match, pattern, is_tech, layer, category, created_by, "
                 "created_at, why, removed_at, removed_by")


def _insert_rule(cur, *, field: str, match: str, pattern: str, is_tech: bool,
                 layer: str | None, category: str | None, by: str | None,
                 why: str | None) -> Rule:
    field = (field or "").strip().lower()
    if field not in FIELDS:
        raise RuleError(f"A rule's field must be vendor, account or department (got '{field}').")
    match = _clean_match(match)
    pattern = (pattern or "").strip()
    if not pattern:
        raise RuleError("Give the text the rule should match.")
    is_tech = bool(is_tech)
    layer = _clean_layer(layer, is_tech)
    category = _clean_category(category, is_tech)
    key = _pattern_key(cur, field, match, pattern)
    row = cur.execute(
        f"INSERT INTO rules (field, match, pattern, pattern_key, is_tech, layer, category,"
        f" created_by, created_at, why) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        f" RETURNING {_RULE_COLUMNS}",
        [field, match, pattern, key, is_tech, layer, category, (by or current_user()).strip(),
         dt.datetime.now(), (why or "").strip() or None],
    ).fetchone()
    return _rule_from_row(row)


def insert_rule(cur, *, field: str, match: str, pattern: str, is_tech: bool,
                layer: str | None = None, category: str | None = None, by: str | None = None,
                why: str | None = None) -> Rule:
    """Add one rule on an open transaction `cur`. Raises RuleError (a TechspendError) with a
    message for a person when the input is not usable. Does not reclassify: the caller
    (workspace.add_rule) rebuilds classification in the same transaction."""
    return _insert_rule(cur, field=field, match=match, pattern=pattern, is_tech=is_tech,
                        layer=layer, category=category, by=by, why=why)


def insert_vendor_rules(cur, vendor_keys: Iterable[str], *, is_tech: bool,
                        layer: str | None = None, category: str | None = None,
                        by: str | None = None, why: str | None = None) -> list[Rule]:
    """The Review page's one action: one 'vendor equals KEY' rule per selected vendor."""
    keys = [k for k in dict.fromkeys(vendor_keys) if k]
    if not keys:
        raise RuleError("Select at least one vendor.")
    return [_insert_rule(cur, field="vendor", match="equals", pattern=k, is_tech=is_tech,
                         layer=layer, category=category, by=by, why=why) for k in keys]


def retire_rule(cur, rule_id: int, *, by: str | None = None) -> Rule:
    """Undo a rule (kept, marked removed) on an open transaction `cur`."""
    row = cur.execute(f"SELECT {_RULE_COLUMNS} FROM rules WHERE rule_id = ?",
                      [int(rule_id)]).fetchone()
    if row is None:
        raise RuleError(f"There is no rule #{rule_id}. `techspend rules list` shows them.")
    if row[10] is not None:
        raise RuleError(f"Rule #{rule_id} was already removed on {row[10]:%Y-%m-%d %H:%M} "
                        f"by {row[11]}.")
    row = cur.execute(
        f"UPDATE rules SET removed_at = ?, removed_by = ? WHERE rule_id = ? RETURNING {_RULE_COLUMNS}",
        [dt.datetime.now(), (by or current_user()).strip(), int(rule_id)],
    ).fetchone()
    return _rule_from_row(row)


def get_rule(store: Store, rule_id: int) -> Rule | None:
    row = store.rows(f"SELECT {_RULE_COLUMNS} FROM rules WHERE rule_id = ?", [int(rule_id)])
    return _rule_from_row(row[0]) if row else None


def list_rules(store: Store, include_removed: bool = False) -> pd.DataFrame:
    """Rules, newest first. Columns: rule_id, field, match, pattern, is_tech, layer, category,
    created_by, created_at, why, removed_at, removed_by, lines (lines this rule decides now),
    amount (their amount_reporting)."""
    return store.df(
        f"""
        SELECT r.rule_id, r.field, r.match, r.pattern, r.is_tech, r.layer, r.category,
               r.created_by, r.created_at, r.why, r.removed_at, r.removed_by,
               coalesce(d.lines, 0) AS lines, coalesce(d.amount, 0)::DOUBLE AS amount
        FROM rules r
        LEFT JOIN (
            SELECT CAST(regexp_extract(reason, '^rule #([0-9]+) ', 1) AS INTEGER) AS rule_id,
                   count(*) AS lines, sum(amount_reporting) AS amount
            FROM classified_lines WHERE decided_by = 'rule' GROUP BY 1
        ) d USING (rule_id)
        WHERE ? OR r.removed_at IS NULL
        ORDER BY r.rule_id DESC
        """,
        [bool(include_removed)],
    )


# ---- vendor merges --------------------------------------------------------------------------
@dataclass(frozen=True)
class Merge:
    merge_id: int
    from_key: str
    to_key: str
    created_by: str
    created_at: dt.datetime
    why: str | None


def insert_merge(cur, from_key: str, to_key: str, *, by: str | None = None,
                 why: str | None = None) -> Merge:
    """Show vendor key `from_key` as `to_key` everywhere (name, catalog match, vendor rules), on
    an open transaction `cur`. Keys are vendor keys as shown on the Review page (or raw names:
    they are normalised)."""
    a = vendor_key(from_key) if from_key else None
    b = vendor_key(to_key) if to_key else None
    if not a or not b:
        raise RuleError("Pick two vendors to merge.")
    known = {r[0] for r in cur.execute(
        "SELECT vendor_key FROM vendor_map WHERE vendor_key IN (?, ?)", [a, b]).fetchall()}
    for key, original in ((a, from_key), (b, to_key)):
        if key not in known:
            raise RuleError(f"No vendor '{original}' in the loaded data.")
    # keep merges flat: B may itself be merged into C
    target = cur.execute("SELECT to_key FROM vendor_merges WHERE from_key = ? AND removed_at IS NULL",
                         [b]).fetchone()
    b = target[0] if target else b
    if a == b:
        raise RuleError("Those are already the same vendor.")
    now, who = dt.datetime.now(), (by or current_user()).strip()
    cur.execute("UPDATE vendor_merges SET removed_at = ?, removed_by = ? "
                "WHERE from_key = ? AND removed_at IS NULL", [now, who, a])
    cur.execute("UPDATE vendor_merges SET to_key = ? WHERE to_key = ? AND removed_at IS NULL",
                [b, a])
    row = cur.execute(
        "INSERT INTO vendor_merges (from_key, to_key, created_by, created_at, why)"
        " VALUES (?, ?, ?, ?, ?) RETURNING merge_id, from_key, to_key, created_by, created_at, why",
        [a, b, who, now, (why or "").strip() or None],
    ).fetchone()
    return Merge(*row)


def retire_merge(cur, merge_id: int, *, by: str | None = None) -> None:
    """Undo a merge on an open transaction `cur`."""
    found = cur.execute("SELECT count(*) FROM vendor_merges WHERE merge_id = ? AND removed_at IS NULL",
                        [int(merge_id)]).fetchone()[0]
    if not found:
        raise RuleError(f"There is no active merge #{merge_id}.")
    cur.execute("UPDATE vendor_merges SET removed_at = ?, removed_by = ? WHERE merge_id = ?",
                [dt.datetime.now(), (by or current_user()).strip(), int(merge_id)])


def list_merges(store: Store) -> pd.DataFrame:
    """Active merges. Columns: merge_id, from_key, to_key, to_vendor, created_by, created_at, why."""
    return store.df(
        """
        SELECT m.merge_id, m.from_key, m.to_key, vm.canonical AS to_vendor, m.created_by,
               m.created_at, m.why
        FROM vendor_merges m LEFT JOIN vendor_map vm ON vm.vendor_key = m.to_key
        WHERE m.removed_at IS NULL ORDER BY m.merge_id DESC
        """
    )

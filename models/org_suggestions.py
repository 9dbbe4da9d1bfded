"""Suggestions a person confirms: which units are likely IT, and which departments to infer.

Business rule: without an organisation map, the product never silently decides that a unit
not named for IT work is IT. It proposes, with the evidence shown, and a person confirms or
dismisses (recorded: who, when):

* ``likely_it_name``: the unit's name suggests IT (it_units.csv kind ``likely_it``:
  "Digital Transformation", "Systems");
* ``likely_it_spend``: the unit's spend is mostly technology (at least SPEND_SHARE of its
  absolute spend, over SPEND_MIN_LINES technology lines and SPEND_MIN_SHARE_OF_TECH of all
  technology spend);
* ``likely_it_block``: the unit's cost-centre code shares a block with IT units ("4150" beside
  IT units "4110", "4130");
* ``department_group``: units named "Department - Unit" share a department ("ICT - Applications",
  "ICT - Networks" -> "ICT").

Worked example: a cost-centre-only ledger whose "4150 Digital Transformation" spends 80% on
technology -> suggestions 'likely_it_name:4150 DIGITAL TRANSFORMATION' and
'likely_it_spend:...'; confirm(store, [those ids], by="cio@x") marks it IT and reclassifies all
history in one transaction; it_split(store) then shows the IT-owned split.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # pandas is imported where it is used: the CLI starts without it
    import pandas as pd

from db import Store, TechspendError
from models import departments
from models.classification import rebuild
from models.departments import fold_key, vocabulary_match

# ---- suggestions ---------------------------------------------------------------------------------
SPEND_SHARE = 0.5        # a unit whose absolute spend is at least this share technology ...
SPEND_MIN_LINES = 3      # ... over at least this many technology lines
SPEND_MIN_SHARE_OF_TECH = 0.005   # ... and at least this share of all technology spend

_STEM_SPLIT = re.compile(r"\s+[-–—:/|]\s+|\s*[:|]\s*|\s+-\s*|\s*-\s+")
_GENERIC_STEMS = {"THE", "DEPARTMENT", "DEPT", "SERVICES", "SERVICE", "TEAM", "UNIT", "OFFICE",
                  "GENERAL", "OTHER", "MISC", "CENTRAL", "CORPORATE"}


def code_block(code: str | None) -> str | None:
    """The block a cost-centre code belongs to: its letters and all but the last two digits
    ('4120' -> '41', 'C4120' -> 'C41', 'IT01' -> 'IT'); None for codes with no digits."""
    text = fold_key(code).replace(" ", "")
    match = re.fullmatch(r"([A-Z]*)(\d+)([A-Z0-9]*)", text)
    if not match:
        return None
    letters, digits = match.group(1), match.group(2)
    if len(digits) >= 3:
        return letters + digits[:-2]
    return letters or None


def name_stem(name: str | None) -> str | None:
    """The department part of a unit name written 'Department - Unit' ('ICT - Networks' ->
    'ICT'); None when the name has no such separator."""
    parts = [p for p in _STEM_SPLIT.split((name or "").strip()) if p]
    if len(parts) < 2:
        return None
    stem = re.sub(r"^\s*[A-Z]?\d[\w]*\s+", "", parts[0]).strip()  # drop a leading code
    return stem if stem and fold_key(stem) not in _GENERIC_STEMS else None


# words that qualify a unit without naming a department: never proposed as one on their own
_MODIFIER_STEMS = {"LOCAL", "PUBLIC", "PRIVATE", "NEW", "NATIONAL", "REGIONAL", "COUNTY", "CITY",
                   "DISTRICT", "BOROUGH", "NORTH", "SOUTH", "EAST", "WEST", "CAPITAL", "JOINT",
                   "SPECIAL", "COMMUNITY", "STRATEGIC", "OTHER", "GENERAL", "MISC", "AREA"}


def shared_leading_words(names: list[str]) -> str | None:
    """The words every name starts with, as the first name writes them, the code dropped and a
    hyphen or comma counting as a break ('Refuse Collection-Commercial', 'Refuse Collection-
    Domestic' -> 'Refuse Collection'); None when nothing, or only a modifier such as 'Local' or
    'Public', is shared."""
    split = [[w for w in re.split(r"[\s,;:/()–—-]+", re.sub(r"^\S*\d\S*\s+", "", n or "")) if w]
             for n in names]
    if not split or not all(split):
        return None
    shared = 0
    while all(len(ws) > shared for ws in split) and len(
            {fold_key(ws[shared]) for ws in split}) == 1:
        shared += 1
    words = split[0][:shared]
    if not words or (len(words) == 1 and fold_key(words[0]) in _MODIFIER_STEMS | _GENERIC_STEMS):
        return None
    return " ".join(words)


def _text(value) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _unit_code(row) -> str | None:
    if _text(row.code):
        return row.code
    first = _text(row.department).split()[0] if _text(row.department) else ""
    return first if re.search(r"\d", first) else None


def _units_frame(store: Store) -> pd.DataFrame:
    return store.df(
        """
        WITH spend AS (
            SELECT department AS k, count(*) AS lines,
                   sum(abs(coalesce(amount_reporting, amount)))::DOUBLE AS abs_amount,
                   coalesce(sum(abs(coalesce(amount_reporting, amount))) FILTER (WHERE is_tech), 0)
                       ::DOUBLE AS tech_abs_amount,
                   count(*) FILTER (WHERE is_tech) AS tech_lines
            FROM classified_lines GROUP BY 1
        )
        SELECT d.department_key, d.display_name AS department, d.is_it, d.it_source,
               d.customer_facing, d.merged_into, d.parent_key, d.code, d.in_ledger,
               coalesce(s.lines, 0) AS lines, coalesce(s.abs_amount, 0) AS abs_amount,
               coalesce(s.tech_abs_amount, 0) AS tech_abs_amount,
               coalesce(s.tech_lines, 0) AS tech_lines
        FROM departments d
        LEFT JOIN spend s ON s.k = d.display_name AND d.merged_into IS NULL
        ORDER BY d.department_key
        """)


def suggestions(store: Store, include_decided: bool = False) -> pd.DataFrame:
    """What a person should confirm, most spend first. One row per suggestion:

    suggestion_id ('likely_it_name:KEY', 'likely_it_spend:KEY', 'likely_it_block:KEY',
    'department_group:STEM'), kind, department (unit display name, or the proposed department
    for a group), units (display names the action applies to), proposal (what confirming does),
    evidence (why, readable), abs_amount, tech_share (0..1), decision (None, or 'confirmed' /
    'dismissed' when include_decided).

    Runs over DISTINCT units (hundreds), never over lines."""
    import pandas as pd
    units = _units_frame(store)
    decided = dict(store.rows("SELECT suggestion_id, decision FROM org_suggestion_decisions"))
    total_tech = float(units.tech_abs_amount.sum()) or 0.0
    out: list[dict] = []
    live = units[units.in_ledger.fillna(True) & units.merged_into.isna()]
    names = dict(zip(units.department_key, units.department))

    def add(kind: str, key: str, department: str, unit_names: list[str], proposal: str,
            evidence: str, abs_amount: float, tech_share: float | None) -> None:
        out.append({"suggestion_id": f"{kind}:{key}", "kind": kind, "department": department,
                    "units": unit_names, "proposal": proposal, "evidence": evidence,
                    "abs_amount": abs_amount, "tech_share": tech_share})

    candidates = live[~live.is_it.astype(bool) & (live.it_source != "user")
                      & ~live.customer_facing.astype(bool)]
    for row in candidates.itertuples():
        share = row.tech_abs_amount / row.abs_amount if row.abs_amount else None
        note = vocabulary_match(row.department, "likely_it")
        if note:
            add("likely_it_name", row.department_key, row.department, [row.department],
                "mark as IT", f"its name suggests IT ({note})", row.abs_amount, share)
        if (share is not None and share >= SPEND_SHARE and row.tech_lines >= SPEND_MIN_LINES
                and total_tech and row.tech_abs_amount >= SPEND_MIN_SHARE_OF_TECH * total_tech):
            add("likely_it_spend", row.department_key, row.department, [row.department],
                "mark as IT", f"{share:.0%} of its spend is technology ({row.tech_lines} lines)",
                row.abs_amount, share)

    # structure: code blocks and name stems
    live = live.assign(code_for_block=[_unit_code(r) for r in live.itertuples()])
    live = live.assign(block=[code_block(c) for c in live.code_for_block],
                       stem=[name_stem(n) for n in live.department])
    for block, group in live[live.block.notna()].groupby("block"):
        it_units = group[group.is_it.astype(bool)]
        if it_units.empty or len(group) < 3 or len(it_units) * 2 < len(group):
            continue
        peers = ", ".join(it_units.department.head(3))
        for row in group[~group.is_it.astype(bool) & (group.it_source != "user")
                         & ~group.customer_facing.astype(bool)].itertuples():
            share = row.tech_abs_amount / row.abs_amount if row.abs_amount else None
            add("likely_it_block", row.department_key, row.department, [row.department],
                "mark as IT", f"code {row.code_for_block} is in block {block}xx with "
                f"{len(it_units)} IT units ({peers})", row.abs_amount, share)
    grouped: dict[str, list] = {}
    unparented = live[live.parent_key.isna()]
    for row in unparented.itertuples():
        if _text(row.stem):
            grouped.setdefault(fold_key(row.stem), []).append(row)
    # units of one code block whose names start with the same word(s): 5210 Highways
    # Maintenance, 5220 Highways Design -> 'Highways'; R211 Refuse Collection-Commercial, R212
    # Refuse Collection-Domestic -> 'Refuse Collection' (the words they share, a hyphen counting as
    # a break). A shared leading modifier alone ('Local Development Framework', 'Local Land
    # Charges' -> 'Local') names no department and is not proposed.
    for block, group in unparented[unparented.block.notna() & unparented.stem.isna()] \
            .groupby("block"):
        by_first: dict[str, list] = {}
        for row in group.itertuples():
            words = _text(row.department) and fold_key(re.sub(r"^\S*\d\S*\s+", "",
                                                              row.department)).split()
            if words and words[0] not in _GENERIC_STEMS and len(words) > 1:
                by_first.setdefault(words[0], []).append(row)
        for first, rows in by_first.items():
            stem = shared_leading_words([r.department for r in rows])
            if len(rows) >= 2 and stem and fold_key(stem) not in grouped:
                grouped[fold_key(stem)] = [r._replace(stem=stem) for r in rows]
    for stem_key, rows in grouped.items():
        if len(rows) < 2:
            continue
        stem = rows[0].stem
        abs_amount = float(sum(r.abs_amount for r in rows))
        tech = float(sum(r.tech_abs_amount for r in rows))
        it_by_name = departments.default_flags(stem_key, stem).is_it
        blocks = {r.block for r in rows if _text(r.block)}
        how = (f"{len(rows)} units are named '{stem} - ...'" if name_stem(rows[0].department)
               else f"{len(rows)} units of code block {', '.join(sorted(blocks))}xx are named "
                    f"'{stem} ...'")
        add("department_group", stem_key, stem, [r.department for r in rows],
            f"group under department '{stem}'" + (" (IT by its name)" if it_by_name else ""),
            how, abs_amount,
            tech / abs_amount if abs_amount else None)

    frame = pd.DataFrame(out, columns=["suggestion_id", "kind", "department", "units", "proposal",
                                       "evidence", "abs_amount", "tech_share"])
    frame["decision"] = frame.suggestion_id.map(decided)
    if not include_decided:
        frame = frame[frame.decision.isna()]
    return frame.sort_values(["abs_amount", "suggestion_id"], ascending=[False, True]) \
        .reset_index(drop=True)


def confirm(store: Store, suggestion_ids: Iterable[str], *, by: str) -> int:
    """Apply suggestions (mark as IT, or group units under a department) in one transaction and
    reclassify. Returns how many were applied. Raises TechspendError for an unknown id."""
    wanted = list(dict.fromkeys(suggestion_ids))
    if not wanted:
        raise TechspendError("Pick at least one suggestion.")
    current = suggestions(store, include_decided=True).set_index("suggestion_id")
    unknown = [s for s in wanted if s not in current.index]
    if unknown:
        raise TechspendError(f"No current suggestion {', '.join(unknown)}; reload the page.")
    with store.transaction() as cur:
        for sid in wanted:
            row = current.loc[sid]
            if row.kind == "department_group":
                departments.set_parent(cur, list(row.units), row.department, by=by)
            else:
                departments.set_departments(cur, list(row.units), is_it=True, by=by,
                                            why=f"confirmed suggestion: {row.evidence}")
            cur.execute("INSERT OR REPLACE INTO org_suggestion_decisions (suggestion_id,"
                        " decision, decided_by) VALUES (?, 'confirmed', ?)", [sid, by])
            departments.record_change(cur, by=by, action="confirm",
                                      key=sid.split(":", 1)[1] if row.kind != "department_group"
                                      else None, detail=f"{row.proposal}: {row.evidence}")
        rebuild(cur, None)
    return len(wanted)


def dismiss(store: Store, suggestion_ids: Iterable[str], *, by: str) -> int:
    """Hide suggestions a person rejected (recorded; nothing is reclassified)."""
    wanted = list(dict.fromkeys(suggestion_ids))
    with store.transaction() as cur:
        for sid in wanted:
            cur.execute("INSERT OR REPLACE INTO org_suggestion_decisions (suggestion_id,"
                        " decision, decided_by) VALUES (?, 'dismissed', ?)", [sid, by])
            departments.record_change(cur, by=by, action="dismiss", key=None,
                                      detail=f"dismissed suggestion {sid}")
    return len(wanted)


def it_split(store: Store) -> pd.DataFrame:
    """Technology spend by the department lines roll up to, inside / outside IT. Columns:
    org_department, it_owned, tech_amount, lines. For the suggestions page's 'what you get'."""
    return store.df(
        """
        SELECT coalesce(o.org_department, c.department) AS org_department,
               bool_or(c.it_owned) AS it_owned,
               coalesce(sum(c.amount_reporting) FILTER (WHERE c.is_tech), 0)::DOUBLE AS tech_amount,
               count(*) AS lines
        FROM classified_lines c LEFT JOIN org_department_of o USING (department)
        GROUP BY 1
        HAVING sum(amount_reporting) FILTER (WHERE is_tech) IS NOT NULL
        ORDER BY tech_amount DESC, org_department
        """)

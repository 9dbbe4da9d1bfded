"""Organisation: which units are the IT function, and what to confirm.

* Suggestions: units that look like IT (by name, by a spend that is mostly technology, by sharing
  a cost-centre code block with IT units) and departments inferred from unit names
  ("ICT - Applications", "ICT - Networks" -> "ICT"). Nothing is applied until a person ticks
  and confirms; dismissed suggestions stay hidden. The split they would change is shown above.
* Departments: mark many units IT / not IT / customer-facing at once (by ticking or by a name
  pattern, previewed first), merge two units into one, undo a merge, put units under a
  department.
* Organisation map: load a cost-centre -> department file (CSV/XLSX with code, name and
  department or parent, optionally an IT column) through the product's reader.
* History: every change, who and when.

Every action reclassifies all history at once. The page holds no SQL: it calls models.org,
models.departments and ingest.readers (to read the map file).
"""

from __future__ import annotations

import streamlit as st

from db import TechspendError
from models import analytics, departments, org, rules
import dashboard as ui
import workspace

_FLASH = "org_flash"


def _act(action) -> None:
    ui.act_then_flash(action, _FLASH)


def _who() -> str:
    return ui.who("org_who")


# what each kind of suggestion is, in the words a finance person reads
_KINDS = {"likely_it_name": "Likely IT: its name", "likely_it_spend": "Likely IT: its spend",
          "likely_it_block": "Likely IT: its code block",
          "department_group": "Group into a department"}


def _it_units_now(store, currency: str) -> None:
    """The units counted as IT today and why (a name pattern, a person, the organisation map):
    what a person confirms first on a ledger nobody has marked yet."""
    deps = departments.list_departments(store)
    marked = deps[deps.is_it.astype(bool) & deps.merged_into.isna()]
    if marked.empty:
        st.info("No unit is counted as IT yet: tick the suggestions below, or mark units on the "
                "Departments tab.")
        return
    st.caption(f"Counted as IT now: {len(marked):,} unit(s). Check them; change any on the "
               "Departments tab.")
    st.dataframe(
        marked[["department", "it_reason", "tech_amount", "amount"]], hide_index=True,
        width="stretch", key="org_it_units_table",
        column_config={"department": st.column_config.TextColumn("Unit"),
                       "it_reason": st.column_config.TextColumn("Why IT"),
                       "tech_amount": ui.money_column("Technology spend", currency),
                       "amount": ui.money_column("Spend", currency)})


def _suggestions_tab(store, currency: str) -> None:
    split = org.it_split(store)
    if not split.empty:
        inside = split[split.it_owned].tech_amount.sum()
        total = split.tech_amount.sum()
        st.markdown(
            f"**Now:** {ui.money(inside, currency)} of {ui.money(total, currency)} technology "
            f"spend is bought by units marked IT ({ui.percent(inside / total if total else None)})"
            ". Confirm suggestions to change that.")
    _it_units_now(store, currency)
    found = org.suggestions(store)
    if found.empty:
        st.success("Nothing to confirm: no unit looks like IT that is not marked IT.")
        return
    shown = found.assign(units_text=found.units.map(lambda u: ", ".join(u)),
                         kind=found.kind.map(lambda k: _KINDS.get(k, k)))
    columns = ["kind", "department", "proposal", "evidence", "units_text", "abs_amount",
               "tech_share"]
    event = st.dataframe(
        shown[columns], hide_index=True, width="stretch", key="org_suggestions_table",
        on_select="rerun", selection_mode="multi-row",
        column_config={
            "kind": st.column_config.TextColumn("Kind"),
            "department": st.column_config.TextColumn("Unit / department"),
            "proposal": st.column_config.TextColumn("Confirming will"),
            "evidence": st.column_config.TextColumn("Why"),
            "units_text": st.column_config.TextColumn("Units"),
            "abs_amount": ui.money_column("Spend", currency),
            "tech_share": ui.share_column("Technology share"),
        })
    ui.download_buttons(shown[columns], "org_suggestions", key="dl_org_suggestions")
    picked = [found.suggestion_id.iloc[i] for i in (event.selection.rows if event else [])]
    st.caption(f"{len(picked)} suggestion(s) ticked.")
    c1, c2 = st.columns(2)
    if c1.button(f"Confirm {len(picked)}", type="primary", disabled=not picked,
                 key="org_confirm"):
        _act(lambda: workspace.confirm_suggestions(store, picked, by=_who())
             and f"Confirmed {len(picked)} suggestion(s); every line reclassified.")
    if c2.button(f"Dismiss {len(picked)}", disabled=not picked, key="org_dismiss"):
        _act(lambda: workspace.dismiss_suggestions(store, picked, by=_who())
             and f"Dismissed {len(picked)} suggestion(s).")


def _departments_tab(store, currency: str) -> None:
    deps = departments.list_departments(store)
    if deps.empty:
        st.info("No departments in the loaded data.")
        return
    ui.table(deps, key="org_departments_table", file_stem="departments",
             columns=["department", "is_it", "it_reason", "customer_facing", "merged_into",
                      "org_department", "code", "lines", "amount", "tech_amount"],
             column_config={"department": st.column_config.TextColumn("Unit"),
                            "is_it": st.column_config.CheckboxColumn("IT"),
                            "it_reason": st.column_config.TextColumn("Why IT / not"),
                            "customer_facing": st.column_config.CheckboxColumn("Customer-facing"),
                            "merged_into": st.column_config.TextColumn("Same as"),
                            "org_department": st.column_config.TextColumn("Department"),
                            "code": st.column_config.TextColumn("Code"),
                            "lines": st.column_config.NumberColumn("Lines"),
                            "amount": ui.money_column("Spend", currency),
                            "tech_amount": ui.money_column("Technology spend", currency)})
    names = list(deps.department)

    st.subheader("Mark many units at once")
    how = st.radio("Choose units", ["By ticking", "By name pattern"], horizontal=True,
                   key="org_mark_how")
    if how == "By ticking":
        chosen = st.multiselect("Units", names, key="org_mark_units")
        pattern = None
    else:
        pattern = st.text_input("Name pattern", key="org_mark_pattern",
                                help="Text with * wildcards ('*network*', 'IT *') or a regular "
                                     "expression; case is ignored.")
        chosen = ui.run_action(lambda: org.preview_pattern(store, pattern)) if pattern else []
        chosen = chosen or []
        st.caption(f"Matches {len(chosen)} unit(s): " + ", ".join(chosen[:30])
                   + (" ..." if len(chosen) > 30 else ""))
    action = st.selectbox("Set", ["IT", "Not IT", "Customer-facing", "Not customer-facing",
                                  "Back to defaults"], key="org_mark_action")
    flags = {"IT": {"is_it": True}, "Not IT": {"is_it": False},
             "Customer-facing": {"customer_facing": True},
             "Not customer-facing": {"customer_facing": False},
             "Back to defaults": {"reset": True}}[action]
    if st.button(f"Apply to {len(chosen)} unit(s)", type="primary", disabled=not chosen,
                 key="org_mark_apply"):
        if pattern and "reset" not in flags:
            _act(lambda: workspace.mark_by_pattern(store, pattern, by=_who(), **flags)
                 and f"Set {action} on {len(chosen)} unit(s); every line reclassified.")
        else:
            _act(lambda: workspace.set_units(store, chosen, by=_who(), **flags)
                 and f"Set {action} on {len(chosen)} unit(s); every line reclassified.")

    st.subheader("Merge units")
    c1, c2 = st.columns(2)
    merge_from = c1.multiselect("These units", names, key="org_merge_from")
    merge_into = c2.selectbox("are the same department as", names, key="org_merge_into")
    if st.button("Merge", disabled=not merge_from, key="org_merge_button"):
        _act(lambda: workspace.merge_departments(store, merge_from, merge_into, by=_who())
             and f"Merged {len(merge_from)} unit(s) into {ui.escape_md(merge_into)}.")
    merged = deps[deps.merged_into.notna()]
    if not merged.empty:
        undo = st.selectbox("Undo the merge of", list(merged.department), key="org_unmerge_pick")
        if st.button("Undo merge", key="org_unmerge"):
            _act(lambda: workspace.unmerge_department(store, undo, by=_who())
                 and f"{ui.escape_md(undo)} stands alone again.")

    st.subheader("Put units under a department")
    c1, c2 = st.columns(2)
    members = c1.multiselect("Units", names, key="org_parent_units")
    parent = c2.text_input("Department (new or existing)", key="org_parent_name")
    if st.button("Group", disabled=not (members and parent.strip()), key="org_parent_button"):
        _act(lambda: workspace.set_parent(store, members, parent, by=_who())
             and f"{len(members)} unit(s) now roll up to {ui.escape_md(parent)}.")


def _map_tab(store) -> None:
    st.caption("A file with one row per cost centre: its code, its name and the department (or "
               "parent code) it belongs to; optionally an 'IT' column (yes/no) and a "
               "'Customer facing' column. Loading replaces the previous map.")
    upload = st.file_uploader("Organisation map (CSV or Excel)", type=["csv", "xlsx", "xls"],
                              key="org_map_file")
    if upload is not None and st.button("Load this map", type="primary", key="org_map_load"):
        def load() -> str:
            return ui.escape_md(workspace.load_org_file(store, upload.name, upload.getvalue(),
                                                        by=_who()).describe())

        try:
            _act(load)
        except TechspendError as exc:  # the reader's messages (IngestError) are domain errors
            st.error(str(exc))
    current = org.org_map(store)
    if current.empty:
        st.info("No organisation map loaded: units are recognised by name, and the Suggestions "
                "tab proposes the rest.")
        return
    ui.table(current, key="org_map_table", file_stem="organisation_map")
    if st.button("Remove the map", key="org_map_clear"):
        _act(lambda: workspace.clear_org_map(store, by=_who()) or "Organisation map removed.")


def render() -> None:
    store = ui.store()
    st.title("Organisation")
    if _FLASH in st.session_state:
        st.success(st.session_state.pop(_FLASH))
    if ui.empty_state(store):
        return
    st.sidebar.text_input("Your name or email (kept with every change)",
                          value=rules.current_user(), key="org_who")
    currency = analytics.reporting_currency(store)
    suggest, deps, org_map, history = st.tabs(
        ["Suggestions", "Departments", "Organisation map", "History"],
        key="org_tab", on_change="rerun", bind="query-params")  # ?org_tab=History: shareable
    with suggest:
        _suggestions_tab(store, currency)
    with deps:
        _departments_tab(store, currency)
    with org_map:
        _map_tab(store)
    with history:
        changes = departments.changes(store)
        if changes.empty:
            st.info("No changes yet.")
        else:
            ui.table(changes, key="org_history", file_stem="organisation_changes")


ui.run_page(render)

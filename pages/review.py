"""Review & rules: correct the classification in seconds.

* Review queue: vendors whose lines are likely misclassified, ranked by expected misclassified
  spend (chance wrong x amount, from weak evidence), searchable across every vendor, with the
  lines behind each; select vendors (tick rows or pick them), see every line the assignment would
  change and its total, then assign technology / not, layer and category in one action.
* Add a rule: vendor / account / department equals, contains, starts-with or regex.
* Rules: every rule with who, when, why and the spend it decides; undo any of them.
* Merge vendors: two spellings of one supplier become one (undo possible).
* Departments: which are IT and which face customers.

Every change is stored with its author and applies at once to all history (the page reruns on
the same tab and every other page shows the new figures). The page holds no SQL: it calls models.classification,
models.rules and models.departments.
"""

from __future__ import annotations

import streamlit as st

import workspace
from models import analytics, classification, departments, rules
from models.vendor_match import NON_TECH_CATEGORIES, TECH_CATEGORIES
import dashboard as ui

_FLASH = "review_flash"
LAYER_BY_DEPARTMENT = "By buying department"
MATCH_LABELS = {"equals": "equals", "contains": "contains", "starts_with": "starts with",
                "regex": "matches regex"}


def _act(action) -> None:
    ui.act_then_flash(action, _FLASH)


def _who() -> str:
    return ui.who("review_who")


def _tech_choice(key: str) -> tuple[bool, str | None, str | None]:
    """Technology / not + layer + category widgets; returns (is_tech, layer, category)."""
    c1, c2, c3 = st.columns(3)
    kind = c1.radio("Classification", ["Technology", "Not technology"], key=f"{key}_kind",
                    horizontal=True)
    is_tech = kind == "Technology"
    layer = c2.selectbox("Layer", [LAYER_BY_DEPARTMENT, "SoR", "SoE"], key=f"{key}_layer",
                         disabled=not is_tech,
                         help="SoR: finance, HR, ITSM, internal tools. SoE: CRM, marketing, "
                              "e-commerce, web, support. 'By buying department': customer-facing "
                              "departments make it SoE, others SoR.")
    categories = ["(keep / none)", *(TECH_CATEGORIES if is_tech else NON_TECH_CATEGORIES)]
    category = c3.selectbox("Category", categories, key=f"{key}_category_{is_tech}")
    return (is_tech, None if (not is_tech or layer == LAYER_BY_DEPARTMENT) else layer,
            None if category == categories[0] else category)


def _queue_tab(store, currency: str) -> None:
    search = st.text_input("Search all vendors", key="review_search",
                           placeholder="part of a vendor name, e.g. 'telecom' or 'capita'",
                           help="Finds any vendor, however confidently it is classified.")
    queue = ui.run_action(lambda: classification.review_queue(store, limit=500,
                                                              search=search or None))
    if queue is None:
        return
    if queue.empty:
        if search:
            st.info("No vendor name contains that text.")
        else:
            st.success("Nothing to review: every vendor is classified with good confidence.")
        return
    if search:
        st.caption(f"{len(queue):,} vendors whose name contains the search text, all their lines.")
    else:
        st.caption(
            f"{len(queue):,} vendors with low-confidence or unclassified lines, "
            f"{ui.money(queue.abs_amount.sum(), currency)} of spend (absolute). Ranked by "
            "expected misclassified spend: the chance a line is wrong (from weak evidence: "
            "words in the vendor's name, technology words outvoted in the account or description, "
            "the card's merchant code, a near-miss to a catalog vendor) times its amount. "
            "Tick rows or pick vendors below, then assign them in one action."
        )
    shown = queue.assign(share_tech=queue.tech_lines / queue.lines)
    columns = ["vendor", "example_vendor", "lines", "amount", "score", "likelihood", "signals",
               "share_tech", "decided_by", "reason", "confidence", "departments"]
    event = st.dataframe(
        shown[columns],
        hide_index=True, width="stretch", key="review_queue_table",
        on_select="rerun", selection_mode="multi-row",
        column_config={
            "vendor": st.column_config.TextColumn("Vendor"),
            "example_vendor": st.column_config.TextColumn("As written (example)"),
            "lines": st.column_config.NumberColumn("Lines"),
            "amount": ui.money_column("Amount", currency),
            "score": ui.money_column("Expected misclassified", currency),
            "likelihood": ui.share_column("Chance wrong"),
            "signals": st.column_config.TextColumn("Weak evidence"),
            "share_tech": ui.share_column("Now technology"),
            "decided_by": st.column_config.TextColumn("Decided by"),
            "reason": st.column_config.TextColumn("Reason"),
            "confidence": st.column_config.NumberColumn("Confidence", format="%.2f"),
            "departments": st.column_config.NumberColumn("Departments"),
        },
    )
    ui.download_buttons(shown[columns], "review_queue", key="dl_review_queue")
    ticked = [queue.vendor_key.iloc[i] for i in (event.selection.rows if event else [])]
    labels = {k: f"{v} ({ui.money(a, currency)})"
              for k, v, a in zip(queue.vendor_key, queue.vendor, queue.amount)}
    options = list(dict.fromkeys([*st.session_state.get("review_pick", []), *queue.vendor_key]))
    picked = st.multiselect("Vendors to assign", options, default=ticked or None,
                            format_func=lambda k: labels.get(k, k), key="review_pick")
    is_tech, layer, category = _tech_choice("assign")
    why = st.text_input("Why (kept with the rules)", key="assign_why")
    if picked:
        effect = ui.run_action(lambda: classification.assignment_effect(
            store, picked, is_tech=is_tech, layer=layer))
        if effect is not None:
            totals, changing = effect
            st.markdown(
                f"**Effect:** {totals['changing_lines']:,} of {totals['lines']:,} lines of "
                f"{totals['vendors']:,} vendor(s) would change, "
                f"{ui.money(totals['changing_amount'], currency)} of "
                f"{ui.money(totals['amount'], currency)}.")
            if not changing.empty:
                with st.expander(f"The {len(changing):,} lines that would change"):
                    ui.table(changing, key="review_effect", file_stem="assignment_effect",
                             columns=["source_file", "source_row", "txn_date", "vendor",
                                      "department", "account_name", "description", "amount",
                                      "currency", "is_tech", "layer", "new_is_tech",
                                      "new_layer", "reason"])
    if st.button(f"Assign to {len(picked)} vendor(s)", type="primary", disabled=not picked,
                 key="assign_button"):
        _act(lambda: (workspace.assign_vendors(store, picked, is_tech=is_tech, layer=layer,
                                           category=category, by=_who(), why=why)
                      and f"Assigned {len(picked)} vendor(s); every line reclassified."))

    st.subheader("Lines behind a vendor")
    vendor = st.selectbox("Vendor", list(queue.vendor_key), format_func=lambda k: labels.get(k, k),
                          key="review_lines_vendor")
    if vendor:
        lines = classification.vendor_key_lines(store, vendor)
        ui.table(lines, key="review_lines", file_stem="vendor_lines",
                 columns=["source_file", "source_row", "txn_date", "vendor", "department",
                          "account_name", "description", "amount", "currency", "is_tech",
                          "layer", "category", "reason", "confidence"],
                 column_config={"source_file": "File", "source_row": "Row", "txn_date": "Date",
                                "vendor": "Vendor as written", "department": "Department",
                                "account_name": "Account", "description": "Description",
                                "amount": "Amount", "currency": "Currency",
                                "is_tech": "Technology", "layer": "Layer", "category": "Category",
                                "reason": "Why", "confidence": "Confidence"})


def _rule_tab(store) -> None:
    st.caption("A rule decides every matching line, past and future, ahead of the catalog. "
               "When several rules match a line, the newest wins.")
    c1, c2, c3 = st.columns([1, 1, 2])
    field = c1.selectbox("When the", ["vendor", "account", "department"], key="rule_field")
    match = c2.selectbox("Match", list(MATCH_LABELS), format_func=MATCH_LABELS.get, key="rule_match",
                         label_visibility="hidden")
    pattern = c3.text_input("this text", key="rule_pattern",
                            help="Case, punctuation and spacing are ignored; regex is RE2 and "
                                 "case-insensitive.")
    is_tech, layer, category = _tech_choice("rule")
    why = st.text_input("Why", key="rule_why")
    if st.button("Add rule", type="primary", key="rule_add"):
        _act(lambda: "Added " + ui.escape_md(workspace.add_rule(
            store, field=field, match=match, pattern=pattern, is_tech=is_tech, layer=layer,
            category=category, by=_who(), why=why).describe()) + "; every line reclassified.")


def _rules_tab(store, currency: str) -> None:
    show_removed = st.checkbox("Show removed rules", key="rules_show_removed")
    listed = rules.list_rules(store, include_removed=show_removed)
    if listed.empty:
        st.info("No rules yet. Add one on the Add a rule tab or from the Review queue.")
    else:
        ui.table(listed, key="rules_table", file_stem="rules",
                 columns=[c for c in listed.columns if show_removed or not c.startswith("removed")],
                 column_config={"amount": ui.money_column("Amount decided", currency)})
        active = listed[listed.removed_at.isna()]
        if not active.empty:
            options = {int(r.rule_id): f"#{r.rule_id}: {r.field} {r.match} {r.pattern}"
                       for r in active.itertuples()}
            chosen = st.selectbox("Rule to undo", list(options), format_func=options.get,
                                  key="rules_undo_pick")
            if st.button("Undo rule", key="rules_undo"):
                _act(lambda: workspace.remove_rule(store, chosen, by=_who())
                     and f"Removed rule #{chosen}; every line reclassified.")
    merges = rules.list_merges(store)
    if not merges.empty:
        st.subheader("Vendor merges")
        ui.table(merges, key="merges_table", file_stem="vendor_merges")
        chosen_merge = st.selectbox("Merge to undo", list(merges.merge_id), key="merge_undo_pick",
                                    format_func=lambda m: f"#{m}")
        if st.button("Undo merge", key="merge_undo"):
            _act(lambda: workspace.unmerge_vendors(store, chosen_merge, by=_who())
                 or f"Undid merge #{chosen_merge}; every line reclassified.")


def _merge_tab(store) -> None:
    choices = classification.vendor_choices(store)
    if len(choices) < 2:
        st.info("Merging needs at least two vendors.")
        return
    labels = {k: f"{v} [{k}]" for k, v in zip(choices.vendor_key, choices.vendor)}
    keys = list(choices.vendor_key)
    c1, c2 = st.columns(2)
    source = c1.selectbox("Show this vendor", keys, format_func=labels.get, key="merge_from")
    target = c2.selectbox("as this vendor", keys, index=1, format_func=labels.get, key="merge_to")
    why = st.text_input("Why", key="merge_why")
    if st.button("Merge", type="primary", key="merge_button"):
        _act(lambda: workspace.merge_vendors(store, source, target, by=_who(), why=why)
             and "Merged; every line reclassified.")


def _departments_tab(store, currency: str) -> None:
    deps = departments.list_departments(store)
    if deps.empty:
        st.info("No departments in the loaded data.")
        return
    ui.table(deps, key="departments_table", file_stem="departments",
             columns=["department", "is_it", "it_source", "customer_facing", "cf_source",
                      "lines", "amount", "tech_amount"],
             column_config={"department": st.column_config.TextColumn("Department"),
                            "is_it": st.column_config.CheckboxColumn("IT"),
                            "it_source": st.column_config.TextColumn("IT flag from"),
                            "customer_facing": st.column_config.CheckboxColumn("Customer-facing"),
                            "cf_source": st.column_config.TextColumn("Customer-facing from"),
                            "lines": st.column_config.NumberColumn("Lines"),
                            "amount": ui.money_column("Spend", currency),
                            "tech_amount": ui.money_column("Technology spend", currency)})
    keys = list(deps.department_key)
    names = dict(zip(deps.department_key, deps.department))
    key = st.selectbox("Department", keys, format_func=names.get, key="dept_pick")
    row = deps[deps.department_key == key].iloc[0]
    c1, c2 = st.columns(2)
    is_it = c1.checkbox("Part of the IT function", value=bool(row.is_it), key=f"dept_it_{key}")
    cf = c2.checkbox("Customer-facing", value=bool(row.customer_facing), key=f"dept_cf_{key}")
    b1, b2 = st.columns(2)
    if b1.button("Save department", type="primary", key="dept_save"):
        _act(lambda: workspace.set_units(
            store, [row.department], is_it=is_it if is_it != bool(row.is_it) else None,
            customer_facing=cf if cf != bool(row.customer_facing) else None, by=_who())
             and "Saved; every line reclassified.")
    if b2.button("Back to defaults", key="dept_reset"):
        _act(lambda: workspace.set_units(store, [row.department], by=_who(), reset=True)
             and "Back to the default patterns; every line reclassified.")
    st.caption("Many units at once, merges, the organisation map and suggestions of likely IT "
               "units: the Organisation page.")


def render() -> None:
    store = ui.store()
    st.title("Review & rules")
    if _FLASH in st.session_state:
        st.success(st.session_state.pop(_FLASH))
    if ui.empty_state(store):
        return
    st.sidebar.text_input("Your name or email (kept with every change)",
                          value=rules.current_user(), key="review_who")
    currency = analytics.reporting_currency(store)
    # keyed tabs remember the open tab across the rerun after a save
    queue, add, listed, merge, deps = st.tabs(
        ["Review queue", "Add a rule", "Rules", "Merge vendors", "Departments"],
        key="review_tab", on_change="rerun", bind="query-params")  # ?review_tab=Rules: shareable
    with queue:
        _queue_tab(store, currency)
    with add:
        _rule_tab(store)
    with listed:
        _rules_tab(store, currency)
    with merge:
        _merge_tab(store)
    with deps:
        _departments_tab(store, currency)


ui.run_page(render)

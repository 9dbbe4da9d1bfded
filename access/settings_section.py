"""Settings > Access: admins give people roles and department scopes (the roles table).

Business rule: the roles table is used when a signed-in person's token carries no configured role
value (access.config). An admin names a person by e-mail or subject, picks roles and, for a viewer
who should see only some departments, those departments; saving replaces that person's row in one
transaction and records the admin (the signed-in e-mail) in the change history. The workspace-level
check (access.roles.set_roles is admin-only) refuses anyone else, whatever the page shows.

Called by pages/settings.py: `access_section(store)`.
"""

from __future__ import annotations

import streamlit as st

import access
import dashboard as ui
from access.gate import sign_in_configured
from db.store import Store
from models import analytics

_FLASH = "access_flash"


def access_section(store: Store) -> None:
    st.subheader("Access")
    if not access.current_principal().may(access.ADMIN):
        st.caption("Only an admin may see and change roles.")
        return
    if not sign_in_configured():
        st.caption("Local single-user mode: nobody signs in, so these roles take effect once sign-in "
                   "is configured ([auth] in .streamlit/secrets.toml, see the README).")
    if st.session_state.get(_FLASH):
        st.success(st.session_state.pop(_FLASH))
    current = access.list_roles(store)
    if current.empty:
        st.caption("Nobody is in the roles table yet: roles come only from the ID token.")
    else:
        ui.table(current, key="access_roles", file_stem="techspend-roles")

    options = ui.query(analytics.filter_options)
    with st.form("access_set_roles", clear_on_submit=True):
        who = st.text_input("Person (e-mail or subject)", key="access_principal")
        roles = st.multiselect("Roles", list(access.ROLES), default=["viewer"], key="access_roles_pick")
        departments = st.multiselect(
            "Limit to departments (a viewer sees only these; empty = every department)",
            list(options.departments), key="access_departments")
        if st.form_submit_button("Save roles", type="primary"):
            entry = ui.run_action(lambda: access.set_roles(
                store, who, roles, departments=departments or None, by=access.current_actor()))
            if entry is not None:
                scope = ("every department" if entry.departments is None
                         else ", ".join(entry.departments))
                st.session_state[_FLASH] = (f"{entry.principal}: {', '.join(entry.roles)} "
                                            f"({scope}).")
                st.rerun()

    if not current.empty:
        cols = st.columns([3, 1])
        gone = cols[0].selectbox("Remove every role of", list(current["principal"]),
                                 key="access_remove_pick")
        if cols[1].button("Remove roles", key="access_remove"):
            if ui.run_action(lambda: access.remove_roles(store, gone, by=access.current_actor())):
                st.session_state[_FLASH] = f"{gone}: roles removed."
                st.rerun()
    with st.expander("Change history"):
        ui.table(access.role_history(store), key="access_history", file_stem="techspend-role-changes")

"""The dashboard's door: sign-in screen, who is signed in, which pages they may open.

Business rule (issue #14): app.py calls `sign_in(store)` before any page is built.

* `[auth]` in .streamlit/secrets.toml (Streamlit's own OIDC settings): a visitor who has not
  signed in sees only the sign-in screen (no figure, no page list); a signed-in person becomes a
  Principal (access.config) for the rest of the script run, and one with no role sees only
  "ask an admin". Streamlit's XSRF protection stays on; the cookie secret is `[auth]
  cookie_secret`, from secrets only.
* no `[auth]`: local single-user mode, said in the sidebar; refused (one stop message) when the
  server listens beyond this machine and TECHSPEND_ALLOW_ANONYMOUS is not 1 (access.serving).

Worked example: a CMO signs in; the token has no groups claim; the roles table says viewer of
Marketing and Digital Marketing -> the sidebar says "Signed in as cmo@example.com · viewer ·
2 departments", the navigation lists the four Insights pages, and every figure covers those two.
"""

from __future__ import annotations

import os
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from access import config as access_config
from access import roles as access_roles
from access.principal import (ROLES, Principal, local_operator, require_sign_in, set_current,
                              use_resolver)
from access.serving import refuse_to_serve
from db.store import Store


_SESSION_KEY = "_access_principal"


def _session_principal() -> Principal | None:
    """Who signed in to this browser session (for widget callbacks, which Streamlit runs before
    app.py's gate in a fresh thread); None outside a script run (e.g. a server thread)."""
    if get_script_run_ctx(suppress_warning=True) is None:
        return None
    found = st.session_state.get(_SESSION_KEY)
    return found if isinstance(found, Principal) else None


def sign_in_configured() -> bool:
    """True when secrets hold an [auth] section (st.login then works)."""
    try:
        return st.secrets.load_if_toml_exists() and "auth" in st.secrets
    except Exception:  # an unreadable secrets file: Streamlit logs it; no sign-in configured
        return False


def _secrets_section(name: str) -> dict[str, Any]:
    try:
        return st.secrets[name].to_dict() if name in st.secrets else {}
    except Exception:
        return {}


def _door(render) -> None:
    """Show only `render` (sign-in screen, a stop message) and end the run. It is registered
    through st.navigation, so Streamlit never falls back to serving the pages/ folder itself:
    every address (/upload, /settings) shows this door."""
    st.navigation([st.Page(render, title="techspend", default=True)], position="hidden").run()
    st.stop()


def _local_mode() -> Principal:
    refusal = refuse_to_serve(st.get_option("server.address"), os.environ)
    if refusal:
        _door(lambda: st.error(refusal))
    principal = local_operator()
    with st.sidebar:
        st.caption(f"Local single-user mode: no sign-in; changes are recorded as "
                   f"{principal.actor}.")
    return principal


def _sign_in_screen() -> None:
    st.title("techspend")
    st.write("Technology-spend analytics. Sign in with your company account to continue.")
    st.button("Sign in", type="primary", on_click=st.login)


def _signed_in(store: Store) -> Principal:
    claims = st.user.to_dict()
    cfg = access_config.config_from(_secrets_section(access_config.SECTION))
    table = access_roles.lookup(store, claims.get("email"), claims.get("sub"))
    principal = access_config.principal_from_claims(claims, cfg, table)
    with st.sidebar:
        held = ", ".join(r for r in ROLES if principal.may(r)) or "no role"
        scope = ("" if principal.departments is None
                 else f" · {len(principal.departments)} department(s)")
        st.caption(f"Signed in as {principal.actor} · {held}{scope}")
        st.button("Sign out", on_click=st.logout, key="access_sign_out")
    if not principal.roles:
        def no_role() -> None:
            st.title("techspend")
            st.warning(f"You are signed in as {principal.actor} but have no role in techspend "
                       "yet. Ask an admin to give you one (Settings > Access, or "
                       "`techspend roles set`).")
        _door(no_role)
    return principal


def sign_in(store_factory) -> Principal:
    """Who is using this run of the app; stops the run at the sign-in screen when nobody is.
    `store_factory()` gives the Store (opened only once someone has signed in)."""
    use_resolver(_session_principal)
    st.session_state.pop(_SESSION_KEY, None)  # decided afresh below, every run
    set_current(None)
    if not sign_in_configured():
        principal = _local_mode()
    elif not str(_secrets_section("auth").get("cookie_secret") or "").strip():
        require_sign_in()
        _door(lambda: st.error("Sign-in is configured without [auth] cookie_secret in "
                               ".streamlit/secrets.toml: add a long random string there."))
    elif not st.user.is_logged_in:
        require_sign_in()
        _door(_sign_in_screen)
    else:
        require_sign_in()
        principal = _signed_in(store_factory())
    set_current(principal)
    st.session_state[_SESSION_KEY] = principal
    return principal


def allowed_pages(groups: dict[str, list[tuple[Any, str]]], principal: Principal) -> dict:
    """{group: [(st.Page, role needed)]} -> {group: [st.Page]} with only the pages `principal`
    may open (a group left empty disappears)."""
    out = {}
    for group, pages in groups.items():
        kept = [page for page, role in pages if principal.may(role)]
        if kept:
            out[group] = kept
    return out

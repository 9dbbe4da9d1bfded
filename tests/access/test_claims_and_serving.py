"""ID-token claims -> roles and scope; the local mode's listen-address rule; the Principal."""

from __future__ import annotations

import pytest

from access import (ADMIN, ROLES, AccessDenied, Principal, RoleEntry, acting_as, config_from,
                    current_actor, principal_from_claims, require)
from access.serving import refuse_to_serve
from db import TechspendError

CONFIG = config_from({"roles_claim": "groups",
                      "role_values": {"admin": ["ts-admins"], "viewer": ["finance", "mkt"]}})


def test_roles_come_from_the_configured_claim_values():
    p = principal_from_claims({"sub": "1", "email": "a@x.com", "groups": ["mkt", "other"]},
                              CONFIG, None)
    assert p.roles == {"viewer"} and p.actor == "a@x.com" and p.departments is None
    admin = principal_from_claims({"sub": "2", "groups": "ts-admins"}, CONFIG, None)
    assert admin.roles == set(ROLES) and admin.actor == "2"


def test_without_claim_values_the_table_decides_then_the_default_role():
    row = RoleEntry("a@x.com", ("viewer",), ("Marketing", "Digital Marketing"))
    p = principal_from_claims({"sub": "1", "email": "a@x.com"}, CONFIG, row)
    assert p.roles == {"viewer"} and p.departments == ("Digital Marketing", "Marketing")
    stranger = principal_from_claims({"sub": "9"}, CONFIG, None)
    assert stranger.roles == frozenset()
    default = config_from({"default_role": "viewer"})
    assert principal_from_claims({"sub": "9"}, default, None).roles == {"viewer"}


def test_a_table_scope_applies_even_when_the_token_gives_the_role():
    row = RoleEntry("a@x.com", ("viewer",), ("Marketing",))
    p = principal_from_claims({"sub": "1", "email": "a@x.com", "groups": ["finance"]}, CONFIG, row)
    assert p.departments == ("Marketing",)


def test_departments_claim_keeps_names_with_spaces():
    cfg = config_from({"departments_claim": "depts"})
    p = principal_from_claims({"sub": "1", "groups": ["viewer"],
                               "depts": "Digital Marketing, Marketing"}, cfg, None)
    assert p.departments == ("Digital Marketing", "Marketing")


def test_a_scoped_person_is_a_viewer_only_and_admin_holds_every_role():
    assert Principal(subject="s", roles={"admin"}, departments=("A",)).roles == {"viewer"}
    assert Principal(subject="s", roles={ADMIN}).roles == set(ROLES)
    with pytest.raises(TechspendError, match="not a role"):
        Principal(subject="s", roles={"boss"})


def test_require_names_who_and_what_and_current_actor_ignores_a_typed_name():
    viewer = Principal(subject="s", email="v@x.com", roles={"viewer"})
    with acting_as(viewer):
        with pytest.raises(AccessDenied, match="v@x.com may not .* uploader role"):
            require("uploader")
        assert current_actor("someone typed this") == "v@x.com"
    assert current_actor("cfo") == "cfo"


@pytest.mark.parametrize("address", ["127.0.0.1", "::1", "[::1]", "localhost", "127.0.0.2"])
def test_local_mode_serves_on_loopback(address):
    assert refuse_to_serve(address, {}) is None


@pytest.mark.parametrize("address", ["0.0.0.0", "", None, "10.1.2.3", "dashboard.corp"])
def test_local_mode_refuses_other_addresses_unless_allowed(address):
    message = refuse_to_serve(address, {})
    assert message and "TECHSPEND_ALLOW_ANONYMOUS=1" in message and "[auth]" in message
    assert refuse_to_serve(address, {"TECHSPEND_ALLOW_ANONYMOUS": "1"}) is None
    assert refuse_to_serve(address, {"TECHSPEND_ALLOW_ANONYMOUS": "yes"}) is not None


def test_a_callback_thread_without_context_finds_the_session_principal_or_nobody(monkeypatch):
    """Streamlit runs widget callbacks before app.py's gate, in a fresh thread: the session's
    record decides; with none (a server thread) and sign-in on, NOBODY may change nothing."""
    import threading

    from access import principal as p

    reviewer = Principal(subject="s", email="r@x.com", roles={"reviewer"})
    monkeypatch.setattr(p, "_sign_in_required", True)
    seen = {}

    def in_thread(name):
        seen[name] = p.current_principal()

    monkeypatch.setattr(p, "_resolver", lambda: reviewer)
    t = threading.Thread(target=in_thread, args=("session",)); t.start(); t.join()
    monkeypatch.setattr(p, "_resolver", lambda: None)
    t = threading.Thread(target=in_thread, args=("server",)); t.start(); t.join()
    assert seen["session"] is reviewer
    assert seen["server"] is p.NOBODY and not seen["server"].roles

"""`techspend roles list|set|remove`: the operator names admins before anyone signs in."""

from __future__ import annotations

import json

import cli
from access import lookup


def _run(capsys, *argv):
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_set_list_remove_with_departments_and_by(store, capsys):
    db = store.path
    code, out, _ = _run(capsys, "roles", "set", "CMO@example.com", "--role", "viewer",
                        "--department", "Marketing", "--department", "Digital Marketing",
                        "--by", "lead@example.com", "--db", db)
    assert code == 0 and "cmo@example.com: viewer (Digital Marketing, Marketing)" in out
    entry = lookup(store, "cmo@example.com")
    assert entry.roles == ("viewer",) and entry.departments == ("Digital Marketing", "Marketing")
    code, out, _ = _run(capsys, "roles", "list", "--json", "--db", db)
    listed = json.loads(out)
    assert [(r["principal"], r["changed_by"]) for r in listed] == [("cmo@example.com",
                                                                     "lead@example.com")]
    code, out, _ = _run(capsys, "roles", "remove", "cmo@example.com", "--db", db)
    assert code == 0 and lookup(store, "cmo@example.com") is None
    code, out, _ = _run(capsys, "roles", "remove", "cmo@example.com", "--db", db)
    assert code == 1 and "nothing changed" in out


def test_by_defaults_to_the_os_user(store, capsys, monkeypatch):
    monkeypatch.setenv("TECHSPEND_USER", "ops")
    _run(capsys, "roles", "set", "a@x.com", "--role", "admin", "--db", store.path)
    assert store.scalar("SELECT changed_by FROM access_roles WHERE principal = 'a@x.com'") == "ops"


def test_an_unknown_role_is_one_line_and_nothing_changes(store, capsys):
    code, _, err = _run(capsys, "roles", "set", "a@x.com", "--role", "boss", "--db", store.path)
    assert code == 2 and "invalid choice: 'boss'" in err and "Traceback" not in err
    assert lookup(store, "a@x.com") is None

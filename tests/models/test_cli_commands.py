"""The classification CLI: rules add/list/remove, departments list/set, summary, classify."""

import json
from decimal import Decimal

import pytest

import cli
from db import close_store, open_store
from models.classification import refresh

from classify_helpers import add_lines


@pytest.fixture
def db(tmp_path, fixture_catalog):
    path = tmp_path / "cli.duckdb"
    store = open_store(path)
    add_lines(store, [
        {"vendor": "Slack", "department": "Information Technology", "amount": Decimal("600")},
        {"vendor": "Zendesk", "department": "Customer Service", "amount": Decimal("200")},
        {"vendor": "Mystery Tools", "department": "Finance", "amount": Decimal("200")},
    ])
    refresh(store)
    yield str(path)
    close_store(path)


def run(capsys, *argv):
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_summary_json(db, capsys):
    code, out, _ = run(capsys, "summary", "--db", db, "--json")
    data = json.loads(out)
    assert code == 0
    assert data["overall"]["tech_spend"] == 800.0
    assert data["overall"]["tech_share_outside_it"] == 0.25
    assert data["by_quarter"][0]["quarter"] == "FY2026 Q1"


def test_summary_text(db, capsys):
    code, out, _ = run(capsys, "summary", "--db", db)
    assert code == 0 and "tech share outside IT" in out and "25.0%" in out


def test_rule_add_list_remove(db, capsys):
    code, out, _ = run(capsys, "rules", "add", "--db", db, "--vendor", "mystery", "--match",
                       "starts-with", "--tech", "--layer", "SoR", "--by", "cfo@example.com",
                       "--why", "SaaS")
    assert code == 0 and 'rule #1: vendor starts-with "mystery" -> technology (SoR)' in out
    _, out, _ = run(capsys, "summary", "--db", db, "--json")
    assert json.loads(out)["overall"]["tech_share_outside_it"] == 0.4
    _, out, _ = run(capsys, "rules", "list", "--db", db, "--json")
    listed = json.loads(out)
    assert listed[0]["rule_id"] == 1 and listed[0]["lines"] == 1 and listed[0]["why"] == "SaaS"
    code, out, _ = run(capsys, "rules", "remove", "--db", db, "1", "--by", "cfo@example.com")
    assert code == 0 and "Removed rule #1" in out
    _, out, _ = run(capsys, "summary", "--db", db, "--json")
    assert json.loads(out)["overall"]["tech_share_outside_it"] == 0.25


@pytest.mark.parametrize(
    "argv, message",
    [
        (["rules", "add", "--vendor", "x"], "--tech or --not-tech"),
        (["rules", "add", "--vendor", "x", "--account", "y", "--tech"], "exactly one"),
        (["rules", "add", "--vendor", "(", "--match", "regex", "--tech"], "not a valid regular"),
        (["rules", "remove", "99"], "no rule #99"),
        (["departments", "set", "Nowhere", "--it"], "No department called 'Nowhere'"),
        (["departments", "set", "Finance"], "Say what to set"),
    ],
)
def test_bad_input_is_one_clear_line(db, capsys, argv, message):
    code, out, err = run(capsys, *argv[:2], "--db", db, *argv[2:])
    assert code == 2
    assert message in err and "Traceback" not in err


def test_departments_set_and_list(db, capsys):
    code, out, _ = run(capsys, "departments", "set", "--db", db, "finance", "--it", "--by", "cio")
    assert code == 0 and "Finance: IT=yes (user)" in out
    _, out, _ = run(capsys, "summary", "--db", db, "--json")
    assert json.loads(out)["overall"]["tech_share_outside_it"] == 0.25  # Mystery Tools is not tech
    _, out, _ = run(capsys, "departments", "list", "--db", db, "--json")
    rows = {r["department"]: r for r in json.loads(out)}
    assert rows["Finance"]["is_it"] and rows["Finance"]["it_source"] == "user"
    assert rows["Customer Service"]["customer_facing"] and not rows["Customer Service"]["is_it"]
    code, out, _ = run(capsys, "departments", "set", "--db", db, "Finance", "--default")
    assert "Finance: IT=no (default)" in out


def test_classify_command(db, capsys):
    code, out, _ = run(capsys, "classify", "--db", db)
    assert code == 0 and "Classified 3 lines." in out

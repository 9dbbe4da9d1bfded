"""A clean first day: the sample company is self-consistent, marked as sample in every figure
that includes it, never mixed into the user's own figures without saying so, and removable in one
step (`techspend sample remove`, Settings > Start empty) without touching the user's uploads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import cli
import workspace
from models import analytics, fx
from models.analytics import Filters
from models.report.scope import describe_scope, own_ledger_upload_ids, sample_upload_ids

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_fresh_install_has_no_warning_about_its_own_sample_data(sample_db):
    store = workspace.open_workspace(str(sample_db))
    assert fx.missing(store).empty  # every sample line converts: no missing-FX warning
    assert analytics.overview(store).fx_missing_lines == 0
    assert analytics.fx_missing_lines(store) == 0


def test_the_sample_is_marked_and_every_figure_over_it_says_so(sample_db, capsys):
    store = workspace.open_workspace(str(sample_db))
    ids = sample_upload_ids(store)
    assert len(ids) == 5 and own_ledger_upload_ids(store) == ()
    alone = describe_scope(store)
    assert alone.sample_only and "SAMPLE DATA" in alone.sentence
    # the user's own ledger joins: figures over everything say the sample is in them
    own = workspace.load_file(store, "total_row.csv", (DATA / "total_row.csv").read_bytes(),
                              currency="GBP")
    assert own_ledger_upload_ids(store) == (own.upload_id,)
    mixed = describe_scope(store)
    assert mixed.includes_sample and not mixed.sample_only
    assert "Includes the sample company" in mixed.sentence and "sample remove" in mixed.sentence
    mine = describe_scope(store, Filters(upload_ids=(own.upload_id,)))
    assert not mine.includes_sample and "total_row.csv" in mine.text
    one_sample = describe_scope(store, Filters(upload_ids=(ids[0], own.upload_id)))
    assert one_sample.includes_sample and "(sample)" in one_sample.text
    # the shell says it too: summary and uploads
    code, out, _ = run(capsys, "summary", "--db", str(sample_db))
    assert code == 0 and out.splitlines()[0].startswith("Whole organisation") and "sample company" in out
    summary = json.loads(run(capsys, "summary", "--json", "--db", str(sample_db))[1])
    assert summary["includes_sample"] is True
    code, out, _ = run(capsys, "uploads", "--db", str(sample_db))
    marked = [line for line in out.splitlines() if "(sample)" in line]
    assert len(marked) == 5 and "total_row.csv" not in " ".join(marked)


def test_sample_remove_keeps_the_users_uploads_and_never_comes_back(sample_db, capsys):
    db = str(sample_db)
    # the first own file from the shell offers the clean start (stderr: stdout stays the result)
    code, out, err = run(capsys, "ingest", str(DATA / "total_row.csv"), "--currency", "GBP", "--db", db)
    assert code == 0 and "techspend sample remove" in err and "sample" not in out
    store = workspace.open_workspace(db)
    own_id = int(store.scalar("SELECT upload_id FROM uploads WHERE file_name = 'total_row.csv'"))
    code, out, _ = run(capsys, "--db", db, "sample", "status")
    assert code == 0 and "is loaded" in out
    code, out, _ = run(capsys, "--db", db, "sample", "remove")
    assert code == 0 and "Removed the sample company (5 uploads)" in out
    assert [int(u) for u in store.df("SELECT upload_id FROM uploads")["upload_id"]] == [own_id]
    assert store.scalar("SELECT count(*) FROM classified_lines") == 3  # only the user's lines
    assert not describe_scope(store).includes_sample
    assert workspace.ensure_sample_company(store) is False  # a restart does not bring it back
    assert run(capsys, "--db", db, "sample", "remove")[1].startswith("The sample company is not loaded")
    code, _, err = run(capsys, "ingest", str(DATA / "us_card.csv"), "--currency", "USD", "--db", db)
    assert code == 0 and "sample" not in err  # no sample, no note
    assert json.loads(run(capsys, "--db", db, "sample", "status", "--json")[1])["loaded"] is False


def test_sample_load_brings_it_back_marked_and_refuses_a_second_copy(sample_db, capsys):
    db = str(sample_db)
    assert run(capsys, "sample", "remove", "--db", db)[0] == 0
    code, out, _ = run(capsys, "sample", "load", "--db", db)
    assert code == 0 and "Loaded the sample company" in out
    store = workspace.open_workspace(db)
    assert len(sample_upload_ids(store)) == 5 and describe_scope(store).sample_only
    code, _, err = run(capsys, "sample", "load", "--db", db)
    assert code == 2 and "already loaded" in err and len(err.strip().splitlines()) == 1
    with pytest.raises(workspace.SampleError):
        workspace.load_sample_company(store)

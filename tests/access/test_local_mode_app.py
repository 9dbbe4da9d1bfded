"""Without [auth] in secrets: local single-user mode, said in the sidebar, every page listed;
refused with one stop message on a non-loopback address unless TECHSPEND_ALLOW_ANONYMOUS=1."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture()
def empty_db(tmp_path, monkeypatch):
    monkeypatch.setenv("TECHSPEND_DB", str(tmp_path / "t.duckdb"))
    monkeypatch.setenv("TECHSPEND_NO_SAMPLE", "1")
    monkeypatch.delenv("TECHSPEND_ALLOW_ANONYMOUS", raising=False)


@pytest.fixture()
def address():
    before = st_config.get_option("server.address")

    def set_to(value):
        st_config.set_option("server.address", value)

    yield set_to
    st_config.set_option("server.address", before)


def test_local_mode_says_so_in_the_sidebar(empty_db, address):
    address("127.0.0.1")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert any("Local single-user mode" in c.value for c in at.sidebar.caption)


def test_local_mode_refuses_every_interface(empty_db, address):
    address("0.0.0.0")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert any("local single-user mode" in e.value and "0.0.0.0" in e.value for e in at.error)
    assert not at.metric and not at.get("vega_lite_chart")


def test_allow_anonymous_lets_it_serve(empty_db, address, monkeypatch):
    address("0.0.0.0")
    monkeypatch.setenv("TECHSPEND_ALLOW_ANONYMOUS", "1")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.error
    assert any("Local single-user mode" in c.value for c in at.sidebar.caption)

"""Fixtures for the end-to-end browser tests: a real `streamlit run` and headless Debian Chromium.

* `app_url` (session): `python -m streamlit run app.py` on a free localhost port with a fresh
  temporary TECHSPEND_DB, so the app loads the sample company on first open, exactly as a new
  user sees it. Waits (bounded) for `/_stcore/health`; the server is always stopped afterwards
  (terminate, then kill), even when a test or the start-up fails.
* `chromium` (session): Debian's /usr/bin/chromium, driven through Playwright's Python API (never
  `playwright install`). Absent -> the tests are skipped with the reason, except when CI=true:
  CI installs chromium, so a missing browser there is a broken setup and fails.
* `browser` (module): Chromium launched headless with the team's flags.
* `page` (per test): a fresh browser page that records every JavaScript dialog (an alert would be
  script injection through data) and every uncaught page error.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from e2e_support import (CHROMIUM, CHROMIUM_ARGS, ROOT, PageEvents, _log_tail, _stop, _wait_healthy,
                         new_page)



def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def _unavailable(reason: str) -> None:
    """Skip locally; fail in CI, where the browser is installed on purpose."""
    if _in_ci():
        pytest.fail(f"CI=true but {reason}: the CI setup is broken (.ci/run installs chromium).",
                    pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of Debian's Chromium, and Playwright importable; else skip (or fail when CI=true)."""
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} is absent (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("the playwright package is not installed (pip install playwright)")
    return CHROMIUM


@pytest.fixture(scope="module")
def browser(chromium):
    """Module scope: one sync Playwright per thread at a time, so another module can start its own."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, timeout=60_000)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="session")
def app_url(chromium, tmp_path_factory):
    """A running dashboard on a fresh database (sample company loaded on first open)."""
    tmp = tmp_path_factory.mktemp("e2e_app")
    log_path = tmp / "streamlit.log"
    env = {k: v for k, v in os.environ.items() if k != "TECHSPEND_NO_SAMPLE"}
    env["TECHSPEND_DB"] = str(tmp / "techspend.duckdb")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    try:
        _wait_healthy(url, proc, log_path)
        yield url
    finally:
        _stop(proc)
        tail = _log_tail(log_path, 400)
        if "Traceback" in tail:  # server-side tracebacks never reach the page; show them here
            print("\n--- streamlit server log (contains a traceback) ---\n" + tail)


@pytest.fixture()
def events() -> PageEvents:
    return PageEvents()


@pytest.fixture()
def page(browser, app_url, events):
    context, pg = new_page(browser, events)
    try:
        yield pg
    finally:
        context.close()

"""Shared by conftest.py and the browser tests: Chromium settings, the render wait, event capture.

(A plain module, not conftest.py, so the tests can import it by a name unique in the suite.)
"""

from __future__ import annotations

import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
SERVER_START_TIMEOUT_S = 60


def wait_rendered(page, timeout_ms: int = 60_000) -> None:
    """Wait (bounded) until Streamlit's script run is over and every visible chart/table has drawn.

    The approach of bench/screenshots.py's wait_rendered, with two changes the tests need: only
    charts and tables that are visible count (one in a closed expander or a hidden tab never draws,
    which made that wait sit out its whole timeout), and the page must be calm for 1.5 s in a row.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=timeout_ms)
    calm, last = 0, None
    while calm < 5:
        if time.monotonic() > deadline:
            raise AssertionError(
                f"{page.url} did not finish rendering within {timeout_ms / 1000:.0f} s; last state "
                f"{last} (busy: Streamlit still running; undrawn: visible charts/tables not drawn)"
            )
        page.wait_for_timeout(300)
        state = page.evaluate(_RENDER_STATE_JS)
        calm = calm + 1 if (not state["busy"] and state["undrawn"] == 0 and state == last) else 0
        last = state


_RENDER_STATE_JS = """() => {
    const closed = el => { const d = el.closest('details'); return !!d && !d.open; };
    const visible = el => el.getClientRects().length > 0 && !el.closest('[hidden]') && !closed(el);
    const busy = !!document.querySelector(
        '[data-testid="stStatusWidget"], [data-stale="true"], [data-testid="stSkeleton"], '
        + '[data-testid="stSpinner"]');
    const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].filter(visible);
    const tables = [...document.querySelectorAll('[data-testid="stDataFrame"]')].filter(visible);
    const undrawn = charts.filter(c => !c.querySelector('canvas, svg')).length
                  + tables.filter(t => !t.querySelector('canvas')).length;
    return {busy, undrawn, elements: document.querySelectorAll('[data-testid="stMain"] *').length};
}"""


class PageEvents:
    """What the browser reported: JavaScript dialogs (an alert = script injection) and errors."""

    def __init__(self) -> None:
        self.dialogs: list[str] = []
        self.page_errors: list[str] = []


def new_page(browser, events: PageEvents):
    """A fresh context and page that records dialogs (dismissing them) and page errors."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    context.set_default_timeout(30_000)
    page = context.new_page()

    def on_dialog(dialog) -> None:
        events.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda exc: events.page_errors.append(str(exc)))
    return context, page


def _log_tail(log_path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(log_path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server log)"


def _wait_healthy(url: str, proc: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{_log_tail(log_path)}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(
        f"streamlit did not answer {url}/_stcore/health within {SERVER_START_TIMEOUT_S} s:\n"
        f"{_log_tail(log_path)}"
    )


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)

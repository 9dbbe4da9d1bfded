"""End to end in headless Chromium: the dashboard as a person uses it.

Starts `streamlit run app.py` on a free localhost port with a fresh TECHSPEND_DB (so the first run
loads the sample company), then in Debian's /usr/bin/chromium (Playwright's Python API; never
`playwright install`):

* every page opens without an exception;
* a CSV uploaded through the Upload page moves the Overview total by exactly its amount (read
  through the page's own CSV download, since tables draw on a canvas);
* vendors named `<img src=x onerror=alert(1)>` and `**bold** [x](http://e.x)` appear literally on
  the Shadow IT page (no image element, no bold, no alert dialog).
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
HTML_VENDOR = "<img src=x onerror=alert(1)>"
MD_VENDOR = "**bold** [x](http://e.x)"
UPLOAD = (
    "Date,Supplier,Department,Account,Description,Amount\n"
    f"2026-08-03,{HTML_VENDOR},Marketing,Software Subscriptions,Annual software licence,1000000.00\n"
    f"2026-08-04,{MD_VENDOR},Sales,Software Subscriptions,Annual software licence,250000.00\n"
)
UPLOADED_TOTAL = 1_250_000.00

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian chromium at /usr/bin/chromium"),
]
playwright_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("e2e") / "techspend.duckdb"
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "TECHSPEND_NO_SAMPLE"}
    env["TECHSPEND_DB"] = str(db)
    log = open(tmp_path_factory.mktemp("e2e-log") / "streamlit.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2):
                break
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                pytest.fail("streamlit did not start; see " + log.name)
            time.sleep(0.3)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="module")
def browser_page(server):
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        page = context.new_page()
        page.dialogs = []  # any alert() is a failed escape
        page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
        yield page
        browser.close()


def wait_idle(page, timeout: float = 90) -> None:
    """Streamlit finished the run: for 1.5 s no status widget (Running/Stop), no stale element,
    no spinner, and the main area has content."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout * 1000)
    deadline, calm = time.time() + timeout, 0
    while calm < 5:
        if time.time() > deadline:
            raise AssertionError("the page did not finish rendering")
        page.wait_for_timeout(300)
        busy = page.evaluate(
            """() => !!document.querySelector('[data-testid="stStatusWidget"]')
                   || !!document.querySelector('[data-stale="true"]')
                   || !!document.querySelector('[data-testid="stSpinner"]')
                   || !document.querySelector('[data-testid="stMain"] h1')"""
        )
        calm = 0 if busy else calm + 1


def open_page(page, base: str, path: str) -> None:
    page.goto(f"{base}/{path}", wait_until="domcontentloaded")
    wait_idle(page)


def download_csv(page, index: int = 0) -> pd.DataFrame:
    """Click the index-th table's CSV download button and read the file."""
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="CSV", exact=True).nth(index).click()
    data = Path(info.value.path()).read_bytes().decode("utf-8-sig")
    return pd.read_csv(io.StringIO(data))


def metric_value(page, label: str) -> str:
    card = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return card.locator('[data-testid="stMetricValue"]').inner_text().strip()


def test_every_page_opens(server, browser_page):
    page = browser_page
    for path in ["", "shadow_it", "sor_soe", "quarterly_review", "settings", "upload", "review"]:
        if path in ("upload", "review") and not (ROOT / "pages" / f"{path}.py").exists():
            continue
        open_page(page, server, path)
        assert page.locator('[data-testid="stException"]').count() == 0, path
    open_page(page, server, "")
    assert page.locator('[data-testid="stMetric"]').count() >= 4  # sample company loaded


@pytest.mark.skipif(not (ROOT / "pages" / "upload.py").exists(), reason="Upload page not built")
def test_upload_moves_the_headline_and_names_stay_literal(server, browser_page, tmp_path):
    from pages import ui

    page = browser_page
    open_page(page, server, "")
    departments_before = download_csv(page, 0)
    total_before = departments_before["total_spend"].sum()
    assert metric_value(page, "Total spend") == ui.money_compact(total_before, "GBP")

    csv_path = tmp_path / "new_saas.csv"
    csv_path.write_text(UPLOAD, encoding="utf-8")
    open_page(page, server, "upload")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(csv_path))
    wait_idle(page)
    page.get_by_role("button", name="Load this file").click()
    page.get_by_text("Every row is accounted for", exact=False).wait_for(timeout=90_000)
    wait_idle(page)

    open_page(page, server, "")
    departments_after = download_csv(page, 0)
    total_after = departments_after["total_spend"].sum()
    assert total_after - total_before == pytest.approx(UPLOADED_TOTAL, abs=0.01)
    assert metric_value(page, "Total spend") == ui.money_compact(total_after, "GBP")

    # Classification shows a tidied vendor name (e.g. 'IMG SRC X Onerror Alert 1'); the name as
    # written appears, literally, with the vendor's lines.
    open_page(page, server, "shadow_it")
    vendors = download_csv(page, 0)
    for needle in ("onerror", "bold"):
        assert vendors["vendor"].str.contains(needle, case=False).sum() == 1, needle
    for name, needle in ((HTML_VENDOR, "onerror"), (MD_VENDOR, "bold")):
        search = page.get_by_label("Vendor contains")
        search.fill(needle)
        search.press("Enter")
        wait_idle(page)
        grid = page.locator('[data-testid="stDataFrame"]').first
        box = grid.bounding_box()
        page.mouse.click(box["x"] + 14, box["y"] + 35 + 17)  # select the only row
        wait_idle(page)
        assert page.get_by_text(name, exact=False).count() >= 1, name
    main = page.locator('[data-testid="stMain"]')
    assert main.locator("img[src='x']").count() == 0
    assert main.locator("strong", has_text="bold").count() == 0
    assert main.locator("a[href='http://e.x']").count() == 0
    assert page.dialogs == []

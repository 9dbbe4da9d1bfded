"""Save a screenshot of every dashboard page, for people to look at.

    .venv/bin/python bench/screenshots.py                      # sample company (or generated data)
    .venv/bin/python bench/screenshots.py --db /tmp/x.duckdb   # a copy of an existing database
    .venv/bin/python bench/screenshots.py --generated 200000   # generated classified lines

Starts `streamlit run app.py` on a free localhost port with a temporary TECHSPEND_DB, opens each
page in headless Chromium (Debian's /usr/bin/chromium through Playwright's Python API; never
`playwright install`), waits for the page to finish rendering and writes screenshots/<page>.png
(gitignored). Also saves the Shadow IT page with the first vendor selected.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PAGES = [
    ("overview", ""),
    ("shadow_it", "shadow_it"),
    ("sor_soe", "sor_soe"),
    ("quarterly_review", "quarterly_review"),
    ("settings", "settings"),
    ("upload", "upload"),
    ("review", "review"),
    ("budget", "budget"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_database(path: Path, *, source_db: str | None, generated: int | None) -> str:
    """Fill `path`; returns a description of the data used."""
    from db.store import Store

    if source_db:
        shutil.copyfile(source_db, path)
        return f"copy of {source_db}"
    store = Store(path)
    try:
        if not generated:
            loaded = _load_sample_company(store)
            if loaded:
                return loaded
            generated = 200_000
        from bench_pages import build_classified  # noqa: E402  (bench/ is on sys.path)

        build_classified(store, generated)
        return f"{generated:,} generated classified lines"
    finally:
        store.close()


def _load_sample_company(store) -> str | None:
    """The sample company through the lead's loader (real ingest + classification), if present."""
    try:
        import workspace as loader
    except ImportError:
        return None
    loader.load_sample_company(store)
    lines = store.scalar("SELECT count(*) FROM classified_lines")
    return f"sample company ({lines:,} classified lines)" if lines else None


def wait_for_server(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("streamlit exited early; see its output above")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not answer on {url} within {timeout} s")


def wait_rendered(page, timeout_ms: int = 60_000) -> None:
    """Streamlit is done when its status widget (Running/Stop) is gone and nothing is stale."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    page.wait_for_timeout(500)
    page.wait_for_function(
        """() => {
            const running = document.querySelector('[data-testid="stStatusWidget"]');
            const skeleton = document.querySelector('[data-testid="stSkeleton"]');
            const stale = document.querySelector('[data-stale="true"]');
            return !running && !skeleton && !stale;
        }""",
        timeout=timeout_ms,
    )
    # Charts and tables load lazily: wait until every one has drawn and the count is stable.
    signature, stable, deadline = None, 0, time.time() + timeout_ms / 1000
    while time.time() < deadline and stable < 3:
        page.wait_for_timeout(500)
        now = page.evaluate(
            """() => {
                const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')];
                const tables = [...document.querySelectorAll('[data-testid="stDataFrame"]')];
                const drawn = charts.filter(c => c.querySelector('canvas, svg')).length
                            + tables.filter(t => t.querySelector('canvas')).length;
                return [charts.length + tables.length, drawn];
            }"""
        )
        ready = now[0] == now[1]
        stable = stable + 1 if (ready and now == signature) else 0
        signature = now
    page.wait_for_timeout(500)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="copy this DuckDB file and show it")
    parser.add_argument("--generated", type=int, help="use N generated classified lines")
    parser.add_argument("--out", default=str(ROOT / "screenshots"))
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="techspend-shots-"))
    db_path = tmp / "techspend.duckdb"
    described = build_database(db_path, source_db=args.db, generated=args.generated)
    print(f"data: {described}")

    port = free_port()
    env = {**os.environ, "TECHSPEND_DB": str(db_path), "TECHSPEND_NO_SAMPLE": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_server(url, proc)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": args.width, "height": args.height})
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            for name, path in PAGES:
                if name in ("upload", "review", "budget") and not (ROOT / "pages" / f"{name}.py").exists():
                    continue
                page.goto(f"{url}/{path}", wait_until="domcontentloaded")
                wait_rendered(page)
                target = out / f"{name}.png"
                _full_height_screenshot(page, target, args.width, args.height)
                exceptions = page.locator('[data-testid="stException"]').count()
                print(f"{target}  exceptions on page: {exceptions}")
                if name == "shadow_it":
                    _shadow_it_selected(page, out)
            if errors:
                print("browser errors:", *errors[:5], sep="\n  ")
            browser.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def _full_height_screenshot(page, target: Path, width: int, min_height: int) -> None:
    """Streamlit scrolls inside its main container, so grow the viewport to the content."""
    height = page.evaluate(
        """() => {
            const main = document.querySelector('[data-testid="stMain"]')
                      || document.querySelector('[data-testid="stAppViewContainer"]');
            return main ? main.scrollHeight : document.body.scrollHeight;
        }"""
    )
    page.set_viewport_size({"width": width, "height": max(min_height, min(int(height) + 40, 8000))})
    page.wait_for_timeout(800)
    page.screenshot(path=str(target))
    page.set_viewport_size({"width": width, "height": min_height})


def _shadow_it_selected(page, out: Path) -> None:
    """Click the first data row's selection cell of the vendor table, then screenshot."""
    grid = page.locator('[data-testid="stDataFrame"]').first
    box = grid.bounding_box()
    if not box:
        return
    page.mouse.click(box["x"] + 14, box["y"] + 35 + 17)  # row-selection column, first data row
    page.wait_for_timeout(500)
    wait_rendered(page)
    target = out / "shadow_it_selected.png"
    _full_height_screenshot(page, target, 1280, 900)
    print(f"{target}")


if __name__ == "__main__":
    raise SystemExit(main())

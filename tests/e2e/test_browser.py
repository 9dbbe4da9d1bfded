"""End-to-end: the dashboard in headless Chromium, as a CIO or CFO uses it.

A real `streamlit run app.py` on a fresh database (the sample company loads on first open; see
conftest.py). The tests:

1. every page in the navigation opens without an exception, traceback or error box;
2. uploading a CSV through the Upload page moves the Overview's "Total spend" headline by exactly
   the file's total. Worked example: the file totals £1,000,000.00, so the card goes from
   £33.7M to £34.7M (compact cards round to £0.1M, and +£1.0M moves the rounded figure by
   exactly 1.0M), and the Departments table's CSV download (exact amounts) moves by exactly
   £997,000.00 in Facilities and £3,000.00 in Marketing, nothing elsewhere;
3. hostile vendor names from that file are shown and exported literally: no alert dialog ever
   fires, no `<img src="x">` or `<a href="http://e.x">` appears in the page, the Shadow IT vendor
   detail shows `**bold** [x](http://e.x)` as plain text, and its CSV download holds the names
   exactly, with the one that starts with "=" neutralised by a leading apostrophe.

Table contents are read through the app's own CSV downloads, never from the DOM: st.dataframe
draws on a canvas.
"""

from __future__ import annotations

import csv
import io
import re
import time
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from e2e_support import PageEvents, new_page, wait_rendered

pytestmark = pytest.mark.browser

# Navigation title -> URL path (st.Page derives it from the file name; "" is the default page).
PAGES = {
    "Overview": "",
    "Shadow IT": "shadow_it",
    "Systems of record vs engagement": "sor_soe",
    "TBM towers & cost pools": "tbm",
    "Quarterly review": "quarterly_review",
    "Governance": "governance",
    "Upload": "upload",
    "Review & rules": "review",
    "Organisation": "organisation",
    "Budget & FX": "budget",
    "Settings": "settings",
}

IMG_VENDOR = "<img src=x onerror=alert(1)>"
MARKDOWN_VENDOR = "**bold** [x](http://e.x)"
FORMULA_VENDOR = "=ZORBLAX(1+1) Tools"
# Dates inside the sample's latest fiscal quarter (FY2026 Q3, Jul-Sep 2026); amounts in GBP.
UPLOAD_ROWS = [
    ("2026-07-15", "Quillfeather Lettering Co", "Facilities", "Office Supplies", "997000.00"),
    ("2026-08-10", IMG_VENDOR, "Marketing", "Software Subscriptions", "600.00"),
    ("2026-09-05", MARKDOWN_VENDOR, "Marketing", "Software Subscriptions", "400.00"),
    ("2026-09-20", FORMULA_VENDOR, "Marketing", "Software Subscriptions", "2000.00"),
]
UPLOAD_TOTAL = Decimal("1000000.00")
EXPECTED_BY_DEPARTMENT = {"Facilities": Decimal("997000.00"), "Marketing": Decimal("3000.00")}

ROW_HEIGHT_PX = 35  # st.dataframe header and row height
FORBIDDEN_ELEMENTS = {
    'img[src="x"]': "an <img src=x> made from a vendor name (HTML injection)",
    'a[href^="http://e.x"]': "a link made from a vendor name (markdown injection)",
}


# ---- helpers ------------------------------------------------------------------------------------
def open_page(page, app_url: str, path: str) -> None:
    page.goto(f"{app_url}/{path}", wait_until="domcontentloaded", timeout=60_000)
    # The first visit also opens the database and loads the sample company: allow for it.
    page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=90_000)
    wait_rendered(page, timeout_ms=60_000)


def problems_on_page(page) -> list[str]:
    found = []
    exceptions = page.locator('[data-testid="stException"]')
    if exceptions.count():
        found.append(f"st.exception shown: {exceptions.first.inner_text()[:500]}")
    errors = page.locator('[data-testid="stAlertContentError"]')
    if errors.count():
        found.append(f"error box shown: {errors.first.inner_text()[:500]}")
    text = page.locator('[data-testid="stMain"]').inner_text()
    if "Traceback" in text:
        found.append("'Traceback' in the page text")
    return found


def injection_on_page(page) -> list[str]:
    found = [why for selector, why in FORBIDDEN_ELEMENTS.items() if page.locator(selector).count()]
    if page.locator("strong, b").filter(has_text=re.compile(r"^bold$")).count():
        found.append("**bold** rendered as bold text (markdown injection)")
    return found


def metric_value(page, label: str) -> str:
    card = page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=re.compile(f"^{re.escape(label)}$"))
    )
    return card.locator('[data-testid="stMetricValue"]').inner_text(timeout=30_000).strip()


def parse_compact_money(text: str) -> Decimal:
    """'£33.7M' -> 33700000; '£48.2k' -> 48200; '-£950' -> -950 (the ui.money_compact format)."""
    match = re.fullmatch(r"(-?)£([\d,]+(?:\.\d+)?)([kMB]?)", text.strip())
    assert match, f"not a compact GBP amount: {text!r}"
    sign, number, suffix = match.groups()
    value = Decimal(number.replace(",", "")) * {"": 1, "k": 10**3, "M": 10**6, "B": 10**9}[suffix]
    return -value if sign else value


def download_csv(page, key: str) -> list[dict[str, str]]:
    """Click the app's own CSV download button of the table whose key starts with `key`.

    ui.table keys its download buttons `dl_<table key>_csv`; Streamlit puts the key in a CSS
    class. A prefix, because some table keys carry a suffix that changes with the view.
    """
    button = page.locator(f'[class*="st-key-dl_{key}"][class*="_csv"] button:visible').first
    with page.expect_download(timeout=30_000) as info:
        button.click()
    path = info.value.path()
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def money_by(rows: list[dict[str, str]], key: str, amount: str) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for row in rows:
        out[row[key]] = out.get(row[key], Decimal(0)) + Decimal(row[amount]).quantize(Decimal("0.01"))
    return out


def wait_until(check, *, timeout_s: float, what: str):
    """Poll `check()` until it returns something truthy (bounded)."""
    deadline = time.monotonic() + timeout_s
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s:.0f} s waiting for {what}")
        time.sleep(0.5)


def upload_csv_text() -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["Date", "Vendor", "Department", "Account Name", "Amount (GBP)"])
    writer.writerows(UPLOAD_ROWS)
    return buffer.getvalue()


# ---- 1. every page opens ------------------------------------------------------------------------
def test_navigation_lists_every_page(page, app_url):
    open_page(page, app_url, "")
    links = page.locator('[data-testid="stSidebarNav"] a')
    listed = {
        links.nth(i).inner_text().strip(): links.nth(i).get_attribute("href").rstrip("/")
        for i in range(links.count())
    }
    assert listed == {title: f"{app_url}/{path}".rstrip("/") for title, path in PAGES.items()}


@pytest.mark.parametrize("title", list(PAGES))
def test_page_opens_without_error(page, app_url, events: PageEvents, title):
    open_page(page, app_url, PAGES[title])
    assert page.locator('[data-testid="stMain"]').inner_text().strip(), f"{title}: empty page"
    assert problems_on_page(page) == [], title
    if title != "Upload":  # the sample company is loaded: no page shows the empty state
        assert page.get_by_text("There is no classified spend yet").count() == 0, (
            f"{title} shows the empty state: the sample company did not load on first open"
        )
    assert events.dialogs == []


# ---- 2. upload through the browser moves the headline --------------------------------------------
@dataclass
class UploadRun:
    total_before: str
    total_after: str
    by_department_before: dict[str, Decimal]
    by_department_after: dict[str, Decimal]
    reconciliation: str
    problems: list[str] = field(default_factory=list)
    events: PageEvents = field(default_factory=PageEvents)


def _read_overview(page, app_url) -> tuple[str, dict[str, Decimal]]:
    open_page(page, app_url, "")
    assert page.get_by_text("There is no classified spend yet").count() == 0, (
        "Overview shows the empty state: the sample company did not load on first open"
    )
    total = metric_value(page, "Total spend")
    departments = download_csv(page, "overview_departments")
    return total, money_by(departments, "Department", "Total spend")  # on-screen headers


@pytest.fixture(scope="module")
def upload_run(browser, app_url, tmp_path_factory) -> UploadRun:
    """Overview before, upload the hostile CSV through the Upload page, Overview after."""
    events = PageEvents()
    context, page = new_page(browser, events)
    try:
        total_before, depts_before = _read_overview(page, app_url)

        path = tmp_path_factory.mktemp("e2e_upload") / "e2e_card_feed.csv"
        path.write_text(upload_csv_text(), encoding="utf-8")
        open_page(page, app_url, "upload")
        page.locator('[data-testid="stFileUploader"] input[type=file]').set_input_files(str(path))
        load = page.get_by_role("button", name="Load this file")
        load.wait_for(timeout=60_000)
        wait_rendered(page)
        load.click()
        done = page.get_by_text("Every row is accounted for")
        done.wait_for(timeout=90_000)
        wait_rendered(page)
        reconciliation = done.inner_text()
        problems = [f"Upload: {p}" for p in problems_on_page(page)]

        total_after, depts_after = _read_overview(page, app_url)
        problems += [f"Overview: {p}" for p in problems_on_page(page)]
        return UploadRun(total_before, total_after, depts_before, depts_after, reconciliation,
                         problems, events)
    finally:
        context.close()


def test_upload_is_accounted_for(upload_run):
    assert upload_run.problems == []
    n = len(UPLOAD_ROWS)
    assert f"{n} read = {n} loaded + 0 excluded + 0 rejected" in upload_run.reconciliation


def test_upload_moves_total_spend_headline_by_the_file_total(upload_run):
    before = parse_compact_money(upload_run.total_before)
    after = parse_compact_money(upload_run.total_after)
    assert after - before == UPLOAD_TOTAL, (upload_run.total_before, upload_run.total_after)


def test_upload_moves_department_totals_exactly(upload_run):
    before, after = upload_run.by_department_before, upload_run.by_department_after
    change = {
        dept: after.get(dept, Decimal(0)) - before.get(dept, Decimal(0))
        for dept in set(before) | set(after)
    }
    assert {d: c for d, c in change.items() if c} == EXPECTED_BY_DEPARTMENT
    assert sum(after.values()) - sum(before.values()) == UPLOAD_TOTAL


# ---- 3. hostile vendor names are literal ---------------------------------------------------------
def _select_vendor(page, search: str, written_as: str) -> list[dict[str, str]]:
    """Shadow IT: search, select the vendor whose lines were written as `written_as`; its lines."""
    box = page.get_by_label("Vendor contains")
    box.fill(search)
    box.press("Enter")

    def filtered():
        wait_rendered(page, timeout_ms=30_000)
        rows = download_csv(page, "shadow_vendors")
        return rows if rows and all(search.lower() in r["Vendor"].lower() for r in rows) else None

    vendors = wait_until(filtered, timeout_s=30, what=f"the Shadow IT list filtered by {search!r}")
    grid = page.locator('[data-testid="stDataFrame"]').first
    box_px = grid.bounding_box()
    for index, row in enumerate(vendors):
        # Row-selection column, row `index` (header first). Rows are in the download's order.
        page.mouse.click(box_px["x"] + 14, box_px["y"] + ROW_HEIGHT_PX * (index + 1) + 17)
        page.get_by_text("Lines of the selected vendor").wait_for(timeout=30_000)
        wait_rendered(page, timeout_ms=30_000)
        lines = download_csv(page, "shadow_vendor_lines")
        if any(line["Vendor as written"].lstrip("'") == written_as for line in lines):
            return lines
    raise AssertionError(f"no Shadow IT vendor matching {search!r} has lines written as {written_as!r}: "
                         f"{[r['vendor'] for r in vendors]}")


def test_hostile_vendor_names_are_shown_and_exported_literally(upload_run, page, app_url, events):
    open_page(page, app_url, "shadow_it")

    md_lines = _select_vendor(page, "bold", MARKDOWN_VENDOR)
    assert [line["Vendor as written"] for line in md_lines] == [MARKDOWN_VENDOR]
    shown = page.get_by_text(MARKDOWN_VENDOR, exact=False)
    assert any(shown.nth(i).is_visible() for i in range(shown.count())), (
        "the vendor as written is not shown as plain text in the vendor detail"
    )
    assert injection_on_page(page) == []

    img_lines = _select_vendor(page, "onerror", IMG_VENDOR)
    assert [line["Vendor as written"] for line in img_lines] == [IMG_VENDOR]
    assert injection_on_page(page) == []

    formula_lines = _select_vendor(page, "zorblax", FORMULA_VENDOR)
    # Exported for spreadsheets: a cell starting with "=" must not become a formula.
    assert [line["Vendor as written"] for line in formula_lines] == ["'" + FORMULA_VENDOR]

    # Pages that list vendors by name, with the hostile ones now in the data.
    for path in ("sor_soe", "quarterly_review", "review", "upload"):
        open_page(page, app_url, path)
        assert problems_on_page(page) == [], path
        assert injection_on_page(page) == [], path

    assert events.dialogs == [], "a JavaScript dialog fired: script injection through data"
    assert upload_run.events.dialogs == [], "a dialog fired during the upload"

"""Sign-in with a real OpenID provider (oidc-provider-mock on 127.0.0.1) through headless Chromium.

The app runs with `[auth]` in a secrets file of its own (`--secrets.files`, never the repo's
.streamlit/), Streamlit's XSRF protection on, the cookie secret from that file only. The provider
accepts any client id/secret and shows a form where the test types the subject; the subject's
claims (e-mail, groups) are set beforehand with `PUT /users/{sub}`.

People:
    cmo@example.com      no groups claim: the roles table says viewer of Marketing + Digital Marketing
    viewer@example.com   groups = ["viewer"]: an unscoped viewer
    admin@example.com    groups = ["admin"]
    newbie@example.com   nothing anywhere, until the admin gives a role in Settings > Access

What a user relies on: a visitor sees no figures and no page list; the scoped viewer's department
totals are exactly the model's figures for those departments and no other department appears; a
viewer has no Upload page, and the workspace refuses the same person's upload; an admin's role
assignment in the browser lets the new person in.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import urllib.request
from decimal import Decimal

import pytest
from e2e_support import ROOT, PageEvents, new_page, wait_rendered
from test_browser import download_csv, money_by, problems_on_page

pytestmark = pytest.mark.browser

LEDGER = (ROOT / "tests" / "data" / "access_ledger.csv").read_text()  # as tests/access uses it
SCOPE = ("Digital Marketing", "Marketing")
CLAIMS = {
    "cmo@example.com": {"email": "cmo@example.com"},
    "viewer@example.com": {"email": "viewer@example.com", "groups": ["viewer"]},
    "admin@example.com": {"email": "admin@example.com", "groups": ["admin"]},
    "newbie@example.com": {"email": "newbie@example.com"},
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def provider():
    oidc = pytest.importorskip("oidc_provider_mock", reason="pip install oidc-provider-mock")
    with oidc.run_server_in_thread(port=_free_port()) as server:
        base = f"http://127.0.0.1:{server.server_port}"
        for sub, claims in CLAIMS.items():
            request = urllib.request.Request(f"{base}/users/{sub}", method="PUT",
                                             data=json.dumps(claims).encode(),
                                             headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=10) as resp:
                assert resp.status == 204
        yield base


@pytest.fixture(scope="module")
def signin_app(chromium, provider, tmp_path_factory):
    """The app on a small ledger, the CMO's scope in the roles table, sign-in configured."""
    from e2e_support import _log_tail, _stop, _wait_healthy  # the e2e server helpers

    import access
    import workspace
    from db.store import close_store
    from models import analytics

    tmp = tmp_path_factory.mktemp("e2e_signin")
    db_path = tmp / "techspend.duckdb"
    store = workspace.open_workspace(str(db_path))
    workspace.load_file(store, "ledger.csv", LEDGER.encode(), currency="GBP")
    access.set_roles(store, "cmo@example.com", ["viewer"], departments=SCOPE, by="test setup")
    with access.acting_as(access.Principal(subject="cmo", email="cmo@example.com",
                                           roles={"viewer"}, departments=SCOPE)):
        scoped = analytics.spend_by_department(store, with_vendor_counts=False)
    expected = {r.department: Decimal(str(r.total_spend)).quantize(Decimal("0.01"))
                for r in scoped.itertuples()}
    close_store(db_path)

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    secrets_file = tmp / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "{url}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "techspend-e2e"\n'
        'client_secret = "any-secret-the-mock-accepts"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TECHSPEND_")}
    env.update(TECHSPEND_DB=str(db_path), TECHSPEND_NO_SAMPLE="1")
    log_path = tmp / "streamlit.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none", "--server.enableXsrfProtection", "true",
             "--secrets.files", str(secrets_file)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_healthy(url, proc, log_path)
        yield {"url": url, "db": db_path, "expected": expected}
    finally:
        _stop(proc)
        tail = _log_tail(log_path, 400)
        if "Traceback" in tail:
            print("\n--- streamlit server log (contains a traceback) ---\n" + tail)


def _sign_in(page, url: str, subject: str) -> None:
    page.goto(url, wait_until="domcontentloaded", timeout=60_000)
    page.get_by_role("button", name="Sign in").click(timeout=60_000)
    page.locator('input[name="sub"]').fill(subject, timeout=30_000)  # the provider's form
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{url}/**", timeout=60_000)
    page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=90_000)
    wait_rendered(page, timeout_ms=60_000)


def _nav_titles(page) -> set[str]:
    links = page.locator('[data-testid="stSidebarNav"] a')
    return {links.nth(i).inner_text().strip() for i in range(links.count())}


@pytest.fixture()
def fresh(browser):
    events = PageEvents()
    context, page = new_page(browser, events)
    try:
        yield page
    finally:
        context.close()


def test_a_visitor_sees_only_the_sign_in_screen(fresh, signin_app):
    page = fresh
    page.goto(signin_app["url"], wait_until="domcontentloaded", timeout=60_000)
    page.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
    wait_rendered(page, timeout_ms=60_000)
    assert page.locator('[data-testid="stMetric"]').count() == 0
    assert page.locator('[data-testid="stVegaLiteChart"], [data-testid="stDataFrame"]').count() == 0
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    for path in ("upload", "settings", "shadow_it"):  # a page's address shows the door too
        page.goto(f"{signin_app['url']}/{path}", wait_until="domcontentloaded")
        page.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
        assert page.locator('[data-testid="stMetric"]').count() == 0


def test_a_scoped_viewer_sees_only_their_departments(fresh, signin_app):
    page = fresh
    _sign_in(page, signin_app["url"], "cmo@example.com")
    assert problems_on_page(page) == []
    assert page.get_by_text("Signed in as cmo@example.com").count() == 1
    shown = money_by(download_csv(page, "overview_departments"), "Department", "Total spend")
    assert set(shown) == set(SCOPE)
    assert shown == signin_app["expected"]  # the model's figures for exactly those departments
    assert sum(shown.values()) == Decimal("1695.75")


def test_a_viewer_has_no_upload_page_and_the_workspace_refuses(fresh, signin_app):
    import access
    import workspace
    from access.config import config_from, principal_from_claims
    from db.store import Store

    page = fresh
    _sign_in(page, signin_app["url"], "viewer@example.com")
    titles = _nav_titles(page)
    assert "Overview" in titles and not {"Upload", "Review & rules", "Settings"} & titles
    page.goto(f"{signin_app['url']}/upload", wait_until="domcontentloaded")
    page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=60_000)
    assert page.locator('[data-testid="stFileUploader"]').count() == 0

    viewer = principal_from_claims({"sub": "viewer@example.com", **CLAIMS["viewer@example.com"]},
                                   config_from(None), None)
    with access.acting_as(viewer), pytest.raises(access.AccessDenied, match="uploader role"):
        workspace.load_file(Store(str(signin_app["db"])), "more.csv", LEDGER.encode(),
                            currency="GBP")


def test_an_admin_assigns_a_role_in_settings(browser, fresh, signin_app):
    page = fresh
    _sign_in(page, signin_app["url"], "newbie@example.com")
    assert page.get_by_text("have no role in techspend yet").count() == 1
    assert page.locator('[data-testid="stMetric"]').count() == 0

    events = PageEvents()
    context, admin = new_page(browser, events)
    try:
        _sign_in(admin, signin_app["url"], "admin@example.com")
        admin.goto(f"{signin_app['url']}/settings", wait_until="domcontentloaded")
        person = admin.get_by_label("Person (e-mail or subject)")
        person.wait_for(timeout=60_000)
        person.fill("newbie@example.com")
        admin.get_by_role("button", name="Save roles").click()
        admin.get_by_text("newbie@example.com: viewer (every department).").wait_for(timeout=60_000)
        assert problems_on_page(admin) == []
    finally:
        context.close()

    page.goto(signin_app["url"], wait_until="domcontentloaded")
    page.locator('[data-testid="stMetric"]').first.wait_for(timeout=60_000)
    assert page.get_by_text("Signed in as newbie@example.com · viewer").count() == 1

"""Two replicas behind nginx on one database (PostgreSQL when TEST_DATABASE_URL is set), started by
the production recipe (deploy/replicas.py), driven in a real browser through the proxy:

two browsers signed in through the proxy, each kept to its own replica; a write made through
replica A is seen through replica B on its next rerun (no stale cache); replica A is killed and its
browser reconnects to B, still signed in, with everything it saved, and saves again.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser import auth_secrets, cli, free_port, oidc_provider, process, settle, type_date
from tests.conftest import ARTIFACTS, _drop_schema, _postgres_schema_url, skip_or_fail

pytestmark = pytest.mark.browser
ADMIN = {"sub": "u-admin", "email": "secretariat@example.eu", "email_verified": True}
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    if os.environ.get("TEST_DATABASE_URL"):
        url, schema = _postgres_schema_url()
        yield url
        _drop_schema(schema)
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('replicas') / 'dashboard.db'}"


@pytest.fixture(scope="module")
def deployment(database, tmp_path_factory):
    """deploy/replicas.py: two replicas and nginx, sign-in through a local provider."""
    if not Path(NGINX).exists():
        skip_or_fail(f"nginx is not installed at {NGINX} (apt-get install nginx)")
    folder = tmp_path_factory.mktemp("proxy")
    env = {**os.environ, "DATABASE_URL": database}
    env.pop("DASHBOARD_DEMO", None)
    cli(env, "init", "--reference-only")
    cli(env, "users", "add", ADMIN["email"], "--name", "Secretariat", "--role", "admin")
    port, provider_port, first = free_port(), free_port(), free_port()
    while free_port() in (first + 1,):  # the second replica's port must be free too
        first = free_port()
    secrets = auth_secrets(folder / "secrets.toml", port, provider_port)
    launcher = [sys.executable, "deploy/replicas.py", "--replicas", "2", "--port", str(port),
                "--address", "127.0.0.1", "--first-port", str(first), "--secrets", str(secrets),
                "--run", str(folder / "run")]  # fmt: skip
    url = f"http://localhost:{port}"
    with oidc_provider(provider_port, [ADMIN]), process(launcher, env, url):
        yield url, [first, first + 1]


def _replica_for(url: str, route: str) -> int:
    request = urllib.request.Request(f"{url}/_stcore/health", headers={"Cookie": f"dashboard_route={route}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return int(response.headers["X-Dashboard-Replica"].rsplit(":", 1)[1])


def _routes(url: str, ports: list[int]) -> dict[int, str]:
    """A route cookie value that the proxy sends to each replica."""
    found: dict[int, str] = {}
    for n in range(200):
        found.setdefault(_replica_for(url, f"route-{n}"), f"route-{n}")
        if len(found) == len(ports):
            return found
    raise AssertionError(f"no route reaches every replica: {found}")


def _browser_on(browser, url: str, route: str):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.add_cookies([{"name": "dashboard_route", "value": route, "url": url}])
    return context, context.new_page()


def _sign_in(page, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_placeholder("sub").fill(ADMIN["sub"])
    page.get_by_role("button", name="Authorize").click()
    page.get_by_text("Signed in as Secretariat").wait_for(timeout=30_000)


def _rerun_to_rounds(page, reconnect_s: float = 0) -> None:
    """Away and back through the sidebar: two reruns of this session, no new page load. While the
    browser is reconnecting (``reconnect_s``), a click on the sidebar may fall into the gap between
    sockets: it is clicked again until the page answers."""
    overview = page.get_by_role("heading", name="EU prevent policy at a glance")
    deadline = time.monotonic() + reconnect_s
    while True:
        page.get_by_role("link", name="Overview", exact=True).click()
        try:
            overview.wait_for(timeout=5_000 if time.monotonic() < deadline else 30_000)
            break
        except PlaywrightTimeout:
            if time.monotonic() >= deadline:
                raise
    page.get_by_role("link", name="Assessment rounds", exact=True).click()
    settle(page, "Assessment rounds")


def _pid_listening(port: int) -> int:
    """The replica process started with ``--server.port port``."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                argv = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"streamlit" in b" ".join(argv) and str(port).encode() in argv:
                return int(entry.name)
    raise AssertionError(f"no replica on port {port}")


def test_two_replicas_behind_the_proxy_share_writes_and_survive_one_going_down(deployment, browser):
    url, ports = deployment
    routes = _routes(url, ports)
    a_port, b_port = ports
    a_context, a = _browser_on(browser, url, routes[a_port])
    b_context, b = _browser_on(browser, url, routes[b_port])
    _sign_in(a, url)
    _sign_in(b, url)
    assert int(a.goto(f"{url}/rounds").headers["x-dashboard-replica"].rsplit(":", 1)[1]) == a_port
    assert int(b.goto(f"{url}/rounds").headers["x-dashboard-replica"].rsplit(":", 1)[1]) == b_port
    settle(a, "Assessment rounds")
    settle(b, "Assessment rounds")
    assert b.get_by_text("2027 review").count() == 0

    # A write through replica A...
    form = a.locator('[data-testid="stForm"]').filter(has_text="Open a new round")
    form.get_by_label("Name").fill("2027 review")
    type_date(form, "Reference date", dt.date.today() + dt.timedelta(days=30))
    form.get_by_role("button", name="Open the round").click()
    a.get_by_text("Opened '2027 review'.").wait_for(timeout=30_000)
    # ...is seen through replica B on its next rerun.
    _rerun_to_rounds(b)
    b.get_by_text("2027 review").first.wait_for(timeout=10_000)

    # Replica A goes down: its browser reconnects through the proxy to B, still signed in.
    os.kill(_pid_listening(a_port), signal.SIGKILL)
    _rerun_to_rounds(a, reconnect_s=60)
    a.get_by_text("Signed in as Secretariat").wait_for(timeout=10_000)
    a.get_by_text("2027 review").first.wait_for(timeout=30_000)
    a.screenshot(path=ARTIFACTS / "replicas-after-failover.png")
    close = a.get_by_role("button", name="Close").first
    close.click()
    a.get_by_text("'2027 review' is closed.").wait_for(timeout=30_000)
    _rerun_to_rounds(b)
    b.get_by_text("2027 review · Closed").wait_for(timeout=10_000)
    a_context.close()
    b_context.close()

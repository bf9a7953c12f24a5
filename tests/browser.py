"""Driving the real server in headless Chromium: starting it, the browser and a guarded page, and
waiting until a page has drawn. Shared by the browser tests."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
START_TIMEOUT_S = 90
HEADINGS = {  # page file -> the heading a user sees
    "pages/overview.py": "EU prevent policy at a glance",
    "pages/about.py": "About this dashboard",
    "pages/register.py": "Recommendations",
    "pages/catalogue.py": "Options and criteria",
    "pages/users.py": "Users",
    "pages/audit_log.py": "Audit log",
    "pages/options.py": "Options assessment",
    "pages/member_state.py": "implementation",
    "pages/eu_overview.py": "Implementation across the EU",
    "pages/recommendation.py": "P-1",
    "pages/eu_actions.py": "EU-level actions",
    "pages/due.py": "What is due",
    "pages/review.py": "Review submissions",
    "pages/sensitivity.py": "Sensitivity and robustness",
    "pages/scoring.py": "Score options",
    "pages/delphi.py": "Scoring rounds",
    "pages/weights.py": "Weights and profiles",
    "pages/import_statuses.py": "Import statuses from Excel",
    "pages/manage_register.py": "Manage the register",
    "pages/manage_catalogue.py": "Manage the catalogue",
    "pages/option_facts.py": "Facts and consistency",
    "pages/rounds.py": "Assessment rounds",
    "pages/demo_data.py": "Demo data",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {process.stdout.read()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.25)
    raise RuntimeError(f"server did not answer within {START_TIMEOUT_S} s")


@contextlib.contextmanager
def process(argv: list[str], env: dict, url: str | None = None):
    """A process group started from the repository root (a server when ``url`` is given: ready
    once it answers its health check); stopped with its children when the block ends."""
    root = Path(__file__).resolve().parent.parent
    started = subprocess.Popen(
        argv, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )  # fmt: skip
    try:
        if url is not None:
            wait_healthy(url, started)
        yield started
    finally:
        os.killpg(started.pid, signal.SIGTERM)
        started.wait(timeout=20)


@contextlib.contextmanager
def oidc_provider(port: int, users: list[dict]):
    """oidc-provider-mock on loopback ``port``, knowing ``users`` (their ID-token claims, each with
    a ``sub``: its sign-in form takes the sub). Yields the issuer URL."""
    argv = [sys.executable, "-m", "oidc_provider_mock", "--port", str(port)]
    for claims in users:
        argv += ["--user-claims", json.dumps(claims)]
    with process(argv, dict(os.environ)) as started:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/.well-known/openid-configuration", timeout=2
                ):
                    break
            except OSError:
                if started.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the OIDC provider did not start: {started.stdout.read()}") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"


def cli(env: dict, *argv: str) -> str:
    """``python -m dashboard *argv`` with ``env``, from the repository root; its output (it must succeed)."""
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", *argv], cwd=root, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def auth_secrets(path: Path, port: int, provider_port: int) -> Path:
    """A secrets.toml for a server on ``localhost:port`` signing in through the provider."""
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
        'cookie_secret = "browser-test-cookie-secret-0123456789abcdef"\n'
        'client_id = "dashboard"\n'
        'client_secret = "dashboard-secret"\n'
        f'server_metadata_url = "http://127.0.0.1:{provider_port}/.well-known/openid-configuration"\n'
    )
    return path


@pytest.fixture(scope="module")
def browser():
    from tests.conftest import skip_or_fail  # conftest imports this module's fixtures

    if not Path(CHROMIUM).exists():
        skip_or_fail(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking"],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A 1440x900 page that refuses every request leaving this machine, and records them."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.outside_requests = []

    def guard(route):
        host = route.request.url.split("/")[2].split(":")[0]
        if host in ("localhost", "127.0.0.1"):
            route.continue_()
        else:
            page.outside_requests.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    yield page
    context.close()


# True once the run is over and every placeholder, table and chart has drawn.
RENDERED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  const shown = sel => [...document.querySelectorAll(sel)].filter(e => e.checkVisibility());
  const all = (sel, inner) => shown(sel).every(e => e.querySelector(inner));
  return all('[data-testid="stDataFrame"]', 'canvas') && all('[data-testid="stPlotlyChart"]', '.main-svg')
      && all('[data-testid="stMetric"]', '[data-testid="stMetricValue"]');
}"""


def settle(page, heading: str) -> None:
    page.get_by_role("heading", name=heading).first.wait_for(timeout=30_000)
    page.wait_for_function(RENDERED, timeout=30_000)


def choose(scope, label: str, option: str, exact: bool = True) -> None:
    """Pick ``option`` in a select box as a keyboard user does: type it, take the first match
    (``exact=False``: the option whose text starts with ``option``). It waits until the page is idle:
    a rerun still drawing the page (after a message) would close the list under the typing."""
    box = scope.get_by_role("combobox", name=label).first
    box.page.wait_for_function(RENDERED, timeout=30_000)
    box.click()
    box.fill(option)
    if exact:
        box.page.get_by_role("option", name=option, exact=True).wait_for()
    else:
        box.page.get_by_role("option").filter(has_text=option).first.wait_for()
    box.press("Enter")


def type_date(scope, label: str, on: dt.date) -> None:
    """Type a date into a date input (day, month and year fields, as a keyboard user does)."""
    for part, value in (("day", f"{on:%d}"), ("month", f"{on:%m}"), ("year", f"{on:%Y}")):
        field = scope.get_by_role("spinbutton", name=f"{part}, {label}")
        field.click()
        field.press_sequentially(value)
    field.press("Tab")

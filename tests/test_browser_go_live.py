"""The go-live path in a real browser, as the secretariat walks it, with sign-in through a local
OpenID Connect provider (st.login):

start on demo data, remove the demo, add the first administrator on the command line and sign in,
import the register from Excel, add an official, open a round, the official submits statuses and the
secretariat validates them, close and publish the round, a back-dated status is refused for the
official and recorded as a correction by the secretariat; the published figures and a re-exported
workbook are unchanged while the live view moved; demo mode is refused afterwards; a deactivated
official is refused.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.access.auth import COMMAND_LINE
from tests.browser import HEADINGS, auth_secrets, cli, free_port, oidc_provider, process, settle
from tests.browser import choose as _choose
from tests.browser import type_date as _type_date
from tests.conftest import ARTIFACTS, ROOT
from tests.registers import REGISTER, register_file

pytestmark = pytest.mark.browser
SECRETARIAT, OFFICIAL = "secretariat@example.eu", "official.el@example.eu"
TODAY = dt.date.today()


USERS = ((SECRETARIAT, "Secretariat"), (OFFICIAL, "Greek official"))


def _claims(email: str, name: str) -> dict:
    return {"sub": email, "email": email, "email_verified": True, "name": name}


def _provider(port: int):
    """oidc-provider-mock on ``port``, knowing the secretariat and the official."""
    return oidc_provider(port, [_claims(email, name) for email, name in USERS])


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    """A server in demo mode on the demo database, with sign-in configured against a local provider."""
    folder = tmp_path_factory.mktemp("go_live")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder / 'dashboard.db'}", "OPENBLAS_NUM_THREADS": "1"}
    subprocess.run(
        [sys.executable, "-m", "dashboard", "init"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    port, provider_port = free_port(), free_port()
    secrets = auth_secrets(folder / "secrets.toml", port, provider_port)
    url = f"http://localhost:{port}"
    serve = [sys.executable, "-m", "streamlit", "run", "app/app.py", "--server.port", str(port),
             "--server.address", "localhost", "--secrets.files", str(secrets)]  # fmt: skip
    with _provider(provider_port), process(serve, {**env, "DASHBOARD_DEMO": "1"}, url):
        yield url, env, folder


def _new_page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    return context, context.new_page()


def _sign_in(page, url: str, email: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_placeholder("sub").fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.get_by_text("Signed in as").wait_for(timeout=30_000)


def _open(page, url: str, path: str, query: str = "") -> None:
    page.goto(f"{url}/{Path(path).stem}{query}")
    settle(page, HEADINGS[path])


def _metrics(page) -> dict[str, str]:
    labels = page.locator('[data-testid="stMetricLabel"]').all_inner_texts()
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    return dict(zip(labels, values, strict=True))


def _download(page, button: str) -> tuple[str, bytes]:
    with page.expect_download() as download:
        page.get_by_role("button", name=button).click()
    return download.value.suggested_filename, download.value.path().read_bytes()


def _record(page, recommendation: str, status: str, evidence: str, on: dt.date | None = None, reason=""):
    """The status form: the secretariat records the assessed status, an official submits their own."""
    form = page.locator('[data-testid="stForm"]').filter(
        has_text=re.compile("Record the assessed status|Submit a status")
    )
    _choose(form, "Recommendation", f"{recommendation} (", exact=False)  # "R-1 (now …) · title"
    _choose(form, "Status", status)
    if on is not None:
        _type_date(form, "Assessed on", on)
    form.get_by_label("Evidence (required when the status changes)").fill(evidence)
    if reason:
        form.get_by_label("Correction of a published round: the reason (secretariat only)").fill(reason)
    form.get_by_role("button", name=re.compile("^(Record status|Submit for review)$")).click()


def test_the_secretariat_takes_the_dashboard_live(deployment, browser, tmp_path):
    url, env, _ = deployment
    admin_context, admin = _new_page(browser)

    # 1. Demo data: removed by the demo administrator, with the typed confirmation.
    _open(admin, url, "pages/demo_data.py", "?as=admin")
    assert admin.get_by_text("Illustrative data.").is_visible()
    admin.locator('[data-testid="stForm"]').get_by_role("textbox").fill("remove demo data")
    admin.get_by_role("button", name="Remove the demo data").click()
    admin.get_by_text("Removed the demo data (").wait_for()
    admin.reload()
    admin.get_by_text("Demo mode is off: the database holds real data").wait_for()
    assert admin.get_by_text("Illustrative data.").count() == 0
    admin.screenshot(path=ARTIFACTS / "go-live-demo-refused.png")

    # 2. The first administrator, added on the command line, signs in.
    assert "as Administrator" in cli(
        env, "users", "add", SECRETARIAT, "--name", "Secretariat", "--role", "admin"
    )
    _sign_in(admin, url, SECRETARIAT)
    assert admin.get_by_text("Signed in as Secretariat · Administrator").is_visible()

    # 3. The register from Excel.
    _open(admin, url, "pages/manage_register.py")
    upload = tmp_path / "register.xlsx"
    from dashboard.store.db import make_engine

    engine = make_engine(env["DATABASE_URL"])
    upload.write_bytes(register_file(engine, COMMAND_LINE, REGISTER))
    engine.dispose()
    admin.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(upload)
    admin.get_by_text("register.xlsx").wait_for()
    admin.get_by_role("button", name="Add to the register").click()
    admin.get_by_text("Added 3 recommendation(s) from register.xlsx: R-1, R-2, R-3.").wait_for()
    admin.screenshot(path=ARTIFACTS / "go-live-register.png")

    # 4. An official for Greece, and a round.
    _open(admin, url, "pages/users.py")
    add = admin.locator('[data-testid="stForm"]').filter(has_text="Add a user")
    add.get_by_label("E-mail (as used for sign-in)").fill(OFFICIAL)
    add.get_by_label("Name").fill("Greek official")
    _choose(add, "Role", "Member State official")
    _choose(add, "Member State (officials only)", "EL")
    add.get_by_role("button", name="Add user").click()
    admin.get_by_text(f"Added {OFFICIAL} as Member State official (EL).").wait_for()
    _open(admin, url, "pages/rounds.py")
    new_round = admin.locator('[data-testid="stForm"]').filter(has_text="Open a new round")
    new_round.get_by_label("Name").fill("2026 review")
    _type_date(new_round, "Reference date", TODAY)
    new_round.get_by_role("button", name="Open the round").click()
    admin.get_by_text("Opened '2026 review'.").wait_for()

    # 5. The official signs in and records two statuses.
    official_context, official = _new_page(browser)
    _sign_in(official, url, OFFICIAL)
    _open(official, url, "pages/member_state.py")
    _record(official, "R-1", "Some progress", "National risk-assessment tool adopted.")
    official.get_by_text(re.compile("Submitted Some progress for R-1 on")).wait_for()
    _record(official, "R-2", "Substantial progress", "Exit programme in two regions.")
    official.get_by_text(re.compile("Submitted Substantial progress for R-2 on")).wait_for()
    _open(admin, url, "pages/review.py")  # the secretariat validates both
    for code, status in (("R-1", "Some progress"), ("R-2", "Substantial progress")):
        _choose(admin, "Submission", f"{code} in Greece", exact=False)
        admin.get_by_role("button", name=f"Validate {code} (EL): make it the assessed status").click()
        admin.get_by_text(f"Validated: {code} in EL is {status}.").wait_for()

    # 6. The secretariat closes and publishes the round; its figures and workbook.
    _open(admin, url, "pages/rounds.py")
    admin.get_by_role("button", name="Close").click()
    admin.get_by_text("'2026 review' is closed.").wait_for()
    admin.get_by_role("button", name="Publish").click()
    admin.get_by_text("'2026 review' is published.").wait_for()
    admin.get_by_role("link", name="Figures as published").click()
    settle(admin, HEADINGS["pages/eu_overview.py"])
    assert "round=" in admin.url
    published_link = admin.url
    admin.get_by_text("As published: 2026 review").first.wait_for()
    published = _metrics(admin)
    name, first = _download(admin, "Excel workbook")
    assert "2026-review-as-published" in name
    admin.screenshot(path=ARTIFACTS / "go-live-published.png")
    _open(admin, url, "pages/eu_overview.py")
    live_before = _metrics(admin)
    assert live_before == published

    # 7. A back-dated status: refused for the official, a correction with its reason for the secretariat.
    _open(official, url, "pages/member_state.py")
    _record(official, "R-3", "Full implementation", "Campaign launched.", TODAY - dt.timedelta(days=10))
    official.get_by_text("the round '2026 review' is published").wait_for()
    _open(admin, url, "pages/member_state.py")
    _choose(admin, "Member State", "Greece")
    settle(admin, "Greece: implementation")
    _record(
        admin, "R-3", "Full implementation", "Campaign launched (report arrived late).",
        TODAY - dt.timedelta(days=10), reason="Greece's report arrived after publication",
    )  # fmt: skip
    admin.get_by_text("Recorded Full implementation for R-3 in Greece").wait_for()

    # 8. Published figures and workbook unchanged; the live view moved.
    admin.goto(published_link)
    settle(admin, HEADINGS["pages/eu_overview.py"])
    admin.get_by_text("As published: 2026 review").first.wait_for()
    assert _metrics(admin) == published
    _, again = _download(admin, "Excel workbook")
    assert again == first
    _open(admin, url, "pages/eu_overview.py")
    assert _metrics(admin) != live_before
    admin.screenshot(path=ARTIFACTS / "go-live-live.png")

    # 9. Demo mode is refused for good; a deactivated official is refused.
    stranger_context, stranger = _new_page(browser)
    stranger.goto(f"{url}/?as=admin")
    stranger.get_by_text("Demo mode is off: the database holds real data").wait_for()
    stranger.get_by_role("button", name="Sign in").wait_for()
    stranger_context.close()
    _open(admin, url, "pages/users.py")
    change = admin.locator('[data-testid="stForm"]').filter(has_text="Change a user")
    _choose(change, "User", OFFICIAL)
    change.get_by_role("button", name="Deactivate").click()
    admin.get_by_text(f"{OFFICIAL} is deactivated").wait_for()
    official.reload()
    official.get_by_text(f"{OFFICIAL} has been deactivated. Ask the secretariat").wait_for()
    official.screenshot(path=ARTIFACTS / "go-live-deactivated.png")
    official_context.close()
    admin_context.close()

"""Sign-in end to end in a real browser, through a local OpenID Connect provider (st.login), on a
production start (no demo data, no DASHBOARD_DEMO):

two people signed in at once in two browser contexts, each sees their own role's pages and nothing
of the other's; an official who opens an administrator's page by its link is refused; an
unregistered person, a person whose provider has not verified their e-mail and a deactivated
account each see only "ask the secretariat"; accounts are bound to the provider's subject on first
sign-in; signing out returns to the sign-in page.
"""

from __future__ import annotations

import os
import sys

import pytest

from tests.browser import auth_secrets, cli, free_port, oidc_provider, process, settle
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

ADMIN = {"sub": "u-7f3a-admin", "email": "secretariat@example.eu", "email_verified": True}
OFFICIAL = {"sub": "u-51c9-el", "email": "official.el@example.eu", "email_verified": True}
UNVERIFIED = {"sub": "u-0d2e-pt", "email": "official.pt@example.eu", "email_verified": False}
STRANGER = {"sub": "u-9b14-x", "email": "stranger@example.org", "email_verified": True}
RETIRED = {"sub": "u-33aa-r", "email": "retired@example.eu", "email_verified": True}


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """A production start: reference data only, five registered accounts, sign-in configured."""
    folder = tmp_path_factory.mktemp("sign_in")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder / 'dashboard.db'}", "OPENBLAS_NUM_THREADS": "1"}
    env.pop("DASHBOARD_DEMO", None)
    cli(env, "init", "--reference-only")
    cli(env, "users", "add", ADMIN["email"], "--name", "Secretariat", "--role", "admin")
    cli(env, "users", "add", OFFICIAL["email"], "--name", "Greek official", "--role", "ms_official",
         "--member-state", "EL")  # fmt: skip
    cli(env, "users", "add", UNVERIFIED["email"], "--name", "Portuguese official", "--role", "ms_official",
         "--member-state", "PT")  # fmt: skip
    cli(env, "users", "add", RETIRED["email"], "--name", "Retired expert", "--role", "expert")
    cli(env, "users", "deactivate", RETIRED["email"])
    port, provider_port = free_port(), free_port()
    secrets = auth_secrets(folder / "secrets.toml", port, provider_port)
    url = f"http://localhost:{port}"
    serve = [sys.executable, "-m", "streamlit", "run", "app/app.py", "--server.port", str(port),
             "--server.address", "localhost", "--secrets.files", str(secrets)]  # fmt: skip
    with (
        oidc_provider(provider_port, [ADMIN, OFFICIAL, UNVERIFIED, STRANGER, RETIRED]),
        process(serve, env, url),
    ):
        yield url, env


def _context(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    return context, context.new_page()


def _sign_in(page, url: str, subject: str) -> None:
    page.goto(url)
    page.get_by_text("Sign in with your organisation's account").wait_for(timeout=30_000)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_placeholder("sub").fill(subject)
    page.get_by_role("button", name="Authorize").click()


def _sign_out(page, url: str) -> None:
    """Sign out: the app forgets the person and hands over to the provider's end-session page;
    back at the app, the sign-in page shows."""
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/oauth2/end_session**", timeout=30_000)
    page.goto(url)
    page.get_by_text("Sign in with your organisation's account").wait_for(timeout=30_000)


def _navigation(page) -> list[str]:
    """The titles of the pages offered in the sidebar (each link holds its icon's name first)."""
    return [
        text.split("\n")[-1].strip()
        for text in page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()
    ]


def test_two_people_signed_in_at_once_each_see_their_own(production, browser):
    url, env = production
    admin_context, admin = _context(browser)
    official_context, official = _context(browser)
    _sign_in(admin, url, ADMIN["sub"])
    _sign_in(official, url, OFFICIAL["sub"])
    admin.get_by_text("Signed in as Secretariat · Administrator").wait_for(timeout=30_000)
    official.get_by_text("Signed in as Greek official · Member State official (EL)").wait_for(timeout=30_000)

    admin_pages, official_pages = _navigation(admin), _navigation(official)
    assert {"Users", "Audit log", "Manage the register"} <= set(admin_pages)
    assert not {"Users", "Audit log", "Manage the register", "Score options"} & set(official_pages)
    assert "Greek official" not in admin.locator('[data-testid="stSidebar"]').inner_text()
    assert "Secretariat" not in official.locator('[data-testid="stSidebar"]').inner_text()

    # An administrator's page opened by its link: not there for the official.
    official.goto(f"{url}/users")
    official.get_by_text("Signed in as Greek official").wait_for()
    assert official.get_by_role("heading", name="Users").count() == 0
    assert official.get_by_text("official.pt@example.eu").count() == 0

    # The administrator sees both accounts linked to their sign-in, the others not yet.
    admin.goto(f"{url}/users")
    settle(admin, "Users")
    admin.screenshot(path=ARTIFACTS / "sign-in-users.png")
    listed = cli(env, "users", "list")
    linked = {line.split()[0]: line for line in listed.splitlines()[1:]}
    assert "True" in linked[ADMIN["email"]].split()[-4:-2]
    assert "False" in linked[UNVERIFIED["email"]].split()[-4:-2]

    # Signing out returns to the sign-in page; the other person stays signed in.
    _sign_out(admin, url)
    official.reload()
    official.get_by_text("Signed in as Greek official").wait_for(timeout=30_000)
    admin_context.close()
    official_context.close()


@pytest.mark.parametrize(
    ("claims", "refusal"),
    [
        (
            STRANGER,
            "stranger@example.org is not registered for this dashboard. Ask the secretariat to add you.",
        ),
        (
            UNVERIFIED,
            "Your identity provider has not verified the e-mail address official.pt@example.eu, so it "
            "cannot be matched to a registered account. Ask the secretariat to check your account.",
        ),
        (
            RETIRED,
            "The account retired@example.eu has been deactivated. Ask the secretariat if you need access.",
        ),
    ],
    ids=["unregistered", "unverified", "deactivated"],
)
def test_who_may_not_sign_in_sees_only_ask_the_secretariat(production, browser, claims, refusal):
    url, _ = production
    context, page = _context(browser)
    _sign_in(page, url, claims["sub"])
    page.get_by_text(refusal).wait_for(timeout=30_000)
    assert page.get_by_text("Signed in as").count() == 0
    assert _navigation(page) == []
    page.goto(f"{url}/eu_overview")
    page.get_by_text(refusal).wait_for(timeout=30_000)
    assert page.get_by_role("heading", name="Implementation across the EU").count() == 0
    page.screenshot(path=ARTIFACTS / f"sign-in-refused-{claims['sub']}.png")
    _sign_out(page, url)
    context.close()

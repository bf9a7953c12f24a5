"""AppTest helpers shared by the page tests."""

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app" / "app.py")
TIMEOUT = 30  # seconds; the first run imports pandas and plotly


@pytest.fixture
def app(seeded_sqlite, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", seeded_sqlite)
    monkeypatch.setenv("DASHBOARD_DEMO", "1")

    def open_as(role: str, page: str | None = None, ms: str | None = None) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at.query_params["as"] = role
        if ms:
            at.query_params["ms"] = ms
        at.run()
        if page:
            at.switch_page(str(ROOT / page)).run()
        assert not at.exception, [e.message for e in at.exception]
        return at

    return open_as


def shown(markdown: str) -> str:
    """Markdown as a reader sees it: backslash escapes taken out."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def texts(at: AppTest) -> str:
    """Every text on the page as a reader sees it (Markdown's backslash escapes taken out)."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.title]
    alerts = [*at.warning, *at.error, *at.info, *at.success]
    return shown("\n".join(map(str, parts + [a.value for a in alerts])))


ISSUER = "https://login.example.eu"


def verified(email: str, subject: str | None = None) -> dict:
    """The claims of a person the identity provider vouches for, with a verified e-mail."""
    return {"iss": ISSUER, "sub": subject or f"sub-{email}", "email": email, "email_verified": True}

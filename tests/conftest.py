"""Shared fixtures: fresh databases (SQLite always, PostgreSQL when TEST_DATABASE_URL is set).

In CI (CI=true) a PostgreSQL or browser test that cannot run fails instead of skipping.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from dashboard.admin import seed
from dashboard.store.db import make_engine, migrate, session_scope
from tests.apptest import app  # noqa: F401  (fixture)
from tests.browser import browser, page  # noqa: F401  (fixtures)

IN_CI = os.environ.get("CI", "").lower() == "true"
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"


def skip_or_fail(reason: str) -> None:
    """Skip outside CI; in CI a test that cannot run is a failure."""
    if IN_CI:
        pytest.fail(f"cannot run in CI: {reason}")
    pytest.skip(reason)


def _postgres_schema_url() -> tuple[str, str]:
    base = os.environ.get("TEST_DATABASE_URL", "").strip()
    if not base:
        skip_or_fail("TEST_DATABASE_URL is not set (PostgreSQL tests)")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), schema


def _drop_schema(schema: str) -> None:
    admin = create_engine(os.environ["TEST_DATABASE_URL"])
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """An empty database on each backend: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    url, schema = _postgres_schema_url()
    yield url
    _drop_schema(schema)


@pytest.fixture
def engine(db_url):
    """A migrated, empty database."""
    eng = make_engine(db_url)
    migrate(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def seeded(engine):
    """A migrated database holding the reference and illustrative demo data."""
    with session_scope(engine) as session:
        seed.seed_database(session, seed.load_seed(today=dt.date.today()))
    return engine


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory) -> Path:
    """One seeded SQLite file per test session; tests copy it rather than seed again."""
    path = tmp_path_factory.mktemp("template") / "seeded.db"
    eng = make_engine(f"sqlite:///{path}")
    migrate(eng)
    with session_scope(eng) as session:
        seed.seed_database(session, seed.load_seed(today=dt.date.today()))
    with eng.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    eng.dispose()
    return path


@pytest.fixture
def seeded_sqlite(seeded_template, tmp_path) -> str:
    """The URL of a private copy of the seeded SQLite database."""
    path = tmp_path / "app.db"
    shutil.copy(seeded_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def demo_engine(seeded_sqlite):
    """The seeded demo database on SQLite only: for read-only tests that need no second backend."""
    eng = make_engine(seeded_sqlite)
    yield eng
    eng.dispose()


BROWSER_TESTS = "tests/test_browser"  # every browser test lives in a file named so


def pytest_collection_modifyitems(items):
    """A browser test outside those files would run beside the others: refuse it (see below)."""
    stray = [
        i.nodeid for i in items if i.get_closest_marker("browser") and not i.nodeid.startswith(BROWSER_TESTS)
    ]
    if stray:
        raise pytest.UsageError(f"browser tests belong in {BROWSER_TESTS}*.py: {', '.join(stray)}")


@pytest.hookimpl(optionalhook=True)  # a pytest-xdist hook: pytest without xdist runs too
def pytest_xdist_make_scheduler(config, log):
    """``make test`` runs two pytest-xdist workers (``-n 2 --dist loadgroup``): the browser tests keep
    to one of them, one after another (each drives a server and a browser of its own, timed on
    screen, and the tests of a module walk one story on one server), while the other worker and then
    both share the rest. (xdist's own ``xdist_group`` marks do not group under pytest 9.2: they
    rename ``item._nodeid``, which pytest no longer reads.)"""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class BrowserTestsTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return BROWSER_TESTS if nodeid.startswith(BROWSER_TESTS) else nodeid

    return BrowserTestsTogether(config, log)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A browser test that fails reports what its pages showed: each open page's address and text in
    the report, and a screenshot in tests/artifacts/failed-<test>[-n].png. The pages are the ``page``
    fixture's, or every page still open in the ``browser`` fixture's contexts."""
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    funcargs = getattr(item, "funcargs", {})
    pages = [funcargs["page"]] if "page" in funcargs else []
    if not pages and "browser" in funcargs:
        pages = [p for context in funcargs["browser"].contexts for p in context.pages]
    for n, shown_page in enumerate(pages):
        suffix = f"-{n + 1}" if len(pages) > 1 else ""
        try:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            shown_page.screenshot(path=ARTIFACTS / f"failed-{item.name}{suffix}.png", full_page=True)
            shown = shown_page.locator("body").inner_text(timeout=5_000)
        except Exception as exc:  # a closed or hung page: say so, the failure itself is reported anyway
            shown = f"(the page could not be read: {exc})"
        report.sections.append((f"what page {n + 1} of {len(pages)} showed", f"{shown_page.url}\n{shown}"))

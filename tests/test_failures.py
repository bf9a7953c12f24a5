"""Every failure a person can meet is a sentence on screen (or on stderr), logs its detail and
changes nothing: a save at the same moment as someone else's, a busy or unreachable database, a
value too long, a bad link parameter."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from sqlalchemy import create_engine, event, insert, select
from sqlalchemy.exc import DataError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from streamlit.testing.v1 import AppTest

from dashboard.access.demo import demo_persona
from dashboard.access.users import add_user
from dashboard.assessment import scoring
from dashboard.assessment.scoring import CellEdit, save_scores, score_grid
from dashboard.cli import main
from dashboard.enums import Role
from dashboard.errors import ConcurrentEdit, InvalidInput
from dashboard.store import failures
from dashboard.store.db import make_engine, session_scope
from dashboard.store.failures import BUSY, CONFLICT, TOO_LONG, UNREACHABLE, sentence, transaction
from dashboard.store.models import OptionScore, User
from tests.apptest import APP, ROOT, TIMEOUT, texts
from tests.conftest import _drop_schema, _postgres_schema_url
from tests.registers import contents


def _locked() -> OperationalError:
    return OperationalError("INSERT ...", {}, sqlite3.OperationalError("database is locked"))


def test_each_database_failure_has_its_sentence():
    assert sentence(StaleDataError("UPDATE statement on table expected to update 1 row(s)")) == CONFLICT
    assert sentence(_locked()) == BUSY
    too_long = DataError("INSERT ...", {}, Exception("value too long for type character varying(120)"))
    assert sentence(too_long) == TOO_LONG
    gone = OperationalError(
        "SELECT 1", {}, Exception('connection to server at "db" failed: Connection refused')
    )
    assert sentence(gone) == UNREACHABLE
    for cut in (  # what psycopg says when the server drops a connection with a query in flight
        "connection socket closed",
        "sending query failed: another command is already in progress",
    ):
        assert sentence(OperationalError("INSERT ...", {}, Exception(cut))) == UNREACHABLE
    assert sentence(ValueError("not a database failure")) is None


# --- busy: tried again, then a sentence ---------------------------------------------------------


@pytest.fixture
def sqlite_file(seeded_sqlite):
    """The seeded database, and an engine on it that waits only 50 ms for a lock."""
    quick = create_engine(seeded_sqlite, connect_args={"timeout": 0.05})
    event.listen(quick, "connect", lambda c, _: c.execute("PRAGMA foreign_keys = ON"))
    yield seeded_sqlite, quick
    quick.dispose()


def _hold_the_lock(url: str) -> sqlite3.Connection:
    holder = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the database
    return holder


def _add_viewer(session):
    return add_user(session, demo_persona(session, Role.ADMIN), "reader@example.eu", "Reader", Role.VIEWER)


def test_a_busy_database_is_tried_again_and_the_write_goes_through_once_free(sqlite_file, monkeypatch):
    url, quick = sqlite_file
    holder = _hold_the_lock(url)
    pauses = []

    def release(seconds):  # instead of waiting, the other writer finishes
        pauses.append(seconds)
        holder.execute("COMMIT")

    monkeypatch.setattr(failures.time, "sleep", release)
    added = transaction(quick, _add_viewer)
    assert added.email == "reader@example.eu" and pauses == [0.25]
    holder.close()


def test_a_database_busy_for_too_long_says_so_and_saves_nothing(sqlite_file, monkeypatch):
    url, quick = sqlite_file
    before = contents(quick)
    holder = _hold_the_lock(url)
    pauses = []
    monkeypatch.setattr(failures.time, "sleep", pauses.append)
    with pytest.raises(OperationalError) as caught:
        transaction(quick, _add_viewer)
    holder.execute("ROLLBACK")
    holder.close()
    assert sentence(caught.value) == BUSY and pauses == [0.25, 0.5]
    assert contents(quick) == before


# --- a save at the same moment as someone else's --------------------------------------------------


def test_a_score_saved_twice_at_the_same_moment_is_a_conflict_not_an_error(seeded, monkeypatch):
    with session_scope(seeded) as s:
        expert = demo_persona(s, Role.EXPERT)
        cell = score_grid(s, expert).iloc[0]
    edit = CellEdit(cell["option"], cell["criterion"], -1, "Weaker.", int(cell["version"]))
    checked = scoring._refuse_conflicts

    def meanwhile(session, *args):  # the other save lands between the check and the write
        checked(session, *args)
        monkeypatch.setattr(scoring, "_refuse_conflicts", checked)  # once
        with session_scope(seeded) as other:
            save_scores(
                other, expert, [CellEdit(edit.option, edit.criterion, 2, "Stronger.", edit.version_seen)]
            )

    monkeypatch.setattr(scoring, "_refuse_conflicts", meanwhile)
    with pytest.raises(ConcurrentEdit) as caught:
        transaction(seeded, lambda s: save_scores(s, expert, [edit]))
    assert str(caught.value).startswith("Not saved: these cells changed since you opened them.")
    assert f"{edit.option} × {edit.criterion} was changed by {expert.name} on " in str(caught.value)
    with session_scope(seeded) as s:
        kept = s.scalars(select(OptionScore).where(OptionScore.rationale == "Stronger.")).one()
        assert kept.value == 2  # the first save stands; the second was refused whole


def test_the_page_shows_the_sentence_for_a_failure_and_logs_it(app, monkeypatch, caplog):
    at = app("admin", "pages/rounds.py")

    def busy(*_args):
        raise _locked()

    monkeypatch.setattr("dashboard.monitoring.rounds.add_round", busy)
    monkeypatch.setattr(failures.time, "sleep", lambda _s: None)
    next(t for t in at.text_input if t.label == "Name").input("2027 review")
    next(d for d in at.date_input if d.label == "Reference date").set_value(dt.date.today())
    next(b for b in at.button if b.label == "Open the round").click()
    at.run()
    assert not at.exception
    assert BUSY in texts(at)
    assert "busy failed" in caplog.text and "database is locked" in caplog.text


# --- a database that cannot be reached ------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://postgres@127.0.0.1:9/none?connect_timeout=2",
        "sqlite:////no/such/folder/dashboard.db",
    ],
)
def test_an_unreachable_database_is_a_sentence_on_every_page_and_on_the_command_line(
    url, monkeypatch, capsys
):
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DASHBOARD_DEMO", "1")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert UNREACHABLE in texts(at)
    assert main(["users", "list"]) == 1
    assert UNREACHABLE in capsys.readouterr().err


# --- values too long, bad links -------------------------------------------------------------------


def test_a_value_longer_than_its_column_is_refused_before_the_database_sees_it(engine):
    from dashboard.access.auth import COMMAND_LINE
    from dashboard.admin import seed

    with session_scope(engine) as s:
        seed.seed_database(s, seed.load_seed(today=dt.date.today()), demo=False)
    before = contents(engine)
    with (
        pytest.raises(InvalidInput, match="the name is longer than 120 characters"),
        session_scope(engine) as s,
    ):
        add_user(s, COMMAND_LINE, "long@example.eu", "N" * 121, Role.VIEWER)
    with pytest.raises(InvalidInput, match="is not an e-mail address"), session_scope(engine) as s:
        add_user(s, COMMAND_LINE, "x" * 250 + "@example.eu", "Long", Role.VIEWER)
    assert contents(engine) == before


@pytest.fixture
def postgres_url():
    """A fresh PostgreSQL schema (this test is about PostgreSQL: SQLite keeps any length)."""
    url, schema = _postgres_schema_url()
    yield url
    _drop_schema(schema)


@pytest.mark.postgres
def test_postgres_says_a_value_is_too_long_in_words(postgres_url):
    engine = make_engine(postgres_url)
    from dashboard.store.db import migrate

    migrate(engine)
    with pytest.raises(DataError) as caught, session_scope(engine) as s:
        s.execute(insert(User).values(email="x@example.eu", name="N" * 500, role=Role.VIEWER))
    assert sentence(caught.value) == TOO_LONG
    engine.dispose()


@pytest.mark.parametrize(
    ("page", "query", "message"),
    [
        ("pages/eu_overview.py", {"area": "²"}, "unknown thematic area '²' in the link"),
        ("pages/eu_overview.py", {"area": "1" * 40}, "unknown thematic area"),
        ("pages/eu_overview.py", {"asof": "2026-02-30"}, "'2026-02-30' in the link is not a date"),
        ("pages/overview.py", {"round": "²"}, "'²' in the link is not a published round"),
        ("pages/overview.py", {"round": "-1"}, "'-1' in the link is not a published round"),
    ],
)
def test_a_bad_link_parameter_is_named_and_the_page_still_shows(app, page, query, message):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["as"] = "viewer"
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    if page != "pages/overview.py":
        at.switch_page(str(ROOT / page)).run()
    assert not at.exception, [e.message for e in at.exception]
    assert message in texts(at)

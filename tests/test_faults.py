"""Faults: the database unreachable at start and back, lost in the middle of a session, an import
killed half-way, PostgreSQL's connections cut under load (what a restart does to its clients).
Each ends in a sentence for the person, nothing half-written, and recovery on the next rerun."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from streamlit.testing.v1 import AppTest

from bench.hostile_files import FILES
from dashboard.access.demo import demo_persona
from dashboard.admin import seed
from dashboard.enums import Role, StatusLevel
from dashboard.monitoring.recording import StatusEntry, record_assessment
from dashboard.store.db import current_revision, make_engine, migrate, session_scope
from dashboard.store.failures import UNREACHABLE, sentence, transaction
from dashboard.store.models import AssessmentRound, AuditEntry, ImplementationAssessment
from tests.apptest import APP, TIMEOUT, texts
from tests.conftest import ROOT, _drop_schema, _postgres_schema_url

TODAY = dt.date.today()


class Forwarder:
    """A TCP relay on loopback to PostgreSQL that can be cut (every connection dropped, new ones
    refused) and restored: the database going away and coming back, as the app sees it."""

    def __init__(self, target: tuple[str, int]):
        self.target, self.port = target, _free_port()
        self._listener: socket.socket | None = None
        self._open: list[socket.socket] = []

    def up(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, args=(self._listener,), daemon=True).start()

    def down(self) -> None:
        if self._listener:
            with contextlib.suppress(OSError):  # wakes the thread waiting in accept()
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        for sock in self._open:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            self._open += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _seeded_postgres():
    """A seeded PostgreSQL schema (demo data), dropped afterwards; its URL."""
    url, schema = _postgres_schema_url()
    engine = make_engine(url)
    migrate(engine)
    with session_scope(engine) as s:
        seed.seed_database(s, seed.load_seed(today=TODAY))
    engine.dispose()
    try:
        yield url
    finally:
        _drop_schema(schema)


@pytest.fixture
def postgres_demo():
    with _seeded_postgres() as url:
        yield url


@pytest.fixture
def relayed(postgres_demo):
    """The seeded schema reached through a relay that starts down; (url through the relay, relay)."""
    direct = make_url(postgres_demo)
    relay = Forwarder((direct.host or "127.0.0.1", direct.port or 5432))
    url = direct.set(host="127.0.0.1", port=relay.port).update_query_dict({"connect_timeout": "2"})
    yield url.render_as_string(hide_password=False), relay
    relay.down()


def _page(url: str, monkeypatch, page: str | None = None) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DASHBOARD_DEMO", "1")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["as"] = "admin"
    at.run()
    if page:
        at.switch_page(str(ROOT / page)).run()
    return at


@pytest.mark.postgres
def test_a_database_unreachable_at_start_is_a_sentence_and_the_page_recovers_when_it_is_back(
    relayed, monkeypatch
):
    url, relay = relayed
    at = _page(url, monkeypatch)
    assert not at.exception
    assert UNREACHABLE in texts(at)
    relay.up()
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert UNREACHABLE not in texts(at)
    assert "EU prevent policy at a glance" in texts(at)


def _open_round(at: AppTest, name: str) -> None:
    next(t for t in at.text_input if t.label == "Name").input(name)
    next(d for d in at.date_input if d.label == "Reference date").set_value(TODAY + dt.timedelta(days=40))
    next(b for b in at.button if b.label == "Open the round").click()
    at.run()


def _rounds_named(url: str, name: str) -> int:
    engine = make_engine(url)
    with session_scope(engine) as s:
        found = s.scalar(select(func.count(AssessmentRound.id)).where(AssessmentRound.name == name))
    engine.dispose()
    return found


@pytest.mark.postgres
def test_a_database_lost_in_the_middle_of_a_session_is_a_sentence_nothing_half_written_then_recovers(
    relayed, postgres_demo, monkeypatch
):
    url, relay = relayed
    relay.up()
    at = _page(url, monkeypatch, "pages/rounds.py")
    assert not at.exception and "Assessment rounds" in texts(at)
    relay.down()  # every connection of the pool is cut
    _open_round(at, "2027 review")
    assert not at.exception, [e.message for e in at.exception]
    assert UNREACHABLE in texts(at)
    assert _rounds_named(postgres_demo, "2027 review") == 0
    relay.up()
    at.run()  # the next rerun recovers: the page is back, the person types the round again
    assert UNREACHABLE not in texts(at) and "Assessment rounds" in texts(at)
    _open_round(at, "2027 review")
    assert not at.exception, [e.message for e in at.exception]
    assert "Opened '2027 review'." in texts(at)
    assert _rounds_named(postgres_demo, "2027 review") == 1


# --- an import killed half-way ----------------------------------------------------------------------


def _counts(url: str) -> tuple[int, int, int]:
    engine = make_engine(url)
    with session_scope(engine) as s:
        found = (
            s.scalar(select(func.count(ImplementationAssessment.id))),
            s.scalar(select(func.count(AuditEntry.id))),
            current_revision(s),
        )
    engine.dispose()
    return found


def _sqlite_writing(url: str) -> bool:
    """Whether another connection holds SQLite's write lock (a transaction that has written)."""
    probe = sqlite3.connect(make_url(url).database, timeout=0)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.rollback()
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        probe.close()


def _postgres_writing(url: str, name: str) -> bool:
    engine = make_engine(url)
    with engine.connect() as connection:
        found = connection.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE application_name = :n AND backend_xid IS NOT NULL"
            ),
            {"n": name},
        )
    engine.dispose()
    return bool(found)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def demo_url(request, seeded_sqlite):
    if request.param == "sqlite":
        yield seeded_sqlite
        return
    with _seeded_postgres() as url:
        yield url


def test_an_import_killed_half_way_writes_nothing_and_the_same_file_imports_afterwards(demo_url, tmp_path):
    upload = tmp_path / "statuses.xlsx"
    upload.write_bytes(FILES["the row limit of valid rows"]())
    before = _counts(demo_url)
    postgres = demo_url.startswith("postgresql")
    name = "dashboard-import-killed"
    url = make_url(demo_url).update_query_dict({"application_name": name}).render_as_string(False)
    env = {**os.environ, "DATABASE_URL": url}
    importer = subprocess.Popen([sys.executable, "-m", "dashboard", "import", str(upload)], cwd=ROOT, env=env)
    writing = (lambda: _postgres_writing(demo_url, name)) if postgres else (lambda: _sqlite_writing(demo_url))
    deadline = time.monotonic() + 60
    while not writing():
        assert importer.poll() is None, "the import ended before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    os.kill(importer.pid, signal.SIGKILL)  # half-way through its transaction
    importer.wait(timeout=30)
    if postgres:  # the server notices the client is gone and rolls its transaction back
        while _postgres_writing(demo_url, name):
            time.sleep(0.05)
    assert _counts(demo_url) == before
    if not postgres:
        with sqlite3.connect(make_url(demo_url).database) as check:
            assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", "import", str(upload)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    rows, entries, _ = _counts(demo_url)
    assert (rows, entries) == (before[0] + 5_000, before[1] + 5_001)


# --- PostgreSQL's connections cut under load -----------------------------------------------------------


@pytest.mark.postgres
def test_postgres_cutting_every_connection_under_load_loses_nothing_and_sessions_recover(
    postgres_demo, monkeypatch
):
    name = "dashboard-under-load"
    url = make_url(postgres_demo).update_query_dict({"application_name": name}).render_as_string(False)
    engine = make_engine(url)
    with session_scope(engine) as s:
        secretariat = demo_persona(s, Role.ADMIN)  # assessed statuses: the secretariat's
    outcomes: dict[str, list] = {"saved": [], "told": [], "other": []}
    stop = threading.Event()

    def writer(i: int) -> None:
        n = 0
        while not stop.is_set():
            n += 1
            evidence = f"Worker {i}, write {n}."
            entry = StatusEntry(
                f"P-{i + 1}", "EL", StatusLevel.SOME, TODAY - dt.timedelta(days=n % 300 + 1), evidence
            )
            try:
                transaction(engine, lambda s, e=entry: record_assessment(s, secretariat, e))
                outcomes["saved"].append(evidence)
            except Exception as exc:
                said = sentence(exc)
                (outcomes["told"] if said == UNREACHABLE else outcomes["other"]).append(
                    (evidence, said or repr(exc))
                )

    at = _page(url, monkeypatch, "pages/eu_overview.py")
    assert not at.exception
    workers = [threading.Thread(target=writer, args=(i,)) for i in range(4)]
    for w in workers:
        w.start()
    time.sleep(1.0)
    admin = make_engine(postgres_demo)
    with admin.connect() as connection:  # what a restart does to every client
        cut = connection.scalar(
            text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = :n"),
            {"n": name},
        )
    admin.dispose()
    saved_at_cut = len(outcomes["saved"])
    time.sleep(1.5)
    stop.set()
    for w in workers:
        w.join(timeout=60)
    assert cut >= 1
    assert not outcomes["other"], outcomes["other"][:3]
    assert len(outcomes["saved"]) > saved_at_cut, "the writers did not recover"
    with session_scope(engine) as s:
        stored = set(
            s.scalars(
                select(ImplementationAssessment.evidence).where(
                    ImplementationAssessment.evidence.like("Worker %")
                )
            )
        )
        audited = s.scalar(
            select(func.count(AuditEntry.id)).where(
                AuditEntry.action == "record", AuditEntry.new_value.like('%"Worker %')
            )
        )
    assert stored == set(outcomes["saved"])  # every write reported saved is there, no other
    assert audited == len(stored)  # and each has its audit entry: nothing half-written
    at.run()  # the page's next rerun works on fresh connections
    assert not at.exception, [e.message for e in at.exception]
    assert "Implementation across the EU" in texts(at)
    engine.dispose()

"""The command line: exit codes 0 / 2 / 1, messages on stderr, nothing written on bad input."""

import shutil

import pytest
from sqlalchemy import func, select

from dashboard.admin import seed
from dashboard.cli import main
from dashboard.store.db import make_engine, session_scope
from dashboard.store.models import AuditEntry, MemberState, User


@pytest.fixture
def url(db_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", db_url)
    return db_url


def _count(url, column):
    with session_scope(make_engine(url)) as s:
        return s.scalar(select(func.count(column)))


def test_init_migrates_seeds_once_and_is_idempotent(url, capsys):
    assert main(["init"]) == 0
    assert "seeded with reference and illustrative demo data: 28 member_state" in capsys.readouterr().out
    assert main(["init"]) == 0
    assert "already holds data, so nothing was seeded" in capsys.readouterr().out
    assert _count(url, MemberState.code) == 28
    assert _count(url, AuditEntry.id) == 1


def test_init_reference_only_seeds_no_illustrative_data(url):
    assert main(["init", "--reference-only"]) == 0
    assert _count(url, MemberState.code) == 28
    assert _count(url, User.id) == 0


def test_init_with_a_broken_file_writes_nothing(url, tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(seed.DATA_DIR, data, ignore=shutil.ignore_patterns("*.db*", "*.py"))
    rounds = data / "demo" / "rounds.csv"
    rounds.write_text(rounds.read_text().replace("2021-06-30", "30/06/2021"))
    assert main(["init", "--data", str(data)]) == 2
    err = capsys.readouterr().err
    assert "nothing was written" in err
    assert "demo/rounds.csv, line 3: column 'reference_date': '30/06/2021' is not a date" in err
    assert _count(url, MemberState.code) == 0


def test_users_add_list_and_set_role(url, capsys):
    main(["init", "--reference-only"])
    assert (
        main(
            [
                "users",
                "add",
                "Ana@Example.eu",
                "--name",
                "Ana",
                "--role",
                "ms_official",
                "--member-state",
                "el",
            ]
        )
        == 0
    )
    assert "Added ana@example.eu as Member State official (EL)." in capsys.readouterr().out
    assert main(["users", "set-role", "ana@example.eu", "--role", "admin"]) == 0
    assert main(["users", "list"]) == 0
    out = capsys.readouterr().out
    assert "ana@example.eu" in out and "Administrator" in out
    with session_scope(make_engine(url)) as s:
        actions = s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["seed", "add", "set_role"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["users", "add", "not-an-email", "--name", "X", "--role", "viewer"], "is not an e-mail address"),
        (["users", "add", "x@y.eu", "--name", "X", "--role", "boss"], "'boss' is not a known Role"),
        (["users", "add", "x@y.eu", "--name", "X", "--role", "ms_official"], "needs a Member State code"),
        (
            ["users", "add", "x@y.eu", "--name", "X", "--role", "ms_official", "--member-state", "XX"],
            "unknown Member State code 'XX'",
        ),
        (
            ["users", "add", "x@y.eu", "--name", "X", "--role", "expert", "--member-state", "BE"],
            "only Member State officials have a Member State",
        ),
        (["users", "set-role", "nobody@y.eu", "--role", "viewer"], "no user with e-mail nobody@y.eu"),
    ],
)
def test_invalid_input_exits_2_with_a_message_and_changes_nothing(url, capsys, argv, message):
    main(["init", "--reference-only"])
    capsys.readouterr()
    assert main(argv) == 2
    assert message in capsys.readouterr().err
    assert _count(url, User.id) == 0
    assert _count(url, AuditEntry.id) == 1


def test_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2
    assert "invalid choice: 'frobnicate'" in capsys.readouterr().err


def test_unusable_database_url_is_invalid_input(monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", "mysql://nobody@nowhere/db")
    assert main(["users", "list"]) == 2
    assert "unsupported database 'mysql'" in capsys.readouterr().err

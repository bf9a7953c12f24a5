"""Going live from the command line: demo out, register in, a round published, an account deactivated."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from dashboard.access.auth import COMMAND_LINE
from dashboard.cli import main
from dashboard.store.db import make_engine, session_scope
from dashboard.store.models import ImplementationAssessment, Recommendation, User
from tests.registers import REGISTER, contents, register_file

TODAY = dt.date.today()


@pytest.fixture
def url(db_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", db_url)
    return db_url


def _count(url, model, *where):
    engine = make_engine(url)
    with session_scope(engine) as s:
        found = s.scalar(select(func.count()).select_from(model).where(*where))
    engine.dispose()
    return found


def test_the_go_live_path_on_the_command_line(url, tmp_path, capsys):
    assert main(["init"]) == 0
    engine = make_engine(url)
    before = contents(engine)
    assert main(["demo", "remove"]) == 2
    assert "Nothing was removed: this deletes every illustrative row and user (35 app_user" in (
        capsys.readouterr().err
    )
    assert contents(engine) == before
    assert main(["demo", "remove", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "Removed the demo data:" in out and "35 app_user" in out
    assert _count(url, User) == 0 and _count(url, Recommendation) == 0
    assert main(["demo", "remove", "--yes"]) == 0
    assert "There is no demo data to remove." in capsys.readouterr().out

    template = tmp_path / "register-template.xlsx"
    assert main(["register", "template", "--out", str(template)]) == 0
    filled = tmp_path / "register.xlsx"
    filled.write_bytes(register_file(engine, COMMAND_LINE, REGISTER))
    assert main(["register", "import", str(filled)]) == 0
    assert "Added 3 recommendations to the register: R-1, R-2, R-3." in capsys.readouterr().out
    assert _count(url, Recommendation, ~Recommendation.illustrative) == 3
    assert main(["register", "import", str(filled)]) == 2  # the same codes again
    err = capsys.readouterr().err
    assert "Nothing was imported" in err and "R-1 is already in the register" in err

    official = ["users", "add", "official.el@example.eu", "--name", "Greek official"]
    assert main([*official, "--role", "ms_official", "--member-state", "EL"]) == 0
    assert main(["rounds", "add", "2026 review", "--date", f"{TODAY - dt.timedelta(days=30)}"]) == 0
    assert main(["rounds", "publish", "2026 review"]) == 2
    assert "only a round that is closed can be published" in capsys.readouterr().err
    assert main(["rounds", "close", "2026 review"]) == 0
    assert main(["rounds", "publish", "2026 review"]) == 0
    capsys.readouterr()
    assert main(["rounds", "list"]) == 0
    assert capsys.readouterr().out.startswith(
        f"2026 review: statuses dated up to {TODAY - dt.timedelta(days=30):%d %b %Y}; published"
    )

    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    assert main(["export", "implementation", "--round", "2026 review", "--out", str(first)]) == 0
    assert main(["export", "implementation", "--round", "2026 review", "--out", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()

    assert main(["users", "deactivate", "official.el@example.eu"]) == 0
    assert _count(url, User, ~User.active) == 1
    assert main(["users", "deactivate", "official.el@example.eu"]) == 2
    assert "official.el@example.eu is already deactivated" in capsys.readouterr().err
    assert _count(url, ImplementationAssessment) == 0
    engine.dispose()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["register", "import", "missing.xlsx"], "missing.xlsx"),
        (["rounds", "add", "2027", "--date", "31/12/2027"], "not a date"),
        (["rounds", "close", "No such round"], "no round named 'No such round'"),
        (["users", "deactivate", "nobody@example.eu"], "no user with e-mail nobody@example.eu"),
        (["export", "implementation", "--round", "Nope", "--out", "x.xlsx"], "Nope"),
        (["rounds", "remind", "--send"], "e-mail is off: set DASHBOARD_SMTP_HOST"),
    ],
)
def test_bad_go_live_commands_exit_2_and_change_nothing(url, tmp_path, monkeypatch, capsys, argv, message):
    main(["init", "--reference-only"])
    monkeypatch.chdir(tmp_path)
    engine = make_engine(url)
    before = contents(engine)
    capsys.readouterr()
    try:
        code = main(argv)
    except SystemExit as usage:  # argparse refuses a malformed argument itself
        code = usage.code
    assert code == 2
    assert message in capsys.readouterr().err
    assert contents(engine) == before
    engine.dispose()


def test_reminders_are_listed_and_e_mailed_from_the_command_line(url, monkeypatch, capsys):
    from tests.smtp_sink import SmtpSink

    main(["init"])  # the demo: its officials and what is overdue
    assert main(["rounds", "add", "2027 review", "--date", f"{TODAY}"]) == 0
    capsys.readouterr()
    assert main(["rounds", "remind"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert any(line.startswith("EL: ") and "write to official.el@example.com" in line for line in listed)
    with SmtpSink() as sink:
        monkeypatch.setenv("DASHBOARD_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("DASHBOARD_SMTP_PORT", str(sink.port))
        assert main(["rounds", "remind", "--send"]) == 0
    said = capsys.readouterr().out
    assert f"Sent {len(sink.received)} reminders through 127.0.0.1:{sink.port}." in said
    assert len(sink.received) == sum(1 for line in listed if "@" in line) > 20

"""The Excel and backup commands: export, template, import, backup, restore (and the round trip)."""

import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from dashboard.cli import main
from dashboard.store.db import make_engine, session_scope
from dashboard.store.models import ImplementationAssessment
from tests.conftest import _drop_schema, _postgres_schema_url
from tests.excel_files import filled

ROW = ["EL", "P-2", "Full implementation", "2026-03-01", "Training for all prison staff.", None]


@pytest.fixture
def url(db_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", db_url)
    assert main(["init"]) == 0
    return db_url


def _assessments(url):
    with session_scope(make_engine(url)) as s:
        return s.scalar(select(func.count(ImplementationAssessment.id)))


def test_exports_and_template_write_workbooks(url, tmp_path, capsys):
    assert main(["export", "options", "--out", str(tmp_path / "o.xlsx")]) == 0
    assert (
        main(
            [
                "export",
                "implementation",
                "--out",
                str(tmp_path / "i.xlsx"),
                "--member-state",
                "el",
                "--as-of",
                "2024-01-01",
            ]
        )
        == 0
    )
    assert main(["template", "--out", str(tmp_path / "t.xlsx"), "--member-state", "EL"]) == 0
    out = capsys.readouterr().out
    assert "Wrote the implementation workbook (EL, as of 01 Jan 2024)" in out
    assert load_workbook(tmp_path / "o.xlsx").sheetnames[:5] == [
        "About",
        "Weights",
        "Matrix",
        "Utilities",
        "Ranking",
    ]
    assert load_workbook(tmp_path / "i.xlsx")["About"]["A1"].value.endswith("Greece (EL)")
    assert load_workbook(tmp_path / "t.xlsx")["Lists"]["A3"].value is None  # EL only


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "options", "--out", "{tmp}/o.xlsx", "--profile", "Nope"], "no weight profile named"),
        (
            ["export", "implementation", "--out", "{tmp}/i.xlsx", "--member-state", "XX"],
            "unknown Member State",
        ),
        (["export", "implementation", "--out", "{tmp}/i.xlsx", "--as-of", "2099-01-01"], "is in the future"),
        (["export", "implementation", "--out", "{tmp}/i.xlsx", "--as-of", "soon"], "'soon' is not a date"),
        (["export", "options", "--out", "{tmp}/missing/o.xlsx"], "the folder"),
        (["template", "--out", "{tmp}/t.xlsx", "--member-state", "UK"], "'UK' is not a Member State on"),
        (["import", "{tmp}/none.xlsx"], "no file"),
        (["restore", "{tmp}/none.json"], "no file"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(url, tmp_path, capsys, argv, message):
    try:
        code = main([a.replace("{tmp}", str(tmp_path)) for a in argv])
    except SystemExit as exc:  # argparse's own refusals
        code = exc.code
    assert code == 2
    assert message in capsys.readouterr().err


def test_import_is_all_or_nothing_from_the_command_line(url, tmp_path, capsys):
    assert main(["template", "--out", str(tmp_path / "t.xlsx")]) == 0
    template = (tmp_path / "t.xlsx").read_bytes()
    before = _assessments(url)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(filled(template, [ROW, ["EL", "P-3", "Done", "2026-03-01", "x", None]]))
    assert main(["import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "Nothing was imported: 1 problem in the file." in err
    assert "sheet 'Statuses', row 3, column 'Status': 'Done' is not a status" in err
    assert _assessments(url) == before
    good = tmp_path / "good.xlsx"
    good.write_bytes(filled(template, [ROW]))
    assert main(["import", str(good)]) == 0
    assert (
        "Imported 1 status for 1 Member State (EL), dated 01 Mar 2026 to 01 Mar 2026."
        in capsys.readouterr().out
    )
    assert _assessments(url) == before + 1


def test_backup_restore_backup_gives_the_same_content(url, tmp_path, monkeypatch, capsys):
    first = tmp_path / "first.json"
    assert main(["backup", "--out", str(first)]) == 0
    target, schema = _empty_target(url, tmp_path)
    try:
        monkeypatch.setenv("DATABASE_URL", target)
        assert main(["restore", str(first)]) == 0
        assert "Restored" in capsys.readouterr().out
        second = tmp_path / "second.json"
        assert main(["backup", "--out", str(second)]) == 0
        a, b = json.loads(first.read_text()), json.loads(second.read_text())
        audit_a, audit_b = a["tables"].pop("audit_log"), b["tables"].pop("audit_log")
        revision_a, revision_b = a["tables"].pop("data_revision"), b["tables"].pop("data_revision")
        assert a["tables"] == b["tables"]  # every row of every table, value for value
        assert sum(len(t["rows"]) for t in a["tables"].values()) > 2000
        assert audit_b["rows"][:-1] == audit_a["rows"]  # the history, plus the restore's own entry
        assert audit_b["rows"][-1][audit_b["columns"].index("action")] == "restore"
        assert revision_b["rows"][0][1] == revision_a["rows"][0][1] + 1
        # New rows after a restore get new ids (PostgreSQL sequences moved past the restored ones).
        assert main(["import", str(_one_row_file(tmp_path))]) == 0
        assert main(["restore", str(first)]) == 2
        assert "the database is not empty" in capsys.readouterr().err
    finally:
        if schema:
            _drop_schema(schema)


def test_restore_refuses_what_is_not_a_backup(url, tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert main(["restore", str(bad)]) == 2
    assert "the file is not a backup: it is not JSON" in capsys.readouterr().err
    bad.write_text(json.dumps({"format": "something else"}))
    assert main(["restore", str(bad)]) == 2
    assert "not a backup of this dashboard" in capsys.readouterr().err


def _empty_target(url: str, tmp_path):
    if url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'restored.db'}", None
    return _postgres_schema_url()


def _one_row_file(tmp_path):
    assert main(["template", "--out", str(tmp_path / "t2.xlsx")]) == 0
    path = tmp_path / "one.xlsx"
    path.write_bytes(filled((tmp_path / "t2.xlsx").read_bytes(), [ROW]))
    return path

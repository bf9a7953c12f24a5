"""The upload template and the all-or-nothing import: good files, and every kind of bad file."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from dashboard.access.demo import demo_persona
from dashboard.enums import Review, Role, StatusLevel
from dashboard.errors import PermissionDenied
from dashboard.excel import template
from dashboard.excel.template import MAX_BYTES, MAX_ROWS
from dashboard.excel.upload import UploadRefused
from dashboard.monitoring.importing import import_statuses, upload_template
from dashboard.monitoring.queries import latest_statuses
from dashboard.monitoring.review import validate
from dashboard.monitoring.review_view import own_statuses
from dashboard.store.db import current_revision, session_scope
from dashboard.store.models import AuditEntry, ImplementationAssessment, StatusSubmission
from tests.excel_files import Text, encrypted, filled, plain, with_macros

ON = dt.date(2026, 3, 1)
TODAY = dt.date(2026, 11, 27)


def _persona(engine, role, ms=None):
    with session_scope(engine) as s:
        return demo_persona(s, role, ms)


def _template(engine, user) -> bytes:
    with session_scope(engine) as s:
        return template.render(upload_template(s, user, TODAY))


def _state(engine):
    with session_scope(engine) as s:
        rows = s.scalar(select(func.count(ImplementationAssessment.id)))
        return rows, current_revision(s), s.scalar(select(func.count(AuditEntry.id)))


def _import(engine, user, data):
    with session_scope(engine) as s:
        return import_statuses(s, user, data, "statuses.xlsx", TODAY)


def _refused(engine, user, data) -> list[str]:
    before = _state(engine)
    with pytest.raises(UploadRefused) as info:
        _import(engine, user, data)
    assert _state(engine) == before, "a refused file must change nothing"
    assert str(info.value).startswith("Nothing was imported")
    return [str(p) for p in info.value.problems]


def test_template_has_drop_downs_behind_names_and_an_officials_own_state_only(seeded):
    official = _persona(seeded, Role.MS_OFFICIAL, "EL")
    wb = load_workbook(io.BytesIO(_template(seeded, official)))
    assert wb.sheetnames == ["Instructions", "Statuses", "Current", "Register", "Lists"]
    assert wb["Lists"].sheet_state == "hidden"
    assert wb.defined_names["MemberStates"].attr_text == "Lists!$A$2:$A$2"
    assert wb["Lists"]["A2"].value == "EL"
    assert wb.defined_names["Recommendations"].attr_text == "Lists!$B$2:$B$17"
    statuses = wb["Statuses"]
    assert [c.value for c in statuses[1]] == [
        "Member State",
        "Recommendation",
        "Status",
        "Assessed on",
        "Evidence",
        "Source",
    ]
    lists = {str(v.sqref): v.formula1 for v in statuses.data_validations.dataValidation}
    assert lists["A2:A501"] == "MemberStates" and lists["C2:C501"] == "StatusLabels"
    assert lists["D2:D501"] == "DATE(2000,1,1)"
    assert statuses.freeze_panes == "A2"
    current = wb["Current"]
    assert {row[0] for row in current.iter_rows(min_row=4, values_only=True)} == {"EL"}
    admin = _persona(seeded, Role.ADMIN)
    wb = load_workbook(io.BytesIO(_template(seeded, admin)))
    assert wb.defined_names["MemberStates"].attr_text == "Lists!$A$2:$A$28"  # the 27 of today
    with pytest.raises(PermissionDenied):
        _template(seeded, _persona(seeded, Role.VIEWER))


def test_an_official_imports_their_own_rows_in_one_audited_transaction(seeded):
    official = _persona(seeded, Role.MS_OFFICIAL, "EL")
    data = filled(
        _template(seeded, official),
        [
            [
                "EL",
                "P-2",
                "Substantial progress",
                ON,
                "National training plan adopted.",
                "https://www.example.gr/plan",
            ],
            # Same pair later: this submission replaces the one above, so it is checked (and needs
            # its evidence) against the assessed status, as the secretariat will validate it.
            ["el", "p-2", "substantial progress", dt.datetime(2026, 4, 1), "Plan in force.", None],
            ["EL", "C-3", "Full implementation", "2026-05-02", Text("=looks like a formula, is text"), None],
        ],
    )
    rows, revision, audits = _state(seeded)
    result = _import(seeded, official, data)
    assert (result.rows, result.member_states, result.first, result.last) == (
        3,
        ("EL",),
        ON,
        dt.date(2026, 5, 2),
    )
    assert result.words == "Submitted 3 statuses for review"
    # The rows are the Member State's submissions: no assessed status yet; a step each, the earlier
    # P-2 replaced by the later one, and the import itself.
    assert _state(seeded) == (rows, revision + 5, audits + 5)
    with session_scope(seeded) as s:
        own = own_statuses(s, official, "EL").set_index("recommendation")
        stored = s.scalars(select(StatusSubmission.evidence).order_by(StatusSubmission.id.desc())).first()
        actions = s.scalars(select(AuditEntry.action).order_by(AuditEntry.id.desc()).limit(5)).all()
        admin = demo_persona(s, Role.ADMIN)
        for submission in own.loc[["P-2", "C-3"], "id"]:
            validate(s, admin, int(submission), today=TODAY)
    assert (
        own.loc["P-2", "status"] is StatusLevel.SUBSTANTIAL and own.loc["C-3", "status"] is StatusLevel.FULL
    )
    assert set(own.loc[["P-2", "C-3"], "state"]) == {Review.SUBMITTED}
    assert stored == "=looks like a formula, is text"
    assert actions == ["import", "import", "import", "replaced", "import"]
    with session_scope(seeded) as s:
        latest = latest_statuses(s, TODAY).set_index(["recommendation", "member_state"])
    assert latest.loc[("P-2", "EL"), "status"] is StatusLevel.SUBSTANTIAL
    assert latest.loc[("C-3", "EL"), "status"] is StatusLevel.FULL
    # The same file again is refused: the two rows standing are already submitted (and validated).
    problems = _refused(seeded, official, data)
    assert [p.split(",")[1] for p in problems] == [" row 3", " row 4"]
    assert all("already submitted with the same date and evidence" in p for p in problems)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [["EL", "X-99", "Some progress", ON, "e", None]],
            "row 2, column 'Recommendation': unknown recommendation 'X-99'",
        ),
        (
            [["XX", "P-2", "Some progress", ON, "e", None]],
            "row 2, column 'Member State': unknown Member State 'XX'",
        ),
        (
            [["EL", "P-2", "Done", ON, "e", None]],
            "row 2, column 'Status': 'Done' is not a status (allowed: No progress,",
        ),
        ([["EL", "P-2", 3, ON, "e", None]], "row 2, column 'Status': '3' is not a status"),
        (
            [["EL", "P-2", "Some progress", "next Tuesday", "e", None]],
            "row 2, column 'Assessed on': 'next Tuesday' is not a date",
        ),
        (
            [["EL", "P-2", "Some progress", "2026-02-30", "e", None]],
            "row 2, column 'Assessed on': '2026-02-30' is not a date",
        ),
        (
            [["EL", "P-2", "Some progress", dt.date(2031, 1, 1), "e", None]],
            "row 2, column 'Assessed on': the date 01 Jan 2031 is in the future",
        ),
        (
            [["EL", "P-2", "Some progress", dt.date(2001, 1, 1), "e", None]],
            "row 2, column 'Assessed on': the date 01 Jan 2001 is before P-2 was issued",
        ),
        (
            [["EL", "P-2", "Full implementation", ON, None, None]],
            "row 2, column 'Evidence': evidence is required for a change of status",
        ),
        (
            [["EL", "P-2", "Some progress", ON, "e", "www.example.gr"]],
            "row 2, column 'Source': 'www.example.gr' is not a web address",
        ),
        (
            [["EL", "P-2", "Some progress", "=TODAY()", "e", None]],
            "row 2, column 'Assessed on': is a formula; type the value itself",
        ),
        (
            [["EL", "P-2", "Some progress", ON, "e", None], ["EL", "P-2", "Limited progress", ON, "f", None]],
            "row 3: repeats row 2 (EL, P-2, 01 Mar 2026)",
        ),
        ([[None, "P-2", None, ON, "e", None]], "row 2, column 'Member State': is empty"),
    ],
    ids=[
        "unknown-rec",
        "unknown-state",
        "status-label",
        "status-number",
        "date-text",
        "date-invalid",
        "future",
        "before-issue",
        "no-evidence",
        "url",
        "formula",
        "duplicate",
        "empty-cells",
    ],
)
def test_bad_rows_are_listed_by_sheet_row_and_column_and_nothing_is_written(seeded, rows, expected):
    admin = _persona(seeded, Role.ADMIN)
    good = ["EL", "C-3", "Full implementation", ON, "A good row beside the bad one.", None]
    problems = _refused(seeded, admin, filled(_template(seeded, admin), [good, *rows]))
    shifted = expected.replace("row 3", "row 4").replace("row 2", "row 3")  # the good row is row 2
    assert any(p.startswith(f"sheet 'Statuses', {shifted.split(', ', 1)[0]}") for p in problems), problems
    assert any(shifted.split(": ", 1)[1] in p for p in problems), problems


def test_every_problem_is_listed_not_only_the_first(seeded):
    admin = _persona(seeded, Role.ADMIN)
    rows = [["EL", "Z-9", "Some progress", ON, "e", None], ["FR", "P-1", "Done", "soon", "e", None]]
    problems = _refused(seeded, admin, filled(_template(seeded, admin), rows))
    assert problems == [
        "sheet 'Statuses', row 2, column 'Recommendation': unknown recommendation 'Z-9'",
        "sheet 'Statuses', row 3, column 'Status': 'Done' is not a status (allowed: No progress, Limited "
        "progress, Some progress, Substantial progress, Full implementation, Not applicable, Not assessed)",
        "sheet 'Statuses', row 3, column 'Assessed on': 'soon' is not a date "
        "(use an Excel date or YYYY-MM-DD)",
    ]


def test_an_official_may_not_import_another_states_rows(seeded):
    official = _persona(seeded, Role.MS_OFFICIAL, "EL")
    rows = [["EL", "P-2", "Some progress", ON, "e", None], ["FR", "P-2", "Some progress", ON, "e", None]]
    problems = _refused(seeded, official, plain(rows))
    assert problems == [
        "sheet 'Statuses', row 3, column 'Member State': 'FR': you may import rows only for Greece (EL)"
    ]
    with pytest.raises(PermissionDenied):
        _import(seeded, _persona(seeded, Role.EXPERT), plain(rows))


ROW = ["EL", "P-2", "Some progress", ON, "e", None]
FIVE = ["Member State", "Recommendation", "Status", "Assessed on", "Evidence"]


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda t: b"", "the file is empty"),
        (lambda t: b"Member State,Recommendation\nEL,P-2\n", "this is not an Excel workbook (.xlsx)"),
        (lambda t: with_macros(filled(t, [ROW])), "the workbook contains macros (.xlsm)"),
        (lambda t: encrypted(filled(t, [ROW])), "the workbook is password-protected (encrypted)"),
        (lambda t: b"PK\x03\x04" + b"\0" * (MAX_BYTES + 1), "the file is 5.0 MB; the limit is 5 MB"),
        (lambda t: filled(t, []), "sheet 'Statuses': there are no rows to import"),
        (
            lambda t: filled(t, [ROW], sheet="Data"),
            "the sheet 'Statuses' is missing (sheets found: 'Instructions', 'Data',",
        ),
        (lambda t: plain([ROW[:5]], header=FIVE), "sheet 'Statuses', row 1: missing column 'Source'"),
        (
            lambda t: plain([[*ROW, "x"]], header=[*FIVE, "Source", "Notes"]),
            "sheet 'Statuses', row 1, column 'G': unexpected column 'Notes'",
        ),
        (
            lambda t: plain([ROW] * (MAX_ROWS + 1)),
            f"sheet 'Statuses': more than {MAX_ROWS:,} rows; split the file",
        ),
    ],
    ids=[
        "empty",
        "not-xlsx",
        "macros",
        "password",
        "too-big",
        "no-rows",
        "renamed-sheet",
        "missing-column",
        "extra-column",
        "too-many-rows",
    ],
)
def test_bad_files_are_refused_with_a_clear_message(demo_engine, make, expected):
    """The file is refused before any row reaches the database: SQLite stands for both backends."""
    admin = _persona(demo_engine, Role.ADMIN)
    problems = _refused(demo_engine, admin, make(_template(demo_engine, admin)))
    assert any(p.startswith(expected) for p in problems), problems


def _selects_during_import(engine, rows) -> int:
    """How many SELECT statements checking and importing ``rows`` takes."""
    from sqlalchemy import event

    admin = _persona(engine, Role.ADMIN)
    data = filled(_template(engine, admin), rows)
    seen = []

    def count(_conn, _cursor, statement, *_args):
        seen.append(statement.lstrip().upper().startswith("SELECT"))

    event.listen(engine, "before_cursor_execute", count)
    try:
        _import(engine, admin, data)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return sum(seen)


def test_the_import_reads_what_it_checks_against_once_not_per_row(demo_engine):
    states = ["BE", "BG", "CZ", "DK", "DE", "EE", "IE", "ES", "FR", "HR", "IT", "CY", "LV", "LT", "LU"]
    rows = [[ms, "P-2", "Limited progress", ON, f"Plan of {ms}.", None] for ms in states]
    assert _selects_during_import(demo_engine, rows[:2]) == _selects_during_import(demo_engine, rows[2:])

"""Going live: the real register in, the demo out, rounds published for good, accounts managed.

Every refusal is checked with its message and with the database exactly as it was before.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from dashboard.access.audit_log import AuditFilter, audit_page, audit_report, history_of
from dashboard.access.auth import COMMAND_LINE, Action, authorize, user_by_email
from dashboard.access.demo import demo_available, demo_persona, holds_real_data
from dashboard.access.users import add_user, list_users, set_active, set_role
from dashboard.admin.demo import demo_summary, remove_demo
from dashboard.assessment import catalogue
from dashboard.assessment.model import load_model
from dashboard.assessment.scoring import CellEdit, save_scores
from dashboard.enums import Addressee, Direction, Priority, Role, RoundState, StatusLevel
from dashboard.errors import ConcurrentEdit, InvalidInput, PermissionDenied
from dashboard.excel import audit as audit_excel
from dashboard.excel import implementation as implementation_excel
from dashboard.excel.sheet_reader import UploadRefused
from dashboard.monitoring import basis
from dashboard.monitoring.eu_view import eu_view
from dashboard.monitoring.queries import latest_statuses
from dashboard.monitoring.recording import StatusEntry, record_assessment
from dashboard.monitoring.register import (
    RecommendationInput,
    add_area,
    add_recommendation,
    edit_recommendation,
    recommendation_record,
    rename_area,
    retire_recommendation,
)
from dashboard.monitoring.register_import import import_register
from dashboard.monitoring.report import implementation_report
from dashboard.monitoring.review import submit_status, validate
from dashboard.monitoring.rounds import add_round, all_rounds, close_round, publish_round, reopen_round
from dashboard.store.db import session_scope
from dashboard.store.models import (
    AuditEntry,
    Criterion,
    ImplementationAssessment,
    MemberState,
    Option,
    Recommendation,
    StatusSubmission,
    ThematicArea,
)
from dashboard.store.provenance import holds_illustrative_data
from tests.inputs import criterion_input
from tests.registers import FINAL_REPORT, REGISTER, contents, first_administrator, register_file

TODAY = dt.date.today()
OFFICIAL = "official.el@example.eu"


@pytest.fixture
def live(engine):
    """Reference data, the first administrator and the real register of REGISTER: (engine, admin)."""
    admin = first_administrator(engine)
    with session_scope(engine) as s:
        import_register(s, admin, register_file(engine, admin, REGISTER))
    return engine, admin


def refused(engine, call, error=InvalidInput) -> str:
    """Run ``call(session)``, which must raise ``error`` and leave every table as it was; its message."""
    before = contents(engine)
    with pytest.raises(error) as caught, session_scope(engine) as s:
        call(s)
    assert contents(engine) == before
    return str(caught.value)


def entry(code="R-4", area=1, **changes) -> RecommendationInput:
    values = {
        "code": code,
        "area_id": area,
        "title": "Multi-agency approach at local level",
        "addressee": Addressee.MEMBER_STATES,
        "issued_on": dt.date(2018, 5, 18),
        "priority": Priority.HIGH,
        "source_document": FINAL_REPORT,
        "source_paragraph": "5.2",
    }
    return RecommendationInput(**(values | changes))


# --- the register from Excel -------------------------------------------------------------------


def test_an_imported_register_is_real_and_ends_demo_mode(live):
    engine, _ = live
    with session_scope(engine) as s:
        rows = s.scalars(select(Recommendation).order_by(Recommendation.code)).all()
        assert [(r.code, r.illustrative, r.source_document, r.source_paragraph) for r in rows] == [
            ("R-1", False, FINAL_REPORT, "3.1"),
            ("R-2", False, FINAL_REPORT, "3.2"),
            ("R-3", False, FINAL_REPORT, "4.1"),
        ]
        assert rows[2].addressee is Addressee.BOTH and rows[2].deadline is None
        assert rows[1].priority is Priority.MEDIUM and rows[1].description == "Multi-agency follow-up."
        assert holds_real_data(s) and not demo_available(s) and not holds_illustrative_data(s)
        page = audit_page(s, COMMAND_LINE, AuditFilter(action="import"))
        assert page.total == 4  # three recommendations and the file
        assert set(page.rows["Key"]) == {"R-1", "R-2", "R-3", "register.xlsx"}


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ({0: "R-1"}, "Code", "R-1 is already in the register"),
        ({1: "Space policy"}, "Thematic area", "'Space policy' is not a thematic area"),
        ({4: "Parliament"}, "Addressed to", "'Parliament' is not an addressee"),
        ({7: "Urgent"}, "Priority", "'Urgent' is not a priority (High, Medium or Low)"),
        ({8: None}, "Source document", "the source document is required"),
        ({9: None}, "Paragraph", "the paragraph is required"),
        ({5: "18/05/2018x"}, "Issued on", "is not a date"),
        ({6: dt.date(2017, 1, 1)}, "Deadline", "the deadline 01 Jan 2017 is before the date of issue"),
        ({0: "R 9"}, "Code", "'R 9' is not a code"),
    ],
)
def test_a_register_file_with_a_problem_adds_nothing(live, row, column, message):
    engine, admin = live
    bad = ["R-9", "Ideology and polarisation", "Research on polarisation", "", "Commission",
           dt.date(2018, 5, 18), None, "Low", FINAL_REPORT, "6.1"]  # fmt: skip
    for i, value in row.items():
        bad[i] = value
    data = register_file(engine, admin, [["R-8", *REGISTER[0][1:]], bad])
    text = refused(engine, lambda s: import_register(s, admin, data), UploadRefused)
    assert f"row 3, column '{column}'" in text and message in text, text


def test_a_code_twice_in_one_file_is_named_with_both_rows(live):
    engine, admin = live
    data = register_file(engine, admin, [["R-7", *REGISTER[0][1:]], ["R-7", *REGISTER[1][1:]]])
    text = refused(engine, lambda s: import_register(s, admin, data), UploadRefused)
    assert "row 3, column 'Code'" in text and "R-7 is also on row 2" in text


def test_only_the_secretariat_imports_a_register(live):
    engine, admin = live
    data = register_file(engine, admin, [["R-8", *REGISTER[0][1:]]])
    with session_scope(engine) as s:
        official = add_user(s, admin, "official.el@example.eu", "Greek official", Role.MS_OFFICIAL, "EL")
    text = refused(engine, lambda s: import_register(s, official, data), PermissionDenied)
    assert "Member State officials may not" in text


# --- the register edited in the app ---------------------------------------------------------------


def test_a_recommendation_is_added_edited_and_its_history_kept(live):
    engine, admin = live
    with session_scope(engine) as s:
        add_recommendation(s, admin, entry())
    with session_scope(engine) as s:
        _, version, retired = recommendation_record(s, "R-4")
        assert retired is None and not s.scalar(
            select(Recommendation.illustrative).where(Recommendation.code == "R-4")
        )
        edit_recommendation(
            s, admin, "R-4", entry(deadline=dt.date(2027, 6, 30), priority=Priority.LOW), version
        )
    with session_scope(engine) as s:
        history = history_of(s, admin, "recommendation", "R-4")
    assert list(history["Action"]) == ["add", "edit"]
    assert list(history["Who"]) == ["secretariat@example.eu"] * 2
    assert history.iloc[1]["What changed"] == "deadline: — → 2027-06-30; priority: high → low"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"code": "R-1"}, "R-1 is already in the register"),
        ({"area_id": 999}, "unknown thematic area '999'"),
        ({"title": ""}, "the title is required"),
        ({"title": "x" * 201}, "the title is longer than 200 characters"),
        ({"title": "Tab\x07bell"}, "the title contains a control character"),
        ({"issued_on": TODAY + dt.timedelta(days=1)}, "is in the future"),
        ({"source_paragraph": ""}, "the paragraph is required"),
    ],
)
def test_an_invalid_recommendation_is_refused(live, changes, message):
    engine, admin = live
    text = refused(engine, lambda s: add_recommendation(s, admin, entry(**changes)))
    assert text.startswith("Not saved: ") and message in text, text


def test_a_recommendation_in_a_retired_area_is_refused(live):
    engine, admin = live
    with session_scope(engine) as s:
        area = add_area(s, admin, "Youth work")
        rename_area(s, admin, area, "Youth work", True)
    text = refused(engine, lambda s: add_recommendation(s, admin, entry(area=area)))
    assert "the thematic area 'Youth work' is retired" in text


def test_an_edit_made_on_an_old_copy_is_refused_and_names_who_changed_it(live):
    engine, admin = live
    with session_scope(engine) as s:
        record, version, _ = recommendation_record(s, "R-1")
        edit_recommendation(
            s, admin, "R-1", record.__class__(**(record.__dict__ | {"title": "Risk tools"})), version
        )
    stale = record.__class__(**(record.__dict__ | {"priority": Priority.LOW}))
    text = refused(engine, lambda s: edit_recommendation(s, admin, "R-1", stale, version), ConcurrentEdit)
    assert "secretariat@example.eu" in text


def test_a_retired_recommendation_keeps_its_history_and_takes_no_new_status(live):
    engine, admin = live
    on = dt.date(2024, 1, 1)
    with session_scope(engine) as s:
        record_assessment(s, admin, StatusEntry("R-1", "EL", StatusLevel.SOME, on, "Plan adopted."))
        record, version, _ = recommendation_record(s, "R-1")
        retire_recommendation(s, admin, "R-1", dt.date(2025, 1, 1))
    later = StatusEntry("R-1", "EL", StatusLevel.FULL, dt.date(2025, 3, 1), "Done.")
    text = refused(engine, lambda s: record_assessment(s, admin, later))
    assert "R-1 was retired on 01 Jan 2025" in text
    text = refused(engine, lambda s: edit_recommendation(s, admin, "R-1", record, version))
    assert "R-1 is retired (since 01 Jan 2025); reinstate it first" in text
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(ImplementationAssessment)) == 1
        assert s.scalar(select(Recommendation.retired_on).where(Recommendation.code == "R-1")) == dt.date(
            2025, 1, 1
        )


def test_only_the_secretariat_edits_the_register(live):
    engine, admin = live
    with session_scope(engine) as s:
        expert = add_user(s, admin, "expert@example.eu", "An expert", Role.EXPERT)
    text = refused(engine, lambda s: add_recommendation(s, expert, entry()), PermissionDenied)
    assert "Experts may not" in text


# --- the catalogue --------------------------------------------------------------------------------


def test_a_criterion_added_after_scoring_waits_as_not_scored_and_never_as_the_baseline(seeded):
    with session_scope(seeded) as s:
        admin, expert = demo_persona(s, Role.ADMIN), demo_persona(s, Role.EXPERT)
        before = load_model(s)
        catalogue.add_criterion(s, admin, criterion_input("C-NEW", "Public trust"))
    with session_scope(seeded) as s:
        model = load_model(s)
        assert (
            model.criterion_codes == before.criterion_codes
            and "C-NEW Public trust (not scored yet)" in model.not_scored
        )
        # one expert scores it for one option: the others' cells would count as the baseline's 0
        save_scores(s, expert, [CellEdit(before.option_codes[1], "C-NEW", 2, "Builds trust", 0)])
    with session_scope(seeded) as s:
        model = load_model(s)
        assert (
            "C-NEW" not in model.criterion_codes and "C-NEW Public trust (partly scored)" in model.not_scored
        )
        for option in before.option_codes[1:]:
            save_scores(
                s, expert, [CellEdit(option, "C-NEW", 1, "", 1 if option == before.option_codes[1] else 0)]
            )
    with session_scope(seeded) as s:
        model = load_model(s)
        assert model.criterion_codes == (*before.criterion_codes, "C-NEW") and model.not_scored == ()


def test_a_retired_option_leaves_the_ranking_and_cannot_be_edited(seeded):
    with session_scope(seeded) as s:
        admin = demo_persona(s, Role.ADMIN)
        code = catalogue.add_option(s, admin, catalogue.OptionInput("O-NEW", "A network of networks"))
    with session_scope(seeded) as s:
        assert "O-NEW A network of networks (not scored yet)" in load_model(s).not_scored
        catalogue.retire(s, admin, "option", "O-NEW", True)
    with session_scope(seeded) as s:
        assert all("O-NEW" not in item for item in load_model(s).not_scored)
        _, version, retired = catalogue.catalogue_item(s, "option", "O-NEW")
    assert retired and code
    text = refused(
        seeded,
        lambda s: catalogue.edit_option(
            s, admin, "O-NEW", catalogue.OptionInput("O-NEW", "Renamed"), version
        ),
    )
    assert text == "Not saved: O-NEW is retired; reinstate it first"


def test_catalogue_refusals(seeded):
    with session_scope(seeded) as s:
        persona = demo_persona(s, Role.ADMIN)
        baseline = s.scalar(select(Option.code).where(Option.is_baseline))
        taken = s.scalar(select(Criterion.code).limit(1))
    text = refused(seeded, lambda s: catalogue.retire(s, persona, "criterion", taken, True))
    assert text == "in demo mode the catalogue as seeded cannot be changed; add an item to try it"
    admin = first_administrator(seeded)
    assert "cannot be retired" in refused(
        seeded, lambda s: catalogue.retire(s, admin, "option", baseline, True)
    )
    text = refused(
        seeded,
        lambda s: catalogue.add_criterion(s, admin, criterion_input(taken, "Again", Direction.COST)),
    )
    assert text == f"the code {taken} is already taken"


# --- rounds ---------------------------------------------------------------------------------------


def _status(code, level, days_ago, evidence="Evidence.", reason="", state="EL"):
    return StatusEntry(code, state, level, TODAY - dt.timedelta(days=days_ago), evidence, "", reason)


@pytest.fixture
def published(live):
    """A round whose statuses were submitted by the Greek official, validated by the secretariat,
    closed and published."""
    engine, admin = live
    with session_scope(engine) as s:
        official = add_user(s, admin, "official.el@example.eu", "Greek official", Role.MS_OFFICIAL, "EL")
        add_round(s, admin, "2026 review", TODAY - dt.timedelta(days=30))
    with session_scope(engine) as s:
        submitted = [
            submit_status(s, official, _status("R-1", StatusLevel.SOME, 40)),
            submit_status(s, official, _status("R-2", StatusLevel.FULL, 35)),
        ]
    with session_scope(engine) as s:
        for submission in submitted:
            validate(s, admin, submission)
        close_round(s, admin, "2026 review")
    with session_scope(engine) as s:
        publish_round(s, admin, "2026 review")
        round_id = next(r.id for r in all_rounds(s) if r.name == "2026 review")
    return engine, admin, official, round_id


def test_a_closed_round_takes_no_status_dated_inside_it(live):
    engine, admin = live
    with session_scope(engine) as s:
        add_round(s, admin, "2026 review", TODAY - dt.timedelta(days=30))
        close_round(s, admin, "2026 review")
    text = refused(engine, lambda s: record_assessment(s, admin, _status("R-1", StatusLevel.SOME, 40)))
    assert "the round '2026 review' is closed: no new status may be" in text
    with session_scope(engine) as s:  # after its reference date a status is not inside it
        record_assessment(s, admin, _status("R-1", StatusLevel.SOME, 10))
        reopen_round(s, admin, "2026 review")
        record_assessment(s, admin, _status("R-2", StatusLevel.SOME, 40))


def test_a_published_round_keeps_its_figures_while_the_live_view_moves(published):
    engine, admin, official, round_id = published
    with session_scope(engine) as s:
        as_published = basis.published(s, round_id)
        figures = eu_view(s, as_published).figures
        report = implementation_report(s, admin, as_published)
        first = implementation_excel.render(report)
        live_before = eu_view(s, TODAY).figures
    text = refused(engine, lambda s: submit_status(s, official, _status("R-3", StatusLevel.FULL, 33)))
    assert "the round '2026 review' is published: statuses" in text and "corrected by the secretariat" in text
    text = refused(engine, lambda s: record_assessment(s, admin, _status("R-3", StatusLevel.FULL, 33)))
    assert "give the reason for the correction" in text
    with session_scope(engine) as s:
        record_assessment(s, admin, _status("R-3", StatusLevel.FULL, 33, reason="Report arrived late"))
        after = submit_status(s, official, _status("R-1", StatusLevel.SUBSTANTIAL, 5))  # after the round
        validate(s, admin, after)
    with session_scope(engine) as s:
        again = basis.published(s, round_id)
        assert eu_view(s, again).figures == figures
        assert eu_view(s, TODAY).figures != live_before
        someone_else = add_user(s, admin, "viewer@example.eu", "A reader", Role.VIEWER)
        assert implementation_excel.render(implementation_report(s, someone_else, again)) == first
        correction = s.scalar(select(ImplementationAssessment).where(ImplementationAssessment.correction))
        assert correction.correction_reason == "Report arrived late"
        live_now = latest_statuses(s, TODAY).set_index(["recommendation", "member_state"])
        assert live_now.loc[("R-3", "EL"), "status"] is StatusLevel.FULL
        assert live_now.loc[("R-1", "EL"), "status"] is StatusLevel.SUBSTANTIAL
        kept = basis.statuses(s, again).set_index(["recommendation", "member_state"])
        assert kept.loc[("R-3", "EL"), "status"] is StatusLevel.NOT_ASSESSED
        assert kept.loc[("R-1", "EL"), "status"] is StatusLevel.SOME


@pytest.mark.parametrize(
    ("move", "message"),
    [
        (lambda s, a: publish_round(s, a, "2026 review"), "only a round that is closed can be published"),
        (lambda s, a: reopen_round(s, a, "2026 review"), "only a round that is closed can be open"),
        (lambda s, a: close_round(s, a, "2026 review"), "only a round that is open can be closed"),
        (lambda s, a: add_round(s, a, "2026 review", TODAY), "a round named '2026 review' already exists"),
        (lambda s, a: add_round(s, a, "Earlier", TODAY - dt.timedelta(days=60)), "must end after the last"),
        (lambda s, a: publish_round(s, a, "2030"), "no round named '2030' (rounds: 2026 review)"),
    ],
)  # fmt: skip
def test_a_published_round_cannot_move_again(published, move, message):
    engine, admin, _, _ = published
    assert message in refused(engine, lambda s: move(s, admin))


def test_rounds_are_published_in_order(published):
    engine, admin, _, _ = published
    with session_scope(engine) as s:
        add_round(s, admin, "2027 review", TODAY - dt.timedelta(days=10))
        add_round(s, admin, "2028 review", TODAY)
        close_round(s, admin, "2028 review")
    text = refused(engine, lambda s: publish_round(s, admin, "2028 review"))
    assert text == "publish the earlier rounds first (2027 review)"
    with session_scope(engine) as s:
        assert [r.state for r in all_rounds(s)] == [RoundState.PUBLISHED, RoundState.OPEN, RoundState.CLOSED]


def test_a_round_moved_by_someone_else_meanwhile_is_refused(published):
    engine, admin, _, _ = published
    with session_scope(engine) as s:
        add_round(s, admin, "2027 review", TODAY)
    with session_scope(engine) as first, session_scope(engine) as second:
        all_rounds(second)  # the second administrator has the page open
        close_round(first, admin, "2027 review")
        first.commit()
        with pytest.raises((ConcurrentEdit, InvalidInput)):
            close_round(second, admin, "2027 review")
        second.rollback()


# --- demo data ------------------------------------------------------------------------------------


def test_removing_the_demo_leaves_reference_data_and_no_illustrative_row(seeded):
    with session_scope(seeded) as s:
        admin = demo_persona(s, Role.ADMIN)
        before = demo_summary(s)
        reference = {
            m.__tablename__: s.scalar(select(func.count()).select_from(m))
            for m in (MemberState, ThematicArea, Option, Criterion)
        }
        counts = remove_demo(s, admin)
    assert counts["app_user"] == before["app_user"] > 0
    assert counts["implementation_assessment"] == before["implementation_assessment"] > 0
    assert counts["recommendation"] == before["recommendation"] > 0
    with session_scope(seeded) as s:
        assert not any(demo_summary(s).values()) and not holds_illustrative_data(s) and not demo_available(s)
        assert {
            m.__tablename__: s.scalar(select(func.count()).select_from(m))
            for m in (MemberState, ThematicArea, Option, Criterion)
        } == reference
        entry_ = audit_page(s, COMMAND_LINE, AuditFilter(entity="demo data")).rows.iloc[0]
        assert entry_["Who"] == admin.email and json.loads(entry_["New"]) == counts
        first = first_administrator(seeded)
        report = implementation_report(s, first, TODAY)
        assert report.provenance.illustrative is False
        assert b"llustrative" not in implementation_excel.render(report)


def test_demo_mode_ends_when_anything_real_is_written(seeded):
    with session_scope(seeded) as s:
        assert demo_available(s)
        official = demo_persona(s, Role.MS_OFFICIAL, "EL")
        submitted = submit_status(s, official, _status("P-2", StatusLevel.FULL, 3, "Training for all staff."))
        validate(s, demo_persona(s, Role.ADMIN), submitted)
    with session_scope(seeded) as s:
        assert demo_available(s)  # what a persona writes is itself illustrative
        assert s.scalar(
            select(ImplementationAssessment.illustrative)
            .order_by(ImplementationAssessment.id.desc())
            .limit(1)
        )
        assert s.scalar(select(StatusSubmission.illustrative).where(StatusSubmission.id == submitted))
        add_user(s, COMMAND_LINE, "first.admin@example.eu", "First administrator", Role.ADMIN)
    with session_scope(seeded) as s:
        assert holds_real_data(s) and not demo_available(s)


# --- users ----------------------------------------------------------------------------------------


def test_a_deactivated_account_is_refused_everywhere_and_keeps_its_history(published):
    engine, admin, official, _ = published
    with session_scope(engine) as s:
        set_active(s, admin, official.email, False)
    with session_scope(engine) as s:
        account = user_by_email(s, official.email)
        assert account is not None and not account.active
        with pytest.raises(PermissionDenied, match="deactivated"):
            authorize(account, Action.VIEW)
        users = list_users(s, admin).set_index("E-mail")
        assert users.loc[official.email, "Active"] == False  # noqa: E712 (a table's cell)
        assert audit_page(s, admin, AuditFilter(who=official.email)).total == 2
    text = refused(
        engine, lambda s: submit_status(s, account, _status("R-1", StatusLevel.FULL, 2)), PermissionDenied
    )
    assert "deactivated" in text
    with session_scope(engine) as s:
        set_active(s, admin, official.email, True)
        assert user_by_email(s, official.email).active


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s, a: set_active(s, a, a.email, False), "you cannot deactivate your own account"),
        (lambda s, a: set_active(s, a, "nobody@example.eu", False), "no user with e-mail nobody@example.eu"),
        (lambda s, a: set_active(s, a, OFFICIAL, True), f"{OFFICIAL} is already active"),
        (lambda s, a: set_role(s, a, OFFICIAL, Role.MS_OFFICIAL, "XX"), "unknown Member State code 'XX'"),
        (lambda s, a: set_role(s, a, OFFICIAL, Role.EXPERT, "EL"), "only Member State officials"),
        (lambda s, a: add_user(s, a, OFFICIAL, "Again", Role.VIEWER), "already exists"),
    ],
)  # fmt: skip
def test_account_refusals(published, call, message):
    engine, admin, _, _ = published
    assert message in refused(engine, lambda s: call(s, admin))


def test_a_role_change_is_audited_and_takes_effect(published):
    engine, admin, official, _ = published
    with session_scope(engine) as s:
        set_role(s, admin, official.email, Role.MS_OFFICIAL, "CY")
    with session_scope(engine) as s:
        moved = user_by_email(s, official.email)
        assert moved.member_state == "CY"
    text = refused(
        engine, lambda s: submit_status(s, moved, _status("R-1", StatusLevel.FULL, 2)), PermissionDenied
    )
    assert "only for your own Member State (CY), not for EL" in text


# --- the audit log --------------------------------------------------------------------------------


def test_the_audit_log_filters_pages_and_exports_what_it_shows(published):
    engine, admin, official, _ = published
    with session_scope(engine) as s:
        everything = audit_page(s, admin, AuditFilter(), page=1, size=5)
        assert everything.total == s.scalar(select(func.count()).select_from(AuditEntry)) > 10
        assert everything.pages == -(-everything.total // 5) and len(everything.rows) == 5
        last = audit_page(s, admin, AuditFilter(), page=everything.pages, size=5)
        assert len(last.rows) == everything.total - 5 * (everything.pages - 1)
        assert audit_page(s, admin, AuditFilter(), page=999, size=5).page == everything.pages
        theirs = audit_page(s, admin, AuditFilter(who=official.email, action="submit"))
        assert theirs.total == 2 and set(theirs.rows["Key"]) == {"R-1:EL", "R-2:EL"}
        rounds = audit_page(s, admin, AuditFilter(entity="assessment_round"))
        assert list(rounds.rows["Action"]) == ["published", "closed", "add"]
        assert audit_page(s, admin, AuditFilter(until=TODAY - dt.timedelta(days=1))).total == 0
        assert audit_page(s, admin, AuditFilter(since=TODAY)).total == everything.total
        report = audit_report(s, admin, AuditFilter(entity="assessment_round"))
        with pytest.raises(PermissionDenied):
            audit_page(s, official, AuditFilter())
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(audit_excel.render(report)), read_only=True)
    sheet = book[book.sheetnames[-1]]
    values = [row for row in sheet.iter_rows(values_only=True)]
    actions = [row for row in values if row and row[2] in ("published", "closed", "add")]
    assert [row[2] for row in actions] == ["published", "closed", "add"]

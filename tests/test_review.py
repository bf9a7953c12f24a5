"""The two voices: a Member State submits, the secretariat validates or contests, the Member State
replies, the secretariat accepts or keeps; withdrawals and corrections. Every rule and refusal."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from dashboard.access.auth import COMMAND_LINE
from dashboard.access.demo import demo_persona
from dashboard.enums import Review, Role, StatusLevel
from dashboard.errors import ConcurrentEdit, InvalidInput, PermissionDenied
from dashboard.excel import implementation as workbook
from dashboard.monitoring import corrections, review, review_view, rounds
from dashboard.monitoring.figures import progress_index
from dashboard.monitoring.queries import history, latest_statuses
from dashboard.monitoring.recording import StatusEntry, record_assessment
from dashboard.monitoring.report import implementation_report
from dashboard.store.db import current_revision, session_scope
from dashboard.store.models import AuditEntry, ImplementationAssessment, StatusSubmission

TODAY = dt.date.today()
ON = TODAY - dt.timedelta(days=2)


def _entry(status=StatusLevel.FULL, evidence="Law in force since May.", rec="P-2", on=ON, state="EL"):
    return StatusEntry(rec, state, status, on, evidence)


def _people(engine):
    with session_scope(engine) as s:
        return demo_persona(s, Role.MS_OFFICIAL, "EL"), demo_persona(s, Role.ADMIN)


def _latest(engine, rec="P-2", state="EL"):
    with session_scope(engine) as s:
        return latest_statuses(s, TODAY).set_index(["recommendation", "member_state"]).loc[(rec, state)]


def _state(engine, submission):
    with session_scope(engine) as s:
        return s.scalar(select(StatusSubmission.state).where(StatusSubmission.id == submission))


def _refused(engine, call, kind=InvalidInput) -> str:
    with session_scope(engine) as s:
        before = (current_revision(s), s.scalar(select(func.count(AuditEntry.id))))
    with pytest.raises(kind) as raised, session_scope(engine) as s:
        call(s)
    with session_scope(engine) as s:
        assert (current_revision(s), s.scalar(select(func.count(AuditEntry.id)))) == before
    return str(raised.value)


@pytest.fixture
def submitted(seeded):
    official, admin = _people(seeded)
    with session_scope(seeded) as s:
        submission = review.submit_status(s, official, _entry())
    return seeded, official, admin, submission


def test_a_validated_submission_becomes_the_assessed_status_with_its_evidence(submitted):
    engine, official, admin, submission = submitted
    before = _latest(engine)
    assert before["status"] is not StatusLevel.FULL  # submitted: in no figure
    with session_scope(engine) as s:
        assessed = review.validate(s, admin, submission, "Checked against the law.")
    after = _latest(engine)
    assert (after["status"], after["evidence"], after["by"]) == (
        StatusLevel.FULL,
        "Law in force since May.",
        "Secretariat",
    )
    assert _state(engine, submission) is Review.VALIDATED
    with session_scope(engine) as s:
        linked = s.scalar(select(StatusSubmission.assessment_id).where(StatusSubmission.id == submission))
        steps = review_view.thread(s, official, "P-2", "EL")
        actions = s.scalars(select(AuditEntry.action).order_by(AuditEntry.id.desc()).limit(2)).all()
    assert linked == assessed
    assert list(steps["step"]) == [Review.SUBMITTED, Review.VALIDATED]
    assert list(steps["by"]) == ["Greece official", "Secretariat"]
    assert steps["comment"].iloc[-1] == "Checked against the law."
    assert actions == ["validated", "validated"]  # the submission's step, the assessed status it made


def test_contest_reply_and_accept_the_thread_and_the_figures_follow(submitted):
    engine, official, admin, submission = submitted
    with session_scope(engine) as s:
        review.contest(s, admin, submission, StatusLevel.SOME, "Only two of five regions apply it.")
    contested = _latest(engine)
    assert (contested["status"], contested["evidence"]) == (
        StatusLevel.SOME,
        "Only two of five regions apply it.",
    )
    with session_scope(engine) as s:
        own = review_view.own_statuses(s, official, "EL").set_index("recommendation")
    assert own.at["P-2", "status"] is StatusLevel.FULL and own.at["P-2", "state"] is Review.CONTESTED
    with session_scope(engine) as s:
        review.reply(s, official, submission, "All five regions since 1 March: see the decree.")
    assert _state(engine, submission) is Review.REPLIED
    with session_scope(engine) as s:
        review.accept(s, admin, submission, "The decree settles it.")
    accepted = _latest(engine)
    assert (accepted["status"], accepted["evidence"]) == (StatusLevel.FULL, "Law in force since May.")
    with session_scope(engine) as s:
        steps = review_view.thread(s, official, "P-2", "EL")
        table = review_view.thread_table(steps)
    assert list(steps["step"]) == [Review.SUBMITTED, Review.CONTESTED, Review.REPLIED, Review.ACCEPTED]
    assert list(table["What"]) == [
        "Member State submitted",
        "Secretariat contested and assessed",
        "Member State replied",
        "Secretariat accepted the Member State's status",
    ]
    assert table["Status"].iloc[1] == "Some progress"


def test_after_a_reply_the_secretariat_may_keep_its_assessment(submitted):
    engine, official, admin, submission = submitted
    with session_scope(engine) as s:
        review.contest(s, admin, submission, StatusLevel.LIMITED, "A plan, not yet a law.")
        review.reply(s, official, submission, "The law passed its first reading.")
        review.keep(s, admin, submission, "A first reading is not adoption.")
    assert _latest(engine)["status"] is StatusLevel.LIMITED and _state(engine, submission) is Review.KEPT


def test_a_new_submission_replaces_the_one_waiting_and_a_withdrawn_one_counts_nowhere(submitted):
    engine, official, _, first = submitted
    with session_scope(engine) as s:
        second = review.submit_status(s, official, _entry(StatusLevel.SUBSTANTIAL, "Most regions apply it."))
    assert _state(engine, first) is Review.REPLACED
    with session_scope(engine) as s:
        review.withdraw_submission(s, official, second, "Sent before the regions confirmed.")
        own = review_view.own_statuses(s, official, "EL")
        steps = review_view.thread(s, official, "P-2", "EL")
    assert _state(engine, second) is Review.WITHDRAWN and "P-2" not in set(own["recommendation"])
    assert list(steps["step"]) == [Review.SUBMITTED, Review.REPLACED, Review.SUBMITTED, Review.WITHDRAWN]


@pytest.mark.parametrize(
    ("step", "message"),
    [
        (lambda s, o, a, i: review.contest(s, a, i, StatusLevel.FULL, "Same."), "is the status submitted"),
        (lambda s, o, a, i: review.contest(s, a, i, StatusLevel.SOME, " "), "reason for contesting it is"),
        (lambda s, o, a, i: review.reply(s, o, i, "Too early."), "cannot be replied"),
        (lambda s, o, a, i: review.accept(s, a, i), "cannot be accepted"),
        (lambda s, o, a, i: review.keep(s, a, i, "No."), "cannot be kept"),
        (lambda s, o, a, i: review.withdraw_submission(s, o, i, ""), "the reason for withdrawing it is"),
        (lambda s, o, a, i: review.validate(s, a, i + 1000), "There is no submission"),
        (lambda s, o, a, i: review.validate(s, a, i, "x" * 1001), "longer than 1000 characters"),
    ],
)  # fmt: skip
def test_a_step_out_of_turn_or_without_its_reason_is_refused_in_words(submitted, step, message):
    engine, official, admin, submission = submitted
    kind = ConcurrentEdit if "cannot be" in message else InvalidInput
    assert message in _refused(engine, lambda s: step(s, official, admin, submission), kind)
    assert _state(engine, submission) is Review.SUBMITTED


def test_a_submission_reviewed_meanwhile_is_refused_with_what_happened(submitted):
    engine, _, admin, submission = submitted
    with session_scope(engine) as s:
        review.validate(s, admin, submission)
    text = _refused(engine, lambda s: review.validate(s, admin, submission), ConcurrentEdit)
    assert text.startswith("This submission is validated now, so it cannot be validated: someone acted on it")


@pytest.mark.parametrize(
    ("who", "step", "message"),
    [
        ("official", lambda s, u, i: review.validate(s, u, i), "Member State officials may not assess"),
        ("official", lambda s, u, i: review.contest(s, u, i, StatusLevel.SOME, "No."), "may not assess"),
        ("other", lambda s, u, i: review.withdraw_submission(s, u, i, "Mine?"), "not for EL"),
        ("other", lambda s, u, i: review.submit_status(s, u, _entry()), "not for EL"),
        ("expert", lambda s, u, i: review.submit_status(s, u, _entry()), "Experts may not record"),
        ("viewer", lambda s, u, i: review.validate(s, u, i), "Viewers may not assess"),
    ],
)
def test_each_voice_is_its_own(submitted, who, step, message):
    engine, _, _, submission = submitted
    with session_scope(engine) as s:
        user = {
            "official": demo_persona(s, Role.MS_OFFICIAL, "EL"),
            "other": demo_persona(s, Role.MS_OFFICIAL, "PT"),
            "expert": demo_persona(s, Role.EXPERT),
            "viewer": demo_persona(s, Role.VIEWER),
        }[who]
    assert message in _refused(engine, lambda s: step(s, user, submission), PermissionDenied)


def test_a_submission_obeys_the_recording_rules(seeded):
    official, _ = _people(seeded)
    future = _entry(on=TODAY + dt.timedelta(days=1))
    assert "is in the future" in _refused(seeded, lambda s: review.submit_status(s, official, future))
    bare = _entry(StatusLevel.NO_PROGRESS, evidence="")
    assert "evidence is required for a change of status" in _refused(
        seeded, lambda s: review.submit_status(s, official, bare)
    )
    corrected = StatusEntry("P-2", "EL", StatusLevel.FULL, ON, "x", "", "A reason")
    assert "the secretariat's" in _refused(seeded, lambda s: review.submit_status(s, official, corrected))


def test_validating_into_a_round_closed_meanwhile_is_refused(submitted):
    engine, _, admin, submission = submitted
    with session_scope(engine) as s:
        rounds.add_round(s, COMMAND_LINE, "2027 review", TODAY)
        rounds.close_round(s, COMMAND_LINE, "2027 review")
    text = _refused(engine, lambda s: review.validate(s, admin, submission))
    assert text.startswith("Not validated: the round '2027 review' is closed")


def test_validating_into_a_round_published_meanwhile_is_a_correction_with_its_reason(submitted):
    engine, _, admin, submission = submitted
    with session_scope(engine) as s:
        for earlier in rounds.all_rounds(s):
            if earlier.state.value != "published":
                rounds.publish_round(s, COMMAND_LINE, earlier.name)
        rounds.add_round(s, COMMAND_LINE, "2027 review", TODAY)
        rounds.close_round(s, COMMAND_LINE, "2027 review")
        rounds.publish_round(s, COMMAND_LINE, "2027 review")
    text = _refused(engine, lambda s: review.validate(s, admin, submission))
    assert "give the reason for the correction" in text
    with session_scope(engine) as s:
        review.validate(s, admin, submission, "Greece's report arrived after publication.")
    with session_scope(engine) as s:
        row = s.scalars(select(ImplementationAssessment).order_by(ImplementationAssessment.id.desc())).first()
    assert row.correction and row.correction_reason == "Greece's report arrived after publication."


def test_only_a_submissions_own_state_sees_it_before_review(submitted):
    engine, _, admin, submission = submitted
    with session_scope(engine) as s:
        other = demo_persona(s, Role.MS_OFFICIAL, "PT")
        viewer = demo_persona(s, Role.VIEWER)
        assert (
            review_view.submissions(s, other, "EL").empty and review_view.thread(s, viewer, "P-2", "EL").empty
        )
        review.validate(s, admin, submission)
    with session_scope(engine) as s:
        assert len(review_view.submissions(s, viewer, "EL")) == 1  # reviewed: the evidence is public


def test_the_workbook_shows_both_voices_and_the_thread(submitted):
    import io

    from openpyxl import load_workbook

    from dashboard.excel import implementation as workbook
    from dashboard.monitoring.report import implementation_report

    engine, official, admin, submission = submitted
    with session_scope(engine) as s:
        review.contest(s, admin, submission, StatusLevel.SOME, "Only two of five regions apply it.")
        review.reply(s, official, submission, "All five since March.")
    with session_scope(engine) as s:
        report = implementation_report(s, official, TODAY, "EL")
    book = load_workbook(io.BytesIO(workbook.render(report)))
    rows = [r for r in book["Review"].iter_rows(values_only=True) if r[0] == "EL"]
    assert [r[1:5] for r in rows] == [
        ("P-2", "Full implementation", "Some progress", "Replied, waiting for review")
    ] * 3
    assert [r[7] for r in rows] == [
        "Member State submitted",
        "Secretariat contested and assessed",
        "Member State replied",
    ]
    assert [r[9] for r in rows] == [None, "Only two of five regions apply it.", "All five since March."]
    detail = next(r for r in book["Detail"].iter_rows(values_only=True) if r[:2] == ("EL", "P-2"))
    assert detail[4] == "Some progress"  # the figures' status is the assessed one


# --- withdrawing and correcting an assessed status ----------------------------------------------


def _recorded(engine, status=StatusLevel.FULL, evidence="Law in force since May.", on=ON) -> int:
    _, admin = _people(engine)
    with session_scope(engine) as s:
        return record_assessment(s, admin, StatusEntry("P-2", "EL", status, on, evidence))


def test_a_withdrawn_status_stays_in_the_history_and_the_one_before_counts_again(seeded):
    before = _latest(seeded)
    row = _recorded(seeded)
    assert _latest(seeded)["status"] is StatusLevel.FULL
    _, admin = _people(seeded)
    with session_scope(seeded) as s:
        corrections.withdraw_status(s, admin, row, "Recorded for the wrong Member State.")
    again = _latest(seeded)
    assert (again["status"], again["assessed_on"]) == (before["status"], before["assessed_on"])
    with session_scope(seeded) as s:
        past = history(s, "EL").set_index("id")
    assert past.at[row, "withdrawal"].startswith(
        "Withdrawn by Secretariat: Recorded for the wrong Member State."
    )
    with session_scope(seeded) as s:  # the Member State's workbook says so in its History
        book = load_workbook(io.BytesIO(workbook.render(implementation_report(s, admin, TODAY, "EL"))))
    header, *rows = list(book["History"].iter_rows(values_only=True))
    kept = next(r for r in rows if r[1] == "P-2" and r[4] == "Law in force since May.")
    assert header[-1] == "Withdrawn" and kept[-1].startswith(
        "Withdrawn by Secretariat: Recorded for the wrong"
    )
    text = _refused(seeded, lambda s: corrections.withdraw_status(s, admin, row, "Again."), ConcurrentEdit)
    assert "withdrawn already" in text


def test_a_correction_replaces_the_status_and_says_what_it_corrects(seeded):
    row = _recorded(seeded)
    _, admin = _people(seeded)
    with session_scope(seeded) as s:
        fixed = corrections.correct_status(
            s, admin, row, StatusLevel.SUBSTANTIAL, "Four of five regions.", "Misread the national report."
        )
    now = _latest(seeded)
    assert (now["status"], now["assessed_on"]) == (StatusLevel.SUBSTANTIAL, ON)
    with session_scope(seeded) as s:
        past = history(s, "EL").set_index("id")
        corrects = s.scalar(
            select(ImplementationAssessment.corrects_id).where(ImplementationAssessment.id == fixed)
        )
    assert corrects == row and past.at[fixed, "correction"] == "Misread the national report."
    assert past.at[row, "withdrawal"].startswith("Corrected by Secretariat: Misread the national report.")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s, a, r: corrections.withdraw_status(s, a, r, " "), "Not withdrawn: the reason is required"),
        (lambda s, a, r: corrections.correct_status(s, a, r, StatusLevel.SOME, "x", ""), "Not corrected"),
        (lambda s, a, r: corrections.correct_status(s, a, r, None, "", "Wrong."), "evidence is required"),
        (lambda s, a, r: corrections.withdraw_status(s, a, r + 10_000, "Wrong."), "no assessed status"),
    ],
)  # fmt: skip
def test_a_withdrawal_or_correction_without_what_it_needs_changes_nothing(seeded, call, message):
    before = _latest(seeded)["status"]
    row = _recorded(seeded)
    _, admin = _people(seeded)
    other = next(s for s in StatusLevel if s not in (before, StatusLevel.FULL))  # a change: needs evidence
    call_ = call
    if "evidence" in message:
        call_ = lambda s, a, r: corrections.correct_status(s, a, r, other, "", "Wrong.")  # noqa: E731
    assert message in _refused(seeded, lambda s: call_(s, admin, row))
    assert _latest(seeded)["status"] is StatusLevel.FULL


def test_a_closed_round_keeps_its_statuses_and_a_published_one_changes_only_live(seeded):
    row = _recorded(seeded)
    official, admin = _people(seeded)
    with session_scope(seeded) as s:
        for earlier in rounds.all_rounds(s):  # the demo's last round published first
            if earlier.state.value == "open":
                rounds.close_round(s, COMMAND_LINE, earlier.name)
            if earlier.state.value != "published":
                rounds.publish_round(s, COMMAND_LINE, earlier.name)
        rounds.add_round(s, COMMAND_LINE, "2027 review", TODAY)
        rounds.close_round(s, COMMAND_LINE, "2027 review")
    text = _refused(seeded, lambda s: corrections.withdraw_status(s, admin, row, "Wrong."))
    assert "the round '2027 review' is closed" in text
    with session_scope(seeded) as s:
        rounds.publish_round(s, COMMAND_LINE, "2027 review")
        published = next(r.id for r in rounds.all_rounds(s) if r.name == "2027 review")
    from dashboard.monitoring import basis

    with session_scope(seeded) as s:
        frozen = basis.statuses(s, basis.published(s, published))
        corrections.withdraw_status(s, admin, row, "Recorded for the wrong Member State.")
    with session_scope(seeded) as s:
        assert basis.statuses(s, basis.published(s, published)).equals(frozen)
        live = latest_statuses(s, TODAY)
    mine = frozen[frozen["member_state"] == "EL"]
    assert progress_index(live[live["member_state"] == "EL"]["status"]) != progress_index(mine["status"])
    text = _refused(seeded, lambda s: corrections.withdraw_status(s, official, row, "x"), PermissionDenied)
    assert "Member State officials may not assess" in text

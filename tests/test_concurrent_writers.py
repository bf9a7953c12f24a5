"""Fifty writers at the same moment, on SQLite and PostgreSQL: every write lands or is refused with
the conflict message, and the audit log, the revision counter and the data agree afterwards."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

import pytest
from sqlalchemy import func, select

from dashboard.access.demo import demo_persona
from dashboard.assessment import scoring
from dashboard.enums import Review, Role, StatusLevel
from dashboard.errors import ConcurrentEdit
from dashboard.monitoring.recording import StatusEntry, record_assessment
from dashboard.monitoring.review import contest, submit_status, validate
from dashboard.store.db import current_revision, session_scope
from dashboard.store.failures import CONFLICT, sentence, transaction
from dashboard.store.models import (
    AuditEntry,
    ImplementationAssessment,
    OptionScore,
    ReviewStep,
    StatusSubmission,
)

WRITERS = 50
TODAY = dt.date.today()


def _together(work, n: int = WRITERS) -> list[tuple[str, object]]:
    """Run ``work(i)`` in ``n`` threads released at the same moment; each one's outcome."""
    start = threading.Barrier(n)
    outcomes: list[tuple[str, object]] = [("", None)] * n

    def run(i: int) -> None:
        start.wait()
        try:
            outcomes[i] = ("saved", work(i))
        except ConcurrentEdit as exc:
            outcomes[i] = ("conflict", str(exc))
        except Exception as exc:  # anything else is a failure of the test: kept to be shown
            outcomes[i] = ("error", f"{type(exc).__name__}: {exc}"[:300])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes


def _audit_and_revision(engine, action: str) -> tuple[int, int]:
    with session_scope(engine) as s:
        entries = s.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == action))
        return entries, current_revision(s)


def test_fifty_saves_of_one_score_cell_at_once_one_lands_the_rest_are_told(seeded):
    with session_scope(seeded) as s:
        expert = demo_persona(s, Role.EXPERT)
        grid = scoring.score_grid(s, expert).set_index(["option", "criterion"])
    version = int(grid.loc[("O2", "C03"), "version"])
    entries, revision = _audit_and_revision(seeded, "score")

    def save(i: int) -> int:
        edit = scoring.CellEdit("O2", "C03", [-2, -1, 1, 2][i % 4], f"Writer {i}", version)
        return transaction(seeded, lambda s: scoring.save_scores(s, expert, [edit]))

    outcomes = _together(save)
    kinds = Counter(kind for kind, _ in outcomes)
    assert kinds == {"saved": 1, "conflict": WRITERS - 1}, [o for o in outcomes if o[0] == "error"][:3]
    winner = next(i for i, (kind, _) in enumerate(outcomes) if kind == "saved")
    assert all(
        "Not saved: these cells changed since you opened them" in m for k, m in outcomes if k == "conflict"
    )
    with session_scope(seeded) as s:
        row = s.scalar(
            select(OptionScore).where(
                OptionScore.expert_id == expert.user_id, OptionScore.rationale == f"Writer {winner}"
            )
        )
        assert row is not None and row.version == version + 1
    assert _audit_and_revision(seeded, "score") == (entries + 1, revision + 1)


def test_fifty_experts_cells_saved_at_once_all_land(seeded):
    """Writers on different cells never refuse each other; a busy database is waited for."""
    with session_scope(seeded) as s:
        expert = demo_persona(s, Role.EXPERT)
        grid = scoring.score_grid(s, expert).reset_index()
    cells = [(r.option, r.criterion, int(r.version)) for r in grid.itertuples()][:WRITERS]
    entries, revision = _audit_and_revision(seeded, "score")

    def save(i: int) -> int:
        option, criterion, version = cells[i]
        edit = scoring.CellEdit(option, criterion, 2 if i % 2 else -2, f"Cell {i}", version)
        return transaction(seeded, lambda s: scoring.save_scores(s, expert, [edit]))

    outcomes = _together(save, len(cells))
    assert Counter(kind for kind, _ in outcomes) == {"saved": len(cells)}, outcomes[:3]
    with session_scope(seeded) as s:
        saved = s.scalar(
            select(func.count(OptionScore.id)).where(
                OptionScore.expert_id == expert.user_id, OptionScore.rationale.like("Cell %")
            )
        )
    assert saved == len(cells)
    assert _audit_and_revision(seeded, "score") == (entries + len(cells), revision + len(cells))


def test_fifty_statuses_for_one_pair_at_once_each_lands_or_is_refused_in_words(seeded):
    """Assessed statuses are appended, never overwritten: writers of the same pair each add their
    dated status, none is lost."""
    with session_scope(seeded) as s:
        official = demo_persona(s, Role.ADMIN)
        before = s.scalar(select(func.count(ImplementationAssessment.id)))
    entries, revision = _audit_and_revision(seeded, "record")

    def record(i: int) -> int:
        on = TODAY - dt.timedelta(days=1 + i % 25)  # two writers per date, with different evidence
        entry = StatusEntry("P-3", "EL", StatusLevel.SOME, on, f"Evidence from writer {i}.")
        return transaction(seeded, lambda s: record_assessment(s, official, entry))

    outcomes = _together(record)
    errors = [o for o in outcomes if o[0] != "saved"]
    assert not errors, errors[:3]
    with session_scope(seeded) as s:
        rows = s.scalars(
            select(ImplementationAssessment.evidence).where(
                ImplementationAssessment.evidence.like("Evidence from %")
            )
        ).all()
        total = s.scalar(select(func.count(ImplementationAssessment.id)))
    assert sorted(rows) == sorted(f"Evidence from writer {i}." for i in range(WRITERS))
    assert total == before + WRITERS
    assert _audit_and_revision(seeded, "record") == (entries + WRITERS, revision + WRITERS)


def _outcome(work):
    """``work``'s kind: saved, or refused with the conflict (told in words or as the database's)."""
    try:
        return "saved", work()
    except Exception as exc:
        if isinstance(exc, ConcurrentEdit) or sentence(exc) == CONFLICT:
            return "conflict", str(exc)[:200]
        raise


def test_fifty_submissions_for_one_pair_at_once_leave_one_waiting_and_lose_none(seeded):
    """Each submission lands (replacing the one waiting) or is refused with the conflict; at the end
    one waits for review, every other landed one says it was replaced, and the log agrees."""
    with session_scope(seeded) as s:
        official = demo_persona(s, Role.MS_OFFICIAL, "EL")
    entries, revision = _audit_and_revision(seeded, "submit")

    def submit(i: int):
        entry = StatusEntry("P-3", "EL", StatusLevel.SUBSTANTIAL, TODAY, f"Submission {i}.")
        return _outcome(lambda: transaction(seeded, lambda s: submit_status(s, official, entry)))

    outcomes = [o[1] for o in _together(submit)]
    saved = [o for o in outcomes if o[0] == "saved"]
    assert len(saved) >= 1 and all(o[0] in ("saved", "conflict") for o in outcomes), outcomes[:3]
    with session_scope(seeded) as s:
        rows = s.execute(
            select(StatusSubmission.state, func.count())
            .where(StatusSubmission.evidence.like("Submission %"))
            .group_by(StatusSubmission.state)
        ).all()
        after = _audit_and_revision(seeded, "submit")
    assert dict(rows) == {Review.SUBMITTED: 1} | ({Review.REPLACED: len(saved) - 1} if len(saved) > 1 else {})
    assert after == (entries + len(saved), revision + 2 * len(saved) - 1)  # a step each, and each replacement


def test_fifty_reviews_of_one_submission_at_once_one_lands_the_rest_are_told(seeded):
    with session_scope(seeded) as s:
        official, admin = demo_persona(s, Role.MS_OFFICIAL, "EL"), demo_persona(s, Role.ADMIN)
        entry = StatusEntry("P-3", "EL", StatusLevel.FULL, TODAY, "Law in force.")
        submission = submit_status(s, official, entry)
        before = s.scalar(select(func.count(ImplementationAssessment.id)))

    def review(i: int):
        if i % 2:
            step = lambda s: validate(s, admin, submission)  # noqa: E731
        else:
            step = lambda s: contest(s, admin, submission, StatusLevel.SOME, f"Only in part ({i}).")  # noqa: E731
        return _outcome(lambda: transaction(seeded, step))

    outcomes = [o[1] for o in _together(review)]
    assert Counter(kind for kind, _ in outcomes) == {"saved": 1, "conflict": WRITERS - 1}, outcomes[:3]
    with session_scope(seeded) as s:
        state, assessed = s.execute(
            select(StatusSubmission.state, StatusSubmission.assessment_id).where(
                StatusSubmission.id == submission
            )
        ).one()
        total = s.scalar(select(func.count(ImplementationAssessment.id)))
        steps = s.scalar(select(func.count(ReviewStep.id)).where(ReviewStep.submission_id == submission))
    winner = next(value for kind, value in outcomes if kind == "saved")
    assert state in (Review.VALIDATED, Review.CONTESTED) and assessed == winner
    assert total == before + 1 and steps == 2  # submitted, then the one review that landed


def test_the_conflict_sentence_is_what_a_racing_database_write_says():
    from sqlalchemy.orm.exc import StaleDataError

    assert sentence(StaleDataError("gone")) == CONFLICT


pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")

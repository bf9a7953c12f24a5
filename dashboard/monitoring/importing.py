"""Importing statuses from an uploaded template: all rows or none, every problem listed.

The file is read and checked (``excel.upload``); then, in one transaction, each row is checked
against the database in date order (so a row's evidence rule sees the rows before it) and added.
Any problem anywhere and the transaction is rolled back: nothing is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.access.auth import Action, CurrentUser, authorize
from dashboard.enums import Role
from dashboard.excel.template import SHEET
from dashboard.excel.upload import COLUMN_OF, Problem, UploadRefused, in_order, read_upload
from dashboard.monitoring.recording import add_assessment, problems
from dashboard.store import audit
from dashboard.store.models import ImplementationAssessment, MemberState, Recommendation


@dataclass(frozen=True)
class ImportResult:
    rows: int
    member_states: tuple[str, ...]
    first: dt.date
    last: dt.date


def import_statuses(
    session: Session,
    user: CurrentUser,
    data: bytes,
    file_name: str = "upload.xlsx",
    today: dt.date | None = None,
) -> ImportResult:
    """Add every row of the file as a dated status, or raise UploadRefused and add nothing.

    Call inside a transaction that rolls back on error (``session_scope``).
    """
    authorize(user, Action.IMPORT_DATA)
    today = today or dt.date.today()
    upload = read_upload(data)
    rows, found = upload.rows, list(upload.problems)
    names = dict(session.execute(select(MemberState.code, MemberState.name)).all())
    foreign = set()
    for number, state in upload.states.items():
        if user.role is Role.MS_OFFICIAL and state != user.member_state:
            foreign.add(number)
            own = f"{names.get(user.member_state, user.member_state)} ({user.member_state})"
            found.append(
                Problem(SHEET, number, "Member State", f"'{state}': you may import rows only for {own}")
            )
    for row in sorted(rows, key=lambda r: (r.entry.assessed_on, r.number)):
        if row.number in foreign:
            continue
        wrong = problems(session, row.entry, today)
        wrong += _already_recorded(session, row.entry) if not wrong else []
        if wrong:
            found += [Problem(SHEET, row.number, COLUMN_OF.get(field), message) for field, message in wrong]
            continue
        add_assessment(session, user, row.entry, action="import")
        session.flush()
    if found:
        raise UploadRefused(in_order(found))
    dates = [r.entry.assessed_on for r in rows]
    states = tuple(sorted({r.entry.member_state for r in rows}))
    audit.record(
        session,
        user,
        "import",
        "implementation_assessment",
        file_name,
        None,
        {"rows": len(rows), "member_states": list(states)},
    )
    return ImportResult(len(rows), states, min(dates), max(dates))


def _already_recorded(session: Session, entry) -> list[tuple[str, str]]:
    a = ImplementationAssessment
    same = session.scalar(
        select(a.id)
        .join(Recommendation, Recommendation.id == a.recommendation_id)
        .where(
            Recommendation.code == entry.recommendation,
            a.member_state_code == entry.member_state,
            a.assessed_on == entry.assessed_on,
            a.status == entry.status,
            a.evidence == entry.evidence.strip(),
        )
        .limit(1)
    )
    if same is None:
        return []
    return [
        (
            "assessed_on",
            "this status is already recorded with the same date and evidence (was the file imported before?)",
        )
    ]

"""Importing statuses from an uploaded template: all rows or none, every problem listed.

The file is read and checked (``excel.upload``); then each row is checked against the ledger of
what is recorded (read once), in date order so that a row's evidence rule sees the rows before it.
Only when no row has a problem are they all written, in one transaction. A Member State official's
rows become the Member State's submissions, waiting for the secretariat's review (``review``); the
secretariat's rows become assessed statuses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from dashboard.access.auth import Action, CurrentUser, authorize, can
from dashboard.enums import Role
from dashboard.excel.template import SHEET
from dashboard.excel.upload import COLUMN_OF, Problem, UploadRefused, UploadRow, in_order, read_upload
from dashboard.monitoring import figures, queries
from dashboard.monitoring.recording import Ledger, StatusEntry, ledger, problems, write_assessments
from dashboard.monitoring.review import standing, write_submissions
from dashboard.store import audit


@dataclass(frozen=True)
class UploadTemplate:
    """What the upload template holds: for whom, which Member States its lists offer, the register
    and the statuses now (for reference)."""

    prepared_for: str  # "Name (Role)"
    today: dt.date
    states: list[str]  # the codes its Member State list offers
    state_names: dict[str, str]
    own_state: str | None  # an official's Member State: rows only for it
    register: pd.DataFrame  # code, title, area, issued_on
    current: pd.DataFrame  # member_state, recommendation, title, label, assessed_on
    created: dt.datetime
    assesses: bool = False  # its rows become assessed statuses (the secretariat's), not submissions


def upload_template(
    session: Session, user: CurrentUser, today: dt.date | None = None, member_state: str | None = None
) -> UploadTemplate:
    """The template's content. Its lists hold ``member_state`` only when given, and always an
    official's own Member State only; otherwise the Member States of ``today``."""
    authorize(user, Action.IMPORT_DATA, member_state or user.member_state)
    today = today or dt.date.today()
    states = queries.member_states_on(session, today)
    if user.role is Role.MS_OFFICIAL:
        member_state = user.member_state
    if member_state is not None:
        if member_state not in states:
            raise ValueError(f"'{member_state}' is not a Member State on {today:%d %b %Y}")
        states = [member_state]
    names, recs = queries.lookups(session), queries.register(session)
    latest = queries.latest_statuses(session, today, states[0] if len(states) == 1 else None)
    current = figures.labelled(figures.detail(latest, recs, names.states))
    return UploadTemplate(
        prepared_for=f"{user.name} ({user.role_label})",
        today=today,
        states=states,
        state_names=names.states,
        own_state=user.member_state if user.role is Role.MS_OFFICIAL else None,
        register=recs[["code", "title", "area", "issued_on"]],
        current=current[["member_state", "recommendation", "title", "label", "assessed_on"]],
        created=dt.datetime.now(dt.UTC),
        assesses=can(user, Action.ASSESS_STATUS),
    )


@dataclass(frozen=True)
class ImportResult:
    rows: int
    member_states: tuple[str, ...]
    first: dt.date
    last: dt.date
    submitted: bool = False  # the rows became submissions waiting for review, not assessed statuses

    @property
    def words(self) -> str:
        """'Imported 3 statuses' or 'Submitted 3 statuses for review'."""
        plural = "es" if self.rows != 1 else ""
        return (
            f"Submitted {self.rows} status{plural} for review"
            if self.submitted
            else f"Imported {self.rows} status{plural}"
        )


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
    authorize(user, Action.IMPORT_DATA, user.member_state)  # each row's state is checked below
    today = today or dt.date.today()
    upload = read_upload(data)
    rows, found = upload.rows, list(upload.problems)
    entries = {r.number: _entry(r) for r in rows}
    book = ledger(session, list(entries.values()))
    foreign = set()
    for number, state in upload.states.items():
        if user.role is Role.MS_OFFICIAL and state != user.member_state:
            foreign.add(number)
            own = book.states[user.member_state].name
            message = f"'{state}': you may import rows only for {own} ({user.member_state})"
            found.append(Problem(SHEET, number, "Member State", message))
    assesses = can(user, Action.ASSESS_STATUS)
    submitted = set() if assesses else standing(session, book, list(entries.values()))
    accepted = []
    for number, entry in sorted(entries.items(), key=lambda item: (item[1].assessed_on, item[0])):
        if number in foreign:
            continue
        wrong = problems(book, entry, today) or _already_recorded(book, entry, submitted)
        if wrong:
            found += [Problem(SHEET, number, COLUMN_OF.get(field), message) for field, message in wrong]
            continue
        if assesses:  # a later row's evidence rule sees it; a Member State's later row replaces it
            book.add(book.recommendations[entry.recommendation].id, entry)
        accepted.append(entry)
    if found:
        raise UploadRefused(in_order(found))
    (write_assessments if assesses else write_submissions)(session, user, book, accepted, action="import")
    dates = [e.assessed_on for e in accepted]
    states = tuple(sorted({e.member_state for e in accepted}))
    audit.record(
        session,
        user,
        "import",
        "implementation_assessment",
        file_name,
        None,
        {"rows": len(rows), "member_states": list(states)},
    )
    return ImportResult(len(rows), states, min(dates), max(dates), submitted=not assesses)


def _already_recorded(book: Ledger, entry: StatusEntry, submitted: set[tuple]) -> list[tuple[str, str]]:
    same = (entry.recommendation, entry.member_state, entry.assessed_on, entry.status, entry.evidence.strip())
    if same in submitted:
        message = (
            "this status is already submitted with the same date and evidence (was the file imported before?)"
        )
        return [("assessed_on", message)]
    if not book.holds(book.recommendations[entry.recommendation].id, entry):
        return []
    return [
        (
            "assessed_on",
            "this status is already recorded with the same date and evidence (was the file imported before?)",
        )
    ]


def _entry(row: UploadRow) -> StatusEntry:
    return StatusEntry(
        row.recommendation, row.member_state, row.status, row.assessed_on, row.evidence, row.source
    )

"""Loading the real register from Excel: all rows or none, every problem listed; the rows are real.

The file is read (``excel.register``), each row is checked by the register's own rules (the same as
the Register page's), codes must be new and unique in the file, and only when no row has a problem
are they all added, in one transaction, each audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.access.auth import Action, CurrentUser, authorize
from dashboard.enums import Addressee, Priority, parse_member
from dashboard.excel.register import COLUMNS, SHEET, RegisterRow, read_register
from dashboard.excel.sheet_reader import Problem, UploadRefused
from dashboard.monitoring import queries
from dashboard.monitoring.register import FIELD_COLUMNS, RecommendationInput, area_rules, problems
from dashboard.store import audit
from dashboard.store.models import Recommendation, ThematicArea
from dashboard.text import shorten, whole_number


@dataclass(frozen=True)
class RegisterTemplate:
    prepared_for: str
    today: dt.date
    areas: dict[int, str]  # the areas a recommendation may be added to (not retired)
    register: pd.DataFrame  # the register now (queries.REGISTER_COLUMNS)
    created: dt.datetime


def register_template(session: Session, user: CurrentUser, today: dt.date | None = None) -> RegisterTemplate:
    authorize(user, Action.MANAGE)
    areas = {
        a.id: a.name
        for a in session.scalars(select(ThematicArea).where(~ThematicArea.retired).order_by(ThematicArea.id))
    }
    return RegisterTemplate(
        f"{user.name} ({user.role_label})",
        today or dt.date.today(),
        areas,
        queries.register(session),
        dt.datetime.now(dt.UTC),
    )


def import_register(
    session: Session,
    user: CurrentUser,
    data: bytes,
    file_name: str = "register.xlsx",
    today: dt.date | None = None,
) -> list[str]:
    """Add every row of the file to the register, or raise UploadRefused and add nothing. Returns
    the codes added."""
    authorize(user, Action.MANAGE)
    today = today or dt.date.today()
    rows, found = read_register(data)
    areas = area_rules(session)
    existing = set(session.scalars(select(Recommendation.code)))
    seen: dict[str, int] = {}
    entries = []
    for row in rows:
        entry, flagged = _entry(row, areas, found)
        wrong = [(field, message) for field, message in problems(entry, areas, today) if field not in flagged]
        if entry.code in existing:
            wrong.append(
                ("code", f"{entry.code} is already in the register (change it on the Register page)")
            )
        elif entry.code in seen:
            wrong.append(("code", f"{entry.code} is also on row {seen[entry.code]}"))
        seen.setdefault(entry.code, row.number)
        found += [Problem(SHEET, row.number, FIELD_COLUMNS.get(field), message) for field, message in wrong]
        entries.append(entry)
    if found:
        order = {column: i for i, column in enumerate(COLUMNS)}
        raise UploadRefused(
            sorted(found, key=lambda p: (p.sheet != SHEET, p.row or 0, order.get(p.column, -1)))
        )
    session.add_all(Recommendation(**entry.__dict__, illustrative=user.illustrative) for entry in entries)
    session.flush()
    for entry in entries:
        audit.record(session, user, "import", "recommendation", entry.code, None, {"title": entry.title})
    audit.record(session, user, "import", "register", shorten(file_name, 150), None, {"rows": len(entries)})
    return [e.code for e in entries]


def _entry(
    row: RegisterRow, areas: dict[int, tuple[str, bool]], found: list[Problem]
) -> tuple[RecommendationInput, set[str]]:
    """The row as a recommendation, and the fields already found wrong here (not checked again)."""
    v = row.values
    columns = {p.column for p in found if p.row == row.number}
    flagged = {field for field, column in FIELD_COLUMNS.items() if column in columns}

    def wrong(column: str, message: str) -> None:
        found.append(Problem(SHEET, row.number, column, message))
        flagged.add(next(field for field, name in FIELD_COLUMNS.items() if name == column))

    area_id = _area(v["Thematic area"], areas)
    if area_id is None:
        wrong(
            "Thematic area",
            f"'{shorten(v['Thematic area'] or '')}' is not a thematic area"
            if v["Thematic area"]
            else "is empty",
        )
    addressee, priority = _member(Addressee, v["Addressed to"]), _member(Priority, v["Priority"])
    if addressee is None:
        wrong(
            "Addressed to",
            f"'{shorten(v['Addressed to'] or '')}' is not an addressee" if v["Addressed to"] else "is empty",
        )
    if priority is None:
        wrong(
            "Priority",
            f"'{shorten(v['Priority'] or '')}' is not a priority (High, Medium or Low)"
            if v["Priority"]
            else "is empty",
        )
    if v["Issued on"] is None and "issued_on" not in flagged:
        wrong("Issued on", "is empty")
    entry = RecommendationInput(
        code=(v["Code"] or "").upper(), area_id=area_id, title=v["Title"] or "", addressee=addressee,
        issued_on=v["Issued on"], priority=priority, source_document=v["Source document"] or "",
        source_paragraph=v["Paragraph"] or "", deadline=v["Deadline"], description=v["Description"] or "",
    )  # fmt: skip
    return entry, flagged


def _area(value: str | None, areas: dict[int, tuple[str, bool]]) -> int | None:
    if not value:
        return None
    if whole_number(value) in areas:
        return whole_number(value)
    return next(
        (area_id for area_id, (name, _) in areas.items() if name.casefold() == value.casefold()), None
    )


def _member(enum_type, value: str | None):
    try:
        return parse_member(enum_type, value) if value else None
    except ValueError:
        return None

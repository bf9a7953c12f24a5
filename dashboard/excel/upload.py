"""Reading an uploaded status template: the file checked first, then every row; every problem collected.

Nothing here touches the database; ``monitoring.importing`` checks the rows against it and writes.
Problems name the sheet, the row and the column, so a person can find and fix each one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from dashboard.enums import STATUS, StatusLevel, ordered, parse_member
from dashboard.excel.sheet_reader import FORMULA, Problem, UploadRefused, read_table, shorten
from dashboard.excel.template import COLUMNS, MAX_BYTES, MAX_ROWS, SHEET, SHEETS

FIELDS = dict(
    zip(
        COLUMNS,
        ["member_state", "recommendation", "status", "assessed_on", "evidence", "source_url"],
        strict=True,
    )
)  # the column of each field a status entry has (monitoring.recording.StatusEntry's names)
COLUMN_OF = {field: column for column, field in FIELDS.items()}

__all__ = ["COLUMN_OF", "Problem", "Upload", "UploadRefused", "UploadRow", "in_order", "read_upload"]


@dataclass(frozen=True)
class UploadRow:
    """One readable row of the Statuses sheet, its values parsed."""

    number: int  # the row number in the sheet, as Excel shows it
    member_state: str
    recommendation: str
    status: StatusLevel
    assessed_on: dt.date
    evidence: str
    source: str


@dataclass(frozen=True)
class Upload:
    rows: list[UploadRow]  # the rows that could be read
    problems: list[Problem]  # what is wrong with the others
    states: dict[int, str]  # every non-blank row's Member State code, readable or not


def read_upload(data: bytes) -> Upload:
    """The readable rows of an upload and the problems of the others.

    A file that cannot be read at all (not a workbook, macros, password, too large, no Statuses
    sheet, wrong columns, no rows, too many rows) raises UploadRefused at once.
    """
    table = read_table(data, SHEET, COLUMNS, MAX_ROWS, MAX_BYTES, SHEETS)
    problems = list(table.problems)
    out: list[UploadRow] = []
    seen: dict[tuple[str, str, dt.date], int] = {}
    states: dict[int, str] = {}
    for number, values in table.rows:
        state = values["Member State"]
        if state is not None and state is not FORMULA and str(state).strip():
            states[number] = _code(state)
        entry = _entry(values, number, problems)
        if entry is None:
            continue
        key = (entry.member_state, entry.recommendation, entry.assessed_on)
        if key in seen:
            again = f"{entry.member_state}, {entry.recommendation}, {entry.assessed_on:%d %b %Y}"
            problems.append(Problem(SHEET, number, None, f"repeats row {seen[key]} ({shorten(again)})"))
            continue
        seen[key] = number
        out.append(entry)
    return Upload(out, problems, states)


def in_order(problems: list[Problem]) -> list[Problem]:
    """Problems by sheet (the template's own first), row, then in the template's column order."""
    return sorted(
        problems,
        key=lambda p: (p.sheet != SHEET, p.row or 0, COLUMNS.index(p.column) if p.column in COLUMNS else -1),
    )


def _entry(values: dict[str, Any], number: int, problems: list[Problem]) -> UploadRow | None:
    before = len(problems)

    def refuse(column: str, message: str) -> None:
        problems.append(Problem(SHEET, number, column, message))

    parsed = {}
    for column, value in values.items():
        if value is FORMULA:
            refuse(column, "is a formula; type the value itself")
            parsed[column] = None
        else:
            parsed[column] = (
                None if value is None or (isinstance(value, str) and not value.strip()) else value
            )
    state = _code(parsed["Member State"])
    rec = _code(parsed["Recommendation"])
    if not state:
        refuse("Member State", "is empty")
    if not rec:
        refuse("Recommendation", "is empty")
    status = _status(parsed["Status"], refuse)
    on = _date(parsed["Assessed on"], refuse)
    evidence = "" if parsed["Evidence"] is None else str(parsed["Evidence"]).strip()
    source = "" if parsed["Source"] is None else str(parsed["Source"]).strip()
    if len(problems) > before:
        return None
    return UploadRow(number, state, rec, status, on, evidence, source)


def _code(value) -> str:
    return "" if value is None else str(value).strip().upper()


def _status(value, refuse) -> StatusLevel | None:
    if value is None:
        refuse("Status", "is empty")
        return None
    try:
        return parse_member(StatusLevel, str(value))
    except ValueError:
        allowed = ", ".join(STATUS[s].label for s in ordered(StatusLevel))
        refuse("Status", f"'{shorten(value)}' is not a status (allowed: {allowed})")
        return None


DATE_TEXT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$|^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_date(value) -> dt.date | None:
    """An Excel date, or text as YYYY-MM-DD or DD/MM/YYYY; None when it is neither."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = DATE_TEXT.match(str(value).strip()[:20])
    if match:
        y, m, d = (
            (match.group(1), match.group(2), match.group(3))
            if match.group(1)
            else (match.group(6), match.group(5), match.group(4))
        )
        try:
            return dt.date(int(y), int(m), int(d))
        except ValueError:
            return None
    return None


def _date(value, refuse) -> dt.date | None:
    if value is None:
        refuse("Assessed on", "is empty")
        return None
    found = parse_date(value)
    if found is None:
        refuse("Assessed on", f"'{shorten(value)}' is not a date (use an Excel date or YYYY-MM-DD)")
    return found

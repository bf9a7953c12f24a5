"""The upload template: instructions, a Statuses sheet with drop-downs and date cells, the register.

What ``dashboard.excel.upload`` reads back. The drop-down lists live on a hidden sheet behind
defined names (Excel refuses an inline list longer than 255 characters).
"""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.access.auth import Action, CurrentUser, authorize
from dashboard.enums import STATUS, Role, StatusLevel, ordered
from dashboard.excel.style import (
    BOLD,
    INPUT_FILL,
    NOTE,
    SUBTITLE,
    WRAP,
    append,
    header_row,
    heading,
    print_set_up,
    set_up_table,
    set_widths,
    styled,
    text,
)
from dashboard.monitoring import figures, queries
from dashboard.store.models import MemberState, Recommendation, ThematicArea

SHEET = "Statuses"
COLUMNS = ["Member State", "Recommendation", "Status", "Assessed on", "Evidence", "Source"]
WIDTHS = [14, 16, 22, 14, 70, 40]
MAX_ROWS = 5_000  # data rows in one upload
MAX_BYTES = 5 * 1024 * 1024
TEMPLATE_ROWS = 500  # rows prepared with drop-downs and date cells


def template_workbook(
    session: Session, user: CurrentUser, today: dt.date | None = None, member_state: str | None = None
) -> bytes:
    """The template as .xlsx bytes. Its lists hold ``member_state`` only when given, and always an
    official's own Member State only; otherwise the Member States of ``today``."""
    authorize(user, Action.IMPORT_DATA, member_state)
    today = today or dt.date.today()
    states = queries.member_states_on(session, today)
    if user.role is Role.MS_OFFICIAL:
        member_state = user.member_state
    if member_state is not None:
        if member_state not in states:
            raise ValueError(f"'{member_state}' is not a Member State on {today:%d %b %Y}")
        states = [member_state]
    recs = session.execute(
        select(Recommendation.code, Recommendation.title, ThematicArea.name, Recommendation.issued_on)
        .join(ThematicArea)
        .order_by(Recommendation.area_id, Recommendation.code)
    ).all()
    names = dict(session.execute(select(MemberState.code, MemberState.name)).all())
    wb = Workbook(write_only=True)
    _instructions(wb, user, states, names, today)
    _statuses(wb, len(states), len(recs))
    _current(wb, session, states, today)
    _register(wb, recs)
    _lists(wb, states, [r.code for r in recs])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _instructions(wb, user, states, names, today) -> None:
    ws = wb.create_sheet("Instructions")
    set_widths(ws, [24, 90])
    print_set_up(ws, landscape=False)
    heading(ws, "Implementation status: upload template", blank=True)
    who = (
        f"You may import rows for {names[user.member_state]} ({user.member_state}) only."
        if user.role is Role.MS_OFFICIAL
        else f"This template is for {names[states[0]]} ({states[0]})."
        if len(states) == 1
        else "Rows may be for any Member State."
    )
    steps = [
        ("1. Fill in", f"One row per status on the '{SHEET}' sheet, from row 2. {who}"),
        ("Member State", "The EU code from the drop-down (EL for Greece)."),
        ("Recommendation", "The code from the drop-down; the 'Register' sheet says what each one is."),
        ("Status", "One of: " + ", ".join(STATUS[s].label for s in ordered(StatusLevel)) + "."),
        (
            "Assessed on",
            "The date the status was assessed: an Excel date or text as YYYY-MM-DD. Not in the "
            "future, not before the recommendation was issued, and while the state was a member.",
        ),
        (
            "Evidence",
            "What shows the status (required when the status differs from the one recorded before "
            "that date). Plain text, up to 4,000 characters; text is never run as a formula.",
        ),
        ("Source", "A web address (http:// or https://) of the evidence; may be empty."),
        ("2. Upload", "On the 'Import statuses' page, or: python -m dashboard import FILE.xlsx"),
        (
            "All or nothing",
            "If any row has a problem, nothing is imported and every problem is listed by sheet, row "
            "and column. Fix them and upload the whole file again.",
        ),
        (
            "Limits",
            f"At most {MAX_ROWS:,} rows and {MAX_BYTES // (1024 * 1024)} MB; a plain .xlsx workbook "
            "(no macros, no password). Keep the sheet and column names as they are.",
        ),
        ("History", "Each row adds a dated status; nothing recorded before is changed or deleted."),
        ("Prepared", f"{today:%d %B %Y} for {user.name} ({user.role_label})."),
    ]
    for name, what in steps:
        append(ws, [styled(ws, name, font=BOLD, alignment=WRAP), styled(ws, what, alignment=WRAP)])


def _statuses(wb, n_states: int, n_recs: int) -> None:
    ws = wb.create_sheet(SHEET)
    last = TEMPLATE_ROWS + 1
    set_up_table(ws, WIDTHS, 1, TEMPLATE_ROWS, freeze_column=0, title="Statuses to import")
    for column, name, message in [
        ("A", "MemberStates", "Pick a Member State code from the list."),
        ("B", "Recommendations", "Pick a recommendation code from the list (see the Register sheet)."),
        ("C", "StatusLabels", "Pick a status from the list."),
    ]:
        validation = DataValidation(type="list", formula1=name, allow_blank=True, showErrorMessage=True)
        validation.error, validation.errorTitle = message, "Not in the list"
        validation.add(f"{column}2:{column}{last}")
        ws.data_validations.append(validation)
    dates = DataValidation(
        type="date",
        operator="greaterThan",
        formula1="DATE(2000,1,1)",
        allow_blank=True,
        showErrorMessage=True,
    )
    dates.error, dates.errorTitle = "Enter a date (YYYY-MM-DD).", "Not a date"
    dates.add(f"D2:D{last}")
    ws.data_validations.append(dates)
    append(ws, header_row(ws, COLUMNS))
    for _ in range(TEMPLATE_ROWS):
        append(
            ws,
            [
                styled(ws, None, fill=INPUT_FILL),
                styled(ws, None, fill=INPUT_FILL),
                styled(ws, None, fill=INPUT_FILL),
                styled(ws, None, fill=INPUT_FILL, number_format="yyyy-mm-dd"),
                styled(ws, None, fill=INPUT_FILL, alignment=WRAP),
                styled(ws, None, fill=INPUT_FILL),
            ],
        )


def _current(wb, session, states, today) -> None:
    latest = queries.latest_statuses(session, today, states[0] if len(states) == 1 else None)
    detail = figures.detail(latest, queries.register(session), queries.lookups(session).states)
    ws = wb.create_sheet("Current")
    set_up_table(ws, [14, 16, 50, 22, 14], 3, len(detail), freeze_column=2, title="Current status")
    append(ws, [styled(ws, f"Current status, {today:%d %B %Y} (for reference; not imported)", font=SUBTITLE)])
    append(ws, [styled(ws, "Copy a row's codes to the Statuses sheet to record a newer status.", font=NOTE)])
    append(ws, header_row(ws, ["Member State", "Recommendation", "Title", "Status", "Since"]))
    for r in detail.itertuples():
        since = r.assessed_on if r.assessed_on == r.assessed_on else None
        append(
            ws,
            [
                r.member_state,
                r.recommendation,
                text(ws, r.title),
                STATUS[r.status].label,
                styled(ws, since, number_format="yyyy-mm-dd"),
            ],
        )


def _register(wb, recs) -> None:
    ws = wb.create_sheet("Register")
    set_up_table(ws, [16, 70, 40, 12], 1, len(recs), title="Recommendations")
    append(ws, header_row(ws, ["Recommendation", "Title", "Thematic area", "Issued"]))
    for code, title, area, issued in recs:
        append(
            ws, [code, text(ws, title, alignment=WRAP), area, styled(ws, issued, number_format="yyyy-mm-dd")]
        )


def _lists(wb, states, recs) -> None:
    ws = wb.create_sheet("Lists")
    ws.sheet_state = "hidden"
    labels = [STATUS[s].label for s in ordered(StatusLevel)]
    append(ws, ["Member States", "Recommendations", "Statuses"])
    for i in range(max(len(states), len(recs), len(labels))):
        append(ws, [_at(states, i), _at(recs, i), _at(labels, i)])
    for name, column, values in [
        ("MemberStates", "A", states),
        ("Recommendations", "B", recs),
        ("StatusLabels", "C", labels),
    ]:
        ref = f"Lists!${column}$2:${column}${len(values) + 1}"
        wb.defined_names[name] = DefinedName(name, attr_text=ref)


def _at(values: list, i: int):
    return values[i] if i < len(values) else None

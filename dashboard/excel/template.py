"""The upload template: an ``UploadTemplate`` laid out as instructions, a Statuses sheet with
drop-downs and date cells, the statuses now and the register.

What ``dashboard.excel.upload`` reads back. The drop-down lists live on a hidden sheet behind
defined names (Excel refuses an inline list longer than 255 characters).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dashboard.enums import STATUS, StatusLevel, ordered
from dashboard.excel.writer import Book, Column, cell, records

if TYPE_CHECKING:
    from dashboard.monitoring.importing import UploadTemplate

SHEET = "Statuses"
SHEETS = ["Instructions", SHEET, "Current", "Register", "Lists"]  # the template's sheets, in order
COLUMNS = ["Member State", "Recommendation", "Status", "Assessed on", "Evidence", "Source"]
WIDTHS = [14, 16, 22, 14, 70, 40]
MAX_ROWS = 5_000  # data rows in one upload
MAX_BYTES = 5 * 1024 * 1024
MAX_MEGABYTES = MAX_BYTES // (1024 * 1024)
TEMPLATE_ROWS = 500  # rows prepared with drop-downs and date cells


def render(template: UploadTemplate) -> bytes:
    """The template's bytes."""
    book = Book(template.created, "Implementation status: upload template")
    _instructions(book, template)
    _statuses(book)
    _current(book, template)
    _register(book, template)
    _lists(book, template)
    return book.finish()


def _instructions(book: Book, template) -> None:
    states, names = template.states, template.state_names
    sheet = book.sheet("Instructions", [24, 90])
    sheet.print_set_up(landscape=False)
    sheet.heading("Implementation status: upload template", blank=True)
    who = (
        f"You may import rows for {names[template.own_state]} ({template.own_state}) only."
        if template.own_state
        else f"This template is for {names[states[0]]} ({states[0]})."
        if len(states) == 1
        else "Rows may be for any Member State."
    )
    goes = (
        "Your rows are the secretariat's assessment: they count in the figures at once."
        if template.assesses
        else "Your rows are your Member State's own statuses: they are submitted to the secretariat, "
        "which validates each one (it then counts in the figures) or contests it with its reason."
    )
    steps = [
        ("1. Fill in", f"One row per status on the '{SHEET}' sheet, from row 2. {who}"),
        ("What happens", goes),
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
            f"At most {MAX_ROWS:,} rows and {MAX_MEGABYTES} MB; a plain .xlsx workbook "
            "(no macros, no password). Keep the sheet and column names as they are.",
        ),
        ("History", "Each row adds a dated status; nothing recorded before is changed or deleted."),
        ("Prepared", f"{template.today:%d %B %Y} for {template.prepared_for}."),
    ]
    for name, what in steps:
        sheet.line(cell(name, "bold", "wrap"), cell(what, "wrap"))


def _statuses(book: Book) -> None:
    sheet = book.sheet(SHEET, WIDTHS)
    sheet.table_set_up(0, TEMPLATE_ROWS, 0, "Statuses to import")
    ws = sheet.ws
    for column, name, message in [
        (0, "MemberStates", "Pick a Member State code from the list."),
        (1, "Recommendations", "Pick a recommendation code from the list (see the Register sheet)."),
        (2, "StatusLabels", "Pick a status from the list."),
    ]:
        pick = {
            "validate": "list",
            "source": f"={name}",
            "error_title": "Not in the list",
            "error_message": message,
        }
        ws.data_validation(1, column, TEMPLATE_ROWS, column, pick)
    date = {"validate": "date", "criteria": ">", "value": "=DATE(2000,1,1)", "error_title": "Not a date",
            "error_message": "Enter a date (YYYY-MM-DD)."}  # fmt: skip
    ws.data_validation(1, 3, TEMPLATE_ROWS, 3, date)
    sheet.header(COLUMNS)
    empty = Column("text", ("input",))
    inputs = [
        empty,
        empty,
        empty,
        Column("date", ("input", "iso_date")),
        Column("text", ("input", "wrap")),
        empty,
    ]
    sheet.rows(inputs, ([None] * 6 for _ in range(TEMPLATE_ROWS)))


def _current(book: Book, template) -> None:
    current = template.current
    sheet = book.sheet("Current", [14, 16, 50, 22, 14])
    sheet.table_set_up(2, len(current), 2, "Current status")
    sheet.line(cell(f"Current status, {template.today:%d %B %Y} (for reference; not imported)", "subtitle"))
    sheet.line(cell("Copy a row's codes to the Statuses sheet to record a newer status.", "note"))
    sheet.header(["Member State", "Recommendation", "Title", "Status", "Since"])
    columns = [
        Column("label"),
        Column("label"),
        Column("text"),
        Column("label"),
        Column("date", ("iso_date",)),
    ]
    sheet.rows(columns, records(current, list(current.columns)))


def _register(book: Book, template) -> None:
    recs = template.register
    sheet = book.sheet("Register", [16, 70, 40, 12])
    sheet.table_set_up(0, len(recs), 1, "Recommendations")
    sheet.header(["Recommendation", "Title", "Thematic area", "Issued"])
    columns = [Column("label"), Column("text", ("wrap",)), Column("text"), Column("date", ("iso_date",))]
    sheet.rows(columns, records(recs, list(recs.columns)))


def _lists(book: Book, template) -> None:
    sheet = book.sheet("Lists", [16, 16, 24])
    sheet.ws.hide()
    recs = list(template.register["code"])
    labels = [STATUS[s].label for s in ordered(StatusLevel)]
    sheet.line("Member States", "Recommendations", "Statuses")
    longest = max(len(template.states), len(recs), len(labels))
    sheet.rows(
        [Column("label")] * 3,
        ([_at(template.states, i), _at(recs, i), _at(labels, i)] for i in range(longest)),
    )
    for name, column, values in [("MemberStates", "A", template.states), ("Recommendations", "B", recs),
                                 ("StatusLabels", "C", labels)]:  # fmt: skip
        book.define(name, f"Lists!${column}$2:${column}${len(values) + 1}")


def _at(values: list, i: int):
    return values[i] if i < len(values) else None

"""The register template (the secretariat loads the real register from it) and reading it back.

The template lays out a ``RegisterTemplate``: instructions, a Register sheet with drop-downs for the
thematic area, addressee and priority, the register as it is now, and the hidden lists. Reading
checks the file and each cell's kind; ``monitoring.register_import`` checks the rows' meaning.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dashboard.enums import ADDRESSEES, PRIORITIES, Addressee, Priority, ordered
from dashboard.excel.sheet_reader import FORMULA, Problem, read_table, shorten
from dashboard.excel.upload import parse_date
from dashboard.excel.writer import Book, Column, cell, records

if TYPE_CHECKING:
    from dashboard.monitoring.register_import import RegisterTemplate

SHEET = "Register"
SHEETS = ["Instructions", SHEET, "Current register", "Lists"]
COLUMNS = ["Code", "Thematic area", "Title", "Description", "Addressed to", "Issued on", "Deadline",
           "Priority", "Source document", "Paragraph"]  # fmt: skip
WIDTHS = [10, 34, 60, 60, 26, 13, 13, 10, 34, 12]
MAX_ROWS = 2_000  # recommendations in one file
MAX_BYTES = 5 * 1024 * 1024
TEMPLATE_ROWS = 300
DATES = ("Issued on", "Deadline")


@dataclass(frozen=True)
class RegisterRow:
    """One row of the Register sheet: text as typed (trimmed), dates parsed."""

    number: int
    values: dict[str, Any]  # column -> str, dt.date or None


def render(template: RegisterTemplate) -> bytes:
    book = Book(template.created, "Recommendation register: upload template")
    _instructions(book, template)
    _register(book)
    _current(book, template)
    _lists(book, template)
    return book.finish()


def _instructions(book: Book, template) -> None:
    sheet = book.sheet("Instructions", [24, 90])
    sheet.print_set_up(landscape=False)
    sheet.heading("Recommendation register: upload template", blank=True)
    addressees = ", ".join(ADDRESSEES[a].label for a in ordered(Addressee))
    priorities = ", ".join(PRIORITIES[p].label for p in ordered(Priority))
    steps = [
        ("1. Fill in", f"One row per recommendation on the '{SHEET}' sheet, from row 2."),
        (
            "Code",
            "Unique, up to 16 letters, digits, '.', '-' or '/' (e.g. P-1). A code already in the "
            "register is refused: change that one on the Register page.",
        ),
        ("Thematic area", "The area's name from the drop-down (its number works too)."),
        ("Title", "One line, up to 200 characters."),
        ("Description", "Optional, up to 4,000 characters."),
        ("Addressed to", f"From the drop-down: {addressees}."),
        (
            "Issued on",
            "The date the recommendation was made (an Excel date or YYYY-MM-DD); not in the future.",
        ),
        ("Deadline", "Optional; not before the date of issue."),
        ("Priority", f"From the drop-down: {priorities}."),
        ("Source document", "The document it comes from, e.g. 'HLCEG-R final report, 18 May 2018'."),
        ("Paragraph", "Where in that document, e.g. '3.2' or 'p. 14'."),
        ("2. Upload", "On the Register page, or: python -m dashboard register import FILE.xlsx"),
        (
            "All or nothing",
            "If any row has a problem, nothing is added; every problem is listed by sheet, row and column.",
        ),
        (
            "Limits",
            f"At most {MAX_ROWS:,} rows and {MAX_BYTES // (1024 * 1024)} MB; a plain .xlsx workbook. "
            "Keep the sheet and column names.",
        ),
        ("Prepared", f"{template.today:%d %B %Y} for {template.prepared_for}."),
    ]
    for name, what in steps:
        sheet.line(cell(name, "bold", "wrap"), cell(what, "wrap"))


def _register(book: Book) -> None:
    sheet = book.sheet(SHEET, WIDTHS)
    sheet.table_set_up(0, TEMPLATE_ROWS, 1, "Recommendations to add")
    for column, name in [(1, "Areas"), (4, "Addressees"), (7, "Priorities")]:
        rule = {"validate": "list", "source": f"={name}", "error_title": "Not in the list",
                "error_message": "Pick a value from the list."}  # fmt: skip
        sheet.ws.data_validation(1, column, TEMPLATE_ROWS, column, rule)
    for column in (5, 6):
        rule = {"validate": "date", "criteria": ">", "value": "=DATE(1990,1,1)", "error_title": "Not a date",
                "error_message": "Enter a date (YYYY-MM-DD)."}  # fmt: skip
        sheet.ws.data_validation(1, column, TEMPLATE_ROWS, column, rule)
    sheet.header(COLUMNS)
    empty, wrapped, date = (
        Column("text", ("input",)),
        Column("text", ("input", "wrap")),
        Column("date", ("input", "iso_date")),
    )
    inputs = [empty, empty, wrapped, wrapped, empty, date, date, empty, empty, empty]
    sheet.rows(inputs, ([None] * len(COLUMNS) for _ in range(TEMPLATE_ROWS)))


def _current(book: Book, template) -> None:
    recs = template.register
    sheet = book.sheet("Current register", WIDTHS)
    sheet.table_set_up(0, len(recs), 1, "The register now")
    sheet.header(COLUMNS)
    fields = ["code", "area", "title", "description", "addressee", "issued_on", "deadline", "priority",
              "source_document", "source_paragraph"]  # fmt: skip
    text, date = Column("text", ("wrap",)), Column("date", ("iso_date",))
    columns = [
        Column("label"),
        text,
        text,
        text,
        Column("label"),
        date,
        date,
        Column("label"),
        text,
        Column("text"),
    ]
    shown = recs.assign(addressee=recs["addressee"].map(lambda a: ADDRESSEES[a].label),
                        priority=recs["priority"].map(lambda p: PRIORITIES[p].label))  # fmt: skip
    sheet.rows(columns, records(shown, fields))


def _lists(book: Book, template) -> None:
    sheet = book.sheet("Lists", [40, 30, 12])
    sheet.ws.hide()
    areas = list(template.areas.values())
    addressees = [ADDRESSEES[a].label for a in ordered(Addressee)]
    priorities = [PRIORITIES[p].label for p in ordered(Priority)]
    sheet.line("Thematic areas", "Addressees", "Priorities")
    longest = max(len(areas), len(addressees), len(priorities))
    sheet.rows(
        [Column("label")] * 3,
        ([_at(areas, i), _at(addressees, i), _at(priorities, i)] for i in range(longest)),
    )
    for name, column, values in [
        ("Areas", "A", areas),
        ("Addressees", "B", addressees),
        ("Priorities", "C", priorities),
    ]:
        book.define(name, f"Lists!${column}$2:${column}${max(len(values), 1) + 1}")


def _at(values: list, i: int):
    return values[i] if i < len(values) else None


def read_register(data: bytes) -> tuple[list[RegisterRow], list[Problem]]:
    """The rows of an uploaded register template, and the problems of their cells."""
    table = read_table(data, SHEET, COLUMNS, MAX_ROWS, MAX_BYTES, SHEETS)
    problems, rows = list(table.problems), []
    for number, values in table.rows:
        parsed: dict[str, Any] = {}
        for column, value in values.items():
            if value is FORMULA:
                problems.append(Problem(SHEET, number, column, "is a formula; type the value itself"))
                parsed[column] = None
            elif column in DATES:
                parsed[column] = _date(value, number, column, problems)
            else:
                parsed[column] = None if value is None else str(value).strip()
        rows.append(RegisterRow(number, parsed))
    return rows, problems


def _date(value, number: int, column: str, problems: list[Problem]) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    found = parse_date(value)
    if found is None:
        problems.append(
            Problem(
                SHEET, number, column, f"'{shorten(value)}' is not a date (use an Excel date or YYYY-MM-DD)"
            )
        )
    return found

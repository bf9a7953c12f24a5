"""The reminder workbook: per Member State, who to write to, what is due and by when, ready to send."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dashboard.excel.about import about_sheet
from dashboard.excel.writer import Book, Column, records

if TYPE_CHECKING:
    from dashboard.monitoring.due import ReminderReport

COLUMNS = [
    ("Member State", 9, Column("label", ("top",))),
    ("Write to", 30, Column("text", ("wrap",))),
    ("Recommendation", 10, Column("label", ("top",))),
    ("Title", 44, Column("text", ("wrap",))),
    ("What is due", 50, Column("text", ("wrap",))),
    ("Round ends", 11, Column("date", ("date", "top"))),
    ("Deadline", 11, Column("date", ("date", "top"))),
]


def render(report: ReminderReport) -> bytes:
    title = "Reminders: what is due from each Member State"
    book = Book(report.provenance.generated_at, title)
    current = report.round
    about = [
        (
            "What this is",
            "Every recommendation addressed to the Member States that has no status in the open round "
            "yet, or whose deadline has passed without full implementation, with the officials to write to.",
        ),
        (
            "Round",
            f"{current.name}, statuses {current.period}"
            if current
            else "No round is open: overdue items only.",
        ),
        ("Items", len(report.rows)),
    ]
    about_sheet(book, title, about, report.provenance)
    sheet = book.sheet("Reminders", [width for _, width, _ in COLUMNS])
    sheet.table_set_up(0, len(report.rows), 1, "Reminders")
    sheet.header([name for name, _, _ in COLUMNS])
    sheet.rows([column for _, _, column in COLUMNS], records(report.rows, [name for name, _, _ in COLUMNS]))
    return book.finish()

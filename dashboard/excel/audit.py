"""The audit log workbook: an ``AuditReport`` (the filtered view of the log) laid out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dashboard.excel.about import about_sheet
from dashboard.excel.writer import Book, Column, records

if TYPE_CHECKING:
    from dashboard.access.audit_log import AuditReport

TITLE = "Audit log of the EU prevent dashboard"


def render(report: AuditReport) -> bytes:
    book = Book(report.provenance.generated_at, TITLE)
    shown = len(report.rows)
    note = (
        f"{shown:,} of {report.total:,} (the newest; narrow the filter for the rest)"
        if shown < report.total
        else f"{shown:,}"
    )
    about_sheet(
        book,
        TITLE,
        [
            (
                "What this is",
                "Every change made in the dashboard: who, when, what, the old and the new value.",
            ),
            ("Filter", report.filter),
            ("Entries", note),
        ],
        report.provenance,
    )
    sheet = book.sheet("Audit log", [18, 28, 12, 20, 26, 50, 50])
    sheet.table_set_up(0, shown, 1, "Audit log")
    sheet.header(["When (UTC)", "Who", "Action", "What", "Key", "Old", "New"])
    text, wrapped = Column("text"), Column("text", ("wrap",))
    columns = [Column("date", ("stamp",)), text, text, text, text, wrapped, wrapped]
    sheet.rows(columns, records(report.rows, list(report.rows.columns)))
    return book.finish()

"""What every workbook opens with (the About sheet), and the workbook that says why one was not made."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from dashboard.excel.writer import Book, Sheet, cell, text

if TYPE_CHECKING:
    from dashboard.store.provenance import Provenance


def about_sheet(book: Book, title: str, rows: Sequence[tuple[str, Any]], provenance: Provenance) -> Sheet:
    """The About sheet every workbook opens with: its title, the illustrative-data notice while it
    applies, ``rows`` of (label, value: our text, a date or a number), the data revision, when and
    for whom it was generated. Returns the sheet, for more rows."""
    sheet = book.sheet("About", [26, 90])
    sheet.print_set_up(landscape=False)
    sheet.heading(title, blank=True)
    if provenance.illustrative:
        sheet.line(cell("Notice", "bold"), cell(NOTICE, "warning", "wrap"))
    made = (
        [("Generated", stamp(provenance.generated_at))]
        if provenance.generated_for is not None
        else [
            (
                "Published",
                f"{stamp(provenance.generated_at)}. These figures are as published: they do not change.",
            )
        ]
    )
    for label, value in [*rows, ("Data revision", provenance.revision), *made]:
        styles = ("wrap",) if isinstance(value, str) else ("left",)
        sheet.line(cell(label, "bold", "wrap"), cell(value, *styles))
    if provenance.generated_for is not None:
        sheet.line(cell("Generated for", "bold"), text(provenance.generated_for))
    return sheet


NOTICE = (
    "Illustrative data: the register, assessments and expert scores in this workbook are invented "
    "for demonstration. They are not official figures."
)


def stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%d %b %Y %H:%M UTC")


def refusal_workbook(reason: str, created: dt.datetime | None = None) -> bytes:
    """A one-sheet workbook saying why the workbook asked for could not be made.

    A download button builds its file after the click, away from the page, where no message can be
    shown: the file itself carries the reason instead of failing silently.
    """
    book = Book(created or dt.datetime.now(dt.UTC), "Not made")
    sheet = book.sheet("Not made", [100])
    sheet.heading("This workbook could not be made")
    sheet.line(text(reason, "wrap"))
    return book.finish()

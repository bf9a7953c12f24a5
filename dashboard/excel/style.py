"""House style of the workbooks, and writing user text so that no spreadsheet runs it.

Workbooks are written in openpyxl's write-only mode (constant memory, about twice as fast): a sheet's
column widths, panes, filters and print set-up are set before its first row is appended.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from copy import copy

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from dashboard.access.auth import CurrentUser
from dashboard.access.demo import holds_illustrative_data
from dashboard.enums import STATUS, StatusLevel, ordered
from dashboard.store.db import current_revision

FONT = "Calibri"
TITLE = Font(name=FONT, size=16, bold=True, color="1A1A1A")
SUBTITLE = Font(name=FONT, size=12, bold=True, color="1A1A1A")
BOLD = Font(name=FONT, bold=True)
NOTE = Font(name=FONT, italic=True, color="595959")
WARNING = Font(name=FONT, bold=True, color="9C5700")
HEADER_FONT = Font(name=FONT, bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F3864")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # cells a reader is meant to change
WARNING_FILL = PatternFill("solid", fgColor="FFEB9C")
THIN = Side(style="thin", color="BFBFBF")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
PERCENT = "0%"
DATE = "dd mmm yyyy"

NOTICE = (
    "Illustrative data: the register, assessments and expert scores in this workbook are invented "
    "for demonstration. They are not official figures."
)

# Text starting with one of these is a formula (or DDE) to a spreadsheet (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text(ws: Worksheet, value: str | None, **style) -> WriteOnlyCell | str | None:
    """User text as a cell no spreadsheet will run: typed as text, with a quote prefix if risky.

    A missing value (None, or pandas' NaN for an empty field) is an empty cell.
    """
    if not isinstance(value, str):
        value = None
    if value is None or (not style and not value.startswith(FORMULA_STARTS)):
        return value
    cell = styled(ws, value, **style)
    cell.data_type = "s"  # never "f", whatever the text starts with
    if value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


# Row-height hints of cells waiting to be appended: id(cell) -> (font size, wrapped text).
# Reading a cell's style back is slow in openpyxl, so styled() notes what append() needs.
_HINTS: dict[int, tuple[float, bool]] = {}


def styled(ws: Worksheet, value, **style) -> WriteOnlyCell:
    """A cell with a style (a number, a date, a label of ours, a formula; or text via ``text``)."""
    cell = WriteOnlyCell(ws, value=value)
    if style:
        # Registering a style is openpyxl's slowest step; each combination is registered once per
        # workbook and copied after. The cache keeps the settings alive, so their ids stay unique.
        cache = ws.parent.__dict__.setdefault("_dashboard_styles", {})
        key = tuple((name, id(setting)) for name, setting in style.items())
        known = cache.get(key)
        if known is None:
            for name, setting in style.items():
                setattr(cell, name, setting)
            cache[key] = (copy(cell._style), tuple(style.values()))
        else:
            cell._style = copy(known[0])
    font, alignment = style.get("font"), style.get("alignment")
    size = float(font.size) if font is not None and font.size else 11.0
    wrapped = alignment is not None and bool(alignment.wrap_text)
    if size > 11 or wrapped:
        _HINTS[id(cell)] = (size, wrapped)
    return cell


def header_row(ws: Worksheet, names: Sequence[str]) -> list[WriteOnlyCell]:
    return [
        styled(
            ws, n, font=HEADER_FONT, fill=HEADER_FILL, alignment=Alignment(wrap_text=True, vertical="center")
        )
        for n in names
    ]


def set_up_table(
    ws: Worksheet,
    widths: Sequence[float],
    header_at: int,
    rows: int,
    freeze_column: int = 1,
    landscape: bool = True,
    title: str | None = None,
) -> None:
    """Widths, frozen header (and first columns), autofilter, and print set-up for a table sheet.

    ``header_at`` is the 1-based row of the table's header; ``rows`` the number of data rows.
    """
    set_widths(ws, widths)
    ws.freeze_panes = f"{get_column_letter(freeze_column + 1)}{header_at + 1}"
    last = get_column_letter(len(widths))
    if rows:
        ws.auto_filter.ref = f"A{header_at}:{last}{header_at + rows}"
    print_set_up(ws, landscape, repeat_rows=f"{header_at}:{header_at}", title=title)


def set_widths(ws: Worksheet, widths: Sequence[float]) -> None:
    """Column widths (in characters); ``append`` also uses them to size rows of wrapped text."""
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.widths = list(widths)


LINE_HEIGHT = 15.0  # points, Calibri 11


def append(ws: Worksheet, values: Sequence) -> None:
    """Append a row; a row with wrapped text or a large font gets the height it needs.

    Spreadsheets do not grow rows of a generated file by themselves (LibreOffice keeps 15 pt), so
    the height is estimated from the text length and the column width (about 1.15 characters per
    width unit in Calibri 11).
    """
    n = getattr(ws, "rows_written", 0) + 1
    height = LINE_HEIGHT
    if _HINTS:
        widths = getattr(ws, "widths", None) or []
        for i, value in enumerate(values):
            hint = _HINTS.pop(id(value), None)
            if hint is None:
                continue
            size, wrapped = hint
            height = max(height, 1.4 * size)
            if wrapped and i < len(widths):
                height = max(height, LINE_HEIGHT * _lines(str(value.value or ""), widths[i]))
    if height > LINE_HEIGHT:
        ws.row_dimensions[n].height = height
    ws.append(values)
    ws.rows_written = n


def _lines(text: str, width: float) -> int:
    per_line = max(1, int(width * 1.15) - 1)
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def print_set_up(
    ws: Worksheet, landscape: bool = True, repeat_rows: str | None = None, title: str | None = None
):
    """A4, landscape, fit to one page wide, header rows repeated, page numbers in the footer."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    if repeat_rows:
        ws.print_title_rows = repeat_rows
    ws.oddFooter.center.text = "Page &P of &N"
    if title:
        ws.oddHeader.left.text = title


def status_formatting(ws: Worksheet, cells: str, short: bool = False) -> None:
    """Each status label in ``cells`` gets its status colour (conditional formatting on the label;
    ``short``: on the short labels of the matrix)."""
    top_left = cells.split(":")[0].replace("$", "")
    for status in ordered(StatusLevel):
        info = STATUS[status]
        ws.conditional_formatting.add(
            cells,
            FormulaRule(
                formula=[f'{top_left}="{info.short if short else info.label}"'],
                fill=PatternFill("solid", fgColor=info.colour[1:], bgColor=info.colour[1:]),
                font=Font(color=info.text_colour[1:]),
                stopIfTrue=True,
            ),
        )


def legend_rows(ws: Worksheet, short: bool = False) -> Iterable[list]:
    """Rows of a status legend: each label on its own colour, with what it means (``short``: and
    the short label the matrix uses)."""
    meanings = {
        StatusLevel.NO_PROGRESS: "No credible measures announced or adopted (level 0 of 4).",
        StatusLevel.LIMITED: "Some measures announced or at an early stage (1 of 4).",
        StatusLevel.SOME: "Measures adopted, some of them still to be implemented (2 of 4).",
        StatusLevel.SUBSTANTIAL: "Measures adopted and largely implemented (3 of 4).",
        StatusLevel.FULL: "Measures implemented that address the recommendation fully (4 of 4).",
        StatusLevel.NOT_APPLICABLE: "The recommendation does not apply; never counted as no progress.",
        StatusLevel.NOT_ASSESSED: "No assessment recorded yet; never counted as no progress.",
    }
    for status in ordered(StatusLevel):
        info = STATUS[status]
        yield [
            styled(
                ws,
                info.short if short else info.label,
                fill=PatternFill("solid", fgColor=info.colour[1:]),
                font=Font(name=FONT, color=info.text_colour[1:]),
                border=BOX,
            ),
            f"{info.label}: {meanings[status]}" if short else meanings[status],
        ]


def heading(ws: Worksheet, title: str, note: str | None = None, blank: bool = False) -> None:
    """A sheet's title row, then its note row if any, then an empty row if ``blank``."""
    append(ws, [styled(ws, title, font=TITLE)])
    if note:
        append(ws, [styled(ws, note, font=NOTE)])
    if blank:
        append(ws, [])


def about_sheet(
    wb: Workbook, session: Session, user: CurrentUser, now: dt.datetime, title: str, rows: Sequence[tuple]
) -> Worksheet:
    """The About sheet every workbook opens with: its title, the illustrative-data notice while it
    applies, ``rows`` of (label, value: our text, a date or a number), then the data revision and
    when and for whom it was generated. Returns the sheet, for more rows."""
    ws = wb.create_sheet("About")
    set_widths(ws, [26, 90])
    print_set_up(ws, landscape=False)
    heading(ws, title, blank=True)
    if holds_illustrative_data(session):
        append(
            ws,
            [
                styled(ws, "Notice", font=BOLD),
                styled(ws, NOTICE, font=WARNING, fill=WARNING_FILL, alignment=WRAP),
            ],
        )
    left = Alignment(horizontal="left")
    for label, value in [*rows, ("Data revision", current_revision(session)), ("Generated", stamp(now))]:
        if isinstance(value, str):
            cell = styled(ws, value, alignment=WRAP)
        else:
            cell = styled(
                ws, value, alignment=left, **({"number_format": DATE} if isinstance(value, dt.date) else {})
            )
        append(ws, [styled(ws, label, font=BOLD, alignment=WRAP), cell])
    append(ws, [styled(ws, "Generated for", font=BOLD), text(ws, f"{user.name} ({user.role_label})")])
    return ws


def stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%d %b %Y %H:%M UTC")


def refusal_workbook(reason: str) -> bytes:
    """A one-sheet workbook saying why the workbook asked for could not be made.

    A download button builds its file after the click, away from the page, where no message can be
    shown: the file itself carries the reason instead of failing silently.
    """
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Not made")
    set_widths(ws, [100])
    heading(ws, "This workbook could not be made")
    append(ws, [styled(ws, reason, alignment=WRAP)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()

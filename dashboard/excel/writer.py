"""The workbooks' house style over XlsxWriter, and writing people's text so no spreadsheet runs it.

A workbook is written row by row (XlsxWriter's constant-memory mode: each row leaves memory once
the next is started, and text is stored in its cell), so a sheet's widths, panes, filters and print
set-up are set first. Every text cell goes through one writer: always a string, never a formula,
with a quote prefix when it starts like one; control characters are stored escaped. The same
inputs give the same bytes: the document's date is the report's, the package's dates are fixed.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from dashboard.enums import STATUS, StatusLevel, ordered

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet runs text starting so (OWASP)
EXCEL_EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel's date serial numbers (1900 system)
LINE_HEIGHT = 15.0  # points, Calibri 11
CHARS_PER_WIDTH = 1.15  # characters of Calibri 11 per unit of column width, roughly

# The named styles a cell can have; combinations are registered once per workbook.
STYLES: dict[str, dict[str, Any]] = {
    "title": {"bold": True, "font_size": 16, "font_color": "#1A1A1A"},
    "subtitle": {"bold": True, "font_size": 12, "font_color": "#1A1A1A"},
    "bold": {"bold": True},
    "note": {"italic": True, "font_color": "#595959"},
    "warning": {"bold": True, "font_color": "#9C5700", "bg_color": "#FFEB9C"},
    "header": {
        "bold": True,
        "font_color": "#FFFFFF",
        "bg_color": "#1F3864",
        "text_wrap": True,
        "valign": "vcenter",
    },
    "input": {"bg_color": "#FFF2CC"},  # cells a reader is meant to change
    "wrap": {"text_wrap": True, "valign": "top"},
    "top": {"valign": "top"},
    "left": {"align": "left"},
    "box": {"border": 1, "border_color": "#BFBFBF"},
    "percent": {"num_format": "0%"},
    "date": {"num_format": "dd mmm yyyy"},
    "iso_date": {"num_format": "yyyy-mm-dd"},
    "stamp": {"num_format": "dd mmm yyyy hh:mm"},
    "count": {"num_format": "#,##0"},
    "integer": {"num_format": "0"},
    "score": {"num_format": "+0.00;-0.00;0.00"},
    "decimal3": {"num_format": "0.000"},
    "weight": {"num_format": "0.###"},
    "difference": {"num_format": "+0%;-0%;0%"},
}
SIZES = {"title": 16, "subtitle": 12}  # font sizes above 11 that need a taller row


class Book:
    """One workbook being written; ``finish()`` gives its bytes."""

    def __init__(self, created: dt.datetime, title: str):
        self._out = io.BytesIO()
        self.wb = xlsxwriter.Workbook(
            self._out,
            {
                "constant_memory": True,
                "strings_to_formulas": False,  # text is text; formulas are written as formulas
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        moment = created.astimezone(dt.UTC).replace(tzinfo=None)
        self.wb.set_properties({"title": title, "author": "EU prevent dashboard", "created": moment})
        self._formats: dict[tuple, Format] = {}

    def format(self, *names: str, **extra: Any) -> Format:
        """The format of the named styles (and ``extra`` XlsxWriter properties), made once."""
        key = (names, tuple(sorted(extra.items())))
        found = self._formats.get(key)
        if found is None:
            properties: dict[str, Any] = {}
            for name in names:
                properties.update(STYLES[name])
            properties.update(extra)
            found = self._formats[key] = self.wb.add_format(properties)
        return found

    def sheet(self, name: str, widths: Sequence[float]) -> Sheet:
        return Sheet(self, self.wb.add_worksheet(name), widths)

    def define(self, name: str, reference: str) -> None:
        self.wb.define_name(name, f"={reference}")

    def finish(self) -> bytes:
        self.wb.close()
        return self._out.getvalue()


@dataclass(frozen=True)
class Cell:
    """A value with its named styles: our own labels, numbers and dates; user text with ``text=True``."""

    value: Any
    styles: tuple[str, ...] = ()
    text: bool = False  # a person's text: written through the one text writer


@dataclass(frozen=True)
class Formula:
    """A formula and the value it has as exported (what a reader sees before anything recalculates)."""

    expression: str  # without the leading "="
    value: float | str
    styles: tuple[str, ...] = ()


def cell(value: Any, *styles: str) -> Cell:
    return Cell(value, styles)


def text(value: Any, *styles: str) -> Cell:
    """A person's text (evidence, a rationale, a name): always a string cell, never a formula."""
    return Cell(value, styles, text=True)


def records(frame: pd.DataFrame, fields: Sequence[str]) -> Iterable[tuple]:
    """The rows of ``frame``'s ``fields`` as plain tuples (a column at a time: iterating a table's rows
    one by one is several times slower)."""
    return zip(*(frame[field].tolist() for field in fields), strict=True)


@dataclass(frozen=True)
class Column:
    """How a table column is written: its kind ("text", "label", "number", "date", "yes_no") and styles."""

    kind: str
    styles: tuple[str, ...] = ()


class Sheet:
    """A worksheet written top to bottom; ``row`` is the next row to write (0-based)."""

    def __init__(self, book: Book, ws: Worksheet, widths: Sequence[float]):
        self.book, self.ws, self.widths, self.row = book, ws, list(widths), 0
        for i, width in enumerate(widths):
            ws.set_column(i, i, width)

    # --- set-up, before the first row -------------------------------------------------------------
    def print_set_up(self, landscape: bool = True, repeat_row: int | None = None, title: str | None = None):
        """A4, fit to one page wide, the header row repeated on every page, page numbers."""
        ws = self.ws
        ws.set_landscape() if landscape else ws.set_portrait()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        if repeat_row is not None:
            ws.repeat_rows(repeat_row)
        ws.set_footer("&CPage &P of &N")
        if title:
            ws.set_header(f"&L{title.replace('&', '&&')}")

    def table_set_up(self, header_at: int, rows: int, freeze_columns: int = 1, title: str | None = None):
        """Frozen header (and first columns), an autofilter and the print set-up of a table whose
        header is on row ``header_at`` (0-based) with ``rows`` rows below it."""
        self.ws.freeze_panes(header_at + 1, freeze_columns)
        if rows:
            self.ws.autofilter(header_at, 0, header_at + rows, len(self.widths) - 1)
        self.print_set_up(True, header_at, title)

    # --- rows --------------------------------------------------------------------------------------
    def line(self, *cells: Any) -> None:
        """One row of mixed cells: ``Cell``, ``Formula``, or a bare value (our own text or number)."""
        r, ws, book = self.row, self.ws, self.book
        self._height(
            r,
            [
                (c.value, c.styles)
                if isinstance(c, Cell)
                else (None, c.styles if isinstance(c, Formula) else ())
                for c in cells
            ],
        )
        for col, c in enumerate(cells):
            if isinstance(c, Formula):
                ws.write_formula(r, col, c.expression, book.format(*c.styles), c.value)
            elif isinstance(c, Cell):
                kind = "text" if c.text else _kind(c.value)
                _WRITERS[kind](ws, r, col, c.value, _formats(book, kind, c.styles))
            elif c is not None:
                _WRITERS[_kind(c)](ws, r, col, c, _formats(book, _kind(c), ()))
        self.row += 1

    def heading(self, title: str, note: str | None = None, blank: bool = False) -> None:
        """A sheet's title row, then its note row if any, then an empty row if ``blank``."""
        self.line(cell(title, "title"))
        if note:
            self.line(cell(note, "note"))
        if blank:
            self.row += 1

    def header(self, names: Sequence[str]) -> None:
        self.line(*(cell(n, "header") for n in names))

    def rows(self, columns: Sequence[Column], records: Iterable[Sequence]) -> int:
        """Table rows: each record's values written as its column says. Returns how many."""
        writers = [(_WRITERS[c.kind], _formats(self.book, c.kind, c.styles)) for c in columns]
        wrapped = [i for i, c in enumerate(columns) if "wrap" in c.styles]
        ws, start = self.ws, self.row
        for record in records:
            r = self.row
            if wrapped:
                self._wrapped_height(r, record, wrapped)
            for col, ((write, formats), value) in enumerate(zip(writers, record, strict=True)):
                write(ws, r, col, value, formats)
            self.row += 1
        return self.row - start

    def blank(self) -> None:
        self.row += 1

    # --- row heights: spreadsheets do not grow the rows of a generated file -------------------------
    def _height(self, r: int, cells: list[tuple[Any, tuple[str, ...]]]) -> None:
        height = LINE_HEIGHT
        for col, (value, styles) in enumerate(cells):
            for name in styles:
                height = max(height, 1.4 * SIZES.get(name, 11))
            if "wrap" in styles and isinstance(value, str) and col < len(self.widths):
                height = max(height, LINE_HEIGHT * _lines(value, self.widths[col]))
        if height > LINE_HEIGHT:
            self.ws.set_row(r, height)

    def _wrapped_height(self, r: int, record: Sequence, wrapped: list[int]) -> None:
        lines = max(_lines(record[i], self.widths[i]) if isinstance(record[i], str) else 1 for i in wrapped)
        if lines > 1:
            self.ws.set_row(r, LINE_HEIGHT * lines)

    # --- sheet-wide features ----------------------------------------------------------------------
    def status_colours(
        self, first_row: int, first_col: int, last_row: int, last_col: int, short: bool = False
    ):
        """Each status label in the range gets its status colour (conditional formatting on the label;
        ``short``: on the short labels of the matrix). The label always stays in the cell."""
        if last_row < first_row:
            return
        top_left = xlsxwriter.utility.xl_rowcol_to_cell(first_row, first_col)
        for status in ordered(StatusLevel):
            info = STATUS[status]
            label = info.short if short else info.label
            self.ws.conditional_format(
                first_row,
                first_col,
                last_row,
                last_col,
                {
                    "type": "formula",
                    "criteria": f'={top_left}="{label}"',
                    "format": self.book.wb.add_format(
                        {"bg_color": info.colour, "font_color": info.text_colour, "pattern": 1}
                    ),
                    "stop_if_true": True,
                },
            )

    def legend(self, short: bool = False) -> None:
        """Rows of a status legend: each label on its own colour, with what it means (``short``: the
        short label the matrix uses, with the full one in the explanation)."""
        for status in ordered(StatusLevel):
            info = STATUS[status]
            fmt = self.book.format("box", bg_color=info.colour, font_color=info.text_colour)
            self.ws.write_string(self.row, 0, info.short if short else info.label, fmt)
            meaning = LEGEND[status]
            self.ws.write_string(self.row, 1, f"{info.label}: {meaning}" if short else meaning)
            self.row += 1


LEGEND = {
    StatusLevel.NO_PROGRESS: "No credible measures announced or adopted (level 0 of 4).",
    StatusLevel.LIMITED: "Some measures announced or at an early stage (1 of 4).",
    StatusLevel.SOME: "Measures adopted, some of them still to be implemented (2 of 4).",
    StatusLevel.SUBSTANTIAL: "Measures adopted and largely implemented (3 of 4).",
    StatusLevel.FULL: "Measures implemented that address the recommendation fully (4 of 4).",
    StatusLevel.NOT_APPLICABLE: "The recommendation does not apply; never counted as no progress.",
    StatusLevel.NOT_ASSESSED: "No assessment recorded yet; never counted as no progress.",
}


def _lines(value: str, width: float) -> int:
    per_line = max(1, int(width * CHARS_PER_WIDTH) - 1)
    return sum(max(1, -(-len(part) // per_line)) for part in value.split("\n"))


def _missing(value: Any) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


# The cell writers below call XlsxWriter's undecorated cell methods (``_write_string`` and kin, what
# its public ``write_string`` calls after checking for A1 notation): row and column are always
# numbers here, and skipping the check saved ~1 µs a cell, ~5 % of a large workbook. XlsxWriter is
# pinned in requirements.txt; tests/test_excel_export.py reads every kind of cell back.


@dataclass(frozen=True)
class _Formats:
    """A column's (or a cell's) formats, resolved once: as styled, and with a quote prefix."""

    plain: Format | None
    quoted: Format


def _formats(book: Book, kind: str, styles: tuple[str, ...]) -> _Formats:
    if kind == "date" and not any(s in ("date", "iso_date", "stamp") for s in styles):
        styles = ("date", *styles)
    return _Formats(book.format(*styles) if styles else None, book.format(*styles, quote_prefix=True))


def _write_text(ws: Worksheet, r: int, c: int, value: Any, formats: _Formats) -> None:
    """The one writer of text: a string cell, quote-prefixed when it starts like a formula."""
    if _missing(value) or value == "":
        if formats.plain is not None:
            ws._write_blank(r, c, None, formats.plain)
        return
    value = str(value)
    ws._write_string(r, c, value, formats.quoted if value.startswith(FORMULA_STARTS) else formats.plain)


def _write_number(ws: Worksheet, r: int, c: int, value: Any, formats: _Formats) -> None:
    if isinstance(value, str):  # a dash or a word where a number is not known
        _write_text(ws, r, c, value, formats)
    elif _missing(value):
        if formats.plain is not None:
            ws._write_blank(r, c, None, formats.plain)
    else:
        ws._write_number(r, c, float(value), formats.plain)


def _write_date(ws: Worksheet, r: int, c: int, value: Any, formats: _Formats) -> None:
    """A date (or a moment, in UTC) as Excel's serial number with a date format."""
    if _missing(value):
        ws._write_blank(r, c, None, formats.plain)
        return
    if isinstance(value, dt.datetime):
        moment = value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value
        serial = (moment - dt.datetime(1899, 12, 30)).total_seconds() / 86400
    else:
        serial = (value - EXCEL_EPOCH).days
    ws._write_number(r, c, serial, formats.plain)


def _write_yes_no(ws: Worksheet, r: int, c: int, value: Any, formats: _Formats) -> None:
    _write_text(ws, r, c, "Yes" if value else "No", formats)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "yes_no"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, dt.date):
        return "date"
    return "text"


_WRITERS: dict[str, Callable[[Worksheet, int, int, Any, _Formats], None]] = {
    "text": _write_text,
    "label": _write_text,
    "number": _write_number,
    "date": _write_date,
    "yes_no": _write_yes_no,
}

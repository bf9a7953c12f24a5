"""Reading an uploaded workbook's table, bounded whatever the file claims; every problem collected.

Before anything is parsed, the package is checked from its zip directory: every part's unpacked
size, the total, macros, encryption, document-type declarations (an XML bomb's tool). Then only
the template's columns and at most the row limit are read, whatever dimension the sheet declares.
Data on a sheet that is not the template's is a problem, never silently left out. The problem list
is capped and every value in it shortened, so a hostile file cannot make a huge message.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from dashboard.errors import InvalidInput
from dashboard.text import shorten

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .xlsx and old .xls are OLE containers
ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
MAX_UNPACKED = 60 * 1024 * 1024  # all parts together: larger is a zip bomb, not a table
MAX_PART = 40 * 1024 * 1024  # one part (a sheet's XML)
MAX_PARTS = 400
# What the parser would build, counted in the package before it runs (a template needs far less):
MAX_SHEETS = 30  # the templates have 4 or 5
MAX_CELLS = 100_000  # in all sheets together: 5,000 rows of 6 columns and the reference sheets
MAX_STRINGS = 60_000  # entries of the shared-string table
MAX_STYLE_ELEMENTS = 50_000  # elements of the style sheet (a template's has a few hundred)
SHOWN_PROBLEMS = 100  # problems listed in full; the rest are counted


@dataclass(frozen=True)
class Problem:
    sheet: str | None
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = ", ".join(
            part
            for part in (
                self.sheet and f"sheet '{shorten(self.sheet)}'",
                self.row and f"row {self.row}",
                self.column and f"column '{shorten(self.column)}'",
            )
            if part
        )
        return f"{where}: {self.message}" if where else self.message


class UploadRefused(InvalidInput):
    """A file that cannot be imported; ``problems`` lists every reason found (the message, the
    first ``SHOWN_PROBLEMS`` of them)."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        head = f"Nothing was imported: {count:,} problem{'s' if count != 1 else ''} in the file."
        shown = [f"- {p}" for p in self.problems[:SHOWN_PROBLEMS]]
        if count > SHOWN_PROBLEMS:
            shown.append(f"- and {count - SHOWN_PROBLEMS:,} more problems of the same kinds")
        super().__init__("\n".join([head, *shown]))


class Formula:
    """A cell that holds a formula (never imported: a person types the value itself)."""


FORMULA = Formula()


@dataclass(frozen=True)
class Table:
    rows: list[
        tuple[int, dict[str, Any]]
    ]  # (row number as Excel shows it, column -> value), blank rows left out
    problems: list[Problem]


def refuse(message: str) -> UploadRefused:
    return UploadRefused([Problem(None, None, None, message)])


def read_table(
    data: bytes,
    sheet: str,
    columns: Sequence[str],
    max_rows: int,
    max_bytes: int,
    template_sheets: Sequence[str],
) -> Table:
    """The non-blank rows of ``sheet`` under a header of exactly ``columns`` (any order, any case).

    Raises UploadRefused when the file as a whole cannot be used; problems of single cells are in
    the table's ``problems``.
    """
    archive = _check_container(data, max_bytes)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise refuse(f"the file could not be read as a workbook ({shorten(exc)})") from exc
    try:
        if sheet not in wb.sheetnames:
            found = ", ".join(f"'{shorten(n, 30)}'" for n in wb.sheetnames[:10])
            keep = "use the template and keep its sheet names"
            raise refuse(f"the sheet '{sheet}' is missing (sheets found: {found}); {keep}")
        problems = _stray_data(wb, archive, template_sheets)
        table = _rows(wb[sheet], sheet, columns, max_rows)
        _check_beyond(archive, wb[sheet], sheet, max_rows)
        return Table(table.rows, problems + table.problems)
    except UploadRefused:
        raise
    except Exception as exc:  # damaged XML inside a sheet surfaces only while reading it
        raise refuse(f"the workbook could not be read ({shorten(exc)}); save it again from Excel") from exc
    finally:
        wb.close()
        archive.close()


def _check_container(data: bytes, max_bytes: int) -> zipfile.ZipFile:
    if not data:
        raise refuse("the file is empty")
    if len(data) > max_bytes:
        raise refuse(
            f"the file is {len(data) / 1024 / 1024:.1f} MB; the limit is {max_bytes // (1024 * 1024)} MB"
        )
    if data.startswith(OLE_MAGIC):
        raise refuse(
            "the workbook is password-protected (encrypted); remove the password and save it again"
            if ENCRYPTED in data
            else "this is an old-format .xls file; save it as an Excel workbook (.xlsx)"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise refuse("this is not an Excel workbook (.xlsx); use the template") from None
    names = {p.filename for p in parts}
    if "xl/workbook.xml" not in names:
        raise refuse("this is not an Excel workbook (.xlsx); use the template")
    if len(parts) > MAX_PARTS:
        raise refuse(f"the workbook has {len(parts):,} parts; the template has about 20: use the template")
    if any(p.file_size > MAX_PART for p in parts):
        raise refuse(
            f"one part of the workbook unpacks to more than {MAX_PART // (1024 * 1024)} MB; "
            "it is not a template: copy the rows into a fresh template"
        )
    if sum(p.file_size for p in parts) > MAX_UNPACKED:
        raise refuse(
            f"the workbook unpacks to more than {MAX_UNPACKED // (1024 * 1024)} MB; it is not a template"
        )
    if any(n.lower().endswith("vbaproject.bin") for n in names) or b"macroEnabled" in _read(
        archive, "[Content_Types].xml"
    ):
        raise refuse("the workbook contains macros (.xlsm); save it as a plain .xlsx workbook")
    for part in parts:
        if part.filename.endswith((".xml", ".rels")) and _declares_doctype(archive, part):
            raise refuse("the workbook's XML declares a document type (a workbook never does); save it again")
    _check_counts(archive, parts)
    return archive


def _check_counts(archive: zipfile.ZipFile, parts: list[zipfile.ZipInfo]) -> None:
    """Refuse a package whose sheets, cells, shared strings or styles are far beyond a template's,
    counted in the unpacked XML (a fraction of a second) before the parser builds any of them."""
    sheets = [p for p in parts if p.filename.startswith("xl/worksheets/") and p.filename.endswith(".xml")]
    if len(sheets) > MAX_SHEETS:
        raise refuse(f"the workbook has {len(sheets)} sheets; the template has a handful: use the template")
    cells = sum(_count(archive, p, (b"<c ", b"<c>", b"<c/>")) for p in sheets)
    if cells > MAX_CELLS:
        raise refuse(
            f"the workbook holds more than {MAX_CELLS:,} cells; the template needs far fewer: copy the rows "
            "into a fresh template"
        )
    limits = {"xl/sharedStrings.xml": ((b"<si>", b"<si "), MAX_STRINGS, "shared texts"),
              "xl/styles.xml": ((b"<",), MAX_STYLE_ELEMENTS, "style elements")}  # fmt: skip
    for part in parts:
        if part.filename in limits:
            patterns, limit, what = limits[part.filename]
            if _count(archive, part, patterns) > limit:
                raise refuse(
                    f"the workbook holds more than {limit:,} {what}; copy the rows into a fresh template"
                )


def _count(archive: zipfile.ZipFile, part: zipfile.ZipInfo, patterns: tuple[bytes, ...]) -> int:
    """How often ``patterns`` occur in a part, read in pieces (never all of it in memory)."""
    found, tail, keep = 0, b"", max(len(p) for p in patterns) - 1
    with archive.open(part) as stream:
        while chunk := stream.read(1 << 20):
            block = tail + chunk
            found += sum(block.count(p) for p in patterns)
            tail = block[-keep:] if keep else b""
            found -= sum(tail.count(p) for p in patterns)  # counted again with the next piece
    return found


def _read(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        return archive.read(name)
    except KeyError:
        return b""


PROLOG_LIMIT = 64 * 1024  # what may come before a part's root element (Excel writes ~60 bytes)
COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)
ROOT = re.compile(rb"<[A-Za-z_]")


def _declares_doctype(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    """Whether the part declares a document type or entities (or hides its root element behind
    more prolog than any workbook writes, where a declaration could sit out of sight)."""
    with archive.open(part) as stream:
        head = stream.read(PROLOG_LIMIT)
    prolog = COMMENT.sub(b"", head)
    root = ROOT.search(prolog)
    if root is None:
        return len(head) == PROLOG_LIMIT  # no root element within the limit: refuse
    before = prolog[: root.start()].upper()
    return b"<!DOCTYPE" in before or b"<!ENTITY" in before


def _stray_data(wb, archive: zipfile.ZipFile, template_sheets: Sequence[str]) -> list[Problem]:
    """A sheet that is not the template's but holds a value anywhere (e.g. a copy of the data
    sheet): its rows would otherwise be left out without a word."""
    found = []
    for name in wb.sheetnames:
        if name in template_sheets:
            continue
        if any(True for _ in _filled_cells(archive, wb[name])):
            message = "this sheet is not part of the template: put its rows on the template's sheet"
            found.append(Problem(name, None, None, message))
    return found


def _rows(ws, sheet: str, columns: Sequence[str], max_rows: int) -> Table:
    width = len(columns) + 20  # room for a few unexpected header cells, never the sheet's full width
    rows = ws.iter_rows(max_row=max_rows + 2, max_col=width)  # header, the limit, one more to notice
    problems: list[Problem] = []
    positions = _header(next(rows, ()), sheet, columns, problems)
    if problems:
        raise UploadRefused(problems)
    out: list[tuple[int, dict[str, Any]]] = []
    for number, cells in enumerate(rows, start=2):
        values = {name: _value(cells[i]) if i < len(cells) else None for name, i in positions.items()}
        if all(_blank(v) for v in values.values()):
            continue
        if number > max_rows + 1:
            raise UploadRefused([Problem(sheet, None, None, f"more than {max_rows:,} rows; split the file")])
        out.append((number, values))
    if not out:
        raise UploadRefused([Problem(sheet, None, None, "there are no rows to import")])
    return Table(out, problems)


FILLED_CELL = re.compile(rb"<c\b([^>]*[^/>])?>(.*?)</c>", re.DOTALL)  # a cell element with content
CELL_ROW = re.compile(rb'\br="[A-Z]{1,3}([0-9]{1,7})"')
VALUE = re.compile(rb"<(?:v|t|f)\b")


def _filled_cells(archive: zipfile.ZipFile, ws) -> Iterable[int]:
    """The row number of every cell of a sheet holding a value (0 where the cell does not say),
    found by one pass of a regular expression over the sheet's XML (bounded by the part size)
    rather than a walk over every row the sheet declares."""
    path = getattr(ws, "_worksheet_path", None)
    if not path:
        return
    for cell in FILLED_CELL.finditer(_read(archive, path.lstrip("/"))):
        if VALUE.search(cell.group(2)):
            where = CELL_ROW.search(cell.group(1) or b"")
            yield int(where.group(1)) if where else 0


def _check_beyond(archive: zipfile.ZipFile, ws, sheet: str, max_rows: int) -> None:
    """Refuse a sheet with a value below the row limit, also after blank rows: the reader stops at
    the limit, and a row must never be left out without a word."""
    last = max_rows + 1  # the header and the rows
    row = next((r for r in _filled_cells(archive, ws) if r > last), None)
    if row is not None:
        message = f"a value in row {row:,}, below the limit of {max_rows:,} rows; split the file"
        raise UploadRefused([Problem(sheet, None, None, message)])


def _value(cell) -> Any:
    return FORMULA if cell.data_type == "f" else cell.value


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header(cells, sheet: str, columns: Sequence[str], problems: list[Problem]) -> dict[str, int]:
    names = [str(c.value).strip() if c.value is not None else "" for c in cells]
    wanted = {c.casefold(): c for c in columns}
    positions: dict[str, int] = {}
    for i, name in enumerate(names):
        if not name:
            continue
        if name.casefold() in wanted and wanted[name.casefold()] not in positions:
            positions[wanted[name.casefold()]] = i
        else:
            expected = ", ".join(columns)
            message = f"unexpected column '{shorten(name, 40)}' (the template's columns: {expected})"
            problems.append(Problem(sheet, 1, get_column_letter(i + 1), message))
    missing = [c for c in columns if c not in positions]
    if missing:
        plural = "s " if len(missing) > 1 else " "
        problems.append(
            Problem(sheet, 1, None, "missing column" + plural + ", ".join(f"'{c}'" for c in missing))
        )
    return positions

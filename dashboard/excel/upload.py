"""Reading an uploaded template: the file checked first, then every row; every problem collected.

Nothing here touches the database's contents beyond reading code lists; ``dashboard.importing``
writes. Problems name the sheet, the row and the column, so a person can find and fix each one.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from dashboard.enums import STATUS, StatusLevel, ordered, parse_member
from dashboard.errors import InvalidInput
from dashboard.excel.template import COLUMNS, MAX_BYTES, MAX_ROWS, SHEET

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .xlsx and old .xls are OLE containers
ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
MAX_UNPACKED = 60 * 1024 * 1024  # a larger unpacked size is a zip bomb, not a status list
FIELDS = dict(
    zip(
        COLUMNS,
        ["member_state", "recommendation", "status", "assessed_on", "evidence", "source_url"],
        strict=True,
    )
)  # the column of each field a status entry has (monitoring.recording.StatusEntry's names)
COLUMN_OF = {field: column for column, field in FIELDS.items()}


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
                self.sheet and f"sheet '{self.sheet}'",
                self.row and f"row {self.row}",
                self.column and f"column '{self.column}'",
            )
            if part
        )
        return f"{where}: {self.message}" if where else self.message


class UploadRefused(InvalidInput):
    """A file that cannot be imported; ``problems`` lists every reason found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        head = f"Nothing was imported: {count} problem{'s' if count != 1 else ''} in the file."
        super().__init__("\n".join([head, *(f"- {p}" for p in self.problems)]))


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
    _check_container(data)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise UploadRefused(
            [Problem(None, None, None, f"the file could not be read as a workbook ({exc})")]
        ) from exc
    try:
        if SHEET not in wb.sheetnames:
            found = ", ".join(f"'{n}'" for n in wb.sheetnames)
            raise UploadRefused(
                [
                    Problem(
                        None,
                        None,
                        None,
                        f"the sheet '{SHEET}' is missing (sheets found: {found}); "
                        "use the template and keep its sheet names",
                    )
                ]
            )
        return _rows(wb[SHEET])
    finally:
        wb.close()


def _check_container(data: bytes) -> None:
    if not data:
        raise UploadRefused([Problem(None, None, None, "the file is empty")])
    if len(data) > MAX_BYTES:
        raise UploadRefused(
            [
                Problem(
                    None,
                    None,
                    None,
                    f"the file is {len(data) / 1024 / 1024:.1f} MB; the limit is "
                    f"{MAX_BYTES // (1024 * 1024)} MB",
                )
            ]
        )
    if data.startswith(OLE_MAGIC):
        what = (
            "the workbook is password-protected (encrypted); remove the password and save it again"
            if ENCRYPTED in data
            else "this is an old-format .xls file; save it as an Excel workbook (.xlsx)"
        )
        raise UploadRefused([Problem(None, None, None, what)])
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise UploadRefused(
            [Problem(None, None, None, "this is not an Excel workbook (.xlsx); use the template")]
        ) from None
    if "xl/workbook.xml" not in names:
        raise UploadRefused(
            [Problem(None, None, None, "this is not an Excel workbook (.xlsx); use the template")]
        )
    content_types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    if any(n.lower().endswith("vbaproject.bin") for n in names) or b"macroEnabled" in content_types:
        raise UploadRefused(
            [
                Problem(
                    None,
                    None,
                    None,
                    "the workbook contains macros (.xlsm); save it as a plain .xlsx workbook",
                )
            ]
        )
    if unpacked > MAX_UNPACKED:
        raise UploadRefused(
            [Problem(None, None, None, "the workbook unpacks to more than 60 MB; it is not a template")]
        )


def _rows(ws) -> Upload:
    rows = ws.iter_rows()
    header = next(rows, None)
    problems: list[Problem] = []
    positions = _header(header or (), problems)
    if problems:
        raise UploadRefused(problems)
    out: list[UploadRow] = []
    seen: dict[tuple[str, str, dt.date], int] = {}
    states: dict[int, str] = {}
    count = 0
    for number, cells in enumerate(rows, start=2):
        cells = list(cells)
        values = {name: (cells[i] if i < len(cells) else None) for name, i in positions.items()}
        if all(_blank(c) for c in values.values()):
            continue
        count += 1
        if count > MAX_ROWS:
            raise UploadRefused([Problem(SHEET, None, None, f"more than {MAX_ROWS:,} rows; split the file")])
        cell = values["Member State"]
        if cell is not None and cell.data_type != "f" and not _blank(cell):
            states[number] = _code(cell.value)
        entry = _entry(values, number, problems)
        if entry is None:
            continue
        key = (entry.member_state, entry.recommendation, entry.assessed_on)
        if key in seen:
            problems.append(
                Problem(
                    SHEET,
                    number,
                    None,
                    f"repeats row {seen[key]} ({entry.member_state}, "
                    f"{entry.recommendation}, {entry.assessed_on:%d %b %Y})",
                )
            )
            continue
        seen[key] = number
        out.append(entry)
    if not out and not problems:
        raise UploadRefused([Problem(SHEET, None, None, "there are no rows to import")])
    return Upload(out, problems, states)


def in_order(problems: list[Problem]) -> list[Problem]:
    """Problems by row, then in the template's column order."""
    return sorted(
        problems, key=lambda p: (p.row or 0, COLUMNS.index(p.column) if p.column in COLUMNS else -1)
    )


def _header(cells, problems: list[Problem]) -> dict[str, int]:
    names = [str(c.value).strip() if c.value is not None else "" for c in cells]
    wanted = {c.casefold(): c for c in COLUMNS}
    positions: dict[str, int] = {}
    for i, name in enumerate(names):
        if not name:
            continue
        if name.casefold() in wanted and wanted[name.casefold()] not in positions:
            positions[wanted[name.casefold()]] = i
        else:
            expected = ", ".join(COLUMNS)
            message = f"unexpected column '{name}' (the template's columns: {expected})"
            problems.append(Problem(SHEET, 1, _letter(i), message))
    missing = [c for c in COLUMNS if c not in positions]
    if missing:
        problems.append(
            Problem(
                SHEET,
                1,
                None,
                "missing column" + ("s " if len(missing) > 1 else " ") + ", ".join(f"'{c}'" for c in missing),
            )
        )
    return positions


def _letter(i: int) -> str:
    return get_column_letter(i + 1)


def _blank(cell) -> bool:
    return cell is None or cell.value is None or (isinstance(cell.value, str) and not cell.value.strip())


def _entry(values, number: int, problems: list[Problem]) -> UploadRow | None:
    before = len(problems)

    def refuse(column: str, message: str) -> None:
        problems.append(Problem(SHEET, number, column, message))

    parsed = {}
    for column, cell in values.items():
        if cell is not None and cell.data_type == "f":
            refuse(column, "is a formula; type the value itself")
            parsed[column] = None
        else:
            parsed[column] = None if _blank(cell) else cell.value
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
        refuse("Status", f"'{value}' is not a status (allowed: {allowed})")
        return None


DATE_TEXT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$|^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _date(value, refuse) -> dt.date | None:
    if value is None:
        refuse("Assessed on", "is empty")
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = DATE_TEXT.match(str(value).strip())
    if match:
        y, m, d = (
            (match.group(1), match.group(2), match.group(3))
            if match.group(1)
            else (match.group(6), match.group(5), match.group(4))
        )
        try:
            return dt.date(int(y), int(m), int(d))
        except ValueError:
            pass
    refuse("Assessed on", f"'{value}' is not a date (use an Excel date or YYYY-MM-DD)")
    return None

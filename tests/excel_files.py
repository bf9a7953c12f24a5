"""Upload files built for tests: the real template filled in, and broken variants of it."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook, load_workbook

from dashboard.excel.template import COLUMNS, SHEET


class Text(str):
    """A value typed as text in Excel even if it starts with '=' (Excel keeps it with a quote prefix)."""


def filled(template: bytes, rows: list[list], sheet: str = SHEET) -> bytes:
    """The template with ``rows`` typed into its Statuses sheet from row 2 (values as given; a plain
    string starting with '=' becomes a formula, as typing it into Excel would)."""
    wb = load_workbook(io.BytesIO(template))
    ws = wb[SHEET]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(r, c)
            cell.value = str(value) if isinstance(value, Text) else value
            if isinstance(value, Text):
                cell.data_type, cell.quotePrefix = "s", True
    if sheet != SHEET:
        ws.title = sheet
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def plain(rows: list[list], header: list[str] = COLUMNS, sheet: str = SHEET) -> bytes:
    """A bare workbook with one sheet: ``header`` and ``rows``."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def with_macros(data: bytes) -> bytes:
    """The same workbook with a VBA project inside, as an .xlsm saved from Excel would have."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really VBA")
    return out.getvalue()


def encrypted(data: bytes, password: str = "secret") -> bytes:
    """The workbook protected with a password (real ECMA-376 agile encryption, as Excel writes)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    return out.getvalue()

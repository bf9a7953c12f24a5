"""The worst upload files we can build within the upload limit (5 MB), for the upload budget: any
file is refused or imported within 5 s of CPU and 200 MB of extra memory.

Each builder returns the bytes of an .xlsx package written by hand (zip + SpreadsheetML), so that
every part can be as hostile as the format allows. Used by bench/bench_uploads.py and by the
tests of hostile files.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable

from dashboard.excel.template import COLUMNS, SHEET

STATES = [
    *("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "EL", "HU", "IE"),
    *("IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"),
]
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
STRINGS_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
STYLES_TYPE = (
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
)


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _column(i: int) -> str:
    name = ""
    while i:
        i, rest = divmod(i - 1, 26)
        name = chr(65 + rest) + name
    return name


HEADER = '<row r="1">' + "".join(_cell(f"{_column(i + 1)}1", c) for i, c in enumerate(COLUMNS)) + "</row>"
GOOD_ROW = "".join(
    _cell(f"{_column(i + 1)}{{n}}", v)
    for i, v in enumerate(["{state}", "P-2", "Some progress", "{day}", "Training plan adopted.", ""])
)


def _good_row(n: int) -> str:
    """A valid status row; each row number its own Member State and date, so no two rows repeat."""
    day = dt.date(2025, 7, 1) + dt.timedelta(days=n // len(STATES))  # after the demo's last round
    return GOOD_ROW.format(n=n, state=STATES[n % len(STATES)], day=day.isoformat())


def package(
    sheets: dict[str, str],
    shared_strings: str | None = None,
    styles: str | None = None,
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """An .xlsx package: ``sheets`` maps a sheet name to its worksheet XML (in order)."""
    out = io.BytesIO()
    names = list(sheets)
    types = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="{SHEET_TYPE}"/>'
        for i in range(len(names))
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
            'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            f'spreadsheetml.sheet.main+xml"/>{types}{STRINGS_TYPE if shared_strings else ""}'
            f"{STYLES_TYPE if styles else ''}</Types>",
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        sheet_list = "".join(
            f'<sheet name="{name}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, name in enumerate(names)
        )
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} {REL}>'
            f"<sheets>{sheet_list}</sheets></workbook>",
        )
        rels = "".join(
            f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(len(names))
        )
        if shared_strings is not None:
            rels += (
                '<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                'relationships/sharedStrings" Target="sharedStrings.xml"/>'
            )
            z.writestr("xl/sharedStrings.xml", shared_strings)
        if styles is not None:
            rels += (
                '<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                'relationships/styles" Target="styles.xml"/>'
            )
            z.writestr("xl/styles.xml", styles)
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships">{rels}</Relationships>',
        )
        for i, name in enumerate(names):
            z.writestr(f"xl/worksheets/sheet{i + 1}.xml", sheets[name])
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def worksheet(rows: str, dimension: str = "A1:F2") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><dimension ref="{dimension}"/>'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )


def good_rows(n: int) -> str:
    return HEADER + "".join(f'<row r="{r}">' + _good_row(r) + "</row>" for r in range(2, n + 2))


def far_away_cell() -> bytes:
    """The sheet declares the whole grid and holds one cell in its last corner."""
    rows = good_rows(1) + '<row r="1048576">' + _cell("XFD1048576", "x") + "</row>"
    return package({SHEET: worksheet(rows, "A1:XFD1048576")})


def one_wide_row() -> bytes:
    """One row with every one of the 16,384 columns filled."""
    cells = "".join(_cell(f"{_column(i)}2", "x" * 100) for i in range(1, 16385))
    return package({SHEET: worksheet(HEADER + f'<row r="2">{cells}</row>', "A1:XFD2")})


def a_million_empty_rows() -> bytes:
    """Every row of the sheet present and empty."""
    rows = HEADER + "".join(f'<row r="{r}"/>' for r in range(2, 1_048_576))
    return package({SHEET: worksheet(rows, "A1:F1048576")})


def too_many_rows() -> bytes:
    """Twice the row limit of valid rows."""
    return package({SHEET: worksheet(good_rows(10_000), "A1:F10001")})


def huge_shared_strings() -> bytes:
    """A shared-string table as large as the unpacked limit allows (the cells never use it)."""
    items = "".join(f"<si><t>{i:08d}{'y' * 40}</t></si>" for i in range(600_000))
    table = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst {NS} count="600000" uniqueCount="600000">{items}</sst>'
    )
    return package({SHEET: worksheet(good_rows(1))}, shared_strings=table)


def huge_styles() -> bytes:
    """A style sheet with hundreds of thousands of cell formats."""
    xfs = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>' * 400_000
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {NS}><fonts count="1"><font/></fonts>'
        '<fills count="1"><fill/></fills><borders count="1"><border/></borders>'
        f'<cellXfs count="400000">{xfs}</cellXfs></styleSheet>'
    )
    return package({SHEET: worksheet(good_rows(1))}, styles=styles)


def many_sheets() -> bytes:
    """Hundreds of sheets, each with data (each is stray data to report)."""
    sheets = {SHEET: worksheet(good_rows(1))}
    sheets |= {f"Copy {i}": worksheet(good_rows(200)) for i in range(390)}
    return package(sheets)


def copies_of_the_data_sheet() -> bytes:
    """The sheet limit's worth of copies of the data sheet, each with rows (each a listed problem)."""
    sheets = {SHEET: worksheet(good_rows(1))}
    sheets |= {f"Copy {i}": worksheet(good_rows(500)) for i in range(29)}
    return package(sheets)


def late_doctype() -> bytes:
    """A document type declared after 8 KB of comment, with a billion-laughs entity."""
    laughs = '<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">' + "".join(
        f'<!ENTITY {chr(99 + i)} "' + f"&{chr(98 + i)};" * 10 + '">' for i in range(8)
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><!--' + " " * 8192 + f"--><!DOCTYPE worksheet [{laughs}]>"
        f'<worksheet {NS}><sheetData>{HEADER}<row r="2">{_cell("A2", "&j;")}</row></sheetData></worksheet>'
    )
    return package({SHEET: sheet})


def malformed_xml() -> bytes:
    """A sheet whose XML breaks off in the middle of a row."""
    return package({SHEET: worksheet(good_rows(3))[:-40]})


def long_values() -> bytes:
    """Rows whose every cell holds Excel's longest text (32,767 characters), as many as the unpacked
    limit allows: each value would be repeated in the problem list."""
    text = "=" + "z" * 32_766
    rows = HEADER + "".join(
        f'<row r="{r}">' + "".join(_cell(f"{_column(i + 1)}{r}", text) for i in range(6)) + "</row>"
        for r in range(2, 192)
    )
    return package({SHEET: worksheet(rows, "A1:F191")})


def long_evidence() -> bytes:
    """The row limit of rows, each with 6,000 characters of evidence (over its limit): every row a problem."""
    rows = HEADER + "".join(
        f'<row r="{r}">' + _good_row(r).replace("Training plan adopted.", "z" * 6000) + "</row>"
        for r in range(2, 5_002)
    )
    return package({SHEET: worksheet(rows, "A1:F5001")})


def nested_deep() -> bytes:
    """Elements nested a hundred thousand deep inside a cell."""
    cell = '<c r="A2" t="inlineStr"><is>' + "<r>" * 100_000 + "</r>" * 100_000 + "</is></c>"
    return package({SHEET: worksheet(HEADER + f'<row r="2">{cell}</row>')})


FILES: dict[str, Callable[[], bytes]] = {
    "the row limit of valid rows": lambda: package({SHEET: worksheet(good_rows(5_000), "A1:F5001")}),
    "one far-away cell (declared A1:XFD1048576)": far_away_cell,
    "one row with 16,384 cells": one_wide_row,
    "1,048,575 empty rows": a_million_empty_rows,
    "twice the row limit": too_many_rows,
    "600,000 shared strings": huge_shared_strings,
    "400,000 cell styles": huge_styles,
    "390 sheets with data": many_sheets,
    "29 copies of the data sheet, 500 rows each": copies_of_the_data_sheet,
    "a DTD after 8 KB (billion laughs)": late_doctype,
    "malformed XML": malformed_xml,
    "1,140 cells of 32,767 characters": long_values,
    "5,000 rows of 6,000-character evidence": long_evidence,
    "elements nested 100,000 deep": nested_deep,
}

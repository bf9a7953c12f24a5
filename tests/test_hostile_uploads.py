"""The worst files we can build within the upload limit (bench/hostile_files.py): each is refused
with a listed problem that says what is wrong, or imported whole; nothing half-written, no generic
error. Their CPU and memory are measured by bench/bench_uploads.py, not here."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from bench.hostile_files import FILES, good_rows, package, worksheet
from dashboard.access.auth import COMMAND_LINE
from dashboard.cli import main
from dashboard.excel.sheet_reader import SHOWN_PROBLEMS
from dashboard.excel.template import MAX_ROWS, SHEET
from dashboard.excel.upload import UploadRefused
from dashboard.monitoring.importing import import_statuses
from dashboard.store.db import session_scope
from dashboard.store.models import AuditEntry, ImplementationAssessment

TODAY = dt.date(2026, 11, 27)

REFUSED = {
    "one far-away cell (declared A1:XFD1048576)": (
        f"sheet 'Statuses': a value in row 1,048,576, below the limit of {MAX_ROWS:,} rows; split the file"
    ),
    "one row with 16,384 cells": "sheet 'Statuses', row 2, column 'Status': 'xxxxxxxxxx",
    "1,048,575 empty rows": "sheet 'Statuses': there are no rows to import",
    "twice the row limit": f"sheet 'Statuses': more than {MAX_ROWS:,} rows; split the file",
    "600,000 shared strings": "the workbook holds more than 60,000 shared texts",
    "400,000 cell styles": "the workbook holds more than 50,000 style elements",
    "390 sheets with data": "the workbook has 391 sheets; the template has a handful",
    "29 copies of the data sheet, 500 rows each": (
        "sheet 'Copy 0': this sheet is not part of the template: put its rows on the template's sheet"
    ),
    "a DTD after 8 KB (billion laughs)": "the workbook's XML declares a document type",
    "malformed XML": "the workbook could not be read (unclosed token",
    "1,140 cells of 32,767 characters": "sheet 'Statuses', row 2, column 'Status': '=zzzz",
    "5,000 rows of 6,000-character evidence": (
        "sheet 'Statuses', row 2, column 'Evidence': the evidence is longer than 4000 characters"
    ),
    "elements nested 100,000 deep": "sheet 'Statuses': there are no rows to import",
}


def _counts(engine) -> tuple[int, int]:
    with session_scope(engine) as s:
        return (
            s.scalar(select(func.count(ImplementationAssessment.id))),
            s.scalar(select(func.count(AuditEntry.id))),
        )


def test_every_hostile_file_has_an_expected_outcome():
    assert set(REFUSED) | {"the row limit of valid rows"} == set(FILES)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_hostile_file_is_refused_with_a_listed_problem_and_changes_nothing(demo_engine, name):
    before = _counts(demo_engine)
    with pytest.raises(UploadRefused) as refused, session_scope(demo_engine) as s:
        import_statuses(s, COMMAND_LINE, FILES[name](), "hostile.xlsx", TODAY)
    problems = [str(p) for p in refused.value.problems]
    assert any(p.startswith(REFUSED[name]) for p in problems), problems[:3]
    message = str(refused.value)
    assert message.startswith("Nothing was imported")
    assert len(message.splitlines()) <= SHOWN_PROBLEMS + 2  # the first problems, then "and K more"
    assert max(len(line) for line in message.splitlines()) < 400  # values shortened, never repeated whole
    assert _counts(demo_engine) == before


def test_the_row_limit_of_valid_rows_is_imported_whole(demo_engine):
    rows, entries = _counts(demo_engine)
    with session_scope(demo_engine) as s:
        result = import_statuses(s, COMMAND_LINE, FILES["the row limit of valid rows"](), "full.xlsx", TODAY)
    assert result.rows == MAX_ROWS
    assert len(result.member_states) == 27
    assert _counts(demo_engine) == (rows + MAX_ROWS, entries + MAX_ROWS + 1)  # a row each, and the file


def test_a_value_typed_after_blank_rows_below_the_limit_is_not_left_out(demo_engine):
    late = f'<row r="{MAX_ROWS + 40}"><c r="E{MAX_ROWS + 40}" t="inlineStr"><is><t>late</t></is></c></row>'
    data = package({SHEET: worksheet(good_rows(2) + late, f"A1:F{MAX_ROWS + 40}")})
    with pytest.raises(UploadRefused) as refused, session_scope(demo_engine) as s:
        import_statuses(s, COMMAND_LINE, data, "late.xlsx", TODAY)
    assert f"a value in row {MAX_ROWS + 40:,}, below the limit" in str(refused.value)


def test_styled_empty_cells_below_the_rows_are_not_data(demo_engine):
    """Excel writes formatted empty cells as <c r=".." s=".."/>: they hold nothing to import."""
    styled = "".join(
        f'<row r="{r}"><c r="A{r}" s="1"/><c r="B{r}" s="1"></c></row>' for r in range(9000, 9010)
    )
    data = package({SHEET: worksheet(good_rows(2) + styled, "A1:F9009")})
    with session_scope(demo_engine) as s:
        assert import_statuses(s, COMMAND_LINE, data, "styled.xlsx", TODAY).rows == 2


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("malformed XML", "the workbook could not be read (unclosed token"),
        ("a DTD after 8 KB (billion laughs)", "the workbook's XML declares a document type"),
    ],
)
def test_the_command_line_refuses_a_broken_workbook_in_words(
    seeded_sqlite, monkeypatch, tmp_path, capsys, name, expected
):
    monkeypatch.setenv("DATABASE_URL", seeded_sqlite)
    path = tmp_path / "broken.xlsx"
    path.write_bytes(FILES[name]())
    assert main(["import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "Nothing was imported" in err and expected in err
    assert "Traceback" not in err

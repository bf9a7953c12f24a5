"""The workbooks: what they hold, print set-up, safe text, and formulas recomputed by LibreOffice."""

import datetime as dt
import io
import shutil
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook

from dashboard.access.auth import COMMAND_LINE
from dashboard.access.demo import demo_persona
from dashboard.assessment.model import load_model, ranking
from dashboard.assessment.report import options_report
from dashboard.enums import STATUS, Role, StatusLevel
from dashboard.excel import assessment, implementation
from dashboard.monitoring.figures import headline
from dashboard.monitoring.queries import latest_statuses
from dashboard.monitoring.recording import StatusEntry, record_assessment
from dashboard.monitoring.report import implementation_report
from dashboard.store.db import current_revision, session_scope
from tests.conftest import skip_or_fail

TODAY = dt.date(2026, 11, 27)


def implementation_workbook(session, user, as_of, member_state=None, now=None) -> bytes:
    return implementation.render(implementation_report(session, user, as_of, member_state, now))


def options_workbook(session, user, weights=None, profile=None, now=None) -> bytes:
    return assessment.render(options_report(session, user, weights, profile, now))


NOW = dt.datetime(2026, 11, 27, 9, 30, tzinfo=dt.UTC)


def _implementation(engine, member_state=None, user=COMMAND_LINE):
    with session_scope(engine) as s:
        data = implementation_workbook(s, user, TODAY, member_state, now=NOW)
    return load_workbook(io.BytesIO(data)), data


def test_implementation_workbook_holds_the_figures_and_prints_well(demo_engine):
    wb, _ = _implementation(demo_engine)
    assert wb.sheetnames == [
        "About",
        "Headline",
        "EU matrix",
        "Detail",
        "By round",
        "By area",
        "EU level",  # the Commission's and agencies' own actions (live workbooks)
        "Recommendations",
    ]
    with session_scope(demo_engine) as s:
        latest = latest_statuses(s, TODAY)
        in_2021 = latest_statuses(s, dt.date(2021, 6, 30))
        revision = current_revision(s)
    about = {
        row[0]: row[1] for row in wb["About"].iter_rows(min_row=3, max_col=2, values_only=True) if row[0]
    }
    assert about["Notice"].startswith("Illustrative data")
    assert about["Status as of"] == dt.datetime(2026, 11, 27) and about["Data revision"] == revision
    assert about["Generated"] == "27 Nov 2026 09:30 UTC"
    assert about["Generated for"] == "Command line (Administrator)"
    figures = headline(latest, TODAY)
    head = {row[0]: row[1] for row in wb["Headline"].iter_rows(min_row=2, max_row=8, values_only=True)}
    assert head["Progress index"] == pytest.approx(figures.progress)
    assert head["Overdue items"] == figures.overdue and head["Applicable items"] == figures.applicable

    matrix = wb["EU matrix"]
    header = [c.value for c in matrix[3]]
    assert header[:3] == ["Member State", "Code", "P-1"] and len(header) == 2 + 16
    rows = {row[1]: row for row in matrix.iter_rows(min_row=4, max_row=30, values_only=True)}
    assert len(rows) == 27 and "UK" not in rows
    el = latest[(latest["member_state"] == "EL")].set_index("recommendation")["status"]
    assert rows["EL"][2 + header[2:].index("P-2")] == STATUS[el["P-2"]].short
    rules = [r.formula[0] for rng in matrix.conditional_formatting for r in rng.rules]
    assert len(rules) == 7 and 'C4="Substantial"' in rules
    assert str(next(iter(matrix.conditional_formatting)).sqref) == "C4:R30"
    assert matrix.freeze_panes == "C4" and matrix.auto_filter.ref == "A3:R30"
    # fit to one page wide: fitToWidth absent means 1 (its default in ECMA-376, which XlsxWriter relies on)
    assert matrix.page_setup.orientation == "landscape" and (matrix.page_setup.fitToWidth or 1) == 1
    assert matrix.page_setup.fitToHeight == 0
    assert matrix.sheet_properties.pageSetUpPr.fitToPage is True
    assert matrix.print_title_rows == "$3:$3"

    detail = wb["Detail"]
    assert detail.max_row == 1 + 27 * 16 and detail.freeze_panes == "C2"
    el_p2 = next(r for r in detail.iter_rows(min_row=2, values_only=True) if r[0] == "EL" and r[1] == "P-2")
    assert el_p2[4] == STATUS[el["P-2"]].label and el_p2[8] == "Greece official"

    by_round = wb["By round"]
    header = [c.value for c in by_round[1]]
    assert header == ["Member State", "Recommendation", "2019 review", "2021 review", "2023 review",
                      "2025 review", "As of 27 Nov 2026"]  # fmt: skip
    row = next(r for r in by_round.iter_rows(min_row=2, values_only=True) if r[:2] == ("Greece", "P-2"))
    then = in_2021.set_index(["member_state", "recommendation"]).loc[("EL", "P-2"), "status"]
    assert row[3] == STATUS[then].short and row[6] == STATUS[el["P-2"]].short
    firsts = [r[0] for r in by_round.iter_rows(min_row=2, max_row=17, values_only=True)]
    assert firsts == ["Belgium"] * 16  # one Member State's recommendations together
    uk = [r for r in by_round.iter_rows(min_row=2, values_only=True) if r[0] == "United Kingdom"]
    assert uk == []  # a state that has left is not a row of today's table


def test_an_officials_workbook_is_their_own_state_with_the_eu_beside_it(demo_engine):
    with session_scope(demo_engine) as s:
        official = demo_persona(s, Role.MS_OFFICIAL, "EL")
    wb, _ = _implementation(demo_engine, "EL", official)
    assert wb["About"]["A1"].value == "Implementation of the HLCEG-R recommendations: Greece (EL)"
    assert {r[0] for r in wb["Detail"].iter_rows(min_row=2, values_only=True)} == {"EL"}
    assert {r[0] for r in wb["History"].iter_rows(min_row=2, values_only=True)} == {"EL"}
    assert wb.sheetnames.index("History") == wb.sheetnames.index("By round") + 1
    assert wb["EU matrix"].max_row > 27  # the whole EU, for comparison
    by_area = list(wb["By area"].iter_rows(min_row=2, values_only=True))
    assert {r[1] for r in by_area} == {"EL"} and len(by_area) == 9  # the areas that have recommendations
    with pytest.raises(ValueError, match="unknown Member State 'XX'"):
        _implementation(demo_engine, "XX")


def test_text_that_looks_like_a_formula_is_exported_as_text(demo_engine):
    evidence = '=HYPERLINK("http://evil.example","click")'
    with session_scope(demo_engine) as s:
        admin = demo_persona(s, Role.ADMIN)
        record_assessment(s, admin, StatusEntry("P-2", "EL", StatusLevel.FULL, TODAY, evidence), TODAY)
    wb, raw = _implementation(demo_engine, "EL")
    cell = next(
        row[6] for row in wb["Detail"].iter_rows(min_row=2) if row[1].value == "P-2"
    )  # the Evidence column
    assert cell.value == evidence and cell.data_type == "s" and cell.quotePrefix
    sheets = [
        z.read(n) for z in [zipfile.ZipFile(io.BytesIO(raw))] for n in z.namelist() if "worksheets/" in n
    ]
    assert not any(b"<f>HYPERLINK" in xml for xml in sheets)  # no formula anywhere in the file
    assert sum(xml.count(b"<t>=HYPERLINK(") for xml in sheets) == 2  # as text in Detail and History


def _soffice(source: Path, target_format: str, outdir: Path) -> Path:
    """Convert with LibreOffice headless in its own profile (parallel tests do not share one)."""
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        skip_or_fail("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui")
    profile = outdir / f"lo-profile-{uuid.uuid4().hex[:8]}"
    subprocess.run(
        [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--calc", "--convert-to",
         target_format, "--outdir", str(outdir), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    out = outdir / f"{source.stem}.{target_format.split(':')[0]}"
    assert out.exists(), f"LibreOffice wrote no {out.name}"
    return out


def _recalculated(data: bytes, folder: Path, name: str):
    source = folder / f"{name}.xlsx"
    source.write_bytes(data)
    converted = _soffice(source, "xlsx", folder / "out")
    return load_workbook(converted, data_only=True)


def _ranking_values(wb) -> dict[str, tuple[float, int, float, int]]:
    rows = wb["Ranking"].iter_rows(min_row=5, max_row=10, values_only=True)
    return {r[0]: (r[2], r[3], r[4], r[5]) for r in rows if r[0]}


def test_options_workbook_formulas_recompute_like_the_engine_in_libreoffice(demo_engine, tmp_path):
    with session_scope(demo_engine) as s:
        model = load_model(s)
        data = options_workbook(s, COMMAND_LINE, now=NOW)
    weights = model.default_weights / model.default_weights.sum()
    engine = ranking(model, weights).set_index("code")
    values = _ranking_values(_recalculated(data, tmp_path, "before"))
    for code, (score, rank, app_score, app_rank) in values.items():
        assert score == pytest.approx(engine.at[code, "score"], abs=1e-9)
        assert rank == engine.at[code, "rank"] and (app_score, app_rank) == (score, rank)

    # Change one weight in the file, as a reader would, and recalculate again.
    wb = load_workbook(io.BytesIO(data))
    codes = list(model.criterion_codes)
    k = codes.index("C01")
    wb["Weights"].cell(5 + k, 5).value = 20
    changed = io.BytesIO()
    wb.save(changed)
    new = model.default_weights.astype(float).copy()
    new[k] = 20
    expected = ranking(model, new / new.sum()).set_index("code")
    after = _recalculated(changed.getvalue(), tmp_path, "after")
    values = _ranking_values(after)
    for code, (score, rank, app_score, _app_rank) in values.items():
        assert score == pytest.approx(expected.at[code, "score"], abs=1e-9)
        assert rank == expected.at[code, "rank"]
        assert app_score == pytest.approx(engine.at[code, "score"])  # the app's values stay as exported
    leader = expected.index[0]
    assert after["Ranking"]["A2"].value == f"Leader with the weights on the Weights sheet: {leader}"
    assert not np.isclose(expected.at[leader, "score"], engine.at[leader, "score"])  # the change mattered
    shares = [after["Weights"].cell(5 + j, 6).value for j in range(len(codes))]
    assert shares == pytest.approx(list(new / new.sum()))


def test_workbooks_open_in_libreoffice_and_print_to_pdf(demo_engine, tmp_path):
    with session_scope(demo_engine) as s:
        files = {
            "implementation": implementation_workbook(s, COMMAND_LINE, TODAY, "EL", now=NOW),
            "options": options_workbook(s, COMMAND_LINE, now=NOW),
        }
    for name, data in files.items():
        source = tmp_path / f"{name}.xlsx"
        source.write_bytes(data)
        pdf = _soffice(source, "pdf", tmp_path / "pdf").read_bytes()
        assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type/Page") >= 5, name


def test_options_workbook_by_profile_or_by_weights_and_bad_requests(demo_engine):
    with session_scope(demo_engine) as s:
        model = load_model(s)
        data = options_workbook(s, COMMAND_LINE, weights={"C01": 1, "C02": 0}, now=NOW)
        with pytest.raises(ValueError, match="no weight profile named 'Nope'"):
            options_workbook(s, COMMAND_LINE, profile="Nope")
        with pytest.raises(ValueError, match="unknown criteria in the weights: C99"):
            options_workbook(s, COMMAND_LINE, weights={"C99": 1})
        with pytest.raises(ValueError, match="at least one above zero"):
            options_workbook(s, COMMAND_LINE, weights={"C01": 0})
    wb = load_workbook(io.BytesIO(data))
    weights = [row[4] for row in wb["Weights"].iter_rows(min_row=5, max_row=15, values_only=True)]
    assert weights == [1] + [0] * 10
    app = {r[0]: r[4] for r in wb["Ranking"].iter_rows(min_row=5, max_row=10, values_only=True)}
    only_c01 = ranking(model, np.eye(11)[0]).set_index("code")["score"]
    assert app == pytest.approx(only_c01.to_dict())
    assert wb["Ranking"]["C5"].value.startswith("=SUMPRODUCT(Weights!$E$5:$E$15,Utilities!C$5:C$15)")
    assert wb["Weights"]["E5"].fill.fgColor.rgb.endswith("FFF2CC")  # an input cell


def test_the_same_report_gives_the_same_bytes(demo_engine):
    """Fixed document date (the report's) and fixed package dates: a re-export is byte-identical."""
    with session_scope(demo_engine) as s:
        report = implementation_report(s, COMMAND_LINE, TODAY, "EL", now=NOW)
        options = options_report(s, COMMAND_LINE, now=NOW)
    assert implementation.render(report) == implementation.render(report)
    assert assessment.render(options) == assessment.render(options)


def test_the_renderers_read_no_database_and_no_session():
    """excel/ only lays out a report: importing it loads no models, no database and no Streamlit."""
    code = (
        "import sys; import dashboard.excel.implementation, dashboard.excel.assessment, "
        "dashboard.excel.template, dashboard.excel.upload; "
        "print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'streamlit', 'dashboard.store', "
        "'dashboard.access', 'dashboard.monitoring', 'dashboard.assessment'))))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"

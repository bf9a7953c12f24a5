"""The real server, started as `make run` starts it, driven in headless Chromium.

Every page each persona may open is visited; outside requests are blocked and must not be needed.
Screenshots land in tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook

from dashboard.access.auth import CurrentUser
from dashboard.access.navigation import pages_for
from dashboard.enums import Role
from tests.browser import HEADINGS
from tests.browser import free_port as _free_port
from tests.browser import settle as _settle
from tests.browser import wait_healthy as _wait_healthy
from tests.conftest import ARTIFACTS, ROOT
from tests.datasets import options_dataset
from tests.excel_files import filled

pytestmark = pytest.mark.browser
PERSONAS = [("viewer", None), ("expert", None), ("ms_official", "EL"), ("admin", None)]


@contextlib.contextmanager
def _make_run(folder: Path, data: Path | None = None):
    """`make run` on a temporary database: init (migrate + seed) and serve in demo mode.

    With ``data`` the database is first seeded from that folder (make run's init then finds it full).
    """
    db = folder / "dashboard.db"
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "PYTHON": sys.executable}
    if data is not None:
        subprocess.run(
            [sys.executable, "-m", "dashboard", "init", "--data", str(data)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    process = subprocess.Popen(
        ["make", "--no-print-directory", "run", f"PORT={port}", f"PY={sys.executable}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    url = f"http://localhost:{port}"
    try:
        _wait_healthy(url, process)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with _make_run(tmp_path_factory.mktemp("browser")) as url:
        yield url


def _url_path(page_file: str) -> str:
    return "" if Path(page_file).stem == "overview" else Path(page_file).stem


@pytest.mark.parametrize(("role", "ms"), PERSONAS, ids=[r for r, _ in PERSONAS])
def test_every_page_of_every_persona_renders(server, page, role, ms):
    persona = CurrentUser(None, "x", "x", Role(role), ms)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for pages in pages_for(persona).values():
        for spec in pages:
            query = f"?as={role}" + (f"&ms={ms}" if ms else "")
            page.goto(f"{server}/{_url_path(spec.path)}{query}")
            _settle(page, HEADINGS[spec.path])
            errors = page.locator('[data-testid="stException"]')
            assert errors.count() == 0, (spec.path, errors.all_inner_texts())
            assert page.get_by_text("Illustrative data.").is_visible()
            page.screenshot(path=ARTIFACTS / f"{role}-{Path(spec.path).stem}.png")
    assert page.outside_requests == []


def test_overview_makes_its_point_on_one_1440x900_screen(server, page):
    """Leader, headline figures, map and areas all inside the first screen, no scrolling."""
    page.goto(server)
    _settle(page, HEADINGS["pages/overview.py"])
    page.locator(".js-plotly-plot .barlayer").first.wait_for()
    inside = [
        page.get_by_text(re.compile(r"leads under the shared weights")),
        page.get_by_text(re.compile(r"^A (robust|fairly robust|fragile) lead|^No clear lead")),
        page.locator('[data-testid="stMetric"]').filter(has_text="Progress index (EU)"),
        page.locator('[data-testid="stMetric"]').filter(has_text="Overdue"),
        page.get_by_text(re.compile(r"^Most advanced: ")),
        *(page.locator(".js-plotly-plot").nth(i) for i in range(3)),
    ]
    for locator in inside:
        box = locator.bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 900, locator
    assert page.locator('[data-testid="stMetricDelta"]').first.inner_text().endswith("since 2023 review")
    page.screenshot(path=ARTIFACTS / "overview-1440x900.png")
    charts = page.locator(".js-plotly-plot")
    buttons = page.locator('.modebar-btn[data-title="Download plot as a PNG"]')
    assert buttons.count() == charts.count() == 3
    charts.nth(1).hover()
    with page.expect_download() as download:
        buttons.nth(1).click()
    assert download.value.suggested_filename == "progress-map.png"
    png = download.value.path().read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000


def test_sidebar_switcher_changes_persona_menu_and_link(server, page):
    page.goto(server)
    _settle(page, HEADINGS["pages/overview.py"])
    assert page.get_by_role("link", name="Audit log").count() == 0
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="Member State official").click()
    page.get_by_text("Member State", exact=True).wait_for()
    page.wait_for_url("**/?as=ms_official&ms=BE")
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="Administrator").click()
    page.get_by_role("link", name="Audit log").click()
    _settle(page, HEADINGS["pages/audit_log.py"])
    assert page.url.endswith("/audit_log?as=admin")
    assert page.get_by_text("1 entry (every entry), newest first; page 1 of 1.").is_visible()


def test_a_deep_link_to_a_fresh_server_still_goes_through_sign_in(tmp_path, page):
    """The first request a new replica gets may be a shared link: it must not run a page on its own."""
    with _make_run(tmp_path) as url:
        page.goto(f"{url}/users?as=viewer")
        _settle(page, HEADINGS["pages/overview.py"])
        assert page.get_by_text("Add a user").count() == 0
        assert page.get_by_text("Illustrative data.").is_visible()
        assert page.locator('[data-testid="stSidebarNav"]').get_by_text("Reference").is_visible()


def test_moving_a_weight_slider_changes_the_leader_on_screen(tmp_path, page):
    """O1 leads 50:49; two key presses make Effectiveness 48 and O2 must take the lead."""
    scores = np.array([[[2, 0], [0, -2]]])  # O1 more effective; O2 much cheaper
    data = options_dataset(
        tmp_path,
        ["Baseline", "Network A", "Agency B"],
        [("Effectiveness", "benefit"), ("Cost", "cost")],
        scores,
        [50, 49],
    )
    with _make_run(tmp_path, data) as url:
        page.goto(f"{url}/options?as=expert")
        _settle(page, HEADINGS["pages/options.py"])
        page.get_by_text(re.compile(r"O1 Network A\s*leads with 0\.753")).wait_for()
        slider = page.get_by_role("slider", name="Effectiveness")
        slider.focus()
        slider.press("ArrowLeft")
        page.get_by_text(re.compile(r"O1 and O2 share the lead")).wait_for()
        slider.press("ArrowLeft")
        page.get_by_text(re.compile(r"O2 Agency B\s*leads with")).wait_for()
        page.screenshot(path=ARTIFACTS / "leader-changed.png")
        with page.expect_download() as download:  # the workbook carries the weights on screen
            page.get_by_role("button", name="Excel").click()
        book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
        assert [r[4] for r in book["Weights"].iter_rows(min_row=5, max_row=6, values_only=True)] == [48, 49]
        assert book["Ranking"]["E6"].value < book["Ranking"]["E7"].value  # the app's scores: O2 ahead
        for name in ("Effectiveness", "Cost"):  # every weight to zero: the workbook says why it is not made
            page.get_by_role("slider", name=name).focus()
            page.keyboard.press("Home")
        page.get_by_text("Give at least one criterion a weight").wait_for()
        with page.expect_download() as download:
            page.get_by_role("button", name="Excel").click()
        book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
        assert book.sheetnames == ["Not made"]
        assert book["Not made"]["A2"].value == "Weights must be zero or more, with at least one above zero."
        from playwright.sync_api import expect  # imported here like sync_playwright above

        page.get_by_role("button", name="Reset weights").click()  # the app sets the weights back
        page.get_by_text(re.compile(r"O1 Network A\s*leads with 0\.753")).wait_for()
        slider = page.get_by_role("slider", name="Effectiveness")
        expect(slider).to_have_value("50")
        expect(slider).to_have_attribute("aria-valuetext", "50 points, 51 % of the total")
        with page.expect_download() as download:  # the button drawn before the reset sees it too
            page.get_by_role("button", name="Excel").click()
        book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
        assert [r[4] for r in book["Weights"].iter_rows(min_row=5, max_row=6, values_only=True)] == [50, 49]
        assert page.locator('[data-testid="stException"]').count() == 0


def test_a_filter_changes_the_link_and_the_figures_with_the_map_offline(server, page):
    page.goto(f"{server}/eu_overview?as=viewer")
    _settle(page, HEADINGS["pages/eu_overview.py"])
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Overdue")
    before = metric.locator('[data-testid="stMetricValue"]').inner_text()
    page.locator('[data-testid="stMultiSelect"]').filter(has_text="Thematic areas").click()
    page.get_by_role("option", name="Prisons, rehabilitation and reintegration").click()
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"area=1(&|$)"))
    page.wait_for_function(
        """([before]) => {
          const m = [...document.querySelectorAll('[data-testid="stMetric"]')]
            .find(e => e.innerText.includes('Overdue'));
          return m && m.querySelector('[data-testid="stMetricValue"]').innerText !== before;
        }""",
        arg=[before],
    )
    _settle(page, HEADINGS["pages/eu_overview.py"])
    assert page.locator(".js-plotly-plot .scatterlayer text").filter(has_text="MT").count() == 1
    page.screenshot(path=ARTIFACTS / "eu-overview-filtered.png")
    assert page.outside_requests == []  # the map needs nothing from outside


def test_an_official_downloads_the_template_fills_it_in_and_imports_it(tmp_path, page):
    """Download -> fill in -> upload a bad file (every problem listed, nothing written) -> fix -> import
    (the rows are submitted for the secretariat's review); then the Member State profile's Excel summary
    holds the submission beside the assessed status (the table is a canvas)."""
    with _make_run(tmp_path) as url:
        page.goto(f"{url}/import_statuses?as=ms_official&ms=EL")
        _settle(page, HEADINGS["pages/import_statuses.py"])
        with page.expect_download() as download:
            page.get_by_role("button", name="Download the template").click()
        template = download.value.path().read_bytes()
        good = ["EL", "P-2", "Full implementation", "2026-03-01", "Training for every prison officer.", None]
        bad = filled(template, [good, ["FR", "P-3", "Done", "2026-03-01", "x", None]])
        (tmp_path / "bad.xlsx").write_bytes(bad)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(tmp_path / "bad.xlsx")
        page.get_by_text("bad.xlsx").wait_for()
        page.get_by_role("button", name="Import").click()
        page.get_by_text("Nothing was imported: 2 problems in the file.").wait_for()
        assert page.get_by_text(
            "row 3, column 'Member State': 'FR': you may import rows only for"
        ).is_visible()
        assert page.get_by_text("row 3, column 'Status': 'Done' is not a status").is_visible()
        page.screenshot(path=ARTIFACTS / "import-refused.png")

        (tmp_path / "good.xlsx").write_bytes(filled(template, [good]))
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(tmp_path / "good.xlsx")
        page.get_by_text("good.xlsx").wait_for()
        page.get_by_role("button", name="Import").click()
        page.get_by_text(
            "Submitted 1 status for review from good.xlsx for EL, dated 01 Mar 2026 to 01 Mar 2026."
        ).wait_for()
        page.screenshot(path=ARTIFACTS / "import-done.png")

        page.goto(f"{url}/member_state?as=ms_official&ms=EL")
        _settle(page, HEADINGS["pages/member_state.py"])
        with page.expect_download() as download:
            page.get_by_role("button", name="Excel summary").click()
        assert download.value.suggested_filename.startswith("implementation-EL-")
        book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
        assert book["About"]["A1"].value.endswith("Greece (EL)")
        row = next(r for r in book["Detail"].iter_rows(min_row=2, values_only=True) if r[1] == "P-2")
        assert row[4] != "Full implementation"  # the figures count the assessed status
        own = next(r for r in book["Review"].iter_rows(values_only=True) if r[:2] == ("EL", "P-2"))
        assert (own[2], own[4], own[9]) == ("Full implementation", "Submitted, waiting for review", None)
        assert page.outside_requests == []

"""The follow-up cycle walked in headless Chromium on a demo server, as its people do it: the
secretariat opens a round; Greece submits a status on the form and Portugal through the Excel
template; the secretariat validates Greece's and contests Portugal's; Portugal replies; the
secretariat accepts; the workbooks show the assessed statuses and the thread; an EU-level action is
recorded and appears at EU level; the to-do lists and the reminder workbook show what is missing."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

from tests.browser import HEADINGS, choose, settle, type_date
from tests.excel_files import filled
from tests.test_browser import _make_run

pytestmark = pytest.mark.browser
TODAY = dt.date.today()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with _make_run(tmp_path_factory.mktemp("follow-up")) as url:
        yield url


def _open(page, server: str, path: str, page_file: str) -> None:
    page.goto(f"{server}/{path}")
    settle(page, HEADINGS[page_file])


def _download(page, button: str):
    with page.expect_download() as download:
        page.get_by_role("button", name=button).click()
    return load_workbook(io.BytesIO(download.value.path().read_bytes()))


def test_a_round_walked_from_submission_to_the_assessed_figures(server, page, tmp_path):
    # The secretariat opens the round.
    _open(page, server, "rounds?as=admin", "pages/rounds.py")
    page.get_by_label("Name").fill("2027 review")
    type_date(page, "Reference date", TODAY)
    page.get_by_role("button", name="Open the round").click()
    page.get_by_text(re.compile("2027 review")).first.wait_for()

    # Greece submits on the form: the figures keep the assessed status.
    _open(page, server, "member_state?as=ms_official&ms=EL", "pages/member_state.py")
    choose(page, "Recommendation", "P-2", exact=False)
    choose(page, "Status", "Full implementation")
    page.get_by_label("Evidence (required when the status changes)").fill("Every prison officer trained.")
    page.get_by_role("button", name="Submit for review").click()
    page.get_by_text(
        re.compile("Submitted Full implementation for P-2 on .*waiting for the secretariat")
    ).wait_for()

    # Portugal submits through the Excel template.
    _open(page, server, "import_statuses?as=ms_official&ms=PT", "pages/import_statuses.py")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the template").click()
    template = download.value.path().read_bytes()
    row = ["PT", "P-3", "Full implementation", TODAY.isoformat(), "Exit programme in every region.", None]
    (tmp_path / "pt.xlsx").write_bytes(filled(template, [row]))
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(tmp_path / "pt.xlsx")
    page.get_by_text("pt.xlsx").wait_for()
    page.get_by_role("button", name="Import").click()
    page.get_by_text(re.compile("Submitted 1 status for review from pt.xlsx for PT")).wait_for()

    # The secretariat validates Greece's and contests Portugal's.
    _open(page, server, "review?as=admin", "pages/review.py")
    page.get_by_role("link", name=re.compile(r"Review submissions \(2\)")).wait_for()
    choose(page, "Submission", "P-2 in Greece", exact=False)
    page.get_by_role("button", name="Validate P-2 (EL): make it the assessed status").click()
    page.get_by_text("Validated: P-2 in EL is Full implementation.").wait_for()
    choose(page, "Submission", "P-3 in Portugal", exact=False)
    choose(page, "The status the secretariat assesses instead", "Substantial progress")
    page.get_by_label("Reason (the Member State sees it)").fill("Two regions have not started.")
    page.get_by_role("button", name="Contest P-3 (PT)").click()
    page.get_by_text("Contested: P-3 in PT is assessed Substantial progress.").wait_for()

    # Portugal sees the contest in its to-do list and replies.
    _open(page, server, "due?as=ms_official&ms=PT", "pages/due.py")
    page.get_by_text(re.compile("1 contested waiting for a reply")).wait_for()
    page.get_by_label("Your reply to the secretariat").fill("Both started on 1 March: see the decree.")
    page.get_by_role("button", name="Send the reply").click()
    page.get_by_text("Reply sent on P-3: waiting for the secretariat.").wait_for()

    # The secretariat accepts Portugal's status after the reply.
    _open(page, server, "review?as=admin", "pages/review.py")
    choose(page, "Submission", "P-3 in Portugal", exact=False)
    page.get_by_role("button", name="Accept the Member State's status on P-3 (PT)").click()
    page.get_by_text("Accepted: P-3 in PT is Full implementation.").wait_for()
    page.get_by_text("No submission is waiting.").wait_for()

    # The workbook shows the assessed status and the whole thread.
    _open(page, server, "member_state?as=ms_official&ms=PT", "pages/member_state.py")
    book = _download(page, "Excel summary")
    detail = next(r for r in book["Detail"].iter_rows(values_only=True) if r[:2] == ("PT", "P-3"))
    assert detail[4] == "Full implementation"
    thread = [r for r in book["Review"].iter_rows(values_only=True) if r[:2] == ("PT", "P-3")]
    assert [r[7] for r in thread] == [
        "Member State submitted",
        "Secretariat contested and assessed",
        "Member State replied",
        "Secretariat accepted the Member State's status",
    ]
    assert thread[2][9] == "Both started on 1 March: see the decree."
    assert page.outside_requests == []


def test_an_eu_level_action_the_to_do_lists_and_the_reminders(server, page):
    _open(page, server, "eu_actions?as=admin", "pages/eu_actions.py")
    choose(page, "Recommendation", "C-3", exact=False)
    choose(page, "Status", "Full implementation")
    page.get_by_label("Evidence").fill("Strategic communication network in place at EU level.")
    page.get_by_role("button", name="Record the EU-level status").click()
    page.get_by_text(re.compile("Recorded: C-3 is at 'Full implementation' at EU level")).wait_for()
    _open(page, server, "eu_overview?as=viewer", "pages/eu_overview.py")
    book = _download(page, "Excel workbook")
    eu = next(r for r in book["EU level"].iter_rows(values_only=True) if r[0] == "C-3")
    assert eu[4] == "Full implementation"

    _open(page, server, "due?as=ms_official&ms=EL", "pages/due.py")
    heading = page.get_by_role("heading", name=re.compile(r"^Greece: \d+ without a status this round"))
    missing = int(re.search(r": (\d+) without", heading.inner_text()).group(1))
    assert missing > 0
    page.get_by_role("link", name=re.compile(r"What is due \(\d+\)")).wait_for()

    _open(page, server, "due?as=admin", "pages/due.py")
    book = _download(page, "Reminder workbook")
    greek = [r for r in book["Reminders"].iter_rows(values_only=True) if r[0] == "EL"]
    assert sum(1 for r in greek if str(r[4]).startswith("No status this round yet")) == missing
    assert greek[0][1] == "official.el@example.com"
    assert page.outside_requests == []

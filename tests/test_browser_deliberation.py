"""The experts' deliberation and the decision model's content in headless Chromium, on a demo server:
a scoring round opened and closed by the secretariat with the expert's feedback, a scenario a viewer
saves and opens again, swing weights used on the sliders, the criteria read in words."""

from __future__ import annotations

import re

import pytest

from tests.browser import HEADINGS, settle
from tests.test_browser import _make_run

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with _make_run(tmp_path_factory.mktemp("deliberation")) as url:
        yield url


def test_a_scoring_round_opens_closes_and_feeds_back_to_the_expert(server, page):
    page.goto(f"{server}/delphi?as=admin")
    settle(page, HEADINGS["pages/delphi.py"])
    page.get_by_role("button", name="Open scoring round 1").click()
    page.get_by_text("Scoring round 1 is open.", exact=True).first.wait_for()
    page.goto(f"{server}/options?as=viewer")
    settle(page, HEADINGS["pages/options.py"])
    page.get_by_text(
        re.compile("Scoring round 1 is open: the scores shown are those as it opened")
    ).wait_for()
    page.goto(f"{server}/delphi?as=admin")
    settle(page, HEADINGS["pages/delphi.py"])
    page.get_by_role("button", name="Close scoring round 1").click()
    page.get_by_text("Scoring round 1 is closed.").first.wait_for()
    page.get_by_text("The ranking in every round").wait_for()  # drawn after the message: awaited
    page.wait_for_function(RENDERED_CHARTS)
    page.goto(f"{server}/scoring?as=expert")
    settle(page, HEADINGS["pages/scoring.py"])
    expander = page.get_by_text("How the group scored in round 1: each cell, no names")
    expander.click()
    page.locator('[data-testid="stExpander"] [data-testid="stDataFrame"] canvas').first.wait_for()
    assert page.outside_requests == []


# Every Plotly chart on the page has drawn.
RENDERED_CHARTS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
    .every(e => e.querySelector('.main-svg'))"""


def test_a_viewer_saves_a_scenario_and_opens_it_again(server, page):
    page.goto(f"{server}/options?as=viewer")
    settle(page, HEADINGS["pages/options.py"])
    page.get_by_role("button", name="Link to this scenario").click()
    page.get_by_label("Save it as my scenario").fill("Cabinet view")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Saved 'Cabinet view'.").wait_for()
    saved = page.url.split("s=", 1)[1]
    page.goto(f"{server}/options?as=viewer&s=1.weighted_sum.mean.0000.1")  # a stale link: a sentence
    page.get_by_text(re.compile("The criteria have changed since this scenario link was made")).wait_for()
    page.get_by_role("button", name="Link to this scenario").click()
    page.get_by_role("button", name="Open this scenario").click()
    page.wait_for_url(re.compile(re.escape(f"s={saved}")))


def test_swing_weights_reach_the_sliders(server, page):
    page.goto(f"{server}/weights?as=expert")
    settle(page, HEADINGS["pages/weights.py"])
    page.get_by_role("tab", name="Swing weighting").click()
    page.get_by_text(
        "For 11 criteria, pairwise comparison (AHP) asks 55 judgements; swing weighting asks 10 ratings."
    ).last.wait_for()
    page.get_by_role("button", name="Use these weights").last.click()
    settle(page, HEADINGS["pages/options.py"])
    page.get_by_text("9 % (100 pts)").nth(10).wait_for()  # every swing rated 100: equal weights
    assert page.get_by_text("9 % (100 pts)").count() == 11


def test_the_catalogue_reads_each_criterion_in_words(server, page):
    page.goto(f"{server}/catalogue?as=viewer")
    settle(page, HEADINGS["pages/catalogue.py"])
    page.get_by_text(re.compile("^How far the option improves cooperation on prevention")).wait_for()
    page.get_by_text(re.compile("^Includes: Exchange of practice")).wait_for()
    page.get_by_text("Facts about the options").wait_for()
    page.goto(f"{server}/option_facts?as=admin")
    settle(page, HEADINGS["pages/option_facts.py"])
    page.get_by_text("No score contradicts the facts, and none waits for re-scoring.").wait_for()

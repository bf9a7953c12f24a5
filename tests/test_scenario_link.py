"""A weight scenario in the link: weights, method and aggregation, versioned and checked on arrival."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.assessment import model as options
from dashboard.assessment.scenario import decode, encode, fingerprint
from dashboard.assessment.weights import Weights
from dashboard.errors import InvalidInput
from dashboard.store.db import make_engine, session_scope
from tests.apptest import APP, ROOT, TIMEOUT, texts

CODES = ["C01", "C02", "C03"]


def test_a_scenario_goes_into_a_short_link_and_back():
    link = encode(CODES, Weights(CODES, [80, 0, 35]), "topsis", "median")
    assert link == f"1.topsis.median.{fingerprint(CODES)}.80-0-35"
    found = decode(link, CODES)
    assert (found.method, found.how, dict(found.weights)) == (
        "topsis",
        "median",
        {"C01": 80, "C02": 0, "C03": 35},
    )


STALE = "The criteria have changed since this scenario link was made, so its weights no longer fit"
UNREADABLE = "The scenario in the link could not be read; showing the shared weights."


@pytest.mark.parametrize(
    ("link", "message"),
    [
        (f"1.weighted_sum.mean.{fingerprint(['C01', 'C02'])}.50-50", STALE),
        (f"1.weighted_sum.mean.{fingerprint(['C03', 'C02', 'C01'])}.50-50-50", STALE),
        ("2.weighted_sum.mean.abcd.50-50-50", "made by another version of the dashboard"),
        (f"1.electre.mean.{fingerprint(CODES)}.50-50-50", UNREADABLE),
        (f"1.weighted_sum.mode.{fingerprint(CODES)}.50-50-50", UNREADABLE),
        (f"1.weighted_sum.mean.{fingerprint(CODES)}.50-50", UNREADABLE),
        (f"1.weighted_sum.mean.{fingerprint(CODES)}.50-101-50", UNREADABLE),
        (f"1.weighted_sum.mean.{fingerprint(CODES)}.50-²-50", UNREADABLE),
        (f"1.weighted_sum.mean.{fingerprint(CODES)}.50--5-50", UNREADABLE),
        ("1." + "9" * 500, UNREADABLE),
        ("", UNREADABLE),
        ("not a scenario", UNREADABLE),
    ],
    ids=[
        "fewer-criteria",
        "reordered",
        "version",
        "method",
        "aggregation",
        "count",
        "over-100",
        "unicode",
        "negative",
        "too-long",
        "empty",
        "words",
    ],
)
def test_a_stale_or_broken_link_is_refused_in_words(link, message):
    with pytest.raises(InvalidInput, match=message):
        decode(link, CODES)


def _options_page(seeded_sqlite, monkeypatch, link: str) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", seeded_sqlite)
    monkeypatch.setenv("DASHBOARD_DEMO", "1")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"as": "viewer", "s": link})
    at.run()
    at.switch_page(str(ROOT / "pages/options.py")).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_opening_a_scenario_link_shows_its_ranking_and_the_link_follows_the_weights(
    seeded_sqlite, monkeypatch
):
    with session_scope(make_engine(seeded_sqlite)) as s:
        model = options.load_model(s)
    codes = list(model.criterion_codes)
    points = [100 if i == 0 else 5 * i for i in range(len(codes))]
    link = encode(codes, Weights(codes, points), "promethee_ii", "median")
    at = _options_page(seeded_sqlite, monkeypatch, link)
    assert next(s for s in at.selectbox if s.label == "Method").value == "promethee_ii"
    assert next(s for s in at.selectbox if s.label == "Combine experts by").value == "median"
    assert dict(at.session_state["weights"]) == dict(zip(codes, points, strict=True))
    expected = options.ranking(model, options.shares(Weights(codes, points)), "promethee_ii", "median")
    assert f"{expected['code'][0]} " in texts(at) and " leads " in texts(at)
    assert at.query_params["s"] == [link] or at.query_params["s"] == link
    assert f"?s={link}" in "".join(c.value for c in at.code)


def test_a_stale_link_says_so_and_shows_the_shared_weights(seeded_sqlite, monkeypatch):
    at = _options_page(seeded_sqlite, monkeypatch, f"1.weighted_sum.mean.{fingerprint(['C01'])}.50")
    assert STALE in texts(at)
    with session_scope(make_engine(seeded_sqlite)) as s:
        model = options.load_model(s)
    assert dict(at.session_state["weights"]) == dict(options.default_points(model))

"""Swing weighting: the engine against a published worked example, refusals, and the page."""

from __future__ import annotations

import numpy as np
import pytest

from dashboard import mcda
from dashboard.assessment.elicitation import judgements_caption, swing, swing_table
from dashboard.assessment.model import load_model
from dashboard.store.db import make_engine, session_scope
from dashboard.ui.weights import WEIGHTS_KEY
from tests.apptest import texts


@pytest.fixture
def model(seeded_sqlite):
    with session_scope(make_engine(seeded_sqlite)) as s:
        return load_model(s)


def test_swing_weights_reproduce_the_office_location_example():
    # Goodwin & Wright, Decision Analysis for Management Judgment, ch. 3 (office location): swings
    # rated closeness to customers 100, visibility 80, image 70, size 30, comfort 20, car parking 10;
    # the published normalised weights are 32, 26, 23, 10, 6 and 3 (per cent, rounded).
    weights = mcda.swing_weights([100, 80, 70, 30, 20, 10])
    assert list(np.round(100 * weights).astype(int)) == [32, 26, 23, 10, 6, 3]
    np.testing.assert_allclose(weights, np.array([100, 80, 70, 30, 20, 10]) / 310)


def test_a_swing_rated_zero_weighs_nothing_and_equal_ratings_are_equal_weights():
    np.testing.assert_allclose(mcda.swing_weights([100, 0, 50]), [2 / 3, 0, 1 / 3])
    np.testing.assert_allclose(mcda.swing_weights([100] * 4), [0.25] * 4)


@pytest.mark.parametrize(
    ("ratings", "message"),
    [
        ([80, 50], "rate the most important swing 100"),
        ([100, 120], "swing ratings run from 0 to 100"),
        ([100, -5], "swing ratings run from 0 to 100"),
        ([100, float("nan")], "every swing needs a rating"),
        ([], "one number per criterion"),
    ],
)
def test_bad_swing_ratings_are_refused(ratings, message):
    with pytest.raises(ValueError, match=message):
        mcda.swing_weights(ratings)


def test_swing_weighting_asks_fewer_judgements_than_ahp():
    assert mcda.swing_judgements(11) == 10
    assert judgements_caption(11) == (
        "For 11 criteria, pairwise comparison (AHP) asks 55 judgements; swing weighting asks 10 ratings."
    )


def test_each_swing_is_said_in_the_criterions_words_worst_first(model):
    table = swing_table(model).set_index("Criterion")
    assert table.at["Effectiveness", "From worst to best"] == (
        "Much less effective than the baseline → Much more effective than the baseline"
    )
    assert table.at["Cost", "From worst to best"] == (  # a cost: the worst end is the costliest
        "Much costlier than the baseline → Much cheaper than the baseline"
    )
    assert set(table["Rating"]) == {100}
    assert swing(table.reset_index()).weights == pytest.approx([1 / 11] * 11)


def test_the_weights_page_turns_rated_swings_into_the_sliders_weights(app, model):
    at = app("expert", "pages/weights.py")
    codes = list(model.criterion_codes)
    key = f"swing_{'|'.join(codes)}"
    halved = {i: {"Rating": 50} for i in range(len(codes))}  # no swing rated 100
    at.session_state[key] = {"edited_rows": halved, "added_rows": [], "deleted_rows": []}
    at.run()
    assert "Rate the most important swing 100 and the others against it." in texts(at)
    assert not any(b.key == "swing_use" for b in at.button)
    rated = {i: {"Rating": 50} for i in range(1, len(codes))}  # Effectiveness 100, the rest 50
    at.session_state[key] = {"edited_rows": rated, "added_rows": [], "deleted_rows": []}
    at.run()
    assert "Rate the most important swing 100" not in texts(at)
    next(b for b in at.button if b.key == "swing_use").click().run()
    weights = at.session_state[WEIGHTS_KEY]
    assert weights[codes[0]] == 100 and all(weights[c] == 50 for c in codes[1:])

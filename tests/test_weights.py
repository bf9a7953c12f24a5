"""The Weights value: one owner of points, shares and the rules weights must follow."""

import math
import pickle

import numpy as np
import pytest

from dashboard.assessment.weights import Weights
from dashboard.errors import InvalidInput

CODES = ["C01", "C02", "C03"]


def test_points_shares_and_equality_with_a_dict():
    w = Weights.of({"C01": 30, "C03": 10}, CODES)
    assert w == {"C01": 30, "C02": 0, "C03": 10} and list(w) == CODES
    np.testing.assert_allclose(w.shares(), [0.75, 0.0, 0.25])
    assert w.scaled(100) == {"C01": 100, "C02": 0, "C03": pytest.approx(100 / 3)}
    assert w.scaled(100).rounded() == {"C01": 100, "C02": 0, "C03": 33}
    assert pickle.loads(pickle.dumps(w)) == w and hash(pickle.loads(pickle.dumps(w))) == hash(w)


def test_changes_make_new_values():
    w = Weights.equal(CODES, 50)
    moved = w.with_points({"C02": 0})
    assert w == dict.fromkeys(CODES, 50) and moved == {"C01": 50, "C02": 0, "C03": 50}
    # weights set before a criterion was added keep theirs; the new one takes the default's
    later = moved.for_criteria([*CODES, "C04"], Weights.equal([*CODES, "C04"], 20))
    assert later == {"C01": 50, "C02": 0, "C03": 50, "C04": 20}


@pytest.mark.parametrize(
    ("values", "complete", "message"),
    [
        ({"C01": 1, "C99": 1}, False, "unknown criteria in the weights: C99"),
        ({"C01": 1, "C02": 1}, True, r"cover every criterion exactly \(missing: C03; unknown: —\)"),
        ({"C01": -1}, False, r"non-negative numbers \(C01 are not\)"),
        ({"C01": math.nan}, False, r"non-negative numbers \(C01 are not\)"),
        ({"C01": math.inf, "C02": 1}, False, r"non-negative numbers \(C01 are not\)"),
        ({"C01": "50"}, False, r"non-negative numbers \(C01 are not\)"),
        ({"C01": True}, False, r"non-negative numbers \(C01 are not\)"),
    ],
)
def test_bad_weights_are_refused_naming_the_criteria(values, complete, message):
    with pytest.raises(InvalidInput, match=message):
        Weights.of(values, CODES, complete=complete)


def test_all_zero_weights_hold_but_rank_nothing():
    zero = Weights.of({}, CODES)
    assert zero.is_zero and zero.scaled(100) == zero
    with pytest.raises(InvalidInput, match="at least one weight must be positive"):
        zero.shares()

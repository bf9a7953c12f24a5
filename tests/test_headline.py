"""EU headline figures on hand-built tables, and the filters' link form."""

import datetime as dt

import pandas as pd
import pytest

from dashboard.enums import Addressee, StatusLevel
from dashboard.monitoring.figures import by_group, by_member_state, headline, matrix
from dashboard.monitoring.filters import filters_to_params, parse_filters

S = StatusLevel
D = dt.date


def _table(rows):
    return pd.DataFrame(rows, columns=["recommendation", "member_state", "status", "deadline"])


LATEST = _table(
    [
        ("R1", "BE", S.FULL, D(2020, 1, 1)),
        ("R1", "FR", S.SOME, D(2020, 1, 1)),  # overdue
        ("R1", "NL", S.NOT_ASSESSED, D(2020, 1, 1)),  # overdue, not assessed
        ("R2", "BE", S.NO_PROGRESS, D(2030, 1, 1)),  # not yet due
        ("R2", "FR", S.NOT_APPLICABLE, D(2020, 1, 1)),  # never counted
        ("R2", "NL", S.SUBSTANTIAL, None),  # no deadline
    ]
)


def test_headline_figures_by_hand():
    h = headline(LATEST, D(2024, 1, 1))
    # assessed, applicable: FULL 4, SOME 2, NO 0, SUBSTANTIAL 3 -> mean 9/4 / 4
    assert h.progress == pytest.approx(9 / 4 / 4)
    assert h.some_or_more == pytest.approx(3 / 4)  # FULL, SOME, SUBSTANTIAL
    assert h.substantial_or_full == pytest.approx(2 / 4)
    assert h.coverage == pytest.approx(4 / 5)  # NL R1 not assessed; FR R2 not applicable is left out
    assert h.overdue == 2  # FR R1 (some) and NL R1 (not assessed); BE R1 is full, FR R2 not applicable
    assert (h.assessed, h.applicable) == (4, 5)


def test_by_member_state_and_matrix():
    states = by_member_state(LATEST).set_index("member_state")
    assert states.loc["BE", "progress"] == pytest.approx((4 + 0) / 2 / 4)
    assert states.loc["FR", "progress"] == pytest.approx(2 / 4)
    assert states.loc["NL", "coverage"] == pytest.approx(1 / 2)
    wide = matrix(LATEST)
    assert list(wide.index) == ["BE", "FR", "NL"] and list(wide.columns) == ["R1", "R2"]
    assert wide.loc["FR", "R2"] == "Not applicable" and wide.loc["NL", "R1"] == "Not assessed"


def test_empty_table_has_no_figures():
    h = headline(LATEST.iloc[0:0], D(2024, 1, 1))
    assert (h.progress, h.coverage, h.overdue) == (None, None, 0)


TODAY = D(2026, 11, 27)


def test_filters_round_trip_through_the_link():
    params = filters_to_params([1, 4], [Addressee.BOTH], D(2021, 12, 31), TODAY)
    assert params == {"area": "1,4", "to": "both", "asof": "2021-12-31"}
    back = parse_filters({k: v for k, v in params.items() if v}, list(range(1, 11)), TODAY)
    assert (back.areas, back.addressees, back.as_of, back.problems) == (
        (1, 4),
        (Addressee.BOTH,),
        D(2021, 12, 31),
        (),
    )
    assert filters_to_params([], [], TODAY, TODAY) == {"area": None, "to": None, "asof": None}


@pytest.mark.parametrize(
    ("params", "problem"),
    [
        ({"area": "1,99"}, "unknown thematic area '99' in the link"),
        ({"to": "nobody"}, "unknown addressee 'nobody' in the link"),
        ({"asof": "yesterday"}, "'yesterday' in the link is not a date"),
        ({"asof": "2030-01-01"}, "01 Jan 2030 is in the future: showing today"),
    ],
)
def test_bad_links_are_named_and_ignored(params, problem):
    parsed = parse_filters(params, list(range(1, 11)), TODAY)
    assert problem in parsed.problems[0]
    assert parsed.as_of == TODAY


def test_headline_figures_per_group_by_hand():
    table = by_group(LATEST, ["member_state"], D(2024, 1, 1))
    assert list(table.index) == ["BE", "FR", "NL"]
    assert list(table["progress"]) == pytest.approx([(4 + 0) / 2 / 4, 2 / 4, 3 / 4])
    assert list(table["some_or_more"]) == pytest.approx([1 / 2, 1, 1])  # of the assessed items
    assert list(table["coverage"]) == pytest.approx([1, 1, 1 / 2])
    assert list(table["overdue"]) == [0, 1, 1]  # FR R1 (some), NL R1 (not assessed)
    assert table["overdue"].sum() == headline(LATEST, D(2024, 1, 1)).overdue


def test_the_shares_follow_the_levels_of_the_status_table():
    from dashboard.monitoring.figures import DONE, SOME_OR_MORE, SUBSTANTIAL_OR_FULL

    assert {S.SOME, S.SUBSTANTIAL, S.FULL} == SOME_OR_MORE
    assert {S.SUBSTANTIAL, S.FULL} == SUBSTANTIAL_OR_FULL and {S.FULL} == DONE


def test_trend_by_round_by_hand():
    from dashboard.monitoring.figures import trend

    first = _table([("R1", "BE", S.NO_PROGRESS, None), ("R1", "FR", S.NOT_ASSESSED, None)])
    second = _table(
        [("R1", "BE", S.SOME, None), ("R1", "FR", S.FULL, None), ("R2", "BE", S.NOT_APPLICABLE, None)]
    )
    table = trend([("2019 review", D(2019, 6, 30), first), ("2021 review", D(2021, 6, 30), second)])
    assert list(table["round"]) == ["2019 review", "2021 review"]
    assert list(table["date"]) == [D(2019, 6, 30), D(2021, 6, 30)]
    # 2019: BE no progress (0), FR not assessed -> progress 0, coverage 1 of 2, none at "some" or more
    # 2021: BE some (2), FR full (4), R2 not applicable -> progress 6/2/4, coverage 2 of 2, both at least some
    assert table["progress"].tolist() == pytest.approx([0.0, 0.75])
    assert table["coverage"].tolist() == pytest.approx([0.5, 1.0])
    assert table["some_or_more"].tolist() == pytest.approx([0.0, 1.0])

"""Latest status as of a date, on a hand-built history (figures computed by hand in comments)."""

import datetime as dt

import pytest

from dashboard.enums import Addressee, Priority, StatusLevel
from dashboard.monitoring.figures import counts_by_area, progress_index
from dashboard.monitoring.queries import latest_statuses, lookups, member_states_on
from dashboard.store.db import session_scope
from dashboard.store.models import ImplementationAssessment, MemberState, Recommendation, ThematicArea

D = dt.date
S = StatusLevel


@pytest.fixture
def history(engine):
    with session_scope(engine) as s:
        s.add_all(
            [
                MemberState(
                    code="BE", iso_code="BE", name="Belgium", protocol_order=1, member_from=D(1958, 1, 1)
                ),
                MemberState(
                    code="HR", iso_code="HR", name="Croatia", protocol_order=2, member_from=D(2013, 7, 1)
                ),
                MemberState(
                    code="UK",
                    iso_code="GB",
                    name="United Kingdom",
                    protocol_order=3,
                    member_from=D(1973, 1, 1),
                    member_to=D(2020, 1, 31),
                ),
                ThematicArea(id=1, name="Prisons", verified=True),
                ThematicArea(id=2, name="Online", verified=True),
            ]
        )
        s.flush()
        s.add_all(
            [
                Recommendation(
                    id=1,
                    code="R1",
                    area_id=1,
                    title="r1",
                    addressee=Addressee.BOTH,
                    issued_on=D(2018, 5, 18),
                    priority=Priority.HIGH,
                ),
                Recommendation(
                    id=2,
                    code="R2",
                    area_id=2,
                    title="r2",
                    addressee=Addressee.BOTH,
                    issued_on=D(2022, 1, 1),
                    priority=Priority.LOW,
                ),
            ]
        )
        s.flush()
        for rec, ms, on, status in [
            (1, "BE", D(2019, 6, 30), S.SOME),
            (1, "BE", D(2021, 6, 30), S.LIMITED),
            (1, "BE", D(2021, 6, 30), S.SUBSTANTIAL),  # same date, recorded later: this one counts
            (1, "UK", D(2019, 6, 30), S.FULL),
            (1, "HR", D(2020, 1, 1), S.NOT_APPLICABLE),
            (2, "BE", D(2023, 1, 1), S.FULL),
        ]:
            s.add(
                ImplementationAssessment(
                    recommendation_id=rec, member_state_code=ms, assessed_on=on, status=status
                )
            )
            s.flush()  # ids in this order: the later row has the higher id
    return engine


def _latest(engine, on):
    with session_scope(engine) as s:
        frame = latest_statuses(s, on)
    return {(r.recommendation, r.member_state): r.status for r in frame.itertuples()}


def test_member_states_of_a_date(history):
    with session_scope(history) as s:
        assert member_states_on(s, D(2019, 12, 31)) == ["BE", "HR", "UK"]
        assert member_states_on(s, D(2020, 1, 31)) == ["BE", "HR", "UK"]
        assert member_states_on(s, D(2020, 2, 1)) == ["BE", "HR"]
        assert member_states_on(s, D(2010, 1, 1)) == ["BE", "UK"]


def test_as_of_2019_counts_the_uk_and_only_issued_recommendations(history):
    assert _latest(history, D(2019, 12, 31)) == {
        ("R1", "BE"): S.SOME,
        ("R1", "HR"): S.NOT_ASSESSED,
        ("R1", "UK"): S.FULL,
    }


def test_same_date_tie_goes_to_the_later_record_and_the_uk_leaves(history):
    assert _latest(history, D(2021, 12, 31)) == {("R1", "BE"): S.SUBSTANTIAL, ("R1", "HR"): S.NOT_APPLICABLE}


def test_the_day_itself_counts(history):
    assert _latest(history, D(2019, 6, 30))[("R1", "BE")] is S.SOME
    assert _latest(history, D(2019, 6, 29))[("R1", "BE")] is S.NOT_ASSESSED


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (D(2019, 12, 31), (2 + 4) / 2 / 4),  # BE some, UK full; HR not assessed is left out
        (D(2021, 12, 31), 3 / 4),  # BE substantial; HR not applicable is left out
        (D(2023, 6, 30), (3 + 4) / 2 / 4),  # R1 BE substantial, R2 BE full
        (D(2018, 1, 1), None),  # nothing issued yet
    ],
)
def test_progress_index_never_counts_na_or_not_assessed_as_no_progress(history, on, expected):
    with session_scope(history) as s:
        assert progress_index(latest_statuses(s, on)["status"]) == expected


def test_counts_by_area(history):
    with session_scope(history) as s:
        counts = counts_by_area(latest_statuses(s, D(2023, 6, 30)), lookups(s).areas)
    got = {(r.area, r.status_label): r.pairs for r in counts.itertuples()}
    assert got == {
        ("Prisons", "Substantial progress"): 1,
        ("Prisons", "Not applicable"): 1,
        ("Online", "Full implementation"): 1,
        ("Online", "Not assessed"): 1,
    }

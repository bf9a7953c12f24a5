"""Recording a status: who may, what is refused, and that history only ever grows."""

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import func, select

from dashboard.access.demo import demo_persona
from dashboard.enums import Role, StatusLevel
from dashboard.errors import InvalidInput, PermissionDenied
from dashboard.monitoring.figures import compare_by_area, progress_index
from dashboard.monitoring.queries import history, latest_statuses
from dashboard.monitoring.recording import StatusEntry, record_assessment
from dashboard.monitoring.review import submit_status, validate
from dashboard.monitoring.state_view import member_state_view as profile
from dashboard.store.db import current_revision, session_scope
from dashboard.store.models import AuditEntry, ImplementationAssessment

TODAY = dt.date(2026, 11, 27)
GOOD = StatusEntry(
    "P-2",
    "EL",
    StatusLevel.FULL,
    dt.date(2026, 3, 1),
    "Training for all prison staff since 2026.",
    "https://www.example.gr/prisons/training",
)


def _count(s):
    return s.scalar(select(func.count(ImplementationAssessment.id)))


def test_an_officials_status_counts_once_the_secretariat_validates_it(seeded):
    with session_scope(seeded) as s:
        before, revision = _count(s), current_revision(s)
        official = demo_persona(s, Role.MS_OFFICIAL, "EL")
        submitted = submit_status(s, official, GOOD, today=TODAY)
    with session_scope(seeded) as s:  # submitted: the Member State's voice, in no figure yet
        assert _count(s) == before and current_revision(s) == revision + 1
        latest = latest_statuses(s, TODAY).set_index(["recommendation", "member_state"])
        assert latest.loc[("P-2", "EL"), "status"] is not StatusLevel.FULL
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert (entry.actor, entry.action, entry.entity, entry.entity_key) == (
            "official.el@example.com",
            "submit",
            "status_submission",
            "P-2:EL",
        )
        assert '"status": "full"' in entry.new_value
        validate(s, demo_persona(s, Role.ADMIN), submitted, today=TODAY)
    with session_scope(seeded) as s:
        assert _count(s) == before + 1
        latest = latest_statuses(s, TODAY).set_index(["recommendation", "member_state"])
        assert latest.loc[("P-2", "EL"), "status"] is StatusLevel.FULL
        assert history(s, "EL").iloc[-1]["evidence"] == GOOD.evidence


def test_an_official_may_not_record_an_assessed_status(seeded):
    with session_scope(seeded) as s:
        before = _count(s)
    refusal = "Member State officials may not assess implementation status"
    with pytest.raises(PermissionDenied, match=refusal), session_scope(seeded) as s:
        record_assessment(s, demo_persona(s, Role.MS_OFFICIAL, "EL"), GOOD, today=TODAY)
    with session_scope(seeded) as s:
        assert _count(s) == before


@pytest.mark.parametrize(
    ("role", "state", "message"),
    [
        (Role.MS_OFFICIAL, "BE", r"only for your own Member State \(BE\), not for EL"),
        (Role.EXPERT, None, "Experts may not record implementation status"),
        (Role.VIEWER, None, "Viewers may not record implementation status"),
    ],
)
def test_others_are_refused_and_nothing_is_written(seeded, role, state, message):
    with session_scope(seeded) as s:
        before = _count(s)
    with pytest.raises(PermissionDenied, match=message), session_scope(seeded) as s:
        record_assessment(s, demo_persona(s, role, state), GOOD, today=TODAY)
    with session_scope(seeded) as s:
        assert _count(s) == before


def test_an_administrator_records_for_any_member_state(seeded):
    with session_scope(seeded) as s:
        record_assessment(s, demo_persona(s, Role.ADMIN), GOOD, today=TODAY)


BAD = [
    (dict(assessed_on=dt.date(2026, 12, 1)), "the date 01 Dec 2026 is in the future"),
    (dict(assessed_on=dt.date(2018, 1, 1)), "the date 01 Jan 2018 is before P-2 was issued"),
    (dict(status="great"), "'great' is not a status"),
    (
        dict(evidence=""),
        r"evidence is required for a change of status \(Some progress → Full implementation\)",
    ),
    (dict(source_url="htp:/example"), "'htp:/example' is not a web address"),
    (dict(recommendation="Z-9"), "unknown recommendation 'Z-9'"),
    (
        dict(member_state="UK", assessed_on=dt.date(2021, 1, 1)),
        "United Kingdom was not a Member State on 01 Jan 2021",
    ),
    (dict(evidence="x" * 4001), "longer than 4000 characters"),
]


@pytest.mark.parametrize(("change", "message"), BAD, ids=[m[:25] for _, m in BAD])
def test_bad_entries_are_refused_with_a_reason(seeded, change, message):
    entry = StatusEntry(**{**GOOD.__dict__, **change})
    with session_scope(seeded) as s:
        before = _count(s)
    with pytest.raises(InvalidInput, match=message), session_scope(seeded) as s:
        record_assessment(s, demo_persona(s, Role.ADMIN), entry, today=TODAY)
    with session_scope(seeded) as s:
        assert _count(s) == before


def test_confirming_the_same_status_needs_no_evidence(seeded):
    with session_scope(seeded) as s:
        now = (
            latest_statuses(s, TODAY)
            .set_index(["recommendation", "member_state"])
            .loc[("P-2", "EL"), "status"]
        )
        same = StatusEntry("P-2", "EL", now, TODAY, "")
        record_assessment(s, demo_persona(s, Role.ADMIN), same, today=TODAY)


def test_profile_figures_agree_with_the_tracking_functions(demo_engine):
    with session_scope(demo_engine) as s:
        data = profile(s, "EL", TODAY)
        latest = latest_statuses(s, TODAY)
    mine = latest[latest["member_state"] == "EL"]
    assert data.progress == progress_index(mine["status"])
    assert data.eu_progress == progress_index(latest["status"])
    expected = sum(
        1
        for r in data.current.itertuples()
        if r.deadline
        and r.deadline < TODAY
        and r.status not in (StatusLevel.FULL, StatusLevel.NOT_APPLICABLE)
    )
    assert data.overdue == expected and len(data.current) == 16
    with pytest.raises(ValueError, match="unknown Member State 'XX'"), session_scope(demo_engine) as s:
        profile(s, "XX", TODAY)


def test_comparison_with_the_eu_by_area_by_hand():
    S = StatusLevel
    eu = pd.DataFrame(
        {
            "member_state": ["EL", "EL", "BE", "BE", "EL", "BE"],
            "area_id": [1, 1, 1, 1, 2, 2],
            "status": [S.FULL, S.NOT_APPLICABLE, S.LIMITED, S.SOME, S.NOT_ASSESSED, S.SUBSTANTIAL],
        }
    )
    table = compare_by_area(eu[eu["member_state"] == "EL"], eu, {1: "Prisons", 2: "Online"})
    assert list(table["area"]) == ["Prisons", "Online"]
    assert table["progress"].iloc[0] == pytest.approx(4 / 4)  # not applicable left out
    assert table["eu_progress"].iloc[0] == pytest.approx((4 + 1 + 2) / 3 / 4)
    assert pd.isna(table["progress"].iloc[1])  # nothing assessed is not "no progress"
    assert table["eu_progress"].iloc[1] == pytest.approx(3 / 4)

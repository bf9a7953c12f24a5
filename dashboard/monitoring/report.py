"""The implementation report: what the implementation workbook says, every figure already worked out.

Built from the read model by ``implementation_report``; written to a workbook by
``dashboard.excel.implementation``, which only lays it out. The Member State view inside it is the
same one the Member State profile page shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from dashboard.access.auth import Action, CurrentUser, authorize
from dashboard.monitoring import basis, eu_actions, figures, queries, review_view
from dashboard.monitoring.basis import Basis
from dashboard.monitoring.state_view import MemberStateView, view_of
from dashboard.store.provenance import Provenance, provenance


@dataclass(frozen=True)
class ImplementationReport:
    provenance: Provenance
    basis: Basis
    as_of: dt.date
    member_state: str | None  # one Member State's workbook, or None for all
    scope: str  # "all Member States" or "Greece (EL)"
    headline: figures.Headline  # the EU's
    trend: pd.DataFrame  # round, date, progress, some_or_more, coverage
    states: pd.DataFrame  # member_state, name, progress, coverage, assessed, applicable, overdue (scope)
    matrix: pd.DataFrame  # every Member State x every recommendation: short status labels
    state_names: dict[str, str]  # EU code -> name
    detail: pd.DataFrame  # per pair of the scope: status, evidence, EU figures of its recommendation
    by_round: pd.DataFrame  # per pair of the scope (name, recommendation): short label at each round, now
    history: pd.DataFrame | None  # one Member State's every recorded status, up to the date
    by_area: pd.DataFrame  # name, member_state, area, progress, eu_progress (scope)
    register: pd.DataFrame  # the recommendations (queries.REGISTER_COLUMNS)
    view: MemberStateView | None  # one Member State's profile, as its page shows it
    eu_level: pd.DataFrame | None = None  # live: the EU-level statuses (eu_actions.shown); a round: None
    review: pd.DataFrame | None = (
        None  # live: the submissions' threads (review_view.review_rows); a round: None
    )


def implementation_report(
    session: Session,
    user: CurrentUser,
    when: Basis | dt.date,
    member_state: str | None = None,
    now: dt.datetime | None = None,
) -> ImplementationReport:
    """Every Member State (or ``member_state``): live as of a date, or a round as it was published.

    A published round's report is the same whenever it is made, for whomever: the same bytes."""
    authorize(user, Action.VIEW)
    on = basis.of(session, when)
    as_of, names = on.as_of, basis.lookups(session, on)
    if member_state is not None and member_state not in names.states:
        raise ValueError(f"unknown Member State '{member_state}'")
    eu = basis.statuses(session, on)
    recs = basis.register(session, on)
    rounds = basis.round_statuses(session, on)
    mine = eu if member_state is None else eu[eu["member_state"] == member_state]
    return ImplementationReport(
        provenance=_provenance(session, user, on, now),
        basis=on,
        as_of=as_of,
        member_state=member_state,
        scope=names.state_label(member_state) if member_state else "all Member States",
        headline=figures.headline(eu, as_of),
        trend=figures.trend(rounds),
        states=_states(eu, as_of, member_state, names.states),
        matrix=_short(eu)
        .pivot(index="member_state", columns="recommendation", values="short")
        .reindex(
            index=list(dict.fromkeys(eu["member_state"])), columns=list(dict.fromkeys(eu["recommendation"]))
        ),
        state_names=names.states,
        detail=_detail(mine, eu, recs, names.states, as_of),
        by_round=_by_round(rounds, eu, member_state, names.states, as_of),
        history=_history(session, on, member_state),
        by_area=_by_area(eu, member_state, names),
        register=recs,
        view=view_of(member_state, as_of, eu, recs, names) if member_state else None,
        eu_level=None if (level := basis.eu_level(session, on)) is None else eu_actions.shown(level),
        review=None if on.published else review_view.review_rows(session, user, member_state, eu),
    )


def _provenance(session: Session, user: CurrentUser, on: Basis, now: dt.datetime | None) -> Provenance:
    """Live: who asked and when. Published: the publication's own, which never move."""
    if not on.published:
        return provenance(session, f"{user.name} ({user.role_label})", now)
    return Provenance(on.revision, bool(basis.illustrative(session, on)), None, on.published_at)


def _history(session: Session, on: Basis, member_state: str | None) -> pd.DataFrame | None:
    """One Member State's every status dated by the basis's date (recorded by its publication)."""
    if member_state is None:
        return None
    past = figures.labelled(queries.history(session, member_state))
    kept = past["assessed_on"] <= on.as_of
    if on.published:
        kept &= past["recorded"].map(lambda moment: _utc(moment) <= _utc(on.published_at))
    return past[kept].sort_values(["area_id", "recommendation"], kind="stable")


def _utc(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back times without their zone (stored in UTC); PostgreSQL with it."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _short(latest: pd.DataFrame) -> pd.DataFrame:
    return latest.assign(short=latest["status"].map(figures.SHORT))


def _states(
    eu: pd.DataFrame, as_of: dt.date, member_state: str | None, names: dict[str, str]
) -> pd.DataFrame:
    table = figures.by_group(eu, ["member_state"], as_of).reset_index()
    if member_state:
        table = table[table["member_state"] == member_state]
    table.insert(1, "name", table["member_state"].map(names))
    return table.reset_index(drop=True)


def _detail(mine, eu, recs, states: dict[str, str], as_of: dt.date) -> pd.DataFrame:
    """Each pair's status with its evidence, the overdue flag, and its recommendation's EU figures."""
    table = figures.detail(mine, recs, states)
    per_rec = figures.by_group(eu, ["recommendation"], as_of)[["progress", "some_or_more"]]
    table = table.join(
        per_rec.rename(columns={"progress": "eu_progress", "some_or_more": "eu_some"}), on="recommendation"
    )
    table["label"] = table["status"].map(figures.LABELS)
    table["overdue"] = figures.overdue(table, as_of)
    return table


def _by_round(rounds, eu: pd.DataFrame, member_state, states: dict[str, str], as_of: dt.date) -> pd.DataFrame:
    """(Member State, recommendation) down, rounds across: each pair's short status label then.

    One Member State's recommendations together, in protocol and register order; a pair that did
    not exist at a round (a later recommendation, a later member) is empty there.
    """
    mine = eu if member_state is None else eu[eu["member_state"] == member_state]
    state_rank = {code: i for i, code in enumerate(states)}  # protocol order
    rec_rank = {
        code: i for i, code in enumerate(dict.fromkeys(eu["recommendation"].tolist()))
    }  # register order
    pairs = sorted(
        zip(mine["member_state"].tolist(), mine["recommendation"].tolist(), strict=True),
        key=lambda p: (state_rank[p[0]], rec_rank[p[1]]),
    )
    row_of = {pair: i for i, pair in enumerate(pairs)}
    tables = [(name, latest) for name, _, latest in rounds] + [(f"As of {as_of:%d %b %Y}", eu)]
    grid = np.full((len(pairs), len(tables)), None, dtype=object)
    for j, (_, latest) in enumerate(tables):
        labels = latest["status"].map(figures.SHORT).tolist()
        for pair, label in zip(
            zip(latest["member_state"].tolist(), latest["recommendation"].tolist(), strict=True),
            labels,
            strict=True,
        ):
            i = row_of.get(pair)
            if i is not None:
                grid[i, j] = label
    index = pd.MultiIndex.from_tuples(
        [(states[code], rec) for code, rec in pairs], names=["name", "recommendation"]
    )
    return pd.DataFrame(grid, index=index, columns=[name for name, _ in tables])


def _by_area(eu: pd.DataFrame, member_state, names: queries.Lookups) -> pd.DataFrame:
    eu_progress = figures.progress_by(eu, ["area_id"])["progress"].rename("eu_progress")
    table = figures.progress_by(eu, ["member_state", "area_id"], sort=False)[["progress"]].reset_index()
    table = table.join(eu_progress, on="area_id")
    if member_state:
        table = table[table["member_state"] == member_state]
    table.insert(0, "name", table["member_state"].map(names.states))
    table["area"] = table["area_id"].map(lambda a: names.areas.get(a, str(a)))
    table["difference"] = table["progress"] - table["eu_progress"]  # NaN where the state has nothing assessed
    return table.reset_index(drop=True)


def file_name(when: Basis | dt.date, member_state: str | None = None) -> str:
    """'implementation-EU-2026-12-02.xlsx'; a published round's names the round and when it was made
    (the file itself never says when: its bytes stay the same)."""
    if isinstance(when, Basis) and when.published:
        made = dt.datetime.now(dt.UTC)
        round_name = "".join(c if c.isalnum() else "-" for c in when.round_name or "round")
        return f"implementation-{member_state or 'EU'}-{round_name}-as-published-{made:%Y%m%dT%H%MZ}.xlsx"
    as_of = when.as_of if isinstance(when, Basis) else when
    return f"implementation-{member_state or 'EU'}-{as_of:%Y-%m-%d}.xlsx"

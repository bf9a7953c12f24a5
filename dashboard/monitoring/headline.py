"""EU-wide implementation figures (DESIGN §5): headline figures, by Member State, and by round."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.enums import STATUS, Addressee, StatusLevel
from dashboard.monitoring.tracking import latest_statuses, progress_by, progress_index
from dashboard.store.models import AssessmentRound, ThematicArea

SOME_OR_MORE = frozenset({StatusLevel.SOME, StatusLevel.SUBSTANTIAL, StatusLevel.FULL})
SUBSTANTIAL_OR_FULL = frozenset({StatusLevel.SUBSTANTIAL, StatusLevel.FULL})
UNCOUNTED = frozenset({StatusLevel.NOT_APPLICABLE, StatusLevel.NOT_ASSESSED})


@dataclass(frozen=True)
class Headline:
    progress: float | None  # mean level / 4 over applicable, assessed pairs
    some_or_more: float | None  # share of applicable, assessed pairs at "Some progress" or better
    substantial_or_full: float | None
    coverage: float | None  # share of applicable pairs that are assessed
    overdue: int  # deadline passed and not "Full implementation" (applicable pairs)
    assessed: int
    applicable: int


def filtered(
    session: Session, as_of: dt.date, areas: Sequence[int] = (), addressees: Sequence[Addressee] = ()
) -> pd.DataFrame:
    """Latest statuses as of a date, keeping only the given areas and addressees (all when empty)."""
    latest = latest_statuses(session, as_of)
    if areas:
        latest = latest[latest["area_id"].isin(list(areas))]
    if addressees:
        latest = latest[latest["addressee"].isin(list(addressees))]
    return latest.reset_index(drop=True)


def headline(latest: pd.DataFrame, as_of: dt.date) -> Headline:
    """The headline figures of a latest-status table."""
    applicable = latest[latest["status"] != StatusLevel.NOT_APPLICABLE]
    assessed = applicable[applicable["status"] != StatusLevel.NOT_ASSESSED]

    def share(members) -> float | None:
        return float(assessed["status"].isin(members).mean()) if len(assessed) else None

    late = applicable["deadline"].notna() & (applicable["deadline"] < as_of)
    return Headline(
        progress=progress_index(latest["status"]),
        some_or_more=share(SOME_OR_MORE),
        substantial_or_full=share(SUBSTANTIAL_OR_FULL),
        coverage=len(assessed) / len(applicable) if len(applicable) else None,
        overdue=int((late & (applicable["status"] != StatusLevel.FULL)).sum()),
        assessed=len(assessed),
        applicable=len(applicable),
    )


def by_group(latest: pd.DataFrame, keys: list[str], as_of: dt.date) -> pd.DataFrame:
    """The headline figures for each group of a latest-status table, in one pass: progress,
    some_or_more, coverage (NaN where undefined), assessed, applicable and overdue counts;
    groups in order of appearance."""
    table = progress_by(latest, keys, sort=False)
    status = latest["status"]
    applicable = status != StatusLevel.NOT_APPLICABLE
    late = latest["deadline"].notna() & (latest["deadline"] < as_of)
    flags = pd.DataFrame(
        {
            "some": status.isin(SOME_OR_MORE),
            "overdue": applicable & late & (status != StatusLevel.FULL),
        }
    )
    counts = flags.groupby([latest[k] for k in keys], sort=False).sum()
    table["some_or_more"] = counts["some"] / table["assessed"].where(table["assessed"] > 0)
    table["coverage"] = table["assessed"] / table["applicable"].where(table["applicable"] > 0)
    table["overdue"] = counts["overdue"]
    return table


def by_member_state(latest: pd.DataFrame) -> pd.DataFrame:
    """Progress index and coverage per Member State of the table."""
    table = by_group(latest, ["member_state"], dt.date.min).reset_index()
    return table[["member_state", "progress", "coverage", "assessed", "applicable"]]


def trend(session: Session, areas: Sequence[int] = (), addressees: Sequence[Addressee] = ()) -> pd.DataFrame:
    """EU progress index and coverage at each round's reference date (the Member States of that date)."""
    rounds = session.execute(
        select(AssessmentRound.name, AssessmentRound.reference_date).order_by(AssessmentRound.reference_date)
    ).all()
    rows = []
    for name, on in rounds:  # one query per round: a handful of rounds
        figures = headline(filtered(session, on, areas, addressees), on)
        rows.append(
            {
                "round": name,
                "date": on,
                "progress": figures.progress,
                "coverage": figures.coverage,
                "some_or_more": figures.some_or_more,
            }
        )
    return pd.DataFrame(rows, columns=["round", "date", "progress", "coverage", "some_or_more"])


def area_names(session: Session) -> dict[int, str]:
    return dict(session.execute(select(ThematicArea.id, ThematicArea.name).order_by(ThematicArea.id)).all())


def matrix(latest: pd.DataFrame) -> pd.DataFrame:
    """Member States (rows, protocol order) x recommendations (columns) of status labels."""
    table = latest.assign(label=latest["status"].map(lambda s: STATUS[s].label))
    wide = table.pivot(index="member_state", columns="recommendation", values="label")
    return wide.reindex(
        index=list(dict.fromkeys(latest["member_state"])),
        columns=list(dict.fromkeys(latest["recommendation"])),
    )

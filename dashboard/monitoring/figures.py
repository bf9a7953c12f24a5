"""Implementation figures (DESIGN §5), pure: tables from ``monitoring.queries`` in, figures out.

The progress index is the mean status level / 4 over applicable, assessed pairs; "Not applicable"
and "Not assessed" are never counted as "No progress"; overdue means the deadline has passed and
an applicable item is not fully implemented (a pair never assessed counts: nothing shows it done).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.enums import MAX_LEVEL, STATUS, Addressee, StatusLevel

LEVELS = {s: STATUS[s].level for s in StatusLevel}  # None: never counted in any figure
LABELS = {s: STATUS[s].label for s in StatusLevel}
SHORT = {s: STATUS[s].short for s in StatusLevel}  # for matrix cells
# Shares of the headline, from the scale's levels: "at least some progress" is level 2 or more.
SOME_OR_MORE = frozenset(s for s, level in LEVELS.items() if level is not None and level >= 2)
SUBSTANTIAL_OR_FULL = frozenset(s for s, level in LEVELS.items() if level is not None and level >= 3)
DONE = frozenset(s for s, level in LEVELS.items() if level == MAX_LEVEL)
SOME_LEVEL, SUBSTANTIAL_LEVEL = STATUS[StatusLevel.SOME].level, STATUS[StatusLevel.SUBSTANTIAL].level


def status_levels(statuses: pd.Series) -> pd.Series:
    """Each status's level 0..4 as a float; NaN for 'Not applicable' and 'Not assessed'."""
    return statuses.map(LEVELS).astype(float)


def progress_index(statuses: pd.Series) -> float | None:
    """Mean level / 4 over applicable, assessed items, in 0..1; None if there are none."""
    levels = status_levels(statuses).dropna()
    return float(levels.mean() / MAX_LEVEL) if len(levels) else None


def change(now: float | None, before: float | None) -> float | None:
    """The difference of two shares in percentage points, or None when either is unknown."""
    if now is None or before is None:
        return None
    return 100 * (now - before)


def overdue(latest: pd.DataFrame, as_of: dt.date) -> pd.Series:
    """Per row: the deadline passed before ``as_of``, the item applies, and it is not fully implemented."""
    status = latest["status"]
    late = latest["deadline"].notna() & (latest["deadline"] < as_of)
    return late & (status != StatusLevel.NOT_APPLICABLE) & ~status.isin(DONE)


@dataclass(frozen=True)
class Headline:
    progress: float | None  # mean level / 4 over applicable, assessed pairs
    some_or_more: float | None  # share of applicable, assessed pairs at "Some progress" or better
    substantial_or_full: float | None
    coverage: float | None  # share of applicable pairs that are assessed
    overdue: int  # deadline passed and not "Full implementation" (applicable pairs)
    assessed: int
    applicable: int


def headline(latest: pd.DataFrame, as_of: dt.date) -> Headline:
    """The headline figures of a latest-status table."""
    return Headline(**_shares(latest), overdue=int(overdue(latest, as_of).sum()))


def _shares(latest: pd.DataFrame) -> dict:
    """Progress index, the shares at "some" and "substantial" or better, coverage (None where
    nothing counts) and the counts behind them, from the statuses' levels."""
    levels = status_levels(latest["status"]).to_numpy()
    assessed = levels[~np.isnan(levels)]
    applicable = int((latest["status"] != StatusLevel.NOT_APPLICABLE).sum())
    n = len(assessed)
    return {
        "progress": float(assessed.mean() / MAX_LEVEL) if n else None,
        "some_or_more": float((assessed >= SOME_LEVEL).mean()) if n else None,
        "substantial_or_full": float((assessed >= SUBSTANTIAL_LEVEL).mean()) if n else None,
        "coverage": n / applicable if applicable else None,
        "assessed": n,
        "applicable": applicable,
    }


def progress_by(latest: pd.DataFrame, keys: list[str], sort: bool = True) -> pd.DataFrame:
    """Per group of a latest-status table: progress index (NaN when nothing is assessed), the
    number of assessed items and of applicable items."""
    levels = status_levels(latest["status"])
    groups = latest.assign(level=levels, applicable=latest["status"] != StatusLevel.NOT_APPLICABLE).groupby(
        keys, sort=sort
    )
    return pd.DataFrame(
        {
            "progress": groups["level"].mean() / MAX_LEVEL,
            "assessed": groups["level"].count(),
            "applicable": groups["applicable"].sum(),
        }
    )


def by_group(latest: pd.DataFrame, keys: list[str], as_of: dt.date) -> pd.DataFrame:
    """The headline figures for each group of a latest-status table, in one pass: progress,
    some_or_more, coverage (NaN where undefined), assessed, applicable and overdue counts;
    groups in order of appearance."""
    table = progress_by(latest, keys, sort=False)
    flags = pd.DataFrame({"some": latest["status"].isin(SOME_OR_MORE), "overdue": overdue(latest, as_of)})
    counts = flags.groupby([latest[k] for k in keys], sort=False).sum()
    table["some_or_more"] = counts["some"] / table["assessed"].where(table["assessed"] > 0)
    table["coverage"] = table["assessed"] / table["applicable"].where(table["applicable"] > 0)
    table["overdue"] = counts["overdue"]
    return table


def by_member_state(latest: pd.DataFrame) -> pd.DataFrame:
    """Progress index and coverage per Member State of the table."""
    table = by_group(latest, ["member_state"], dt.date.min).reset_index()
    return table[["member_state", "progress", "coverage", "assessed", "applicable"]]


def filtered(
    latest: pd.DataFrame, areas: Sequence[int] = (), addressees: Sequence[Addressee] = ()
) -> pd.DataFrame:
    """The rows of the given thematic areas and addressees (all when empty)."""
    if areas:
        latest = latest[latest["area_id"].isin(list(areas))]
    if addressees:
        latest = latest[latest["addressee"].isin(list(addressees))]
    return latest.reset_index(drop=True)


def trend(
    round_statuses: list[tuple[str, dt.date, pd.DataFrame]],
    areas: Sequence[int] = (),
    addressees: Sequence[Addressee] = (),
) -> pd.DataFrame:
    """EU progress index, coverage and share with at least some progress at each round's date (None
    where nothing is assessed)."""
    rows = []
    for name, on, latest in round_statuses:
        shares = _shares(filtered(latest, areas, addressees))
        rows.append((name, on, shares["progress"], shares["coverage"], shares["some_or_more"]))
    return pd.DataFrame(rows, columns=["round", "date", "progress", "coverage", "some_or_more"])


def matrix(latest: pd.DataFrame) -> pd.DataFrame:
    """Member States (rows, protocol order) x recommendations (columns) of status labels."""
    table = latest.assign(label=latest["status"].map(LABELS))
    wide = table.pivot(index="member_state", columns="recommendation", values="label")
    return wide.reindex(
        index=list(dict.fromkeys(latest["member_state"])),
        columns=list(dict.fromkeys(latest["recommendation"])),
    )


def counts_by_area(latest: pd.DataFrame, names: dict[int, str]) -> pd.DataFrame:
    """Pairs per thematic area and status of a latest-status table (what charts.status_by_area draws)."""
    counts = latest.groupby(["area_id", "status"], sort=False).size().rename("pairs").reset_index()
    counts["area"] = counts["area_id"].map(names)
    counts["status_label"] = counts["status"].map(LABELS)
    counts["order"] = counts["status"].map(lambda s: STATUS[s].order)
    return counts.sort_values(["area_id", "order"]).reset_index(drop=True)


def area_progress(latest: pd.DataFrame, names: dict[int, str]) -> pd.DataFrame:
    """Progress index per thematic area of a latest-status table, most advanced first.

    Areas with nothing assessed keep a row with progress None and come last.
    """
    table = progress_by(latest, ["area_id"]).reset_index()
    table.insert(1, "area", [names.get(a, str(a)) for a in table["area_id"]])
    return table.sort_values("progress", ascending=False, na_position="last").reset_index(drop=True)


def compare_by_area(mine: pd.DataFrame, eu: pd.DataFrame, names: dict[int, str]) -> pd.DataFrame:
    """Progress index per thematic area: one Member State's against the EU's (NaN: nothing assessed)."""
    eu_progress = progress_by(eu, ["area_id"])["progress"]
    return pd.DataFrame(
        {
            "area_id": eu_progress.index,
            "area": [names.get(a, str(a)) for a in eu_progress.index],
            "progress": progress_by(mine, ["area_id"])["progress"].reindex(eu_progress.index).to_numpy(float),
            "eu_progress": eu_progress.to_numpy(dtype=float),
        }
    )


def labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """The table with each status's label (``label``) and level (``level``; None when not counted)."""
    return frame.assign(label=frame["status"].map(LABELS), level=frame["status"].map(LEVELS))


def detail(latest: pd.DataFrame, recs: pd.DataFrame, states: dict[str, str]) -> pd.DataFrame:
    """Latest statuses with each recommendation's title and thematic area and each Member State's
    name, by Member State (in the order of ``states``: protocol order), then in register order."""
    names = recs.set_index("code")
    table = latest.assign(
        title=latest["recommendation"].map(names["title"]),
        area=latest["recommendation"].map(names["area"]),
        member_state_name=latest["member_state"].map(states),
    )
    state_rank = {code: i for i, code in enumerate(states)}
    rec_rank = {code: i for i, code in enumerate(recs["code"].tolist())}
    order = table["member_state"].map(state_rank) * len(rec_rank) + table["recommendation"].map(rec_rank)
    return table.iloc[order.argsort(kind="stable")].reset_index(drop=True)

"""Display tables of the reference data: the recommendation register, options and criteria."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.enums import PRIORITIES, RELATIVE_SYMBOLS, label_of
from dashboard.store.models import Criterion, Option, Recommendation, ThematicArea


def recommendations_table(session: Session) -> pd.DataFrame:
    """Every recommendation with its area, addressee, dates and priority, in register order."""
    rows = session.execute(
        select(
            Recommendation.code,
            ThematicArea.name,
            Recommendation.title,
            Recommendation.addressee,
            Recommendation.issued_on,
            Recommendation.deadline,
            Recommendation.priority,
            Recommendation.illustrative,
        )
        .join(ThematicArea)
        .order_by(ThematicArea.id, Recommendation.code)
    ).all()
    frame = pd.DataFrame(
        rows,
        columns=[
            "Code",
            "Thematic area",
            "Recommendation",
            "Addressee",
            "Issued",
            "Deadline",
            "Priority",
            "Illustrative",
        ],
    )
    frame["Addressee"] = frame["Addressee"].map(label_of)
    frame["Priority order"] = frame["Priority"].map(lambda p: PRIORITIES[p].order)
    frame["Priority"] = frame["Priority"].map(label_of)
    return frame


def areas(session: Session) -> list[str]:
    """Thematic area names in report order."""
    return list(session.scalars(select(ThematicArea.name).order_by(ThematicArea.id)))


def options_table(session: Session) -> pd.DataFrame:
    rows = session.execute(
        select(Option.code, Option.name, Option.is_baseline, Option.anchor, Option.description).order_by(
            Option.display_order
        )
    ).all()
    return pd.DataFrame(rows, columns=["Code", "Option", "Baseline", "Anchor", "Description"])


def criteria_table(session: Session) -> pd.DataFrame:
    rows = session.execute(
        select(
            Criterion.code,
            Criterion.name,
            Criterion.group,
            Criterion.direction,
            Criterion.scale,
            Criterion.description,
        ).order_by(Criterion.display_order)
    ).all()
    frame = pd.DataFrame(rows, columns=["Code", "Criterion", "Group", "Direction", "Scale", "Description"])
    frame["Direction"] = frame["Direction"].map(label_of)
    frame["Scale"] = frame["Scale"].map(label_of)
    return frame


def relative_scale_legend() -> str:
    """The symbols of the relative scale in one line, e.g. '−− = −2 · − = −1 · ...'."""
    return " · ".join(
        f"{symbol} = {value:+d}" if value else "0 = baseline" for value, symbol in RELATIVE_SYMBOLS.items()
    )

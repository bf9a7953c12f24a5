"""The catalogue the options are assessed on, as display tables: options and criteria."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.enums import RELATIVE_SYMBOLS, label_of
from dashboard.store.models import Criterion, Option


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

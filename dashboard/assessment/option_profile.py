"""One option as a reader meets it: where it comes from, its facts with their sources, and how the
experts scored it on each criterion, in the criterion's own words."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.assessment.facts import facts_table
from dashboard.assessment.model import load_model
from dashboard.errors import InvalidInput
from dashboard.store.models import Option


@dataclass(frozen=True)
class OptionProfile:
    code: str
    name: str
    source: str  # the document the option comes from
    description: str
    is_baseline: bool
    facts: pd.DataFrame  # Fact, Value, Basis, Source, As of
    scores: pd.DataFrame  # Criterion, Direction, Score, In words, Spread, Experts (empty: not ranked)


def option_profile(session: Session, code: str) -> OptionProfile:
    option = session.scalar(select(Option).where(Option.code == code, ~Option.retired))
    if option is None:
        raise InvalidInput(f"no option '{code[:20]}' is assessed now")
    model = load_model(session)
    scores = pd.DataFrame(columns=["Criterion", "Direction", "Score", "In words", "Spread", "Experts"])
    if code in model.option_codes:
        row = model.option_codes.index(code)
        spread = model.aggregate("mean")
        scores = pd.DataFrame(
            {
                "Criterion": [
                    f"{c} {n}" for c, n in zip(model.criterion_codes, model.criterion_names, strict=True)
                ],
                "Direction": model.directions,
                "Score": model.matrix("mean")[row],
                "In words": model.meanings("mean")[row],
                "Spread": spread.dispersion[row],
                "Experts": spread.count[row].astype(int),
            }
        )
    return OptionProfile(
        option.code,
        option.name,
        option.anchor,
        option.description,
        option.is_baseline,
        facts_table(session, code).drop(columns=["Code", "Option"]),
        scores,
    )

"""What every report says about itself: which data revision it shows, whether illustrative data is
in it, and for whom and when it was made."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from dashboard.store.db import current_revision
from dashboard.store.models import ImplementationAssessment, OptionScore, Recommendation


@dataclass(frozen=True)
class Provenance:
    revision: int  # the data revision the figures were read at
    illustrative: bool  # the database held illustrative (demo) data
    generated_for: str | None  # "Name (Role)"; None for a published round's figures, the same for all
    generated_at: dt.datetime  # UTC; a published round's: when it was published


def provenance(session: Session, generated_for: str, now: dt.datetime | None = None) -> Provenance:
    return Provenance(
        current_revision(session),
        holds_illustrative_data(session),
        generated_for,
        now or dt.datetime.now(dt.UTC),
    )


def holds_illustrative_data(session: Session) -> bool:
    """True while any illustrative register, assessment or score is in the database."""
    flagged = or_(
        exists().where(Recommendation.illustrative),
        exists().where(ImplementationAssessment.illustrative),
        exists().where(OptionScore.illustrative),
    )
    return bool(session.scalar(select(flagged)))

"""A benchmark database's register: the real reference data and N made-up recommendations."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from dashboard.admin import seed
from dashboard.enums import Addressee, Priority, StatusLevel
from dashboard.store.models import Recommendation

LEVELS = [s for s in StatusLevel if s is not StatusLevel.NOT_ASSESSED]  # what a benchmark row may hold


def seed_register(session: Session, recommendations: int, issued_on: dt.date) -> None:
    """Member States, areas, options and criteria, plus ``recommendations`` spread over the areas."""
    seed.seed_database(session, seed.load_seed(), demo=False)
    session.add_all(
        Recommendation(
            code=f"R-{i + 1}",
            title=f"Recommendation {i + 1}: a title of typical length for the register",
            area_id=1 + i % 10,
            addressee=Addressee.MEMBER_STATES,
            issued_on=issued_on,
            deadline=dt.date(2024, 12, 31),
            priority=Priority.MEDIUM,
        )
        for i in range(recommendations)
    )

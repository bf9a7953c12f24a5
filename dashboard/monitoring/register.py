"""The recommendation register as a display table."""

from __future__ import annotations

import pandas as pd
from sqlalchemy.orm import Session

from dashboard.enums import label_of
from dashboard.monitoring import queries


def recommendations_table(session: Session) -> pd.DataFrame:
    """Every recommendation with its area, addressee, dates and priority, in register order."""
    recs = queries.register(session)
    return pd.DataFrame(
        {
            "Code": recs["code"],
            "Thematic area": recs["area"],
            "Recommendation": recs["title"],
            "Addressee": recs["addressee"].map(label_of),
            "Issued": recs["issued_on"],
            "Deadline": recs["deadline"],
            "Priority": recs["priority"].map(label_of),
            "Illustrative": recs["illustrative"],
        }
    )

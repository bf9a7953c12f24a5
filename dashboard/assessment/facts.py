"""Facts about the options (annual budget, months to set up, a legislative act, staff), each with its
source and date, and the consistency check that holds the experts' scores to them.

A criterion may name a fact (``Criterion.fact``). Its scores must then be ordered like the fact: when
one option's range lies wholly below another's, no expert may score it higher. Scores saved before a
criterion's definition last changed (``Criterion.defined_at``) are listed for re-scoring.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from itertools import permutations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.access.auth import Action, CurrentUser, authorize
from dashboard.enums import FACTS, Fact, label_of, point_label
from dashboard.errors import ConcurrentEdit, InvalidInput
from dashboard.store import audit
from dashboard.store.models import Criterion, Option, OptionFact, OptionScore, User
from dashboard.text import clean

Range = tuple[float, float]


def fact_text(fact: Fact, low: float, high: float) -> str:
    """A fact as read aloud: "6–12 months", "EUR 15 m a year", "yes"."""
    if fact is Fact.LEGAL_ACT:
        return "yes" if low else "no"
    amount = f"{low:g}" if low == high else f"{low:g}–{high:g}"
    if fact is Fact.BUDGET:
        return f"EUR {amount} m a year"
    return f"{amount} {FACTS[fact].description}"


def facts_table(session: Session, option: str | None = None) -> pd.DataFrame:
    """Every recorded fact (or one option's), in catalogue and fact order."""
    query = (
        select(Option.display_order, Option.code, Option.name, OptionFact)
        .join(OptionFact, OptionFact.option_id == Option.id)
        .where(~Option.retired)
    )
    if option is not None:
        query = query.where(Option.code == option)
    rows = sorted(session.execute(query).all(), key=lambda r: (r[0], FACTS[r[3].fact].order))
    return pd.DataFrame(
        [
            (
                code,
                name,
                label_of(f.fact),
                fact_text(f.fact, f.low, f.high),
                "estimate" if f.estimate else "published",
                f.source,
                f.as_of,
            )
            for _, code, name, f in rows
        ],
        columns=["Code", "Option", "Fact", "Value", "Basis", "Source", "As of"],
    )


def facts_overview(session: Session) -> pd.DataFrame:
    """One row per option, one column per fact ("EUR 7–9 m a year (estimate)"); sources in ``facts_table``."""
    table = facts_table(session)
    labels = [label_of(f) for f in sorted(FACTS, key=lambda f: FACTS[f].order)]
    if table.empty:
        return pd.DataFrame(columns=["Code", "Option", *labels])
    table["Value"] = table["Value"].where(table["Basis"] == "published", table["Value"] + " (estimate)")
    wide = table.pivot(index=["Code", "Option"], columns="Fact", values="Value").reindex(columns=labels)
    order = list(dict.fromkeys(table["Code"]))
    wide = wide.reset_index().set_index("Code").loc[order].reset_index()
    return wide.fillna("—").rename_axis(columns=None)


def option_facts(session: Session) -> dict[str, dict[Fact, Range]]:
    """{option code: {fact: (low, high)}} for the options assessed now."""
    found: dict[str, dict[Fact, Range]] = {}
    for code, fact, low, high in session.execute(
        select(Option.code, OptionFact.fact, OptionFact.low, OptionFact.high)
        .join(OptionFact, OptionFact.option_id == Option.id)
        .where(~Option.retired)
    ):
        found.setdefault(code, {})[fact] = (low, high)
    return found


@dataclass(frozen=True)
class FactInput:
    option: str
    fact: Fact
    low: float
    high: float
    source: str
    as_of: dt.date
    estimate: bool = False


def fact_entry(session: Session, option: str, fact: Fact) -> tuple[FactInput | None, int | None]:
    """A fact as the edit form shows it, and the version it was read at (None: not recorded yet)."""
    row = session.scalar(
        select(OptionFact).join(Option).where(Option.code == option, OptionFact.fact == fact)
    )
    if row is None:
        return None, None
    entry = FactInput(option, fact, row.low, row.high, row.source, row.as_of, row.estimate)
    return entry, row.version


def save_fact(session: Session, user: CurrentUser, entry: FactInput, version_seen: int | None) -> int:
    """Record or correct one fact of one option (the secretariat); audited, old value kept there."""
    authorize(user, Action.MANAGE)
    option = session.scalar(select(Option).where(Option.code == entry.option))
    if option is None:
        raise InvalidInput(f"Not saved: no option '{entry.option[:20]}'")
    if user.illustrative and not option.illustrative:
        raise InvalidInput("in demo mode the catalogue as seeded cannot be changed; add an item to try it")
    values = _fact_values(entry)
    row = session.scalar(
        select(OptionFact).where(OptionFact.option_id == option.id, OptionFact.fact == entry.fact)
    )
    key = f"{entry.option} {entry.fact.value}"
    if (row.version if row else None) != version_seen:
        last = audit.latest(session, "option_fact", key)
        who = f" by {last[0]} on {last[1]:%d %b %Y %H:%M} UTC" if last else ""
        raise ConcurrentEdit(
            f"Not saved: this fact was changed{who} after you opened it. Reload it, then change it again."
        )
    old = None
    if row is None:
        row = OptionFact(option_id=option.id, fact=entry.fact, **values)
        session.add(row)
    else:
        old = {field: str(getattr(row, field)) for field in values}
        for field, value in values.items():
            setattr(row, field, value)
    session.flush()
    audit.record(session, user, "record", "option_fact", key, old, {k: str(v) for k, v in values.items()})
    return row.version


def _fact_values(entry: FactInput) -> dict:
    if not isinstance(entry.fact, Fact):
        raise InvalidInput(f"Not saved: '{entry.fact}' is not a fact of the options")
    low, high = (
        _amount(v, what) for v, what in ((entry.low, "the lowest value"), (entry.high, "the highest"))
    )
    if low > high:
        raise InvalidInput("Not saved: the lowest value is above the highest")
    if entry.fact is Fact.LEGAL_ACT and {low, high} - {0.0, 1.0}:
        raise InvalidInput("Not saved: a legislative act is 1 (needed) or 0 (not needed)")
    if not isinstance(entry.as_of, dt.date) or entry.as_of > dt.date.today():
        raise InvalidInput("Not saved: give the date of the source, not later than today")
    return {
        "low": low,
        "high": high,
        "estimate": bool(entry.estimate),
        "source": clean(entry.source, "the source", 1000, required=True),
        "as_of": entry.as_of,
    }


def _amount(value, what: str) -> float:
    try:
        amount = float(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"Not saved: {what} is not a number") from None
    if not math.isfinite(amount) or amount < 0 or amount > 1_000_000:
        raise InvalidInput(f"Not saved: {what} must be between 0 and 1,000,000")
    return amount


# --- the consistency check -------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    kind: str  # "contradicts the facts" or "re-score"
    criterion: str
    expert: str
    options: str  # "O2 above O1", or the option re-scored
    message: str


def check_scores(session: Session, user: CurrentUser) -> list[Finding]:
    """Every score that contradicts a fact its criterion follows, and every score saved before its
    criterion was last redefined. An empty list means the scores pass."""
    authorize(user, Action.VIEW)
    return _contradictions(session) + _stale(session)


def _contradictions(session: Session) -> list[Finding]:
    facts = option_facts(session)
    baseline = session.scalar(select(Option.code).where(Option.is_baseline))
    findings = []
    for criterion in session.scalars(
        select(Criterion)
        .where(~Criterion.retired, Criterion.fact.is_not(None))
        .order_by(Criterion.display_order)
    ):
        scores: dict[str, dict[str, float]] = {}
        for expert, option, value in session.execute(
            select(User.name, Option.code, OptionScore.value)
            .join(User, User.id == OptionScore.expert_id)
            .join(Option, Option.id == OptionScore.option_id)
            .where(OptionScore.criterion_id == criterion.id, ~Option.retired)
        ):
            scores.setdefault(expert, {})[option] = value
        ranged = {code: f[criterion.fact] for code, f in facts.items() if criterion.fact in f}
        for expert, given in sorted(scores.items()):
            if baseline in ranged:
                given = {**given, baseline: 0.0}  # the baseline is 0 by definition
            for a, b in permutations(sorted(set(given) & set(ranged)), 2):
                if ranged[a][1] < ranged[b][0] and given[a] > given[b]:
                    findings.append(_contradiction(criterion, expert, a, b, given, ranged))
    return findings


def _contradiction(criterion, expert, a, b, given, ranged) -> Finding:
    fact = criterion.fact
    return Finding(
        "contradicts the facts",
        f"{criterion.code} {criterion.name}",
        expert,
        f"{a} above {b}",
        f"{expert} scores {a} {point_label(given[a], criterion.scale)} and {b} "
        f"{point_label(given[b], criterion.scale)} on {criterion.code}, although "
        f"{a}'s {label_of(fact).lower()} ({fact_text(fact, *ranged[a])}) is below {b}'s "
        f"({fact_text(fact, *ranged[b])}).",
    )


def _stale(session: Session) -> list[Finding]:
    rows = session.execute(
        select(Criterion.code, Criterion.name, Criterion.defined_at, User.name, Option.code)
        .join(OptionScore, OptionScore.criterion_id == Criterion.id)
        .join(User, User.id == OptionScore.expert_id)
        .join(Option, Option.id == OptionScore.option_id)
        .where(
            ~Criterion.retired,
            ~Option.retired,
            Criterion.defined_at.is_not(None),
            OptionScore.updated_at < Criterion.defined_at,
        )
        .order_by(Criterion.display_order, User.name, Option.display_order)
    ).all()
    return [
        Finding(
            "re-score",
            f"{code} {name}",
            expert,
            option,
            f"{expert}'s score of {option} on {code} was given before {code} was redefined on "
            f"{defined:%d %b %Y}; re-score it (saving it again confirms it).",
        )
        for code, name, defined, expert, option in rows
    ]


def findings_table(findings: list[Finding]) -> pd.DataFrame:
    return pd.DataFrame(
        [(f.kind, f.criterion, f.expert, f.options, f.message) for f in findings],
        columns=["Finding", "Criterion", "Expert", "Options", "What"],
    )

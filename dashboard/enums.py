"""Categories of the product, each an enum with one table of labels, colours and order.

Everything that shows or compares a category goes through the tables here; nowhere else in the
code does a literal such as ``"some"`` or a level number stand for a status.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class StatusLevel(enum.Enum):
    """Implementation status of one recommendation in one Member State (European Semester scale)."""

    NO_PROGRESS = "no_progress"
    LIMITED = "limited"
    SOME = "some"
    SUBSTANTIAL = "substantial"
    FULL = "full"
    NOT_APPLICABLE = "not_applicable"
    NOT_ASSESSED = "not_assessed"

    # Members are singletons compared by identity: the identity hash (in C) gives the same answers as
    # Enum's (by name, in Python) and made tables of ~20,000 statuses ~40 ms faster to group and map.
    __hash__ = object.__hash__


class Direction(enum.Enum):
    """Whether more of a criterion is better (benefit) or worse (cost)."""

    BENEFIT = "benefit"
    COST = "cost"


class Role(enum.Enum):
    """What a signed-in person may do (DESIGN §2)."""

    VIEWER = "viewer"
    EXPERT = "expert"
    MS_OFFICIAL = "ms_official"
    ADMIN = "admin"


class Addressee(enum.Enum):
    """Who a recommendation is addressed to."""

    COMMISSION = "commission"
    MEMBER_STATES = "member_states"
    BOTH = "both"
    EU_AGENCIES = "eu_agencies"
    COUNCIL = "council"  # the Council of the EU


class Priority(enum.Enum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class ScoreScale(enum.Enum):
    """The scale an option is scored on for a criterion (DESIGN §5)."""

    RELATIVE = "relative"  # -2..+2 against the baseline option, baseline fixed at 0
    ABSOLUTE = "absolute"  # 0..10


class Fact(enum.Enum):
    """A quantitative attribute of an option, recorded with its source and date (issue: facts as data)."""

    BUDGET = "budget"  # annual EU budget of the structure, EUR million per year
    SET_UP = "set_up"  # months from the decision or announcement to a working structure
    LEGAL_ACT = "legal_act"  # a new legislative act needed: 1 yes, 0 no
    STAFF = "staff"  # staff of the structure, full-time equivalents


class RoundState(enum.Enum):
    """Life cycle of an assessment round: open for entries, closed (no new statuses dated inside it),
    published (its figures frozen for good)."""

    OPEN = "open"
    CLOSED = "closed"
    PUBLISHED = "published"


class Review(enum.Enum):
    """Where a Member State's own status (a submission) stands with the secretariat, which assesses:
    each value is also the step that led there, in the thread of comments."""

    SUBMITTED = "submitted"  # waiting for review
    VALIDATED = "validated"  # became the assessed status
    CONTESTED = "contested"  # the secretariat assessed another status, with its reason
    REPLIED = "replied"  # the Member State answered the contest: waiting for review again
    ACCEPTED = "accepted"  # after the reply, the Member State's status became the assessed one
    KEPT = "kept"  # after the reply, the secretariat kept its own status, with its reason
    WITHDRAWN = "withdrawn"  # taken back by the Member State before review
    REPLACED = "replaced"  # a later submission for the same pair took its place


# A submission in one of these waits for someone: at most one per (recommendation, Member State).
REVIEW_OPEN = (Review.SUBMITTED, Review.CONTESTED, Review.REPLIED)


@dataclass(frozen=True)
class StatusInfo:
    label: str
    short: str  # for matrix cells and print
    order: int  # display order, 0 first
    level: int | None  # 0..4 on the ordinal scale; None = not counted in any figure
    colour: str  # fill colour; ColorBrewer PuOr (colour-blind safe) plus greys
    text_colour: str  # readable text on that fill


STATUS: dict[StatusLevel, StatusInfo] = {
    StatusLevel.NO_PROGRESS: StatusInfo("No progress", "None", 0, 0, "#b35806", "#ffffff"),
    StatusLevel.LIMITED: StatusInfo("Limited progress", "Limited", 1, 1, "#f1a340", "#1a1a1a"),
    StatusLevel.SOME: StatusInfo("Some progress", "Some", 2, 2, "#d8daeb", "#1a1a1a"),
    StatusLevel.SUBSTANTIAL: StatusInfo("Substantial progress", "Substantial", 3, 3, "#998ec3", "#1a1a1a"),
    StatusLevel.FULL: StatusInfo("Full implementation", "Full", 4, 4, "#542788", "#ffffff"),
    StatusLevel.NOT_APPLICABLE: StatusInfo("Not applicable", "N/A", 5, None, "#9e9e9e", "#1a1a1a"),
    StatusLevel.NOT_ASSESSED: StatusInfo("Not assessed", "—", 6, None, "#eeeeee", "#1a1a1a"),
}

MAX_LEVEL = 4  # "Full implementation"; the progress index is mean level / MAX_LEVEL


@dataclass(frozen=True)
class Label:
    label: str
    order: int
    description: str = ""


DIRECTIONS: dict[Direction, Label] = {
    Direction.BENEFIT: Label("Benefit (more is better)", 0),
    Direction.COST: Label("Cost (less is better)", 1),
}

ROLES: dict[Role, Label] = {
    Role.VIEWER: Label("Viewer", 0, "Commissioners' cabinets: read charts and tables"),
    Role.EXPERT: Label("Expert", 1, "HLCEG-R / Steering Board experts: score options, set weights"),
    Role.MS_OFFICIAL: Label("Member State official", 2, "Record status for one Member State"),
    Role.ADMIN: Label("Administrator", 3, "Commission secretariat: manage everything"),
}

ADDRESSEES: dict[Addressee, Label] = {
    Addressee.COMMISSION: Label("Commission", 0),
    Addressee.MEMBER_STATES: Label("Member States", 1),
    Addressee.BOTH: Label("Commission and Member States", 2),
    Addressee.EU_AGENCIES: Label("EU agencies", 3),
    Addressee.COUNCIL: Label("Council of the EU", 4),
}

PRIORITIES: dict[Priority, Label] = {
    Priority.HIGH: Label("High", 0),
    Priority.MEDIUM: Label("Medium", 1),
    Priority.LOW: Label("Low", 2),
}

SCALES: dict[ScoreScale, Label] = {
    ScoreScale.RELATIVE: Label("−2..+2 against the baseline", 0),
    ScoreScale.ABSOLUTE: Label("0..10 absolute", 1),
}

FACTS: dict[Fact, Label] = {
    Fact.BUDGET: Label("Annual budget", 0, "EUR m a year"),
    Fact.SET_UP: Label("Time to set up", 1, "months"),
    Fact.LEGAL_ACT: Label("New legislative act needed", 2, "yes / no"),
    Fact.STAFF: Label("Staff", 3, "full-time equivalents"),
}

ROUND_STATES: dict[RoundState, Label] = {
    RoundState.OPEN: Label("Open", 0),
    RoundState.CLOSED: Label("Closed", 1),
    RoundState.PUBLISHED: Label("Published", 2),
}

REVIEWS: dict[Review, Label] = {
    Review.SUBMITTED: Label("Submitted, waiting for review", 0),
    Review.CONTESTED: Label("Contested, waiting for the Member State's reply", 1),
    Review.REPLIED: Label("Replied, waiting for review", 2),
    Review.VALIDATED: Label("Validated", 3),
    Review.ACCEPTED: Label("Accepted after the reply", 4),
    Review.KEPT: Label("Assessment kept after the reply", 5),
    Review.WITHDRAWN: Label("Withdrawn", 6),
    Review.REPLACED: Label("Replaced by a later submission", 7),
}

# Each scale's lowest and highest score.
SCALE_BOUNDS: dict[ScoreScale, tuple[int, int]] = {ScoreScale.RELATIVE: (-2, 2), ScoreScale.ABSOLUTE: (0, 10)}

# The points of each scale that the criteria's words describe, lowest first.
SCALE_POINTS: dict[ScoreScale, tuple[float, ...]] = {
    ScoreScale.RELATIVE: (-2, -1, 0, 1, 2),
    ScoreScale.ABSOLUTE: (0, 2.5, 5, 7.5, 10),
}

# The symbols of the relative scale, -2..+2 (DESIGN §5).
RELATIVE_SYMBOLS: dict[int, str] = {-2: "−−", -1: "−", 0: "0", 1: "+", 2: "++"}

# Every enum and its table; a test checks that each member has exactly one entry.
TABLES: dict[type[enum.Enum], dict] = {
    StatusLevel: STATUS,
    Direction: DIRECTIONS,
    Role: ROLES,
    Addressee: ADDRESSEES,
    Priority: PRIORITIES,
    ScoreScale: SCALES,
    Fact: FACTS,
    RoundState: ROUND_STATES,
    Review: REVIEWS,
}


def label_of(member: enum.Enum) -> str:
    """The human label of any category member."""
    return TABLES[type(member)][member].label


def ordered(enum_type: type[enum.Enum]) -> list:
    """The members of a category in display order."""
    table = TABLES[enum_type]
    return sorted(table, key=lambda m: table[m].order)


def parse_member(enum_type: type[enum.Enum], text: str):
    """The member whose value or label is ``text`` (case-insensitive); ValueError otherwise."""
    wanted = text.strip().casefold()
    for member in enum_type:
        if wanted in (member.value.casefold(), label_of(member).casefold()):
            return member
    allowed = ", ".join(m.value for m in ordered(enum_type))
    raise ValueError(f"'{text}' is not a known {enum_type.__name__} (allowed: {allowed})")


def point_label(point: float, scale: ScoreScale = ScoreScale.RELATIVE) -> str:
    """A scale point as the grid shows it: "−2", "0", "+1" on the relative scale, "7.5" on the absolute."""
    if scale is ScoreScale.ABSOLUTE or not point:
        return f"{point:g}"
    return f"{point:+g}".replace("-", "−")


def words_for(words: dict[float, str], value: float) -> str:
    """The words of the scale point nearest ``value`` (a mean of experts falls between points)."""
    if not words:
        return ""
    point = min(words, key=lambda p: abs(p - value))
    return words[point]

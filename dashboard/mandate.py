"""What the expert group is and what this tool serves: the mandate, its timeline and sources.

Facts only, each with its source, shown on the About page (every role). Kept here as data so the
page, a workbook or a test can use the same words.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

LETTER = (
    "Letter of Commissioners Avramopoulos and King to the Ministers of the Interior, 2 June 2017 "
    "(Council document 9985/17 of 6 June 2017)"
)


@dataclass(frozen=True)
class Event:
    on: dt.date
    what: str
    source: str
    month_only: bool = False  # the source gives the month, not the day

    @property
    def when(self) -> str:
        return f"{self.on:%b %Y}" if self.month_only else f"{self.on:%d %b %Y}".lstrip("0")


TIMELINE = [
    Event(
        dt.date(2017, 3, 27),
        "Germany and France present the idea of an EU Centre on prevention and de-radicalisation at "
        "the Justice and Home Affairs Council.",
        LETTER,
    ),
    Event(
        dt.date(2017, 6, 2),
        "Commissioners Avramopoulos and King propose a High-Level Expert Group on Radicalisation, "
        "with three objectives and a mandate until the end of 2018.",
        LETTER,
    ),
    Event(
        dt.date(2017, 7, 27),
        "Commission Decision C(2017) 5149 sets up the High-Level Commission Expert Group on "
        "Radicalisation (HLCEG-R).",
        "Commission Decision C(2017) 5149",
    ),
    Event(
        dt.date(2017, 12, 1),
        "Interim report.",
        "13th Security Union progress report (January 2018)",
        month_only=True,
    ),
    Event(
        dt.date(2018, 5, 18),
        "Final report: recommendations mainly to the Commission; the key one, an EU Cooperation "
        "Mechanism that involves the Member States more closely.",
        "HLCEG-R final report, 18 May 2018",
    ),
    Event(
        dt.date(2018, 8, 9),
        "A Steering Board for Union actions on preventing and countering radicalisation replaces "
        "the HLCEG-R.",
        "Commission Decision 2018/C 281/03",
    ),
    Event(
        dt.date(2020, 12, 9),
        "The Counter-Terrorism Agenda announces an EU Knowledge Hub on prevention.",
        "COM(2020) 795",
    ),
    Event(
        dt.date(2021, 1, 1),
        "RAN Policy Support starts; yearly strategic orientations are adopted with the Member States.",
        "Commission, Radicalisation Awareness Network",
        month_only=True,
    ),
    Event(
        dt.date(2024, 6, 17),
        "The EU Knowledge Hub on Prevention of Radicalisation is launched (run by contract, about "
        "EUR 60 m over four years, building on RAN).",
        "Commission, EU Knowledge Hub launch",
    ),
]


@dataclass(frozen=True)
class Objective:
    number: str
    text: str  # as the letter of 2 June 2017 puts it
    served_by: str  # which part of this tool serves it


OBJECTIVES = [
    Objective(
        "i",
        "improving cooperation and collaboration among the different stakeholders and bringing "
        "EU-level work to counter radicalisation closer to the policy-making level in the Member "
        "States",
        "The whole tool is one shared record: Member State officials submit their own states' "
        "statuses with evidence (form or Excel), the secretariat assesses them (validates, or "
        "contests with its reason, and the Member State replies), runs rounds and publishes them, "
        "and everyone reads the same figures, pages and workbooks.",
    ),
    Objective(
        "ii",
        "supporting the further development of EU counter-radicalisation policies [...], including by "
        "elaborating a set of guiding principles and recommendations and proposing the implementation "
        "of concrete prevent actions to address shortcomings and gaps",
        "Implementation monitoring: the register of recommendations, each one's status in each Member "
        "State over time with its evidence (the Member State's own and the assessed one), the EU "
        "level's own actions, assessment rounds, what is due and the reminders, the EU overview, "
        "Member State and recommendation profiles, and the Excel exchange with the Member States.",
    ),
    Objective(
        "iii",
        "helping to assess options for a more permanent structure for collaboration and coordination "
        "of counter-radicalisation work at EU level",
        "Options assessment: experts score candidate structures against weighted criteria relative to "
        "the baseline; rankings under three methods, the weights anyone can move, sensitivity and "
        "robustness (break-even weights, SMAA), and the options workbook.",
    ),
]


@dataclass(frozen=True)
class Source:
    what: str
    kind: str  # "real" | "proposal" | "illustrative" | "yours"
    words: str


DATA = [
    Source(
        "Member States and their membership dates, thematic areas",
        "real",
        "Reference data from public sources: the EU-27 in protocol order with EU codes, and the United "
        "Kingdom, a Member State until 31 January 2020 (shown for dates when it was one).",
    ),
    Source(
        "Options and criteria",
        "proposal",
        "A modelling proposal, not an official list: options anchored in documents (the network "
        "since 2011, the Decision of 9 August 2018, the Knowledge Hub of 2024, the German-French "
        "proposal of 2017) and criteria drawn from the Better Regulation guidelines plus feasibility, "
        "each defined in words, reviewed so that no feature counts twice "
        "(data/reference/criteria_review.md). Facts about the options (budget, set-up time, "
        "legislative act, staff) carry their source and date; those marked 'estimate' are the "
        "catalogue's own. The secretariat edits them on Manage the catalogue and Facts and consistency.",
    ),
    Source(
        "Recommendations, statuses, rounds, experts' scores",
        "yours",
        "Entered by the people who use the tool: the register loaded by the secretariat, statuses "
        "submitted by Member State officials and assessed by the secretariat, scores given by experts. "
        "Every change is audited.",
    ),
    Source(
        "Demo data",
        "illustrative",
        "For demonstration only: marked 'illustrative' in the database, with a banner on every page "
        "and in every workbook while any of it is present. The secretariat removes it before going "
        "live; it is never mixed into real figures silently.",
    ),
]

METHODS = [
    (
        "Progress index",
        "The mean status level of the applicable, assessed recommendation × Member State pairs, "
        "divided by 4: No progress 0, Limited 1, Some 2, Substantial 3, Full implementation 4. "
        "'Not applicable' and 'Not assessed' never count as No progress; coverage says how many pairs "
        "are assessed.",
    ),
    (
        "Headline figures",
        "The share of assessed pairs with at least some progress, and with substantial progress or "
        "full implementation; overdue items are those past their deadline without full implementation.",
    ),
    (
        "Rounds",
        "A published round's figures are kept as they were published and never change; live figures "
        "include everything recorded since, corrections included.",
    ),
    (
        "Options ranking",
        "Experts score each option against the baseline (−2 … +2, the baseline is 0 by definition; "
        "a criterion may use an absolute 0–10 scale instead); "
        "scores are combined across experts (mean or median), normalised per criterion and weighted: "
        "weighted sum by default, TOPSIS and PROMETHEE II as alternatives. An option or criterion "
        "not yet scored is shown as such and never counted as the baseline. Every criterion says in "
        "words what each score means; where it follows a fact (C02 the budget, C07 the months to set "
        "up), a consistency check lists scores ordered against the fact.",
    ),
    (
        "Robustness",
        "Break-even weights: how far each weight may move before another option leads. SMAA: the "
        "share of 10,000 weight sets around the chosen weights (and with no preference at all) that "
        "rank each option first; with the experts' scores varying too, each cell's score is drawn in "
        "every sample from the experts who gave it, so their disagreement counts.",
    ),
    (
        "Missing scores and scoring rounds",
        "A cell an expert cannot judge is left out of the mean, never read as 0; cells resting on few "
        "or no scores are named. Experts score in Delphi rounds: private while a round is open, then "
        "each sees the group's scores per cell without names and may revise; Kendall's W and the "
        "cells' spread show whether the group converges. Weights come from sliders, pairwise "
        "comparison (AHP) or swing weighting.",
    ),
]


README = Path(__file__).resolve().parent.parent / "README.md"


def readme_section(heading: str) -> str:
    """A ``## heading`` section of the README (the method notes), up to the next one; "" if absent."""
    try:
        text = README.read_text(encoding="utf-8")
    except OSError:
        return ""
    found = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    return found.group(1).strip() if found else ""

"""Valid inputs the tests build on: a criterion defined in words, as the catalogue requires."""

from dashboard.assessment.catalogue import CriterionInput
from dashboard.enums import Direction

WORDS = ("Much worse", "Worse", "The same", "Better", "Much better")


def criterion_input(code: str, name: str, direction: Direction = Direction.BENEFIT) -> CriterionInput:
    return CriterionInput(
        code, name, direction, description=f"{name}, as the test defines it.", scale_words=WORDS
    )

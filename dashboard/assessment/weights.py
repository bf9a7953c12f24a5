"""Criterion weights as one immutable value: points per criterion, their shares, and their checks.

Weights are importance points on any non-negative scale (the weights panel uses whole numbers
0..100); only their proportions matter. Every place that takes weights from a person, a profile or
a file makes a ``Weights`` with ``Weights.of``, so the rules live here once: finite, not negative,
only known criteria, and (to rank anything) not all zero.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence

import numpy as np

from dashboard.errors import InvalidInput

SLIDER_TOP = 100  # points of the largest weight when a profile or an elicitation is loaded


class Weights(Mapping[str, float]):
    """Importance points per criterion code, in criterion order. Compares equal to a dict of the same
    points; hashable, picklable, never changed in place (``with_points`` makes a new value)."""

    __slots__ = ("_codes", "_points")

    def __init__(self, codes: Sequence[str], points: Sequence[float]):
        """Use ``Weights.of`` for anything a person, a profile or a file gave: it checks the rules."""
        if len(codes) != len(points):
            raise ValueError(f"{len(codes)} criteria but {len(points)} weights")
        self._codes = tuple(codes)
        self._points = tuple(float(p) for p in points)

    @classmethod
    def of(cls, values: Mapping[str, float], codes: Sequence[str], complete: bool = False) -> Weights:
        """Checked weights for the criteria ``codes``, in their order.

        ``complete``: every criterion must be given (a saved profile); otherwise a criterion not
        given weighs 0. Refused with a message naming the criteria: unknown ones, and values that
        are not finite numbers of zero or more.
        """
        unknown = sorted(set(values) - set(codes))
        missing = [c for c in codes if c not in values]
        if complete and (missing or unknown):
            raise InvalidInput(
                f"weights must cover every criterion exactly (missing: {', '.join(missing) or '—'}; "
                f"unknown: {', '.join(unknown) or '—'})"
            )
        if unknown:
            raise InvalidInput(f"unknown criteria in the weights: {', '.join(unknown)}")
        bad = sorted(code for code, value in values.items() if not _usable(value))
        if bad:
            raise InvalidInput(f"weights must be non-negative numbers ({', '.join(bad)} are not)")
        return cls(codes, [values.get(code, 0.0) for code in codes])

    @classmethod
    def equal(cls, codes: Sequence[str], points: float = 1.0) -> Weights:
        return cls(codes, [points] * len(codes))

    # --- the Mapping protocol: code -> points ---------------------------------------------------
    def __getitem__(self, code: str) -> float:
        try:
            return self._points[self._codes.index(code)]
        except ValueError:
            raise KeyError(code) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)

    def __hash__(self) -> int:
        return hash((self._codes, self._points))

    def __repr__(self) -> str:
        return f"Weights({dict(zip(self._codes, self._points, strict=True))!r})"

    def __reduce__(self):
        return (Weights, (self._codes, self._points))

    # --- what the weights mean --------------------------------------------------------------------
    @property
    def codes(self) -> tuple[str, ...]:
        return self._codes

    @property
    def points(self) -> np.ndarray:
        """The points in criterion order."""
        return np.array(self._points)

    @property
    def is_zero(self) -> bool:
        """Every weight is zero: nothing can be ranked."""
        return not any(self._points)

    def shares(self) -> np.ndarray:
        """The weights normalised to sum 1, in criterion order."""
        if self.is_zero:
            raise InvalidInput("at least one weight must be positive")
        values = self.points
        return values / values.sum()

    def scaled(self, top: float) -> Weights:
        """The same proportions with the largest weight at ``top`` (e.g. 100 slider points)."""
        largest = max(self._points, default=0.0)
        if largest <= 0:
            return self
        return Weights(self._codes, [top * p / largest for p in self._points])

    def rounded(self) -> Weights:
        """Whole points, as the weights panel shows them."""
        return Weights(self._codes, [round(p) for p in self._points])

    def with_points(self, changes: Mapping[str, float]) -> Weights:
        """New weights with some criteria's points changed (checked like ``of``)."""
        checked = Weights.of(changes, self._codes)
        return Weights(self._codes, [checked[c] if c in changes else p for c, p in self.items()])

    def for_criteria(self, codes: Sequence[str], default: Weights) -> Weights:
        """These weights for another list of criteria: a criterion they lack takes ``default``'s
        points (a criterion added since the weights were set)."""
        return Weights(codes, [self[c] if c in self else default[c] for c in codes])


def _usable(value) -> bool:
    return (
        isinstance(value, int | float | np.integer | np.floating)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value >= 0
    )

"""The weights panel: every criterion's weight on one page element, kept in the session as one
immutable ``Weights`` value."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import streamlit as st

from dashboard.assessment import scenario
from dashboard.assessment.weights import Weights
from dashboard.errors import InvalidInput
from dashboard.text import literal

WEIGHTS_KEY = "weights"  # the session's Weights (immutable); outlives the weights panel
WEIGHTS_PANEL_KEY = "weights_panel"
REVISION_KEY = "weights_revision"  # raised when the app, not the user, sets the weights
WEIGHT_MAX = 100  # slider range 0..100 importance points; only their shares matter

_COMPONENTS = Path(__file__).parent / "components"
# All weights in one page element: on a slider nudge the browser redraws one element instead of a
# Streamlit slider per criterion (12-15 of them), which took a third of the options page's time.
_weights_panel = st.components.v2.component(
    "weights_panel",
    js=(_COMPONENTS / "weights_panel.js").read_text(encoding="utf-8"),
    css=(_COMPONENTS / "weights_panel.css").read_text(encoding="utf-8"),
)


def set_weights(weights: Weights) -> None:
    """Make ``weights`` the session's weights; the weights panel shows them on its next run."""
    st.session_state[WEIGHTS_KEY] = weights.rounded()
    st.session_state[REVISION_KEY] = st.session_state.get(REVISION_KEY, 0) + 1


def current_weights(codes: list[str], defaults: Weights) -> Weights:
    """The session's weights, starting from ``defaults`` for criteria not set yet."""
    stored = st.session_state.get(WEIGHTS_KEY)
    if isinstance(stored, Weights):
        weights = stored if stored.codes == tuple(codes) else stored.for_criteria(codes, defaults.rounded())
    else:
        weights = defaults.rounded()
    if weights is not stored:
        st.session_state[WEIGHTS_KEY] = weights
    return weights


def sent_points(sent: Any, codes: list[str]) -> dict[str, int] | None:
    """The points the weights panel sent, if they are whole numbers 0..WEIGHT_MAX for known codes."""
    if not isinstance(sent, dict):
        return None
    points = {code: sent[code] for code in codes if code in sent}
    whole = all(type(v) is int and 0 <= v <= WEIGHT_MAX for v in points.values())
    return points if whole else None


def weight_panel(codes: list[str], names: list[str], defaults: Weights) -> Weights:
    """One 0..WEIGHT_MAX slider per criterion with its share of the total; returns the weights."""
    weights = current_weights(codes, defaults)
    data = {
        "revision": st.session_state.get(REVISION_KEY, 0),
        "max": WEIGHT_MAX,
        "criteria": [
            {"code": code, "name": name, "points": round(weights[code])}
            for code, name in zip(codes, names, strict=True)
        ],
    }
    result = _weights_panel(key=WEIGHTS_PANEL_KEY, data=data, on_points_change=lambda: None)
    if result.points is not None:
        sent = sent_points(result.points, codes)
        if sent is None:
            st.warning("The weights sent were not whole numbers from 0 to 100; nothing changed.")
        else:
            weights = weights.with_points(sent)
            st.session_state[WEIGHTS_KEY] = weights
    return weights


SCENARIO_KEY = "scenario_link"  # the last scenario link seen or written in this session


def scenario_from_link(codes: list[str], method_key: str, how_key: str, methods: Sequence[str]) -> None:
    """Apply ``?s=`` (weights, method, aggregation) when the page is opened with a new one; a stale
    or broken link is a sentence and changes nothing. Call before the method and aggregation
    widgets are drawn. A method the page does not offer is left as it is."""
    link = st.query_params.get("s")
    if link is None or st.session_state.get(SCENARIO_KEY) == link:
        return
    st.session_state[SCENARIO_KEY] = link
    try:
        found = scenario.decode(link, codes)
    except InvalidInput as exc:
        st.warning(literal(str(exc)))
        return
    set_weights(found.weights)
    if found.method in methods:
        st.session_state[method_key] = found.method
    st.session_state[how_key] = found.how


def scenario_to_link(codes: list[str], weights: Weights, method: str, how: str) -> str:
    """Keep the page's link in step with the scenario on screen; returns the link's ``s`` value."""
    value = scenario.encode(codes, weights, method, how)
    st.session_state[SCENARIO_KEY] = value  # the page's own link: not a new arrival
    if st.query_params.get("s") != value:
        st.query_params["s"] = value
    return value

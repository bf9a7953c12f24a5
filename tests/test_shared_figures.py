"""Figures shared by every session (``ui.shared_chart``): built once, sent unchanged."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io
import plotly.tools

from dashboard.ui.widgets import frozen


def _sent(fig: go.Figure) -> dict:
    """What ``st.plotly_chart`` sends for ``fig`` (its own two steps)."""
    figure = plotly.tools.return_figure_from_figure_or_data(fig, validate_figure=True)
    return json.loads(plotly.io.to_json(figure, validate=False))


def _figure() -> go.Figure:
    fig = go.Figure(go.Heatmap(z=[[1.0, 2.5], [3.0, -1.0]], x=["C01", "C02"], y=["A", "B"]))
    fig.update_layout(title="Performance", height=300)
    return fig


def test_a_frozen_figure_sends_exactly_what_the_figure_sends():
    assert _sent(frozen(_figure())) == _sent(_figure())
    assert _sent(frozen(_figure()))["data"][0]["z"] == [[1.0, 2.5], [3.0, -1.0]]


def test_a_frozen_figure_is_copied_once_not_on_every_rerun():
    fig = frozen(_figure())
    assert fig.to_dict() is fig.to_dict()
    plain = _figure()
    assert plain.to_dict() is not plain.to_dict()
    assert fig.layout.title.text == "Performance"  # still a whole figure to read

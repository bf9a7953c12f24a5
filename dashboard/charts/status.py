"""Plotly figures. Pure functions: data in, figure out; no database, no Streamlit."""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import palette as P
from dashboard.enums import STATUS, StatusLevel, ordered


def _wrap(text: str, width: int = 34) -> str:
    """A label on lines of ``width`` characters, as Plotly shows it (people's text escaped)."""
    return "<br>".join(P.plains(textwrap.wrap(text, width))) or P.plain(text)


def status_by_area(counts: pd.DataFrame, title: str) -> go.Figure:
    """Horizontal stacked bars: per thematic area, the share of pairs at each status.

    ``counts`` has columns area_id, area, status, pairs (see tracking.status_counts_by_area).
    """
    areas = counts.drop_duplicates("area_id").sort_values("area_id", ascending=False)
    totals = counts.groupby("area_id")["pairs"].sum()
    fig = go.Figure()
    for status in ordered(StatusLevel):
        info = STATUS[status]
        part = counts[counts["status"] == status].set_index("area_id")
        pairs = [int(part["pairs"].get(a, 0)) for a in areas["area_id"]]
        shares = [p / totals[a] for p, a in zip(pairs, areas["area_id"], strict=True)]
        fig.add_bar(
            name=info.label,
            y=[_wrap(a) for a in areas["area"]],
            x=shares,
            orientation="h",
            marker={"color": info.colour, "line": {"color": P.BACKGROUND, "width": 1}},
            customdata=pairs,
            hovertemplate=f"{info.label}: %{{customdata}} pairs (%{{x:.0%}})<extra>%{{y}}</extra>",
        )
    fig.update_layout(
        barmode="stack",
        xaxis={"tickformat": ".0%", "range": [0, 1], "title": "Share of recommendation × Member State pairs"},
        legend={"orientation": "h", "y": -0.18, "x": 0, "traceorder": "normal"},
    )
    return P.layout(fig, title, 120 + 48 * len(areas))


def status_timeline(history: pd.DataFrame, title: str) -> go.Figure:
    """Every recorded status over time, one row per recommendation, coloured and labelled by status."""
    fig = go.Figure()
    for status in ordered(StatusLevel):
        info = STATUS[status]
        part = history[history["status"] == status]
        if part.empty:
            continue
        fig.add_scatter(
            x=part["assessed_on"],
            y=P.plains(part["recommendation"]),
            mode="markers",
            name=info.label,
            marker={
                "color": info.colour,
                "size": 13,
                "symbol": "square",
                "line": {"color": P.OUTLINE, "width": 1},
            },
            customdata=[P.plains(row) for row in part[["evidence", "by"]].fillna("").values],
            hovertemplate=f"%{{y}} · %{{x|%d %b %Y}}<br>{info.label}<br>%{{customdata[0]}}"
            "<br>recorded by %{customdata[1]}<extra></extra>",
        )
    recs = P.plains(dict.fromkeys(history.sort_values("recommendation")["recommendation"]))
    fig.update_yaxes(categoryorder="array", categoryarray=recs[::-1], title=None)
    dates = pd.to_datetime(history["assessed_on"])
    if not dates.empty and dates.max() - dates.min() < pd.Timedelta(days=90):
        middle = dates.min() + (dates.max() - dates.min()) / 2  # a few dates: show months, not hours
        fig.update_xaxes(range=[middle - pd.Timedelta(days=60), middle + pd.Timedelta(days=60)], dtick="M1")
    fig.update_xaxes(title=None, tickformat="%b %Y")
    fig.update_layout(legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 1, "xanchor": "right"})
    return P.layout(fig, title, 140 + 26 * len(recs))

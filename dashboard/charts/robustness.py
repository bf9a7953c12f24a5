"""Plotly figures of sensitivity and robustness. Pure: tables in, figures out."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import palette as P


def one_way_chart(
    lines: pd.DataFrame, criterion: str, current: float, points: tuple[float, ...], leaders: tuple[int, ...]
) -> go.Figure:
    """Each option's score against the weight of one criterion; break-even points marked."""
    fig = go.Figure()
    for i, row in enumerate(lines.itertuples()):
        fig.add_scatter(
            x=[0, 100],
            y=[row.at_zero, row.at_one],
            mode="lines",
            name=P.plain(f"{row.code} {row.option[:40]}"),
            line={"color": P.OKABE_ITO[i % len(P.OKABE_ITO)], "width": 2.5},
            customdata=[P.plain(row.code)] * 2,
            hovertemplate="%{customdata}: %{y:.3f} at %{x:.0f} %<extra></extra>",
        )
    for k, point in enumerate(points):
        new = lines.iloc[leaders[k + 1]]
        score = new.at_zero + (new.at_one - new.at_zero) * point
        fig.add_scatter(
            x=[100 * point],
            y=[score],
            mode="markers+text",
            showlegend=False,
            marker={"size": 11, "color": P.TEXT, "symbol": "diamond"},
            text=[f"{100 * point:.0f} %"],
            textposition="top center",
            customdata=[P.plain(new.code)],
            hovertemplate=f"break-even at {100 * point:.1f} %: %{{customdata}} takes the lead<extra></extra>",
        )
    fig.add_vline(
        x=100 * current,
        line={"dash": "dash", "color": P.OUTLINE},
        annotation_text=f"now {100 * current:.0f} %",
        annotation_position="top",
    )
    fig.update_xaxes(
        title=P.plain(f"Weight of {criterion} (%), other weights keep their proportions"), range=[0, 100]
    )
    fig.update_yaxes(title="Score")
    fig.update_layout(legend={"orientation": "h", "y": -0.25, "x": 0})
    return P.layout(fig, f"One-way sensitivity: {criterion}", 520)


def stability_chart(table: pd.DataFrame, leader: str) -> go.Figure:
    """Per criterion, the weight range (%) over which the current leader stays first, and the weight now."""
    table = table.iloc[::-1]
    fig = go.Figure()
    fig.add_bar(
        y=P.plains(table["criterion"]),
        x=100 * (table["high"] - table["low"]),
        base=100 * table["low"],
        orientation="h",
        marker={"color": P.BLUE_PALE, "line": {"color": P.BLUE, "width": 1}},
        name=P.plain(f"{leader} stays first"),
        customdata=100 * table[["low", "high"]].values,
        hovertemplate="%{y}: %{customdata[0]:.0f} % to %{customdata[1]:.0f} %<extra></extra>",
    )
    fig.add_scatter(
        y=P.plains(table["criterion"]),
        x=100 * table["current"],
        mode="markers",
        name="weight now",
        marker={"color": P.BLUE_DARK, "size": 10, "symbol": "line-ns", "line": {"width": 3}},
        hovertemplate="%{y}: now %{x:.0f} %<extra></extra>",
    )
    fig.update_xaxes(title="Weight of the criterion (%)", range=[0, 100])
    fig.update_layout(legend={"orientation": "h", "y": -0.15, "x": 0}, barmode="overlay")
    return P.layout(fig, f"Stability interval of every criterion (leader: {leader})", 140 + 32 * len(table))


def acceptability_heatmap(acceptability: pd.DataFrame, n_samples: int, seed: int) -> go.Figure:
    """SMAA rank acceptability: the share of sampled weights giving each option each rank."""
    values = 100 * acceptability.values
    fig = go.Figure(
        go.Heatmap(
            z=values,
            x=P.plains(acceptability.columns),
            y=P.plains(acceptability.index),
            zmin=0,
            zmax=100,
            colorscale=P.BLUE_SCALE,
            text=[[f"{v:.0f} %" if v >= 0.5 else "" for v in row] for row in values],
            texttemplate="%{text}",
            xgap=2,
            ygap=2,
            colorbar={"title": "%"},
            hovertemplate="%{y} ranked %{x} under %{z:.1f} % of the weights<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title="Rank", side="top")
    return P.layout(
        fig, f"Rank acceptability ({n_samples:,} weight samples, seed {seed})", 160 + 40 * len(values)
    )

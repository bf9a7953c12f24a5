"""Plotly figures of EU-wide implementation: tile map, status matrix, trend. Pure, and offline:
no geo traces (they fetch a world map from a CDN even with local geometry), only squares."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import palette as P
from dashboard.enums import STATUS, StatusLevel, ordered

# Tile grid of the EU (column, row; row 0 at the top): every Member State one equal square,
# so Malta counts as much as France.
TILES: dict[str, tuple[int, int]] = {
    "SE": (5, 0), "FI": (6, 0),
    "IE": (0, 1), "UK": (1, 1), "DK": (4, 1), "EE": (6, 1),
    "NL": (2, 2), "DE": (3, 2), "PL": (4, 2), "LV": (6, 2),
    "BE": (2, 3), "LU": (3, 3), "CZ": (4, 3), "SK": (5, 3), "LT": (6, 3),
    "FR": (1, 4), "AT": (3, 4), "HU": (4, 4), "RO": (5, 4),
    "PT": (0, 5), "ES": (1, 5), "SI": (3, 5), "HR": (4, 5), "BG": (5, 5),
    "IT": (3, 6), "EL": (5, 6), "CY": (6, 6),
    "MT": (3, 7),
}  # fmt: skip


def tile_map(
    states: pd.DataFrame, names: dict[str, str], title: str, height: int = 560, tile: int = 54
) -> go.Figure:
    """One square per Member State, coloured by progress index, labelled with code and percentage.

    A Member State with nothing assessed is a light grey square with a dash, never a colour.
    """
    shown = states[states["member_state"].isin(TILES)].copy()
    shown["x"] = shown["member_state"].map(lambda c: TILES[c][0])
    shown["y"] = shown["member_state"].map(lambda c: TILES[c][1])
    shown["value"] = 100 * shown["progress"].astype(float)
    fig = go.Figure()
    for known, part in shown.groupby(shown["value"].notna()):
        text = [
            f"<b>{c}</b><br>{v:.0f} %" if known else f"<b>{c}</b><br>—"
            for c, v in zip(part["member_state"], part["value"], strict=True)
        ]
        marker = {"symbol": "square", "size": tile, "line": {"color": P.BACKGROUND, "width": 2}}
        marker |= (
            {
                "color": part["value"],
                "cmin": 0,
                "cmax": 100,
                "colorscale": P.PROGRESS_SCALE,
                "colorbar": {"title": "Progress", "ticksuffix": " %"}
                if tile >= 50
                else {"orientation": "h", "thickness": 10, "y": -0.02, "yanchor": "top", "ticksuffix": " %"},
            }
            if known
            else {"color": P.NOTHING}
        )
        fig.add_scatter(
            x=part["x"],
            y=part["y"],
            mode="markers+text",
            text=text,
            textfont={"size": 12 if tile >= 50 else 10},
            marker=marker,
            showlegend=False,
            customdata=list(
                zip(
                    P.plains(names.get(c, c) for c in part["member_state"]),
                    part["assessed"],
                    part["applicable"],
                    strict=True,
                )
            ),
            hovertemplate="%{customdata[0]}: "
            + ("progress %{marker.color:.0f} %" if known else "nothing assessed")
            + "<br>%{customdata[1]} of %{customdata[2]} applicable items assessed<extra></extra>",
        )
    fig.update_xaxes(visible=False, range=[-0.6, 6.6])
    fig.update_yaxes(visible=False, range=[7.6, -0.6], scaleanchor="x")
    return P.layout(fig, title, height)


def status_matrix(matrix: pd.DataFrame, title: str) -> go.Figure:
    """Member States (and the EU row, when given) x recommendations, each cell in its status colour
    with its short label; a blank cell has no status of its own (the EU row under a recommendation
    addressed to the Member States only)."""
    order = {STATUS[s].label: i for i, s in enumerate(ordered(StatusLevel))}
    statuses = ordered(StatusLevel)
    n = len(statuses)
    scale = []
    for i, s in enumerate(statuses):  # a discrete colour band per status
        scale += [[i / n, STATUS[s].colour], [(i + 1) / n, STATUS[s].colour]]
    z = matrix.apply(lambda col: col.map(order)).astype(float)
    short = {STATUS[s].label: STATUS[s].short for s in statuses}
    fig = go.Figure(
        go.Heatmap(
            z=z.values,
            x=P.plains(matrix.columns),
            y=P.plains(matrix.index),
            zmin=-0.5,
            zmax=n - 0.5,
            colorscale=scale,
            text=matrix.apply(lambda col: col.map(short)).fillna("").values,  # a blank cell: no status
            texttemplate="%{text}",
            textfont={"size": 9},
            customdata=matrix.fillna("no EU-level status (addressed to the Member States)").values,
            xgap=1,
            ygap=1,
            showscale=False,
            hovertemplate="%{y} · %{x}: %{customdata}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(side="top")
    return P.layout(fig, title, 120 + 22 * len(matrix))


def trend_chart(trend: pd.DataFrame, title: str) -> go.Figure:
    """EU progress index and share with at least some progress, by round."""
    fig = go.Figure()
    for column, name, colour in [
        ("progress", "Progress index", P.AHEAD),
        ("some_or_more", "At least some progress", P.BEHIND_LIGHT),
        ("coverage", "Coverage (assessed)", P.COVERAGE),
    ]:
        fig.add_scatter(
            x=P.plains(trend["round"]),
            y=100 * trend[column].astype(float),
            name=name,
            mode="lines+markers",
            line={"color": colour, "width": 3},
            hovertemplate=f"{name}: %{{y:.0f}} %<extra>%{{x}}</extra>",
        )
    fig.update_yaxes(range=[0, 100], ticksuffix=" %")
    fig.update_layout(legend={"orientation": "h", "y": -0.15, "x": 0})
    return P.layout(fig, title, 380)


def area_progress_bars(areas: pd.DataFrame, title: str, height: int = 430) -> go.Figure:
    """Progress index per thematic area as bars, most advanced on top, each named above its bar.

    An area with nothing assessed shows "nothing assessed" and no bar, never a zero.
    """
    values = 100 * areas["progress"].astype(float)
    y = list(range(len(areas)))
    fig = go.Figure(
        go.Bar(
            y=[i + 0.1 for i in y],
            x=values.fillna(0),
            orientation="h",
            width=0.4,
            marker={"color": values, "cmin": 0, "cmax": 100, "colorscale": P.PROGRESS_SCALE},
            customdata=list(
                zip(P.plains(areas["area"]), areas["assessed"], areas["applicable"], strict=True)
            ),
            hovertemplate="%{customdata[0]}: progress %{x:.0f} %"
            "<br>%{customdata[1]} of %{customdata[2]} applicable items assessed<extra></extra>",
        )
    )
    for i, (area, value) in enumerate(zip(areas["area"], values, strict=True)):
        figure = f"{value:.0f} %" if value == value else "nothing assessed"
        fig.add_annotation(
            x=0, y=i - 0.42, text=f"{P.plain(_short(area))} · <b>{figure}</b>", showarrow=False,
            xanchor="left", yanchor="middle", font={"size": 12},
        )  # fmt: skip
    fig.update_yaxes(visible=False, range=[len(areas) - 0.4, -0.8])
    fig.update_xaxes(visible=False, range=[0, 100])
    return P.layout(fig, title, height)


def _short(text: str, width: int = 44) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip(" ,/") + "…"


def comparison_chart(by_area: pd.DataFrame, name: str, title: str) -> go.Figure:
    """Per thematic area, a Member State's progress index (dot) against the EU's (diamond).

    ``by_area`` has columns area, progress, eu_progress (0..1 or None for nothing assessed).
    """
    y = [P.plain(_short(a, 40)) for a in by_area["area"]]
    mine = 100 * by_area["progress"].astype(float)
    eu = 100 * by_area["eu_progress"].astype(float)
    fig = go.Figure()
    for i in range(len(by_area)):  # a grey line from the EU's value to the Member State's
        if mine.iloc[i] == mine.iloc[i] and eu.iloc[i] == eu.iloc[i]:
            fig.add_scatter(
                x=[eu.iloc[i], mine.iloc[i]], y=[y[i], y[i]], mode="lines",
                line={"color": P.CONNECTOR, "width": 3}, hoverinfo="skip", showlegend=False,
            )  # fmt: skip
    fig.add_scatter(
        x=eu, y=y, mode="markers", name="EU",
        marker={"symbol": "diamond", "size": 12, "color": P.REFERENCE},
        customdata=P.plains(by_area["area"]),
        hovertemplate="%{customdata}<br>EU: %{x:.0f} %<extra></extra>",
    )  # fmt: skip
    fig.add_scatter(
        x=mine, y=y, mode="markers+text", name=P.plain(name),
        marker={"symbol": "circle", "size": 13, "color": P.AHEAD},
        text=[f"{v:.0f} %" if v == v else "—" for v in mine], textposition="top center",
        customdata=P.plains(by_area["area"]),
        hovertemplate="%{customdata}<br>%{fullData.name}: %{x:.0f} %<extra></extra>",
    )  # fmt: skip
    fig.update_xaxes(
        range=[-2, 104], ticksuffix=" %", showgrid=True, gridcolor=P.GRID, title="Progress index"
    )
    fig.update_yaxes(autorange="reversed", showgrid=True, gridcolor=P.GRID_LIGHT)
    fig.update_layout(legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 1, "xanchor": "right"})
    return P.layout(fig, title, 110 + 42 * len(by_area))

"""Plotly figures of the options assessment. Pure: arrays and tables in, figures out."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import palette as P
from dashboard.enums import RELATIVE_SYMBOLS


def _colours(n: int) -> list[str]:
    return [P.OKABE_ITO[i % len(P.OKABE_ITO)] for i in range(n)]


def _short(text: str, width: int = 30) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def performance_heatmap(
    codes: list[str],
    criteria: list[str],
    directions: list[str],
    matrix: np.ndarray,
    spread,  # the experts' aggregate: ``dispersion`` and ``count`` per cell
    meanings: list[list[str]] | None = None,
    minimum: int = 1,
) -> go.Figure:
    """Options x criteria; colour = better or worse than the baseline for the decision, text = −− .. ++;
    the hover says each cell in its criterion's words (``meanings``) when given. A cell resting on
    fewer than ``minimum`` experts' scores is marked "*", one nobody scored "?"."""
    sign = np.where(np.array(directions) == "cost", -1.0, 1.0)
    goodness = matrix * sign
    text = [
        [
            "?" if n == 0 else _symbol(v) + ("*" if n < minimum else "")
            for v, n in zip(row, counts, strict=True)
        ]
        for row, counts in zip(matrix, spread.count, strict=True)
    ]
    custom = np.dstack([matrix, spread.dispersion, spread.count])
    fig = go.Figure(
        go.Heatmap(
            z=goodness,
            x=P.plains(criteria),
            y=P.plains(codes),
            zmin=-2,
            zmax=2,
            colorscale=P.DIVERGING,
            text=text,
            texttemplate="%{text}",
            textfont={"size": 15},
            customdata=custom,
            hovertext=meanings if meanings is not None else [[""] * len(criteria) for _ in codes],
            xgap=2,
            ygap=2,
            colorbar={
                "tickvals": [-2, 0, 2],
                "ticktext": ["worse", "baseline", "better"],
            },
            hovertemplate="%{y} · %{x}<br>score %{customdata[0]:.2f} (relative to baseline)"
            "<br><i>%{hovertext}</i>"
            "<br>spread ±%{customdata[1]:.2f} over %{customdata[2]} experts<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(tickangle=-35)
    return P.layout(
        fig,
        "Performance matrix (mean of experts; colour: better or worse for the decision)",
        160 + 40 * len(codes),
    )


def model_heatmap(model, how: str, minimum: int) -> go.Figure:
    """The performance matrix of an options model (``assessment.model.OptionsModel``), its experts
    combined by ``how``; a cell resting on fewer than ``minimum`` experts' scores is marked."""
    return performance_heatmap(
        list(model.option_codes), list(model.criterion_names), list(model.directions), model.matrix(how),
        model.aggregate(how), model.meanings(how), minimum,
    )  # fmt: skip


def model_profiles(model, how: str) -> go.Figure:
    """Each option's scores on 0..1 of their scale, experts combined by ``how``."""
    return profile_chart(model.labels, list(model.criterion_names), model.utilities("weighted_sum", how))


def _symbol(value: float) -> str:
    rounded = int(np.clip(np.round(value), -2, 2))
    return RELATIVE_SYMBOLS[rounded] if abs(value - rounded) < 0.25 else f"{value:+.1f}"


def profile_chart(labels: list[str], criteria: list[str], normalised: np.ndarray) -> go.Figure:
    """Radar of each option's normalised performance (1 = best on the scale, 0 = worst)."""
    fig = go.Figure()
    for label, row, colour in zip(labels, normalised, _colours(len(labels)), strict=True):
        fig.add_scatterpolar(
            r=[*row, row[0]],
            theta=P.plains([*criteria, criteria[0]]),
            name=P.plain(label),
            line={"color": colour},
            hovertemplate="%{theta}: %{r:.2f}<extra>%{fullData.name}</extra>",
        )
    fig.update_layout(
        polar={"radialaxis": {"range": [0, 1], "tickvals": [0, 0.5, 1]}},
        legend={"orientation": "h", "y": -0.1},
    )
    return P.layout(fig, "Profile of each option (outer = better)", 560)


def profiles_chart(table: pd.DataFrame, criteria: list[str]) -> go.Figure:
    """Normalised weights of several profiles side by side, one group of bars per criterion."""
    fig = go.Figure()
    for i, row in enumerate(table.to_dict("records")):
        values = [100 * row[c] for c in criteria]
        fig.add_bar(
            x=P.plains(criteria),
            y=values,
            name=P.plain(row["profile"]),
            marker={"color": P.OKABE_ITO[i % len(P.OKABE_ITO)]},
            hovertemplate="%{fullData.name}: %{x} %{y:.0f} %<extra></extra>",
        )
    fig.update_layout(barmode="group", legend={"orientation": "h", "y": 1.08, "x": 0})
    fig.update_yaxes(title="Share of the total weight (%)")
    fig.update_xaxes(tickangle=-35)
    return P.layout(fig, "Weight profiles compared", 460)


def weights_bar(names: list[str], weights, title: str = "Weights from your comparisons") -> go.Figure:
    """Weights as horizontal bars, in percent."""
    fig = go.Figure(
        go.Bar(
            y=P.plains(names[::-1]),
            x=[100 * w for w in weights][::-1],
            orientation="h",
            marker={"color": P.BLUE},
            text=[f"{100 * w:.0f} %" for w in weights][::-1],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.1f} %<extra></extra>",
        )
    )
    fig.update_xaxes(title="Weight (%)")
    fig = P.layout(fig, title, 120 + 28 * len(names))
    fig.update_layout(margin={"r": 50})
    return fig


def first_rank_bars(acceptability: pd.DataFrame, profile: str, height: int = 300) -> go.Figure:
    """How often each option ranks first: weights drawn around ``profile`` and with no preference.

    ``acceptability`` has columns code, option, first_around, first_anywhere (shares 0..1).
    """
    shown = acceptability.iloc[::-1]
    fig = go.Figure()
    for column, name, colour in [
        ("first_anywhere", "No weight preference", P.BLUE_LIGHT),
        ("first_around", f"Around '{P.plain(profile)}'", P.BLUE_DARK),
    ]:
        values = 100 * shown[column].astype(float)
        fig.add_bar(
            y=P.plains(shown["code"]),
            x=values,
            name=name,
            orientation="h",
            marker={"color": colour},
            text=[f"{v:.0f} %" for v in values],
            textposition="outside",
            cliponaxis=False,
            customdata=P.plains(shown["option"]),
            hovertemplate="%{y} %{customdata}<br>first under %{x:.1f} % of the weights"
            "<extra>%{fullData.name}</extra>",
        )
    fig.update_xaxes(visible=False, range=[0, 115])
    fig.update_layout(
        barmode="group",
        legend={"orientation": "h", "y": 0, "yanchor": "top", "x": 0, "traceorder": "reversed"},
        bargap=0.25,
    )
    return P.layout(fig, "How often each option ranks first", height)


def consensus_chart(table: pd.DataFrame) -> go.Figure:
    """Round over round: Kendall's W of the experts' rankings (0 none … 1 full agreement) and the
    mean spread of the cells (standard deviation of the scores, lower = closer)."""
    fig = go.Figure()
    rounds = [f"Round {n}" for n in table["Round"]]
    fig.add_scatter(
        x=rounds,
        y=table["Kendall's W"],
        name="Kendall's W (agreement on the ranking)",
        mode="lines+markers",
        line={"color": P.BLUE_DARK, "width": 3},
        hovertemplate="%{x}: W = %{y:.2f}<extra></extra>",
    )
    fig.add_scatter(
        x=rounds,
        y=table["Mean spread"],
        name="Mean spread of the cells (±)",
        mode="lines+markers",
        yaxis="y2",
        line={"color": P.OKABE_ITO[1], "width": 3, "dash": "dot"},
        hovertemplate="%{x}: mean spread ±%{y:.2f}<extra></extra>",
    )
    fig.update_layout(
        yaxis={"title": "Kendall's W", "range": [0, 1.05]},
        yaxis2={"title": "Mean spread", "overlaying": "y", "side": "right", "rangemode": "tozero"},
        legend={"orientation": "h", "y": -0.25},
    )
    return P.layout(fig, "Consensus round over round", 360)

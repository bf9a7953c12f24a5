"""Every colour and the typography of the charts, in one place (the workbooks borrow the scales).

Status colours are the status table's own (``dashboard.enums.STATUS``: ColorBrewer PuOr, colour-blind
safe). Progress and better/worse follow the same PuOr ends, so orange always means "behind / worse"
and purple "ahead / better" wherever a reader looks.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import plotly.graph_objects as go

FONT = "Source Sans Pro, Arial, sans-serif"
TEXT = "#1a1a1a"  # near-black, as the app's theme
BACKGROUND = "#ffffff"
TITLE_SIZE, BODY_SIZE = 16, 13

# PuOr ends and middle (ColorBrewer).
BEHIND, BEHIND_LIGHT, MIDDLE, AHEAD_LIGHT, AHEAD = "#b35806", "#f1a340", "#f7f7f7", "#998ec3", "#542788"
# Progress 0..100 % along the status palette: orange (no progress) to purple (full).
PROGRESS_SCALE = [[0.0, BEHIND], [0.25, BEHIND_LIGHT], [0.5, "#d8daeb"], [0.75, AHEAD_LIGHT], [1.0, AHEAD]]
# Diverging: orange = worse than the baseline, purple = better.
DIVERGING = [[0.0, BEHIND], [0.25, BEHIND_LIGHT], [0.5, MIDDLE], [0.75, AHEAD_LIGHT], [1.0, AHEAD]]
BETTER, WORSE = AHEAD, BEHIND

# Greys: what carries no figure, and the chart's furniture.
NOTHING = "#eeeeee"  # a tile with nothing assessed
GRID, GRID_LIGHT = "#eeeeee", "#f5f5f5"
CONNECTOR = "#bdbdbd"  # a line joining two values
REFERENCE = "#737373"  # the EU's mark beside a Member State's
COVERAGE = "#9e9e9e"
OUTLINE = "#555555"
ATTENTION = "#fde9c9"  # a table row to look at (pale orange, dark text stays readable)

# Blues: one option's or one weight's emphasis (ColorBrewer Blues).
BLUE_DARK, BLUE, BLUE_LIGHT, BLUE_PALE = "#08306b", "#2171b5", "#9ecae1", "#c6dbef"
BLUE_SCALE = "Blues"  # Plotly's name of the same scale
BLUE_SCHEME = "blues"  # Vega-Lite's

# Colour-blind-safe qualitative palette (Okabe & Ito 2008) for options and profiles.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
SINGLE = OKABE_ITO[0]  # bars of one series

# Criteria are coloured by group, in shades of one hue per group, so 12+ stay distinguishable.
GROUP_SHADES = [
    ["#08306b", "#2171b5", "#6baed6", "#9ecae1", "#c6dbef", "#4292c6"],  # blues
    ["#7f2704", "#d94801", "#fd8d3c", "#fdae6b"],  # oranges
    ["#00441b", "#238b45", "#41ab5d", "#74c476", "#a1d99b", "#c7e9c0"],  # greens
    ["#3f007d", "#6a51a3", "#9e9ac8", "#cbc9e2"],  # purples
]
MARKDOWN_HUES = ["blue", "orange", "green", "violet"]  # Streamlit's names for the hues of GROUP_SHADES

# Download button of every chart: a PNG at print resolution (DESIGN §2: any chart as PNG).
PNG_EXPORT = {"format": "png", "scale": 2}


def chart_config(filename: str) -> dict:
    """Plotly config for ``st.plotly_chart``: PNG download named after the chart, no logo."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {**PNG_EXPORT, "filename": filename},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


def layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    """The house layout: title top left, the app's font and text colour, white background. The title
    is plain text (it may carry names people typed)."""
    fig.update_layout(
        title={"text": plain(title), "x": 0, "font": {"size": TITLE_SIZE}},
        font={"family": FONT, "size": BODY_SIZE, "color": TEXT},
        margin={"l": 10, "r": 10, "t": 50 if title else 10, "b": 10},
        height=height,
        plot_bgcolor=BACKGROUND,
    )
    return fig


def group_colours(groups: list[str]) -> list[str]:
    """A colour per criterion: its group's hue, a different shade for each member."""
    order = list(dict.fromkeys(groups))
    seen: dict[str, int] = {}
    colours = []
    for group in groups:
        shades = GROUP_SHADES[order.index(group) % len(GROUP_SHADES)]
        colours.append(shades[seen.get(group, 0) % len(shades)])
        seen[group] = seen.get(group, 0) + 1
    return colours


def group_key(groups: list[str]) -> str:
    """'■ Better Regulation · ■ Feasibility …' in Streamlit markdown, each in its group's hue."""
    order = list(dict.fromkeys(groups))
    return " · ".join(
        f":{MARKDOWN_HUES[i % len(MARKDOWN_HUES)]}[■ {g or 'Other'}]" for i, g in enumerate(order)
    )


def plain(value: object) -> str:
    """Text from people (names, titles, evidence) as Plotly must get it: Plotly draws a subset of
    HTML in labels, legends and hover boxes, so ``<``, ``>`` and ``&`` are written as entities and
    show as themselves."""
    return html.escape(str(value), quote=False)


def plains(values) -> list[str]:
    return [plain(v) for v in values]

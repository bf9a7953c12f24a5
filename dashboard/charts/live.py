"""Vega-Lite charts for what redraws on every weight nudge. Pure: tables in, (data, spec) out.

Streamlit updates a Vega-Lite chart in place when only its data change, where a Plotly chart is
drawn again from scratch: on the live options page that is the difference between a quick and a
sluggish slider (bench/README.md). The element toolbar offers "Download as PNG" for these charts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.charts import palette as P


def _labels(table: pd.DataFrame) -> list[str]:
    """Each option's label, e.g. "1. O2 · 0.650 · EU Cooperation Mec…" (the score before the name
    survives truncation). Read column by column: this runs on every nudge."""
    return [
        f"{rank}. {code} · {score:.3f} · {name if len(name) <= 30 else name[:29].rstrip() + '…'}"
        for rank, code, score, name in zip(
            table["rank"].tolist(), table["code"].tolist(), table["score"].tolist(), table["option"].tolist(),
            strict=True,
        )
    ]  # fmt: skip


def _base(title: str, step: int = 28) -> dict:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {"text": title, "anchor": "start", "fontSize": 15, "font": P.FONT},
        "height": {"step": step},  # a band per option; a fixed height collapses the bands in Streamlit
        "config": {
            "font": P.FONT,
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 210},
            "legend": {
                "labelFontSize": 11,
                "orient": "bottom",
                "columns": 2,
                "labelLimit": 150,
                "columnPadding": 8,
            },
        },
    }


def ranking(table: pd.DataFrame, criteria: list[str], groups: list[str], method_label: str):
    """Options best first; each bar split into the criteria's contributions when the method is additive.

    The spec depends only on the criteria and the method, never on the weights: a nudge then
    changes the data alone and the chart updates in place.
    """
    y = {"field": "option", "type": "nominal", "title": None, "sort": {"field": "rank", "op": "min"}}
    x_title = f"Score ({method_label})"
    text = {
        "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 12},
        "transform": [{"filter": "datum.last"}],
        "encoding": {
            "y": y,
            "x": {"field": "score", "type": "quantitative"},
            "text": {"field": "score", "type": "quantitative", "format": ".3f"},
        },
    }
    base = _base("Ranking under the current weights")
    if not all(c in table for c in criteria):
        data = pd.DataFrame(
            {
                "option": _labels(table),
                "rank": table["rank"].to_numpy(),
                "score": table["score"].to_numpy(),
                "last": True,
            }
        )
        bar = {
            "mark": {"type": "bar", "color": P.SINGLE},
            "encoding": {
                "y": y,
                "x": {"field": "score", "type": "quantitative", "title": x_title},
                "tooltip": [{"field": "option"}, {"field": "score", "format": ".3f", "title": "closeness"}],
            },
        }
        return data, {**base, "layer": [bar, text]}
    m, n = len(table), len(criteria)
    order = np.tile(np.arange(n), m)
    long = pd.DataFrame(  # one row per (option, criterion), built from arrays: this runs on every nudge
        {
            "option": np.repeat(np.array(_labels(table), dtype=object), n),
            "rank": np.repeat(table["rank"].to_numpy(), n),
            "score": np.repeat(table["score"].to_numpy(), n),
            "criterion": np.tile(np.array(criteria, dtype=object), m),
            "part": np.column_stack([table[c].to_numpy(dtype=float) for c in criteria]).ravel(),
            "order": order,
            "last": order == n - 1,
        }
    )
    bar = {
        "mark": {"type": "bar", "stroke": P.BACKGROUND, "strokeWidth": 0.5},
        "encoding": {
            "y": y,
            "x": {"field": "part", "type": "quantitative", "stack": "zero", "title": x_title},
            "color": {
                "field": "criterion",
                "type": "nominal",
                "title": None,
                "legend": None,  # the key is a caption outside the live fragment
                "scale": {"domain": criteria, "range": P.group_colours(groups)},
                "sort": criteria,
            },
            "order": {"field": "order", "type": "quantitative"},
            "tooltip": [
                {"field": "option"},
                {"field": "criterion"},
                {"field": "part", "format": ".3f", "title": "contribution"},
            ],
        },
    }
    return long, {**base, **bar}


def baseline_difference(table: pd.DataFrame, baseline_code: str):
    """Each option's score minus the baseline's."""
    base = float(table.loc[table["code"] == baseline_code, "score"].iloc[0])
    others = table[table["code"] != baseline_code]
    data = pd.DataFrame({"option": _labels(others), "difference": others["score"].to_numpy() - base})
    data["side"] = data["difference"].map(lambda d: "better" if d >= 0 else "worse")
    y = {"field": "option", "type": "nominal", "sort": "-x", "title": None}
    x = {"field": "difference", "type": "quantitative", "title": "Score difference to the baseline"}
    bar = {
        "mark": "bar",
        "encoding": {
            "y": y,
            "x": x,
            "color": {
                "field": "side",
                "type": "nominal",
                "legend": None,
                "scale": {"domain": ["better", "worse"], "range": [P.BETTER, P.WORSE]},
            },
            "tooltip": [{"field": "option"}, {"field": "difference", "format": "+.3f"}],
        },
    }
    text = {
        "mark": {"type": "text", "align": "left", "dx": 4},
        "encoding": {"y": y, "x": x, "text": {"field": "difference", "format": "+.3f"}},
    }
    return data, {
        **_base(f"Difference to the baseline ({baseline_code})"),
        "layer": [bar, text],
    }


def expert_ranks(ranks: pd.DataFrame):
    """Each expert's rank of each option (1 = first)."""
    data = (
        ranks.rename_axis("option").reset_index().melt(id_vars="option", var_name="expert", value_name="rank")
    )
    enc = {
        "y": {"field": "option", "type": "nominal", "sort": list(ranks.index), "title": None},
        "x": {
            "field": "expert",
            "type": "nominal",
            "sort": list(ranks.columns),
            "title": None,
            "axis": {"orient": "top", "labelAngle": 0},
        },
    }
    rect = {
        "mark": "rect",
        "encoding": {
            **enc,
            "color": {
                "field": "rank",
                "type": "ordinal",
                "legend": None,
                "scale": {"scheme": P.BLUE_SCHEME, "reverse": True},
            },
            "tooltip": [{"field": "expert"}, {"field": "option"}, {"field": "rank"}],
        },
    }
    text = {"mark": {"type": "text", "fontSize": 12}, "encoding": {**enc, "text": {"field": "rank"}}}
    return data, {
        **_base("Each expert's ranking under the same weights"),
        "layer": [rect, text],
    }

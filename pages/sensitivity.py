"""Sensitivity and robustness: how far the weights can move before the leader changes."""

import streamlit as st

from dashboard import ui
from dashboard.access.auth import Action
from dashboard.assessment import sensitivity as sense
from dashboard.assessment.model import (
    AGGREGATIONS,
    LINEAR_METHODS,
    METHOD_LABELS,
    default_points,
    load_model,
    shares,
)
from dashboard.charts import robustness as charts

ui.require(Action.VIEW)

SAMPLE_SIZES = [1_000, 10_000, 100_000]

model = ui.read(load_model)
names, codes = list(model.criterion_names), list(model.criterion_codes)
ui.scenario_from_link(codes, "sensitivity_method", "sensitivity_how", list(LINEAR_METHODS))  # ?s=
points = ui.current_weights(codes, default_points(model))
weights = shares(points)
st.title("Sensitivity and robustness")
st.caption("Uses the weights currently set on the Options assessment page; change them there.")
ui.rankable(model)
if weights is None:
    st.warning("Every weight is zero: give at least one criterion a weight on the Options assessment page.")
    st.stop()
pick_method, pick_how = st.columns(2)
method = pick_method.selectbox(
    "Method",
    list(LINEAR_METHODS),
    format_func=LINEAR_METHODS.get,
    key="sensitivity_method",
    help="Exact break-even points need a method whose scores are linear in the weights",
)
how = pick_how.selectbox(
    "Combine experts by", list(AGGREGATIONS), format_func=AGGREGATIONS.get, key="sensitivity_how"
)
ui.scenario_to_link(codes, points, method, how)  # the link reproduces this view
st.subheader("One criterion at a time")
k = st.selectbox("Criterion", range(len(names)), format_func=names.__getitem__, key="sensitivity_criterion")
with ui.explained():
    result = sense.one_way(model, weights, k, method, how)
    ui.info(result.sentence, icon=":material/balance:")
    found = result.found
    ui.plotly(
        charts.one_way_chart(
            result.lines,
            result.criterion,
            result.current,
            found.points if found else (),
            found.leaders if found else (),
        ),
        "one-way",
    )

    table = sense.stability(model, weights, method, how)
    leader = result.lines["code"][found.leader] if found else None
    ui.plotly(charts.stability_chart(table, leader or "the leader"), "stability-intervals")

st.subheader("Robustness over all weights (SMAA)")
left, mid, right = st.columns(3)
n_samples = left.select_slider("Weight samples", SAMPLE_SIZES, value=10_000, key="smaa_samples")
seed = mid.number_input("Random seed", 0, sense.MAX_SEED, value=2017, step=1, key="smaa_seed")
around = right.toggle(
    "Sample around the current weights",
    key="smaa_around",
    help="Off: every weight vector is equally likely. On: weights scattered around yours.",
)
scores_too = right.toggle("Sample the experts' scores too", key="smaa_scores", help=sense.SCORES_SAMPLED)
smaa_method = st.radio(
    "Ranked by", list(METHOD_LABELS), format_func=METHOD_LABELS.get, horizontal=True, key="smaa_method"
)
with ui.explained(), st.spinner(f"Sampling {n_samples:,} weight vectors…"):
    robust = sense.robustness(
        model,
        n_samples,
        int(seed),
        smaa_method,
        how,
        weights=weights if around else None,
        concentration=30 if around else None,
        scores_too=scores_too,
    )
    st.info(sense.smaa_words(robust), icon=":material/casino:")
    ui.plotly(
        charts.acceptability_heatmap(robust.acceptability, robust.n_samples, robust.seed),
        "rank-acceptability",
    )
    with st.expander("Central weights: the typical weights that make each option first"):
        st.dataframe(robust.central_weights.style.format("{:.0%}", na_rep="never first"))

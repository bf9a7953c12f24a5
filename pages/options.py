"""Options assessment: move the weights, watch the ranking; matrix, profiles, baseline, experts."""

import datetime as dt

import streamlit as st

from dashboard import ui
from dashboard.access.auth import Action
from dashboard.assessment import model as options
from dashboard.assessment.evidence import min_scores
from dashboard.assessment.report import file_name, options_report
from dashboard.charts import assessment as charts
from dashboard.charts import live, palette
from dashboard.excel import assessment as workbook
from dashboard.text import literal

ui.require(Action.VIEW)
model = ui.read(options.load_model)
codes, names = list(model.criterion_codes), list(model.criterion_names)
st.title("Options assessment")
st.caption(literal(options.summary(model)))
ui.rankable(model)
pick_method, pick_how, reset, download = st.columns([2, 2, 1, 1], vertical_alignment="bottom")
methods, ways = options.METHOD_LABELS, options.AGGREGATIONS
ui.scenario_from_link(codes, "method", "how", list(methods))  # ?s=: weights, method, aggregation
method = pick_method.selectbox("Method", list(methods), format_func=methods.get, key="method")
how = pick_how.selectbox("Combine experts by", list(ways), format_func=ways.get, key="how")
with download:
    excel = {"file_name": file_name(dt.date.today()), "key": "xlsx", "help": options.WORKBOOK_HELP}
    ui.excel_download("Excel", options_report, workbook.render, ui.weights_at_click(), **excel)
if reset.button("Reset weights", icon=":material/restart_alt:", help=f"Back to '{model.default_profile}'"):
    ui.set_weights(options.default_points(model))


@st.fragment
def live_ranking() -> None:
    """Everything a weight change affects; reruns alone when a slider moves."""
    left, right = st.columns([2, 3], gap="large")
    with left:
        st.subheader("Weights")
        points = ui.weight_panel(codes, names, options.default_points(model))
        share = options.shares(points)
    if share is None:
        right.warning("Give at least one criterion a weight to rank the options.")
        return
    table = options.ranking(model, share, method, how)
    link = ui.scenario_to_link(codes, points, method, how)
    with right:
        st.markdown(options.leader_sentence(table))
        ui.vega(live.ranking(table, names, list(model.groups), options.METHOD_LABELS[method]))
        with st.popover("Link to this scenario", icon=":material/link:"):
            st.caption("Weights, method and how experts are combined; whoever opens it sees this ranking.")
            st.code(f"{st.context.url}?s={link}", language=None, wrap_lines=True)
            ui.saved_scenarios(link, codes)
        more = st.segmented_control(
            "Also show",
            EXTRA_VIEWS,
            key="options_extra",
            help="These follow the weights too; showing fewer keeps the sliders quick.",
        )
    if more == EXTRA_VIEWS[0]:
        ui.vega(live.baseline_difference(table, model.option_codes[model.baseline]))
    elif more == EXTRA_VIEWS[1]:
        ranks, w = options.expert_rankings(model, share, method)
        st.metric(
            "Agreement between experts (Kendall's W)",
            f"{w:.2f}",
            help="1 = every expert ranks the options the same way; 0 = no agreement at all",
        )
        ui.vega(live.expert_ranks(ranks))
    elif more == EXTRA_VIEWS[2]:
        ui.methods_table(options.methods_compared(model, share, how))
        st.caption(options.METHODS_DISAGREE)


EXTRA_VIEWS = ["Difference to the baseline", "Experts' rankings", "Methods side by side"]
DETAIL_VIEWS = ["Performance matrix", "Option profiles"]
live_ranking()
if method in options.LINEAR_METHODS:  # additive methods: bars split by criterion
    st.caption(f"Bar colours: {palette.group_key(list(model.groups))}. Hover a segment for its criterion.")

# A switch rather than st.tabs: tab panels re-scan their whole content for focusable elements on
# every live-weights rerun above them, which cost ~40 ms of browser time per slider nudge.
detail = st.segmented_control(
    "Performance in detail", DETAIL_VIEWS, default=DETAIL_VIEWS[0], required=True, key="options_detail"
)
if detail == DETAIL_VIEWS[0]:  # both the same for everyone combining experts the same way
    ui.shared_chart(
        "performance-matrix", (how, min_scores()), lambda: charts.model_heatmap(model, how, min_scores())
    )
    st.caption(
        f"Hover a cell for its score in words and the experts' spread (a large one means disagreement). "
        f"* fewer than {min_scores()} experts' scores; ? none (every expert cannot judge it): 0."
    )
else:
    ui.shared_chart("option-profiles", how, lambda: charts.model_profiles(model, how))

"""Delphi rounds of scoring: open and close them (the secretariat), consensus round over round, the
ranking in every round, and the cells that converged or diverged."""

import streamlit as st

from dashboard import ui
from dashboard.access.auth import Action, can
from dashboard.assessment import delphi
from dashboard.charts import assessment as charts

user = ui.require(Action.VIEW)
st.title("Scoring rounds")
st.caption(
    "Experts score in rounds (a Delphi study). While a round is open each expert's scores are private: "
    "the options pages show the scores as the round opened. When it closes, every expert sees how the "
    "group scored each cell, with the others' rationales and no names, and may revise in the next round."
)
now_open, closed = ui.read(delphi.open_round_number), ui.read(delphi.closed_rounds)
if now_open is not None:
    st.info(f"Scoring round {now_open} is open.", icon=":material/lock_clock:")
if can(user, Action.MANAGE):
    if now_open is None:
        label, move = f"Open scoring round {ui.read(delphi.next_round_number)}", delphi.open_round
    else:
        label, move = f"Close scoring round {now_open}", delphi.close_round
    if st.button(label, type="primary", key="move_scoring_round"):
        number = ui.write(move)
        if number is not None:
            ui.done(f"Scoring round {number} is {'open' if move is delphi.open_round else 'closed'}.")
st.dataframe(
    ui.read(delphi.rounds_table),
    hide_index=True,
    column_config={
        "Opened": st.column_config.DatetimeColumn(format="D MMM YYYY, HH:mm"),
        "Closed": st.column_config.DatetimeColumn(format="D MMM YYYY, HH:mm"),
    },
)
if not closed:
    st.caption("No round has closed yet: consensus and rankings by round appear with the first.")
    st.stop()

st.subheader("Consensus")
agreement = ui.read(delphi.consensus)
ui.plotly(charts.consensus_chart(agreement), "consensus")
st.dataframe(
    agreement,
    hide_index=True,
    column_config={
        "Kendall's W": st.column_config.NumberColumn(format="%.2f", help="0 no agreement … 1 full agreement"),
        "Mean spread": st.column_config.NumberColumn(
            format="±%.2f", help="Standard deviation of a cell's scores"
        ),
        "Converged": st.column_config.NumberColumn(
            help="Cells whose spread fell by 0.25 or more since the round before"
        ),
        "Diverged": st.column_config.NumberColumn(help="Cells whose spread rose by 0.25 or more"),
    },
)
chosen = st.selectbox("Cells that moved in", closed[::-1], format_func="Round {}".format, key="moved_round")
converged, diverged = ui.read(delphi.moved_cells, chosen)
left, right = st.columns(2)
for where, title, cells in ((left, "Converged", converged), (right, "Diverged", diverged)):
    where.markdown(f"**{title}**")
    for cell in cells or ["none"]:
        where.text(cell)

st.subheader("The ranking in every round")
st.caption("Weighted sum under the shared default weights; 1 = first.")
st.dataframe(ui.read(delphi.ranks_by_round), hide_index=True)
shown = st.selectbox(
    "The ranking as round", closed[::-1], format_func="Round {} closed".format, key="ranked_round"
)
st.dataframe(
    ui.read(delphi.round_ranking, shown),
    hide_index=True,
    column_config={"score": st.column_config.NumberColumn("Score", format="%.3f")},
)

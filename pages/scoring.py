"""Score options: the expert's own scores of each option on each criterion, with a rationale."""

import streamlit as st

from dashboard import ui
from dashboard.access.auth import Action
from dashboard.assessment import delphi
from dashboard.assessment.scoring import (
    cannot_judge,
    changed_cells,
    remaining,
    save_scores,
    score_grid,
    scored,
    shown_columns,
    to_rescore,
)

user = ui.require(Action.SCORE_OPTIONS)
st.title("Score options")
st.caption(
    "Score each option against the baseline on every criterion; the baseline itself is 0 by definition. "
    "Each criterion says in words what each score means: on a cost criterion (less is better) +2 means "
    "much more cost or time than the baseline. Tick 'Cannot judge' rather than guess (it is left out, "
    "never read as 0); empty a score to take it back. Definitions: Options and criteria page."
)
now_open, closed = ui.read(delphi.open_round_number), ui.read(delphi.closed_rounds)
if now_open is not None:
    st.info(
        f"Scoring round {now_open} is open: your scores stay private until it closes.", icon=":material/lock:"
    )
if closed:
    with st.expander(f"How the group scored in round {closed[-1]}: each cell, no names"):
        shown = st.selectbox("Round", closed[::-1], format_func="Round {}".format, key="feedback_round")
        st.dataframe(
            ui.read(delphi.feedback, user, shown),
            hide_index=True,
            column_config={"Others' rationales": st.column_config.TextColumn(width="large")},
        )
grid = ui.snapshot("score_snapshot", score_grid, user)
left, middle, unsure, right = st.columns(4)
left.metric("Cells still to score", remaining(grid), help=f"of {len(grid)} option × criterion cells")
middle.metric("Scored", scored(grid))
unsure.metric("Cannot judge", cannot_judge(grid), help="Left out of the aggregation, never read as 0")
right.metric("To re-score", to_rescore(grid), help="Scored before the criterion's definition changed")
if to_rescore(grid):
    st.warning(
        "Some criteria were redefined after you scored them (ticked under 'Re-score'). Check each score "
        "against the new words: change it, or untick the cell to confirm it as it is, then save.",
        icon=":material/restart_alt:",
    )

edited = st.data_editor(
    grid,
    key=f"score_editor_{user.user_id}",  # another persona's unsaved edits never apply here
    hide_index=True,
    disabled=["option", "criterion", "criterion_name", "direction", "meaning", "scale_words", "version"],
    column_order=shown_columns(grid),
    height=ui.table_height(len(grid), most=14),
    column_config={
        "option": st.column_config.TextColumn("Option", width="small"),
        "criterion_name": st.column_config.TextColumn("Criterion", width="medium"),
        "score": st.column_config.NumberColumn(
            "Score (−2..+2)", step=1, format="%+d", help="A whole number from −2 to +2"
        ),
        "cannot_judge": st.column_config.CheckboxColumn("Cannot judge", help="No score: left out, not a 0"),
        "meaning": st.column_config.TextColumn("Your saved score means", width="medium"),
        "rescore": st.column_config.CheckboxColumn("Re-score", help="Untick to confirm the score as it is"),
        "rationale": st.column_config.TextColumn("Rationale", width="large", max_chars=2000),
        "scale_words": st.column_config.TextColumn("The scale in words", width="large"),
    },
)
edits = changed_cells(grid, edited)
st.caption(f"{len(edits)} unsaved change(s)." if edits else "No unsaved changes.")
save, reload = st.columns([1, 4])
if save.button("Save scores", type="primary", disabled=not edits):
    saved = ui.write(save_scores, edits)
    if saved is not None:
        ui.forget("score_snapshot", prefix="score_editor")
        st.toast(f"Saved {saved} change(s).", icon=":material/check:")
        st.rerun()
if reload.button("Reload the latest scores (discards unsaved changes)"):
    ui.forget("score_snapshot", prefix="score_editor")
    st.rerun()

"""Score options: the expert's own scores of each option on each criterion, with a rationale."""

import streamlit as st

from dashboard import ui
from dashboard.access.auth import Action
from dashboard.assessment.scoring import changed_cells, remaining, save_scores, score_grid, scored

user = ui.require(Action.SCORE_OPTIONS)
st.title("Score options")
st.caption(
    "Score each option against the baseline on every criterion: −2 much worse · −1 worse · 0 the same · "
    "+1 better · +2 much better. For a cost criterion (less is better) score the amount: +2 = much more "
    "cost than the baseline. The baseline itself is 0 by definition."
)
grid = ui.snapshot("score_snapshot", score_grid, user)
left, right = st.columns(2)
left.metric("Cells still to score", remaining(grid), help=f"of {len(grid)} option × criterion cells")
right.metric("Scored", scored(grid))

edited = st.data_editor(
    grid,
    key=f"score_editor_{user.user_id}",  # another persona's unsaved edits never apply here
    hide_index=True,
    disabled=["option", "criterion", "criterion_name", "direction", "version"],
    column_order=["option", "criterion_name", "direction", "score", "rationale"],
    height=ui.table_height(len(grid), most=14),
    column_config={
        "option": st.column_config.TextColumn("Option", width="small"),
        "criterion_name": st.column_config.TextColumn("Criterion", width="medium"),
        "direction": st.column_config.TextColumn("Direction", width="small"),
        "score": st.column_config.NumberColumn(
            "Score (−2..+2)", step=1, format="%+d", help="A whole number from −2 to +2"
        ),
        "rationale": st.column_config.TextColumn("Rationale", width="large", max_chars=2000),
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

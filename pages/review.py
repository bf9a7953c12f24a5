"""Review submissions: the secretariat validates or contests each Member State's own status, and
decides after a reply; every submission waiting for it, with its evidence and thread."""

import datetime as dt

import streamlit as st

from dashboard import ui
from dashboard.access.auth import Action
from dashboard.enums import REVIEW_OPEN, Review, label_of
from dashboard.monitoring import review_view
from dashboard.monitoring.queries import latest_statuses, lookups
from dashboard.text import literal
from dashboard.ui import review

user = ui.require(Action.ASSESS_STATUS)
st.title("Review submissions")
st.caption(
    "Member States submit their own statuses; a status counts in the figures once the secretariat "
    "validates it. Contest one with your reason and the status you assess instead: the Member State "
    "can reply, and you then accept its status or keep your assessment. Every step is in the thread "
    "and the audit log."
)
states = ui.read(lookups).states
pending = ui.read(review_view.submissions, user, None, REVIEW_OPEN)
for_review = pending[pending["state"].isin((Review.SUBMITTED, Review.REPLIED))]
left, right = st.columns(2)
left.metric("Waiting for your review", len(for_review))
right.metric("Contested, waiting for the Member State", int((pending["state"] == Review.CONTESTED).sum()))
if pending.empty:
    st.success("No submission is waiting.", icon=":material/check:")
    st.stop()
shown = pending.assign(
    member_state=pending["member_state"].map(lambda c: f"{states.get(c, c)} ({c})"),
    status=pending["status"].map(label_of),
    state=pending["state"].map(label_of),
)[["member_state", "recommendation", "status", "assessed_on", "state", "submitted_at", "by", "evidence"]]
st.dataframe(
    shown.rename(
        columns={
            "member_state": "Member State",
            "recommendation": "Code",
            "status": "Submitted status",
            "assessed_on": "Dated",
            "state": "Where it stands",
            "submitted_at": "Submitted",
            "by": "By",
            "evidence": "Evidence",
        }
    ),
    hide_index=True,
    column_config={"Dated": review.DATE, "Submitted": review.WHEN},
)
labels = {
    int(r.id): f"{r.recommendation} in {states.get(r.member_state, r.member_state)}: "
    f"{label_of(r.status)} ({label_of(r.state).lower()})"
    for r in pending.itertuples(index=False)
}
chosen = st.selectbox("Submission", list(labels), format_func=labels.get, key="review_submission")
row = next(r for r in pending.itertuples(index=False) if int(r.id) == chosen)
st.subheader(labels[chosen])
now = ui.read(latest_statuses, dt.date.today(), row.member_state).set_index("recommendation")
st.markdown(literal(f"Assessed status now: {label_of(now.at[row.recommendation, 'status'])}"))
st.markdown("**The Member State's evidence**")
st.markdown(literal(row.evidence or "—"))
if isinstance(row.source, str) and row.source:
    st.markdown(literal(f"Source: {row.source}"))
review.thread(user, row.recommendation, row.member_state)
review.review_one(user, row)

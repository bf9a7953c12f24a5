"""The two voices on screen: the status form (the secretariat records the assessed status, an official
submits their Member State's own), the Member State's own view with its threads, the secretariat's
review of one submission, an official's reply, and withdrawing or correcting an assessed status."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.access.auth import Action, CurrentUser, can
from dashboard.enums import REVIEW_OPEN, Review, StatusLevel, label_of, ordered
from dashboard.errors import InvalidInput
from dashboard.monitoring import corrections, mail, review, review_view
from dashboard.monitoring.recording import StatusEntry, record_assessment
from dashboard.monitoring.state_view import recording_choices
from dashboard.ui.data import done, read, show_error, write

DATE = st.column_config.DateColumn(format="D MMM YYYY")
WHEN = st.column_config.DatetimeColumn(format="D MMM YYYY, HH:mm")


def _button(place, label: str, done_message: str, fn, *args, primary: bool = False) -> None:
    """A form's submit button that runs the write ``fn(*args)`` as the user and confirms it."""
    pressed = place.form_submit_button(label, type="primary" if primary else "secondary")
    if pressed and write(fn, *args) is not None:
        done(done_message)


def status_form(user: CurrentUser, code: str, name: str, current: pd.DataFrame, published: bool) -> None:
    """The secretariat records the assessed status; an official submits the Member State's own."""
    assesses = can(user, Action.ASSESS_STATUS)
    if not assesses and not can(user, Action.RECORD_STATUS, code):
        return
    today = dt.date.today()
    with st.form("record_status", clear_on_submit=True):
        if assesses:
            st.subheader(f"Record the assessed status for {name}")
        else:
            st.subheader(f"Submit a status for {name}")
            st.caption(
                "Your status goes to the secretariat, which validates it (it then counts in every "
                "figure) or contests it with its reason; you can reply. Until then the figures show the "
                "assessed status."
            )
        rec, status, on = st.columns([3, 1.5, 1])
        choices = recording_choices(current, published)
        rec = rec.selectbox(
            "Recommendation", list(choices), format_func=choices.get, key="record_recommendation"
        )
        status = status.selectbox("Status", ordered(StatusLevel), format_func=label_of)
        on = on.date_input("Assessed on", value=today, max_value=today, format="DD/MM/YYYY")
        evidence = st.text_area("Evidence (required when the status changes)", max_chars=4000)
        source = st.text_input("Source (web address)", placeholder="https://")
        reason = ""
        if assesses:
            reason = st.text_input(
                "Correction of a published round: the reason (secretariat only)", max_chars=1000
            )
        entry = StatusEntry(rec, code, status, on, evidence, source, reason)
        if assesses:
            said = f"Recorded {label_of(status)} for {rec} in {name} on {on:%d %b %Y}."
            _button(st, "Record status", said, record_assessment, entry, primary=True)
        else:
            said = f"Submitted {label_of(status)} for {rec} on {on:%d %b %Y}: waiting for the secretariat."
            _button(st, "Submit for review", said, review.submit_status, entry, primary=True)


def own_view(user: CurrentUser, code: str, name: str, current: pd.DataFrame) -> None:
    """The Member State's own statuses beside the assessed ones, one click away, with each thread."""
    own = read(review_view.own_statuses, user, code)
    waiting = int(own["state"].isin(REVIEW_OPEN).sum())
    with st.expander(f"{name}'s own statuses ({len(own)} submitted, {waiting} waiting for someone)"):
        if own.empty:
            st.caption(f"{name} has submitted no status of its own yet.")
            return
        assessed = current.set_index("recommendation")["label"]
        table = pd.DataFrame(
            {
                "Code": own["recommendation"],
                "Own status": own["status"].map(label_of),
                "Assessed status": own["recommendation"].map(assessed),
                "Where it stands": own["state"].map(label_of),
                "Dated": own["assessed_on"],
                "Evidence": own["evidence"],
                "Submitted": own["submitted_at"],
            }
        )
        st.dataframe(table, hide_index=True, column_config={"Dated": DATE, "Submitted": WHEN})
        rec = st.selectbox("Read the thread of", list(own["recommendation"]), key=f"thread_{code}")
        thread(user, rec, code)


def thread(user: CurrentUser, rec: str, code: str) -> None:
    steps = read(review_view.thread, user, rec, code)
    st.dataframe(
        review_view.thread_table(steps),
        hide_index=True,
        column_config={"When": WHEN, "Comment": st.column_config.TextColumn(width="large")},
    )


def review_one(user: CurrentUser, row) -> None:
    """The secretariat's decision on one submission: the steps its review state allows. Each button
    names the submission it acts on."""
    state, which = row.state, f"{row.recommendation} ({row.member_state})"
    if state is Review.SUBMITTED:
        with st.form(f"validate_{row.id}", clear_on_submit=True):
            comment = st.text_input(
                "Comment (optional; inside a published round, the reason for the correction)",
                max_chars=1000,
            )
            said = f"Validated: {row.recommendation} in {row.member_state} is {label_of(row.status)}."
            _button(
                st,
                f"Validate {which}: make it the assessed status",
                said,
                review.validate,
                int(row.id),
                comment,
                primary=True,
            )
    if state in (Review.SUBMITTED, Review.REPLIED):
        with st.form(f"contest_{row.id}", clear_on_submit=True):
            others = [s for s in ordered(StatusLevel) if s is not row.status]
            status = st.selectbox("The status the secretariat assesses instead", others, format_func=label_of)
            reason = st.text_area("Reason (the Member State sees it)", max_chars=1000)
            said = f"Contested: {row.recommendation} in {row.member_state} is assessed {label_of(status)}."
            _button(st, f"Contest {which}", said, review.contest, int(row.id), status, reason)
    if state in (Review.CONTESTED, Review.REPLIED):
        with st.form(f"accept_{row.id}", clear_on_submit=True):
            comment = st.text_area("Comment", max_chars=1000, key=f"accept_comment_{row.id}")
            left, right = st.columns(2)
            said = f"Accepted: {row.recommendation} in {row.member_state} is {label_of(row.status)}."
            _button(
                left,
                f"Accept the Member State's status on {which}",
                said,
                review.accept,
                int(row.id),
                comment,
                primary=True,
            )
            if state is Review.REPLIED:
                said = f"Kept the assessment of {row.recommendation} in {row.member_state}."
                _button(right, f"Keep the assessment of {which}", said, review.keep, int(row.id), comment)


def reply_or_withdraw(user: CurrentUser, code: str) -> None:
    """An official's part: reply to a contested status, or withdraw a submission not yet reviewed."""
    if can(user, Action.ASSESS_STATUS):  # the secretariat acts on the "Review submissions" page
        return
    mine = read(review_view.submissions, user, code, (Review.CONTESTED, Review.SUBMITTED))
    if mine.empty:
        return
    st.subheader("Your submissions waiting for you or for review")
    mine = mine.sort_values("state", key=lambda states: states != Review.CONTESTED, kind="stable")
    for row in mine.itertuples(index=False):
        stands = label_of(row.state)
        what = f"{row.recommendation}: {label_of(row.status)}, {stands[0].lower()}{stands[1:]}"
        with st.expander(what, expanded=row.state is Review.CONTESTED):
            thread(user, row.recommendation, code)
            with st.form(f"answer_{row.id}", clear_on_submit=True):
                if row.state is Review.CONTESTED:
                    text = st.text_area("Your reply to the secretariat", max_chars=1000)
                    said = f"Reply sent on {row.recommendation}: waiting for the secretariat."
                    _button(st, "Send the reply", said, review.reply, int(row.id), text, primary=True)
                else:
                    text = st.text_input("Why withdraw it", max_chars=1000, key=f"withdraw_reason_{row.id}")
                    said = f"Withdrawn: your submission on {row.recommendation}."
                    _button(
                        st, "Withdraw the submission", said, review.withdraw_submission, int(row.id), text
                    )


def correction_form(user: CurrentUser, code: str, name: str, past: pd.DataFrame) -> None:
    """The secretariat withdraws or corrects an assessed status of ``code``, with a reason."""
    if not can(user, Action.ASSESS_STATUS) or past.empty:
        return
    standing = past[past["withdrawal"].fillna("") == ""].iloc[::-1]
    with st.expander(f"Withdraw or correct an assessed status of {name}"):
        labels = {
            int(
                r.id
            ): f"{r.recommendation}: {label_of(r.status)} on {r.assessed_on:%d %b %Y} (by {r.by or '—'})"
            for r in standing.itertuples(index=False)
        }
        chosen = st.selectbox("Status", list(labels), format_func=labels.get, key=f"correct_{code}")
        with st.form(f"correction_{code}", clear_on_submit=True):
            reason = st.text_input(
                "Reason (kept in the history)", max_chars=1000, key=f"correction_reason_{code}"
            )
            status = st.selectbox(
                "Correct status (for a correction)", ordered(StatusLevel), format_func=label_of
            )
            evidence = st.text_area(
                "Evidence for the correct status", max_chars=4000, key=f"correction_evidence_{code}"
            )
            left, right = st.columns(2)
            said = f"Corrected: now {label_of(status)}; the history keeps both."
            _button(
                left,
                "Correct it",
                said,
                corrections.correct_status,
                chosen,
                status,
                evidence,
                reason,
                primary=True,
            )
            _button(
                right,
                "Withdraw it",
                "Withdrawn: kept in the history, counted nowhere.",
                corrections.withdraw_status,
                chosen,
                reason,
            )


def email_reminders(user: CurrentUser) -> None:
    """The secretariat sends every Member State's reminder through the configured SMTP server."""
    try:
        settings = mail.settings_from_env()
    except InvalidInput as exc:
        show_error(f"E-mail is misconfigured: {exc}.")
        return
    if settings is None:
        st.caption("E-mail is off: set DASHBOARD_SMTP_HOST to send the reminders from here.")
        return
    if st.button(f"E-mail the reminders through {settings.server}", icon=":material/mail:"):
        sent = write(mail.send_reminders, settings)
        if sent is not None:
            done(f"Sent {sent} reminder{'s' if sent != 1 else ''}, one per Member State with something due.")

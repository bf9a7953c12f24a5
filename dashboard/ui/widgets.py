"""Shared widgets: notices, charts with their PNG download, workbook downloads, tables, links."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard.access.auth import Action, CurrentUser, can
from dashboard.assessment.model import OptionsModel
from dashboard.charts.palette import ATTENTION, chart_config
from dashboard.enums import Review, Role
from dashboard.errors import InvalidInput, PermissionDenied
from dashboard.excel.about import refusal_workbook
from dashboard.monitoring import basis, queries, review_view
from dashboard.monitoring.basis import Basis
from dashboard.monitoring.due import due_for
from dashboard.monitoring.filters import parse_filters
from dashboard.monitoring.rounds import published_choices
from dashboard.store.db import database_url, session_scope
from dashboard.text import literal, shorten, whole_number
from dashboard.ui.data import current_user, engine, read, revision, warning
from dashboard.ui.weights import WEIGHTS_KEY


def illustrative_notice() -> None:
    st.warning(
        "**Illustrative data.** The register, assessments and expert scores shown here are invented "
        "for demonstration, not official figures.",
        icon=":material/science:",
    )


def vega(chart: tuple) -> None:
    """Show a (data, Vega-Lite spec) chart; its toolbar has "Download as PNG"."""
    data, spec = chart
    st.vega_lite_chart(data, spec, width="stretch")


def plotly(fig: go.Figure, filename: str) -> None:
    """Show a chart with its PNG download button."""
    st.plotly_chart(fig, config=chart_config(filename))


def shared_chart(filename: str, key: Any, build: Callable[[], go.Figure]) -> None:
    """Show a chart that is the same for everyone asking for ``key`` (the figures of a filter, a date
    or a round), built once per replica and data revision and then shared by every session:
    building a Plotly figure is most of a page's work. ``key`` must name everything the figure
    depends on but the data revision (``build`` runs only when no figure is kept for it); a shared
    figure is never changed after it is built (``st.plotly_chart`` only reads it)."""
    named = f"{filename}|{key!r}"  # by keyword below: Streamlit then inspects no signature per call
    fig = _shared_figure(key=named, url=database_url(), data_revision=revision(), _build=build)
    st.plotly_chart(fig, config=chart_config(filename))


@st.cache_resource(max_entries=256, show_spinner=False)
def _shared_figure(key: str, url: str, data_revision: int, _build: Callable[[], go.Figure]) -> go.Figure:
    return frozen(_build())


def frozen(fig: go.Figure) -> go.Figure:
    """``fig``, its ``to_dict`` answered from one copy made now: ``st.plotly_chart`` asks for a deep
    copy of the whole figure (and converts its arrays) on every call, a millisecond or more a chart
    on every rerun of every session. Only for a figure that is never changed afterwards."""
    whole = fig.to_dict()
    object.__setattr__(fig, "to_dict", lambda: whole)  # BaseFigure.__setattr__ validates plotly props
    return fig


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class AtClick:
    """A session value read when a download is clicked, not when its button was drawn."""

    def __init__(self, key: str):
        self.key = key
        self._state = get_script_run_ctx().session_state  # thread-safe; readable from the download thread

    def value(self) -> Any:
        try:
            return self._state[self.key]
        except KeyError:
            return None


def excel_download(
    label: str,
    report: Callable[..., Any],
    render: Callable[[Any], bytes],
    *args: Any,
    file_name: str,
    key: str,
    help: str | None = None,
):
    """A button that builds a workbook only when clicked: ``render(report(session, user, *args))``.

    The workbook is built on click in a thread of its own, so a page never waits for a workbook
    nobody asked for; an ``AtClick`` among ``args`` is read at that moment (e.g. the weights as they
    are then, even if the button was drawn before they changed).
    """
    eng, user = engine(), current_user()

    def build() -> bytes:
        try:
            with session_scope(eng) as session:
                made = report(session, user, *[a.value() if isinstance(a, AtClick) else a for a in args])
            return render(made)
        except (ValueError, PermissionDenied) as exc:  # InvalidInput is a ValueError
            return refusal_workbook(f"{str(exc)[:1].upper()}{str(exc)[1:]}.")

    st.download_button(
        label,
        build,
        file_name=file_name,
        mime=XLSX,
        key=key,
        help=help,
        icon=":material/download:",
        on_click="ignore",
    )


def weights_at_click() -> AtClick:
    """The session's weights as they will be when a download is clicked."""
    return AtClick(WEIGHTS_KEY)


ROW_PX, HEADER_PX = 35, 38  # st.dataframe's row and header heights


def rankable(model: OptionsModel) -> None:
    """Name what the ranking leaves out; stop the page when there is nothing to rank yet."""
    if model.not_scored:
        waiting = "; ".join(literal(item) for item in model.not_scored)
        st.caption(f"Not in the ranking until scored against everything ranked: {waiting}.")
    if not model.rankable:
        st.info(
            "Nothing to rank yet: experts score the options against the criteria on the Score "
            "options page; the ranking appears once at least one option is scored on every criterion."
        )
        st.stop()


def table_height(rows: int, most: int = 20) -> int:
    """A dataframe height that shows up to ``most`` rows without an inner scroll bar."""
    return HEADER_PX + ROW_PX * min(rows, most)


@contextlib.contextmanager
def explained():
    """Show a refused computation's reason (ValueError) as a warning instead of an error page."""
    try:
        yield
    except (ValueError, InvalidInput) as exc:
        st.warning(str(exc))


def keep_in_link(params: dict[str, str | None]) -> None:
    """Write a view's parameters into the address bar (None removes one), so a copied link reproduces it."""
    for name, value in params.items():
        if value is None:
            if name in st.query_params:
                del st.query_params[name]
        elif st.query_params.get(name) != value:
            st.query_params[name] = value


ROUND_KEY, LIVE = "figures_round", "live"


def figures_when(today: dt.date) -> Basis | dt.date:
    """What a page's implementation figures are: ``today`` (live), or a published round's basis."""
    round_id = figures_basis(read(published_choices))
    return read(basis.published, round_id) if round_id is not None else today


def figures_basis(published: dict[int, str]) -> int | None:
    """Live figures, or a published round's as published: chosen on the page and kept in the link
    (``?round=<id>`` reproduces every figure of that round). Returns the round's id, or None."""
    link = st.query_params.get("round")
    if link is not None and ROUND_KEY not in st.session_state:
        if whole_number(link) in published:
            st.session_state[ROUND_KEY] = whole_number(link)
        else:
            st.warning(
                literal(f"'{shorten(link)}' in the link is not a published round; showing the live figures.")
            )
    choices = [LIVE, *published]
    remembered = st.session_state.get(ROUND_KEY, LIVE)
    chosen = st.selectbox(
        "Figures",
        choices,
        index=choices.index(remembered) if remembered in choices else 0,
        format_func=lambda c: "Live" if c == LIVE else f"As published: {published[c]}",
        key=f"{ROUND_KEY}_choice",
        help="Live: everything recorded so far. As published: a round's figures as they were published; "
        "they never change.",
    )
    round_id = None if chosen in (None, LIVE) else chosen
    st.session_state[ROUND_KEY] = round_id if round_id is not None else LIVE
    keep_in_link({"round": str(round_id) if round_id is not None else None})
    return round_id


def state_and_date(today: dt.date) -> tuple[str, Basis | dt.date]:
    """The Member State profile's choices, kept in the link (``?state=EL&asof=2023-06-30``): which
    Member State, and its figures live as of a date or as a round was published. Anything in the
    link that cannot be used is said and left out."""
    link = parse_filters({"asof": st.query_params.get("asof", "")}, [], today)
    for problem in link.problems:
        warning(problem)
    pick, pick_date, switch = st.columns([2, 1, 2], vertical_alignment="bottom")
    with switch:
        when = figures_when(today)
    as_of = pick_date.date_input(
        "As of",
        value=link.as_of,
        max_value=today,
        format="DD/MM/YYYY",
        key="profile_asof",
        disabled=when != today,
    )
    when = as_of if when == today else when
    codes = read(queries.member_states_on, when.as_of if isinstance(when, Basis) else when)
    wanted = st.query_params.get("state", "").strip().upper()
    if wanted and "profile_state" not in st.session_state:
        if wanted in codes:
            st.session_state["profile_state"] = wanted
        else:
            warning(f"'{shorten(wanted)}' in the link is not a Member State on that date: showing another")
    with pick:  # the Member States on the figures' date: the UK only for a date when it was one
        code = member_state_picker(codes)
    keep_in_link({"state": code, "asof": as_of.isoformat() if as_of != today else None})
    return code, when


def member_state_picker(codes: list[str], key: str = "profile_state") -> str:
    """Choose one of ``codes`` (by name); an official starts on their own state. A choice that is
    not among ``codes`` any more (a former Member State, after another date was chosen) is dropped."""
    if st.session_state.get(key) not in codes:
        st.session_state.pop(key, None)
    user, names = current_user(), read(queries.lookups).states
    default = codes.index(user.member_state) if user.member_state in codes else 0
    return st.selectbox("Member State", codes, index=default, format_func=names.get, key=key)


def methods_table(table: pd.DataFrame) -> None:
    """Ranks under every method; the options they disagree on are marked."""
    ranks = [c for c in table.columns if c not in ("Code", "Option", "Methods agree")]
    differ = (~table["Methods agree"]).sum()
    st.markdown(
        "All three methods rank the options the same way."
        if differ == 0
        else f"The methods disagree on **{differ}** of {len(table)} options (highlighted)."
    )
    shown = table.assign(**{"Methods agree": table["Methods agree"].map({True: "yes", False: "no"})})
    styled = shown.style.apply(
        lambda row: [f"background-color: {ATTENTION}" if row["Methods agree"] == "no" else ""] * len(row),
        axis=1,
    ).format({c: "{:.0f}" for c in ranks})
    st.dataframe(styled, hide_index=True, height=table_height(len(table)))


def nav_title(spec, user: CurrentUser) -> str:
    """A page's menu title; an official's "What is due" carries how many items are due, the
    secretariat's "Review submissions" how many wait for its review."""
    if spec.path == "pages/review.py" and can(user, Action.ASSESS_STATUS):
        count = len(read(review_view.submissions, user, None, (Review.SUBMITTED, Review.REPLIED)))
        return f"{spec.title} ({count})" if count else spec.title
    if spec.path != "pages/due.py" or user.role is not Role.MS_OFFICIAL or not user.member_state:
        return spec.title
    count = len(read(due_for, user, user.member_state, dt.date.today()).items)  # fresh each day
    return f"{spec.title} ({count})" if count else spec.title

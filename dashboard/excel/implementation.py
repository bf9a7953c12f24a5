"""The implementation workbook: every recommendation in every Member State (or one), print-ready.

Sheets: About (what, as of, data revision, generated when and for whom, notice, legend), Headline
(EU figures, trend by round, by Member State), EU matrix (Member States x recommendations, status
colours by conditional formatting), Detail (status, evidence, source, who, EU comparison), History
(every recorded status), By area (progress against the EU), Recommendations (the register).
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.access.auth import Action, CurrentUser, authorize
from dashboard.enums import STATUS, label_of
from dashboard.excel.style import (
    BOLD,
    DATE,
    PERCENT,
    SUBTITLE,
    TOP,
    WRAP,
    about_sheet,
    append,
    header_row,
    heading,
    legend_rows,
    print_set_up,
    set_up_table,
    set_widths,
    status_formatting,
    styled,
    text,
)
from dashboard.monitoring import queries
from dashboard.monitoring.figures import by_group, detail, headline, labelled, overdue, progress_by
from dashboard.store.models import (
    MemberState,
    Recommendation,
    ThematicArea,
)


def implementation_workbook(
    session: Session,
    user: CurrentUser,
    as_of: dt.date,
    member_state: str | None = None,
    now: dt.datetime | None = None,
) -> bytes:
    """The workbook as .xlsx bytes, for every Member State of ``as_of`` or for ``member_state``."""
    authorize(user, Action.VIEW)
    names = dict(session.execute(select(MemberState.code, MemberState.name)).all())
    if member_state is not None and member_state not in names:
        raise ValueError(f"unknown Member State '{member_state}'")
    now = now or dt.datetime.now(dt.UTC)
    eu = queries.latest_statuses(session, as_of)
    mine = eu if member_state is None else eu[eu["member_state"] == member_state]
    rows = detail(mine, queries.register(session), queries.lookups(session).states)
    scope = f"{names[member_state]} ({member_state})" if member_state else "all Member States"
    wb = Workbook(write_only=True)
    _about(wb, session, user, as_of, now, scope, member_state)
    rounds = _round_statuses(session, as_of)
    _headline(wb, rounds, eu, as_of, member_state, names)
    _matrix(wb, eu, names, as_of)
    _detail(wb, rows, eu, as_of)
    _by_round(wb, rounds, eu, member_state, names, as_of)
    if member_state:  # every recorded status with its evidence: one state's log stays readable
        _history(wb, session, member_state, as_of)
    _by_area(wb, session, eu, member_state, names)
    _register(wb, session)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def file_name(as_of: dt.date, member_state: str | None = None) -> str:
    return f"implementation-{member_state or 'EU'}-{as_of:%Y-%m-%d}.xlsx"


def _about(wb, session, user, as_of, now, scope, member_state) -> None:
    title = "Implementation of the HLCEG-R recommendations" + (f": {scope}" if member_state else "")
    rows = [
        (
            "What this is",
            "How far each recommendation of the High-Level Commission Expert Group on Radicalisation "
            "(HLCEG-R) is implemented in each Member State, with the evidence behind each status.",
        ),
        ("Scope", scope),
        ("Status as of", as_of),
        (
            "How to read it",
            "Status follows the European Semester scale. The progress index is the mean status level "
            "divided by 4 over applicable, assessed items (0% = no progress anywhere, 100% = fully "
            "implemented everywhere). 'Not applicable' and 'Not assessed' are never counted as "
            "'No progress'. Overdue: the deadline has passed and the item is not fully implemented.",
        ),
    ]
    ws = about_sheet(wb, session, user, now, title, rows)
    append(ws, [])
    append(ws, [styled(ws, "Sheets", font=SUBTITLE)])
    for name, what in [
        ("Headline", "EU headline figures, the trend by assessment round, and each Member State's figures"),
        ("EU matrix", "every Member State x every recommendation, in status colours"),
        ("Detail", "each recommendation's status with evidence, source and author, against the EU"),
        ("By round", "each status at every assessment round and now, in status colours"),
        ("History", "every status recorded, with its evidence, oldest first (append-only)")
        if member_state
        else ("History", "in each Member State's own workbook (Member State profile page)"),
        ("By area", "progress index per thematic area against the EU"),
        ("Recommendations", "the register: code, title, thematic area, addressee, deadline"),
    ]:
        append(ws, [styled(ws, name, font=BOLD), what])
    append(ws, [])
    append(ws, [styled(ws, "Status legend", font=SUBTITLE)])
    for row in legend_rows(ws):
        append(ws, row)


def _round_statuses(session, as_of) -> list[tuple[str, dt.date, pd.DataFrame]]:
    return queries.round_statuses(session, as_of)


def _headline(wb, rounds, eu: pd.DataFrame, as_of, member_state, names) -> None:
    ws = wb.create_sheet("Headline")
    states = by_group(eu, ["member_state"], as_of).reset_index()
    if member_state:
        states = states[states["member_state"] == member_state]
    set_widths(ws, [30, 16, 16, 16, 14, 14, 12])
    print_set_up(ws, landscape=False)
    heading(ws, f"EU headline figures as of {as_of:%d %B %Y}")
    figures = headline(eu, as_of)
    for label, value, fmt in [
        ("Progress index", figures.progress, PERCENT),
        ("At least some progress", figures.some_or_more, PERCENT),
        ("Substantial or full", figures.substantial_or_full, PERCENT),
        ("Coverage (assessed)", figures.coverage, PERCENT),
        ("Overdue items", figures.overdue, "0"),
        ("Assessed items", figures.assessed, "#,##0"),
        ("Applicable items", figures.applicable, "#,##0"),
    ]:
        append(ws, [styled(ws, label, font=BOLD), styled(ws, value, number_format=fmt)])
    append(ws, [])
    append(ws, [styled(ws, "EU trend by assessment round", font=SUBTITLE)])
    append(ws, header_row(ws, ["Round", "Reference date", "Progress index", "At least some", "Coverage"]))
    for name, on, latest in rounds:
        then = headline(latest, on)
        append(
            ws,
            [
                name,
                styled(ws, on, number_format=DATE),
                styled(ws, then.progress, number_format=PERCENT),
                styled(ws, then.some_or_more, number_format=PERCENT),
                styled(ws, then.coverage, number_format=PERCENT),
            ],
        )
    append(ws, [])
    append(ws, [styled(ws, "By Member State", font=SUBTITLE)])
    append(
        ws,
        header_row(
            ws, ["Member State", "Code", "Progress index", "Coverage", "Assessed", "Applicable", "Overdue"]
        ),
    )
    for r in states.itertuples():
        append(
            ws,
            [
                names[r.member_state],
                r.member_state,
                styled(ws, r.progress, number_format=PERCENT),
                styled(ws, r.coverage, number_format=PERCENT),
                r.assessed,
                r.applicable,
                int(r.overdue),
            ],
        )


def _matrix(wb, eu: pd.DataFrame, names, as_of) -> None:
    ws = wb.create_sheet("EU matrix")
    recs = list(dict.fromkeys(eu["recommendation"]))
    states = list(dict.fromkeys(eu["member_state"]))
    header_at = 3
    set_up_table(ws, [22, 7] + [13] * len(recs), header_at, len(states), freeze_column=2,
                 title="EU matrix: status of every recommendation in every Member State")  # fmt: skip
    heading(
        ws,
        f"Status of every recommendation in every Member State, {as_of:%d %B %Y}",
        "Colours follow the legend below the table; the label is always in the cell.",
    )
    append(ws, header_row(ws, ["Member State", "Code", *recs]))
    labels = eu.assign(label=eu["status"].map(lambda s: STATUS[s].short)).pivot(
        index="member_state", columns="recommendation", values="label"
    )
    for code in states:
        append(ws, [names[code], code, *[labels.at[code, r] for r in recs]])
    last = get_column_letter(2 + len(recs))
    status_formatting(ws, f"C{header_at + 1}:{last}{header_at + len(states)}", short=True)
    append(ws, [])
    append(ws, [styled(ws, "Legend", font=SUBTITLE)])
    for row in legend_rows(ws, short=True):
        append(ws, row)


def _detail(wb, detail: pd.DataFrame, eu: pd.DataFrame, as_of) -> None:
    ws = wb.create_sheet("Detail")
    figures = by_group(eu, ["recommendation"], as_of)
    per_rec = {  # recommendation -> (EU progress index, EU share at least some progress)
        code: tuple(None if pd.isna(v) else float(v) for v in values)
        for code, values in zip(figures.index, figures[["progress", "some_or_more"]].to_numpy(), strict=True)
    }
    columns = [
        ("Member State", 8), ("Recommendation", 15), ("Title", 30), ("Thematic area", 18), ("Status", 18),
        ("Since", 11), ("Evidence", 42), ("Source", 20), ("Recorded by", 14), ("Deadline", 11),
        ("Overdue", 8), ("EU progress index", 10), ("EU at least some progress", 10),
    ]  # fmt: skip
    set_up_table(ws, [w for _, w in columns], 1, len(detail), freeze_column=2, title="Detail")
    append(ws, header_row(ws, [c for c, _ in columns]))
    late = overdue(detail, as_of)
    for r, overdue_ in zip(detail.itertuples(), late, strict=True):
        status = r.status
        eu_progress, eu_some = per_rec.get(r.recommendation, (None, None))
        append(
            ws,
            [
                styled(ws, r.member_state, alignment=TOP),
                styled(ws, r.recommendation, alignment=TOP),
                text(ws, r.title, alignment=WRAP),
                text(ws, r.area, alignment=WRAP),
                styled(ws, STATUS[status].label, alignment=TOP),
                styled(
                    ws, r.assessed_on if pd.notna(r.assessed_on) else None, number_format=DATE, alignment=TOP
                ),
                text(ws, r.evidence or None, alignment=WRAP),
                text(ws, r.source, alignment=WRAP),
                text(ws, r.by, alignment=TOP),
                styled(ws, r.deadline, number_format=DATE, alignment=TOP),
                styled(ws, "Yes" if overdue_ else "No", alignment=TOP),
                styled(ws, eu_progress, number_format=PERCENT, alignment=TOP),
                styled(ws, eu_some, number_format=PERCENT, alignment=TOP),
            ],
        )
    status_formatting(ws, f"E2:E{len(detail) + 1}")


def _by_round(wb, rounds, eu: pd.DataFrame, member_state, names, as_of) -> None:
    """(Member State, recommendation) down, rounds across: how each status moved, in colour."""
    now = f"As of {as_of:%d %b %Y}"
    parts = [latest.assign(round=name) for name, _, latest in rounds] + [eu.assign(round=now)]
    table = pd.concat(parts, ignore_index=True)
    if member_state:
        table = table[table["member_state"] == member_state]
    table = table.assign(label=table["status"].map(lambda s: STATUS[s].short))
    wide = table.pivot(index=["member_state", "recommendation"], columns="round", values="label")
    columns = [name for name, _, _ in rounds] + [now]
    states = {c: i for i, c in enumerate(dict.fromkeys(eu["member_state"]))}  # protocol order
    recs = {r: i for i, r in enumerate(dict.fromkeys(eu["recommendation"]))}  # register order
    order = eu[["member_state", "recommendation"]].sort_values(
        ["member_state", "recommendation"],
        key=lambda col: col.map(states if col.name == "member_state" else recs),
    )  # one Member State's recommendations together
    if member_state:
        order = order[order["member_state"] == member_state]
    wide = wide.reindex(index=pd.MultiIndex.from_frame(order), columns=columns)
    ws = wb.create_sheet("By round")
    set_up_table(ws, [16, 15] + [12] * len(columns), 1, len(wide), freeze_column=2, title="Status by round")
    append(ws, header_row(ws, ["Member State", "Recommendation", *columns]))
    for (code, rec), labels in zip(wide.index, wide.itertuples(index=False), strict=True):
        append(ws, [names[code], rec, *[v if isinstance(v, str) else None for v in labels]])
    last = get_column_letter(2 + len(columns))
    status_formatting(ws, f"C2:{last}{len(wide) + 1}", short=True)


def _history(wb, session, member_state, as_of) -> None:
    past = labelled(queries.history(session, member_state))
    past = past[past["assessed_on"] <= as_of].sort_values(["area_id", "recommendation"], kind="stable")
    ws = wb.create_sheet("History")
    columns = [("Member State", 8), ("Recommendation", 9), ("Assessed on", 11), ("Status", 18),
               ("Evidence", 50), ("Source", 24), ("Recorded by", 14), ("Recorded at (UTC)", 16)]  # fmt: skip
    set_up_table(ws, [w for _, w in columns], 1, len(past), freeze_column=2, title="History")
    append(ws, header_row(ws, [c for c, _ in columns]))
    for r in past.itertuples():
        append(
            ws,
            [
                member_state,
                r.recommendation,
                styled(ws, r.assessed_on, number_format=DATE),
                r.label,
                text(ws, r.evidence or None, alignment=WRAP),
                text(ws, r.source, alignment=WRAP),
                text(ws, r.by),
                styled(ws, r.recorded.replace(tzinfo=None), number_format="dd mmm yyyy hh:mm"),
            ],
        )
    status_formatting(ws, f"D2:D{len(past) + 1}")


def _by_area(wb, session, eu: pd.DataFrame, member_state, names) -> None:
    areas = dict(session.execute(select(ThematicArea.id, ThematicArea.name)).all())
    eu_progress = progress_by(eu, ["area_id"])["progress"].rename("eu_progress")
    table = progress_by(eu, ["member_state", "area_id"], sort=False)[["progress"]].reset_index()
    table = table.join(eu_progress, on="area_id")
    if member_state:
        table = table[table["member_state"] == member_state]
    ws = wb.create_sheet("By area")
    set_up_table(
        ws, [16, 7, 44, 12, 12, 12], 1, len(table), freeze_column=2, title="Progress by thematic area"
    )
    append(
        ws, header_row(ws, ["Member State", "Code", "Thematic area", "Progress index", "EU", "Difference"])
    )
    for r in table.itertuples():
        known = not pd.isna(r.progress)
        append(
            ws,
            [
                names[r.member_state],
                r.member_state,
                areas.get(r.area_id, str(r.area_id)),
                styled(ws, r.progress if known else None, number_format=PERCENT),
                styled(ws, r.eu_progress, number_format=PERCENT),
                styled(ws, r.progress - r.eu_progress if known else None, number_format="+0%;-0%;0%"),
            ],
        )


def _register(wb, session) -> None:
    rows = session.execute(
        select(
            Recommendation.code,
            Recommendation.title,
            ThematicArea.name,
            Recommendation.addressee,
            Recommendation.issued_on,
            Recommendation.deadline,
            Recommendation.priority,
        )
        .join(ThematicArea)
        .order_by(Recommendation.area_id, Recommendation.code)
    ).all()
    ws = wb.create_sheet("Recommendations")
    columns = [("Code", 9), ("Title", 60), ("Thematic area", 30), ("Addressed to", 22), ("Issued", 12),
               ("Deadline", 12), ("Priority", 9)]  # fmt: skip
    set_up_table(ws, [w for _, w in columns], 1, len(rows), title="Recommendations")
    append(ws, header_row(ws, [c for c, _ in columns]))
    for code, title, area, addressee, issued, deadline, priority in rows:
        append(
            ws,
            [
                code,
                text(ws, title, alignment=WRAP),
                area,
                label_of(addressee),
                styled(ws, issued, number_format=DATE),
                styled(ws, deadline, number_format=DATE) if deadline else None,
                label_of(priority),
            ],
        )

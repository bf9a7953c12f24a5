"""The options workbook: the performance matrix, weights as inputs, and a ranking that Excel recomputes.

Sheets: About; Weights (the weight cells are inputs, shares are formulas); Matrix (experts' mean
scores, relative to the baseline); Utilities (each score on 0..1 of its scale as a formula, criteria
down, options across); Ranking (weighted-sum scores and ranks as live formulas of the weights, the
app's own results as values beside them, and a chart of the live scores); Break-even (how far each
weight may move before the leader changes); Experts (each expert's ranking, Kendall's W); Scores
(every score with its rationale).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard import mcda
from dashboard.access.auth import Action, CurrentUser, authorize
from dashboard.assessment.model import expert_rankings, load_model, ranking
from dashboard.assessment.weight_profiles import list_profiles
from dashboard.assessment.weights import Weights
from dashboard.enums import DIRECTIONS, Direction
from dashboard.excel.style import (
    BOLD,
    INPUT_FILL,
    NOTE,
    PERCENT,
    SUBTITLE,
    WRAP,
    about_sheet,
    append,
    header_row,
    heading,
    set_up_table,
    styled,
    text,
)
from dashboard.store.models import Criterion, Option, OptionScore, User

FIRST = 5  # the first data row of the Weights, Matrix, Utilities and Ranking tables
SCORE = "+0.00;-0.00;0.00"


def options_workbook(
    session: Session,
    user: CurrentUser,
    weights: Mapping[str, float] | None = None,
    profile: str | None = None,
    now: dt.datetime | None = None,
) -> bytes:
    """The workbook as .xlsx bytes, weighted by a named profile (default: the shared default one)
    or by explicit ``weights`` {criterion code: weight} (e.g. the sliders' current values)."""
    authorize(user, Action.VIEW)
    model = load_model(session)
    if len(model.option_codes) < 2 or not model.criterion_codes:
        raise ValueError("there is nothing to rank: the catalogue needs two options and a criterion")
    label, w = _weights(session, user, model, profile, weights)
    now = now or dt.datetime.now(dt.UTC)
    table = ranking(model, w / w.sum())
    wb = Workbook(write_only=True)
    _about(wb, session, user, model, label, now)
    _weights_sheet(wb, model, w)
    _matrix(wb, model)
    _utilities(wb, model)
    _ranking(wb, model, table)
    _break_even(wb, model, w / w.sum())
    _experts(wb, model, w / w.sum())
    _scores(wb, session)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def file_name(now: dt.date) -> str:
    return f"options-assessment-{now:%Y-%m-%d}.xlsx"


def _weights(session, user, model, profile, weights) -> tuple[str, np.ndarray]:
    codes = list(model.criterion_codes)
    if weights is not None:
        w = Weights.of(weights, codes).points
        source = "the weights set on the Options assessment page"
    elif profile is None:
        w, source = (
            model.default_weights.astype(float),
            f"the shared default profile '{model.default_profile}'",
        )
    else:
        found = list_profiles(session, user)
        found = found[found["name"] == profile]
        if found.empty:
            raise ValueError(f"no weight profile named '{profile}' (shared, or your own)")
        w = found.iloc[0][codes].to_numpy(dtype=float)
        source = f"the profile '{profile}' ({found.iloc[0]['owner']})"
    if not np.all(np.isfinite(w)) or np.any(w < 0) or not w.sum() > 0:
        raise ValueError("weights must be zero or more, with at least one above zero")
    return source, w


def _about(wb, session, user, model, source: str, now: dt.datetime) -> None:
    rows = [
        (
            "What this is",
            f"{len(model.option_codes)} options scored by {len(model.expert_names)} experts on "
            f"{len(model.criterion_codes)} criteria, relative to the baseline "
            f"{model.option_codes[model.baseline]} (-2 much worse … 0 same … +2 much better).",
        ),
        ("Weights", f"Start from {source}."),
        (
            "Try other weights",
            "Change the yellow cells on the Weights sheet: the scores, ranks and the chart on the "
            "Ranking sheet are formulas and follow (weighted sum). The app's own results for the "
            "weights as exported stay beside them as values, for comparison.",
        ),
        (
            "Method",
            "Weighted sum: each score is put on 0..1 of its scale (0 = the scale's worst end, "
            "1 = its best; for a cost criterion less is better), multiplied by the criterion's "
            "share of the total weight, and summed. Scores are the mean of the experts' scores.",
        ),
    ]
    title = "Options for a permanent EU structure on prevention: assessment"
    ws = about_sheet(wb, session, user, now, title, rows)
    append(ws, [])
    append(ws, [styled(ws, "Options", font=SUBTITLE)])
    for code, name in zip(model.option_codes, model.option_names, strict=True):
        append(ws, [styled(ws, code, font=BOLD), text(ws, name, alignment=WRAP)])


def _weights_sheet(wb, model, w: np.ndarray) -> None:
    ws = wb.create_sheet("Weights")
    n = len(model.criterion_codes)
    last = FIRST + n - 1
    set_up_table(ws, [8, 40, 18, 24, 12, 10, 10, 10], FIRST - 1, n, freeze_column=2, title="Weights")
    heading(ws, "Criterion weights", "Change the yellow weights; only their proportions matter.", blank=True)
    append(
        ws,
        header_row(
            ws, ["Code", "Criterion", "Group", "Direction", "Weight", "Share", "Scale from", "Scale to"]
        ),
    )
    validation = DataValidation(
        type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=False, showErrorMessage=True
    )
    validation.error = "A weight is a number, zero or more."
    validation.errorTitle = "Weight"
    validation.add(f"E{FIRST}:E{last}")
    ws.data_validations.append(validation)
    for j, code in enumerate(model.criterion_codes):
        row = FIRST + j
        lo, hi = model.bounds[j]
        append(
            ws,
            [
                code,
                text(ws, model.criterion_names[j]),
                text(ws, model.groups[j]),
                DIRECTIONS[Direction(model.directions[j])].label,
                styled(ws, round(float(w[j]), 6), fill=INPUT_FILL, number_format="0.###"),
                styled(
                    ws,
                    f"=IF(SUM($E${FIRST}:$E${last})>0,E{row}/SUM($E${FIRST}:$E${last}),0)",
                    number_format=PERCENT,
                ),
                lo,
                hi,
            ],
        )
    append(
        ws,
        [None, styled(ws, "Total", font=BOLD), None, None, styled(ws, f"=SUM(E{FIRST}:E{last})", font=BOLD)],
    )


def _matrix(wb, model) -> None:
    ws = wb.create_sheet("Matrix")
    m, n = len(model.option_codes), len(model.criterion_codes)
    set_up_table(ws, [8, 44] + [9] * n, FIRST - 1, m, freeze_column=2, title="Performance matrix")
    heading(
        ws,
        "Performance matrix: mean of the experts' scores",
        "Relative to the baseline: -2 much worse, -1 worse, 0 same, +1 better, +2 much better.",
        blank=True,
    )
    append(ws, header_row(ws, ["Code", "Option", *model.criterion_codes]))
    matrix = model.matrix("mean")
    for i, code in enumerate(model.option_codes):
        append(
            ws,
            [
                code,
                text(ws, model.option_names[i]),
                *[styled(ws, float(v), number_format=SCORE) for v in matrix[i]],
            ],
        )
    cells = f"C{FIRST}:{get_column_letter(2 + n)}{FIRST + m - 1}"
    ws.conditional_formatting.add(
        cells,
        ColorScaleRule(start_type="num", start_value=-2, start_color="F1A340", mid_type="num", mid_value=0,
                       mid_color="F7F7F7", end_type="num", end_value=2, end_color="998EC3"),
    )  # fmt: skip
    append(ws, [])
    append(ws, [styled(ws, "Criteria", font=SUBTITLE)])
    for code, name in zip(model.criterion_codes, model.criterion_names, strict=True):
        append(ws, [code, text(ws, name)])


def _utilities(wb, model) -> None:
    """Criteria down, options across, so that a score is SUMPRODUCT(weights, one column)."""
    ws = wb.create_sheet("Utilities")
    m, n = len(model.option_codes), len(model.criterion_codes)
    set_up_table(ws, [8, 40] + [9] * m, FIRST - 1, n, freeze_column=2, title="Utilities")
    heading(
        ws,
        "Each score on 0..1 of its scale (formulas of the Matrix sheet)",
        "Benefit: (score - scale from) / (scale to - scale from). "
        "Cost: (scale to - score) / (scale to - scale from).",
        blank=True,
    )
    append(ws, header_row(ws, ["Code", "Criterion", *model.option_codes]))
    for j, code in enumerate(model.criterion_codes):
        w_row = FIRST + j
        lo, hi = f"Weights!$G${w_row}", f"Weights!$H${w_row}"
        cells = []
        for i in range(m):
            score = f"Matrix!{get_column_letter(3 + j)}{FIRST + i}"
            if model.directions[j] == Direction.COST.value:
                formula = f"=({hi}-{score})/({hi}-{lo})"
            else:
                formula = f"=({score}-{lo})/({hi}-{lo})"
            cells.append(styled(ws, formula, number_format="0.000"))
        append(ws, [code, text(ws, model.criterion_names[j]), *cells])


def _ranking(wb, model, table: pd.DataFrame) -> None:
    ws = wb.create_sheet("Ranking")
    m, n = len(model.option_codes), len(model.criterion_codes)
    last, w_last = FIRST + m - 1, FIRST + n - 1
    set_up_table(ws, [8, 44, 12, 8, 12, 8, 16], FIRST - 1, m, freeze_column=2, title="Ranking")
    heading(ws, "Ranking by weighted sum")
    leader = (
        '="Leader with the weights on the Weights sheet: "'
        f"&INDEX(A{FIRST}:A{last},MATCH(1,D{FIRST}:D{last},0))"
    )
    append(ws, [styled(ws, leader, font=BOLD)])
    append(
        ws,
        [styled(ws, "Score and Rank are formulas of the weights; the app's results are values.", font=NOTE)],
    )
    append(
        ws, header_row(ws, ["Code", "Option", "Score", "Rank", "App score", "App rank", "Same as the app"])
    )
    app = table.set_index("code")
    weights = f"Weights!$E${FIRST}:$E${w_last}"
    for i, code in enumerate(model.option_codes):
        row = FIRST + i
        column = get_column_letter(3 + i)
        score = f"=SUMPRODUCT({weights},Utilities!{column}${FIRST}:{column}${w_last})/SUM({weights})"
        append(
            ws,
            [
                code,
                text(ws, model.option_names[i]),
                styled(ws, score, number_format="0.000"),
                styled(ws, f"=RANK(C{row},C${FIRST}:C${last})"),
                styled(ws, float(app.at[code, "score"]), number_format="0.000"),
                int(app.at[code, "rank"]),
                styled(ws, f'=IF(ABS(C{row}-E{row})<0.0000001,"yes","weights changed")'),
            ],
        )
    chart = BarChart()
    chart.type = "bar"
    chart.title = "Weighted-sum score (live)"
    chart.y_axis.title = "Score (0..1)"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    chart.legend = None
    chart.add_data(Reference(ws, min_col=3, min_row=FIRST - 1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=FIRST, max_row=last))
    chart.height, chart.width = 7.5, 16
    ws.add_chart(chart, f"A{last + 3}")


def _break_even(wb, model, w: np.ndarray) -> None:
    ws = wb.create_sheet("Break-even")
    matrix = model.matrix("mean")
    n = len(model.criterion_codes)
    set_up_table(ws, [8, 40, 12, 12, 12, 30, 30], FIRST - 1, n, freeze_column=2, title="Break-even")
    heading(
        ws,
        "How far each weight may move before the leader changes",
        "One weight at a time, the others keeping their proportions; weighted sum, the weights as exported.",
        blank=True,
    )
    append(
        ws,
        header_row(
            ws,
            [
                "Code",
                "Criterion",
                "Share now",
                "Leader stays first from",
                "to",
                "Below that, first is",
                "Above that, first is",
            ],
        ),
    )
    for k, code in enumerate(model.criterion_codes):
        try:
            found = mcda.break_even_weight(
                matrix, w, model.directions, k, mcda.Method.WEIGHTED_SUM, model.options
            )
        except ValueError:  # the only weighted criterion: nothing to trade it against
            share = styled(ws, float(w[k]), number_format=PERCENT)
            append(
                ws,
                [
                    code,
                    text(ws, model.criterion_names[k]),
                    share,
                    "—",
                    "—",
                    "(the only weighted criterion)",
                    "—",
                ],
            )
            continue
        lo, hi = found.stable if found else (0.0, 1.0)
        below, above = (found.before, found.after) if found else (None, None)
        below, above = (model.option_codes[i] if i is not None else "—" for i in (below, above))
        shares = [styled(ws, float(v), number_format=PERCENT) for v in (w[k], lo, hi)]
        append(ws, [code, text(ws, model.criterion_names[k]), *shares, below, above])


def _experts(wb, model, w: np.ndarray) -> None:
    ws = wb.create_sheet("Experts")
    ranks, kendall = expert_rankings(model, w)
    experts = list(ranks.columns)
    widths = [8, 44] + [14] * max(len(experts), 3)
    set_up_table(ws, widths, 4, len(ranks), freeze_column=2, title="Experts")
    heading(ws, "Each expert's ranking with the same weights")
    agreement = f"Kendall's W across the experts' rankings: {kendall:.2f} (1 = full agreement, 0 = none)"
    append(
        ws,
        [styled(ws, agreement if kendall == kendall else "One expert: no agreement to measure.", font=BOLD)],
    )
    append(ws, [])
    append(ws, header_row(ws, ["Code", "Option", *experts]))
    for code, row in ranks.iterrows():
        append(
            ws, [code, text(ws, model.option_names[model.option_codes.index(code)]), *[int(v) for v in row]]
        )


def _scores(wb, session) -> None:
    rows = session.execute(
        select(Option.code, Criterion.code, User.name, OptionScore.value, OptionScore.rationale)
        .join(Option, Option.id == OptionScore.option_id)
        .join(Criterion, Criterion.id == OptionScore.criterion_id)
        .join(User, User.id == OptionScore.expert_id)
        .order_by(Option.display_order, Criterion.display_order, User.name)
    ).all()
    ws = wb.create_sheet("Scores")
    set_up_table(
        ws, [8, 10, 20, 8, 80], 1, len(rows), freeze_column=2, title="Every score with its rationale"
    )
    append(ws, header_row(ws, ["Option", "Criterion", "Expert", "Score", "Rationale"]))
    for option, criterion, expert, value, rationale in rows:
        append(
            ws,
            [
                option,
                criterion,
                text(ws, expert),
                styled(ws, value, number_format=SCORE),
                text(ws, rationale or None, alignment=WRAP),
            ],
        )

"""The options workbook: an ``OptionsReport`` laid out with the weights as inputs and a ranking that
the spreadsheet recomputes.

Sheets: About; Weights (the weight cells are inputs, shares are formulas); Matrix (experts' mean
scores, relative to the baseline); Utilities (each score on 0..1 of its scale as a formula, criteria
down, options across); Ranking (weighted-sum scores and ranks as live formulas of the weights, the
app's own results as values beside them, and a chart of the live scores); Break-even (how far each
weight may move before the leader changes); Experts (each expert's ranking, Kendall's W); Scores
(every score with its rationale); Criteria (each defined in words: what it includes and excludes,
and what every score means); Facts (the options' budget, set-up time, legislative act and staff, with
sources). Every formula carries the value it has as exported, so a reader
that does not recalculate shows the right figures too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xlsxwriter.utility import xl_col_to_name

from dashboard.charts import palette
from dashboard.excel.about import about_sheet
from dashboard.excel.writer import Book, Column, Formula, cell, records, text

if TYPE_CHECKING:
    from dashboard.assessment.report import OptionsReport

FIRST = (
    5  # the first data row (1-based, as a reader sees it) of the Weights, Matrix, Utilities, Ranking tables
)
SCALE_NOTE = (
    "Relative to the baseline, -2..+2; what each score means on each criterion is on the Criteria sheet "
    "(on a cost criterion + means more cost or time)."
)


def render(report: OptionsReport) -> bytes:
    """The workbook's bytes."""
    title = "Options for a permanent EU structure on prevention: assessment"
    book = Book(report.provenance.generated_at, title)
    _about(book, report, title)
    _weights(book, report)
    _matrix(book, report)
    _utilities(book, report)
    _ranking(book, report)
    _break_even(book, report)
    _experts(book, report)
    _scores(book, report)
    _criteria(book, report)
    _facts(book, report)
    return book.finish()


def _about(book: Book, report, title: str) -> None:
    rows = [
        (
            "What this is",
            f"{len(report.option_codes)} options scored by {report.expert_count} experts on "
            f"{len(report.criterion_codes)} criteria, relative to the baseline "
            f"{report.baseline} (-2 much worse … 0 same … +2 much better).",
        ),
        (
            "Evidence",
            f"{report.evidence} A score an expert could not give ('cannot judge') is left out of "
            "the mean, never read as 0; every score is on the Scores sheet.",
        ),
        ("Weights", f"Start from {report.weights_source}."),
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
    sheet = about_sheet(book, title, rows, report.provenance)
    sheet.blank()
    sheet.line(cell("Options", "subtitle"))
    for code, name in zip(report.option_codes, report.option_names, strict=True):
        sheet.line(cell(code, "bold"), text(name, "wrap"))


def _weights(book: Book, report) -> None:
    n = len(report.criterion_codes)
    last = FIRST + n - 1
    sheet = book.sheet("Weights", [8, 40, 18, 24, 12, 10, 10, 10])
    sheet.table_set_up(FIRST - 2, n, 2, "Weights")
    sheet.heading(
        "Criterion weights", "Change the yellow weights; only their proportions matter.", blank=True
    )
    sheet.header(["Code", "Criterion", "Group", "Direction", "Weight", "Share", "Scale from", "Scale to"])
    sheet.ws.data_validation(
        FIRST - 1, 4, last - 1, 4,
        {"validate": "decimal", "criteria": ">=", "value": 0, "error_title": "Weight",
         "error_message": "A weight is a number, zero or more."},
    )  # fmt: skip
    total = f"SUM($E${FIRST}:$E${last})"
    for j, code in enumerate(report.criterion_codes):
        row = FIRST + j
        lo, hi = report.bounds[j]
        sheet.line(
            code,
            text(report.criterion_names[j]),
            text(report.groups[j]),
            report.direction_labels[j],
            cell(round(float(report.weights[j]), 6), "input", "weight"),
            Formula(f"IF({total}>0,E{row}/{total},0)", float(report.shares[j]), ("percent",)),
            lo,
            hi,
        )
    sheet.line(
        None,
        cell("Total", "bold"),
        None,
        None,
        Formula(f"SUM(E{FIRST}:E{last})", float(report.weights.sum()), ("bold",)),
    )


def _matrix(book: Book, report) -> None:
    m, n = len(report.option_codes), len(report.criterion_codes)
    sheet = book.sheet("Matrix", [8, 44] + [9] * n)
    sheet.table_set_up(FIRST - 2, m, 2, "Performance matrix")
    sheet.heading("Performance matrix: mean of the experts' scores", SCALE_NOTE, blank=True)
    sheet.header(["Code", "Option", *report.criterion_codes])
    columns = [Column("label"), Column("text")] + [Column("number", ("score",))] * n
    sheet.rows(
        columns,
        (
            [code, name, *row]
            for code, name, row in zip(report.option_codes, report.option_names, report.matrix, strict=True)
        ),
    )
    sheet.ws.conditional_format(
        FIRST - 1, 2, FIRST + m - 2, 1 + n,
        {"type": "3_color_scale", "min_type": "num", "min_value": -2, "min_color": palette.BEHIND_LIGHT,
         "mid_type": "num", "mid_value": 0, "mid_color": palette.MIDDLE, "max_type": "num", "max_value": 2,
         "max_color": palette.AHEAD_LIGHT},
    )  # fmt: skip
    sheet.blank()
    sheet.line(cell("Evidence", "subtitle"))
    sheet.line(text(report.evidence))
    sheet.blank()
    sheet.line(cell("Criteria", "subtitle"))
    for code, name in zip(report.criterion_codes, report.criterion_names, strict=True):
        sheet.line(code, text(name))


def _utilities(book: Book, report) -> None:
    """Criteria down, options across, so that a score is SUMPRODUCT(weights, one column)."""
    m, n = len(report.option_codes), len(report.criterion_codes)
    sheet = book.sheet("Utilities", [8, 40] + [9] * m)
    sheet.table_set_up(FIRST - 2, n, 2, "Utilities")
    sheet.heading(
        "Each score on 0..1 of its scale (formulas of the Matrix sheet)",
        "Benefit: (score - scale from) / (scale to - scale from). "
        "Cost: (scale to - score) / (scale to - scale from).",
        blank=True,
    )
    sheet.header(["Code", "Criterion", *report.option_codes])
    for j, code in enumerate(report.criterion_codes):
        w_row = FIRST + j
        lo, hi = f"Weights!$G${w_row}", f"Weights!$H${w_row}"
        cells = []
        for i in range(m):
            score = f"Matrix!{xl_col_to_name(2 + j)}{FIRST + i}"
            expression = (
                f"({hi}-{score})/({hi}-{lo})"
                if report.directions[j] == "cost"
                else f"({score}-{lo})/({hi}-{lo})"
            )
            cells.append(Formula(expression, float(report.utilities[i, j]), ("decimal3",)))
        sheet.line(code, text(report.criterion_names[j]), *cells)


def _ranking(book: Book, report) -> None:
    m, n = len(report.option_codes), len(report.criterion_codes)
    last, w_last = FIRST + m - 1, FIRST + n - 1
    sheet = book.sheet("Ranking", [8, 44, 12, 8, 12, 8, 16])
    sheet.table_set_up(FIRST - 2, m, 2, "Ranking")
    sheet.heading("Ranking by weighted sum")
    says = "Leader with the weights on the Weights sheet: "
    leader = f'"{says}"&INDEX(A{FIRST}:A{last},MATCH(1,D{FIRST}:D{last},0))'
    sheet.line(Formula(leader, f"{says}{report.leader}", ("bold",)))
    sheet.line(cell("Score and Rank are formulas of the weights; the app's results are values.", "note"))
    sheet.header(["Code", "Option", "Score", "Rank", "App score", "App rank", "Same as the app"])
    weights = f"Weights!$E${FIRST}:$E${w_last}"
    for i, code in enumerate(report.option_codes):
        row, column = FIRST + i, xl_col_to_name(2 + i)
        score, rank = float(report.scores[i]), int(report.ranks[i])
        sheet.line(
            code,
            text(report.option_names[i]),
            Formula(
                f"SUMPRODUCT({weights},Utilities!{column}${FIRST}:{column}${w_last})/SUM({weights})",
                score,
                ("decimal3",),
            ),
            Formula(f"RANK(C{row},C${FIRST}:C${last})", rank),
            cell(score, "decimal3"),
            rank,
            Formula(f'IF(ABS(C{row}-E{row})<0.0000001,"yes","weights changed")', "yes"),
        )
    chart = book.wb.add_chart({"type": "bar"})
    chart.add_series(
        {
            "name": "Score",
            "categories": ["Ranking", FIRST - 1, 0, last - 1, 0],
            "values": ["Ranking", FIRST - 1, 2, last - 1, 2],
            "fill": {"color": palette.BLUE},
        }
    )
    chart.set_title({"name": "Weighted-sum score (live)"})
    chart.set_x_axis({"name": "Score (0..1)", "min": 0, "max": 1})  # a bar chart's value axis is x
    chart.set_legend({"none": True})
    chart.set_size({"width": 605, "height": 283})
    sheet.ws.insert_chart(last + 2, 0, chart)


def _break_even(book: Book, report) -> None:
    n = len(report.criterion_codes)
    sheet = book.sheet("Break-even", [8, 40, 12, 12, 12, 30, 30])
    sheet.table_set_up(FIRST - 2, n, 2, "Break-even")
    sheet.heading(
        "How far each weight may move before the leader changes",
        "One weight at a time, the others keeping their proportions; weighted sum, the weights as exported.",
        blank=True,
    )
    sheet.header(["Code", "Criterion", "Share now", "Leader stays first from", "to", "Below that, first is",
                  "Above that, first is"])  # fmt: skip
    percent = Column("number", ("percent",))
    columns = [Column("label"), Column("text"), percent, percent, percent, Column("label"), Column("label")]
    sheet.rows(columns, ([c, name, share, "—" if lo is None else lo, "—" if hi is None else hi, below, above]
                         for c, name, share, lo, hi, below, above in report.break_even))  # fmt: skip


def _experts(book: Book, report) -> None:
    ranks = report.expert_ranks
    experts = list(ranks.columns)
    sheet = book.sheet("Experts", [8, 44] + [14] * max(len(experts), 3))
    sheet.table_set_up(3, len(ranks), 2, "Experts")
    sheet.heading("Each expert's ranking with the same weights")
    w = report.kendall
    agreement = f"Kendall's W across the experts' rankings: {w:.2f} (1 = full agreement, 0 = none)"
    sheet.line(cell(agreement if w == w else "One expert: no agreement to measure.", "bold"))
    sheet.blank()
    sheet.line(*(text(v, "header") for v in ["Code", "Option", *experts]))
    names = dict(zip(report.option_codes, report.option_names, strict=True))
    columns = [Column("label"), Column("text")] + [Column("number")] * len(experts)
    sheet.rows(
        columns, ([code, names[code], *row] for code, row in zip(ranks.index, ranks.to_numpy(), strict=True))
    )


def _scores(book: Book, report) -> None:
    rows = report.all_scores
    sheet = book.sheet("Scores", [8, 10, 20, 8, 12, 80])
    sheet.table_set_up(0, len(rows), 2, "Every score with its rationale")
    sheet.header(["Option", "Criterion", "Expert", "Score", "Cannot judge", "Rationale"])
    columns = [
        Column("label"),
        Column("label"),
        Column("text"),
        Column("number", ("score",)),
        Column("yes_no"),
        Column("text", ("wrap",)),
    ]
    sheet.rows(
        columns, records(rows, ["option", "criterion", "expert", "value", "cannot_judge", "rationale"])
    )


def _criteria(book: Book, report) -> None:
    rows = report.criteria
    points = ["−2", "−1", "0", "+1", "+2"]
    sheet = book.sheet("Criteria", [8, 28, 18, 44, 36, 36, 22, *[22] * len(points)])
    sheet.table_set_up(0, len(rows), 2, "The criteria, defined in words")
    fields = [
        "Code",
        "Criterion",
        "Direction",
        "Definition",
        "Includes",
        "Excludes",
        "Checked against",
        *points,
    ]
    sheet.header(
        ["Code", "Criterion", "Direction", "Definition", "Includes", "Excludes", "Checked against"]
        + [f"Score {p}" for p in points]
    )
    columns = [Column("label"), Column("text", ("wrap",)), *[Column("text", ("wrap",))] * (len(fields) - 2)]
    sheet.rows(columns, records(rows, fields))


def _facts(book: Book, report) -> None:
    rows = report.facts
    sheet = book.sheet("Facts", [8, 40, 24, 22, 12, 60, 12])
    sheet.table_set_up(0, len(rows), 2, "Facts about the options, with their sources")
    fields = ["Code", "Option", "Fact", "Value", "Basis", "Source", "As of"]
    sheet.header(fields)
    columns = [Column("label"), *[Column("text", ("wrap",))] * 5, Column("date")]
    sheet.rows(columns, records(rows, fields))

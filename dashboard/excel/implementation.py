"""The implementation workbook: an ``ImplementationReport`` laid out for reading and printing.

Sheets: About (what, as of, data revision, generated when and for whom, notice, legend), Headline
(EU figures, trend by round, by Member State), EU matrix (Member States x recommendations, status
colours by conditional formatting), Detail (status, evidence, source, who, EU comparison), By round,
History (one Member State's every recorded status), By area (progress against the EU), Recommendations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dashboard.enums import label_of
from dashboard.excel.about import about_sheet
from dashboard.excel.writer import Book, Column, Sheet, cell, records

if TYPE_CHECKING:
    from dashboard.monitoring.report import ImplementationReport

TITLE = "Implementation of the HLCEG-R recommendations"
SHEETS = [
    ("Headline", "EU headline figures, the trend by assessment round, and each Member State's figures"),
    ("EU matrix", "every Member State x every recommendation, in status colours"),
    ("Detail", "each recommendation's status with evidence, source and author, against the EU"),
    ("By round", "each status at every assessment round and now, in status colours"),
    ("History", None),
    ("By area", "progress index per thematic area against the EU"),
    ("Recommendations", "the register: code, title, thematic area, addressee, deadline"),
]


def render(report: ImplementationReport) -> bytes:
    """The workbook's bytes."""
    title = TITLE + (f": {report.scope}" if report.member_state else "")
    book = Book(report.provenance.generated_at, title)
    _about(book, report, title)
    _headline(book, report)
    _matrix(book, report)
    _detail(book, report)
    _by_round(book, report)
    if report.history is not None:  # every recorded status with its evidence: one state's log stays readable
        _history(book, report)
    _by_area(book, report)
    if report.eu_level is not None and len(report.eu_level):
        _eu_level(book, report)
    if report.review is not None and len(report.review):
        _review(book, report)
    _register(book, report)
    return book.finish()


EU_LEVEL = [
    ("Code", 8, Column("label", ("top",))),
    ("Recommendation", 40, Column("text", ("wrap",))),
    ("Addressed to", 18, Column("text", ("wrap",))),
    ("Deadline", 11, Column("date", ("date", "top"))),
    ("Status", 18, Column("label", ("top",))),
    ("Since", 11, Column("date", ("date", "top"))),
    ("Evidence", 50, Column("text", ("wrap",))),
    ("Source", 30, Column("text", ("wrap",))),
    ("Recorded by", 18, Column("text", ("wrap",))),
]


REVIEW = [
    ("Member State", 8, Column("label", ("top",)), "member_state"),
    ("Code", 8, Column("label", ("top",)), "recommendation"),
    ("Member State's own status", 18, Column("label", ("top",)), "own"),
    ("Assessed status now", 18, Column("label", ("top",)), "assessed"),
    ("Where it stands", 22, Column("text", ("wrap",)), "stands"),
    ("When (UTC)", 16, Column("date", ("stamp", "top")), "at"),
    ("Who", 18, Column("text", ("wrap",)), "by"),
    ("Step", 24, Column("text", ("wrap",)), "what"),
    ("Status", 18, Column("label", ("top",)), "status"),
    ("Comment", 50, Column("text", ("wrap",)), "comment"),
]


def _review(book: Book, report) -> None:
    """The two voices: each Member State's own statuses, the assessed ones and the thread between."""
    rows = report.review
    sheet = book.sheet("Review", [width for _, width, _, _ in REVIEW])
    header_at = 2
    sheet.table_set_up(header_at, len(rows), 2, "Review: the Member States' own statuses and their threads")
    sheet.heading(
        "The Member States' own statuses and the secretariat's review",
        "The figures count the assessed status; a Member State's own status counts once validated. "
        "One row per step of each thread.",
    )
    sheet.header([name for name, _, _, _ in REVIEW])
    sheet.rows([column for _, _, column, _ in REVIEW], records(rows, [field for _, _, _, field in REVIEW]))
    sheet.status_colours(header_at + 1, 2, header_at + len(rows), 3)
    sheet.status_colours(header_at + 1, 8, header_at + len(rows), 8)


def _eu_level(book: Book, report) -> None:
    """The recommendations addressed to the Commission or an agency, with their EU-level status:
    their own figures, never part of a Member State's."""
    rows = report.eu_level
    sheet = book.sheet("EU level", [width for _, width, _ in EU_LEVEL])
    header_at = 2
    sheet.table_set_up(header_at, len(rows), 1, "EU level: the Commission's and agencies' own actions")
    sheet.heading(
        f"EU-level actions, {report.as_of:%d %B %Y}",
        "Recommendations addressed to the Commission or an EU agency, assessed at EU level; not part "
        "of any Member State's figures.",
    )
    sheet.header([name for name, _, _ in EU_LEVEL])
    sheet.rows([column for _, _, column in EU_LEVEL], records(rows, [name for name, _, _ in EU_LEVEL]))
    sheet.status_colours(header_at + 1, 4, header_at + len(rows), 4)


def _about(book: Book, report, title: str) -> None:
    rows = [
        (
            "What this is",
            "How far each recommendation of the High-Level Commission Expert Group on Radicalisation "
            "(HLCEG-R) is implemented in each Member State, with the evidence behind each status.",
        ),
        ("Scope", report.scope),
        ("Status as of", report.as_of),
        (
            "How to read it",
            "Status follows the European Semester scale. The progress index is the mean status level "
            "divided by 4 over applicable, assessed items (0% = no progress anywhere, 100% = fully "
            "implemented everywhere). 'Not applicable' and 'Not assessed' are never counted as "
            "'No progress'. Overdue: the deadline has passed and the item is not fully implemented.",
        ),
    ]
    sheet = about_sheet(book, title, rows, report.provenance)
    sheet.blank()
    sheet.line(cell("Sheets", "subtitle"))
    history = (
        "every status recorded, with its evidence, oldest first (append-only)"
        if report.member_state
        else "in each Member State's own workbook (Member State profile page)"
    )
    for name, what in SHEETS:
        sheet.line(cell(name, "bold"), what or history)
    sheet.blank()
    sheet.line(cell("Status legend", "subtitle"))
    sheet.legend()


def _headline(book: Book, report) -> None:
    sheet = book.sheet("Headline", [30, 16, 16, 16, 14, 14, 12])
    sheet.print_set_up(landscape=False)
    sheet.heading(f"EU headline figures as of {report.as_of:%d %B %Y}")
    h = report.headline
    for label, value, style in [
        ("Progress index", h.progress, "percent"),
        ("At least some progress", h.some_or_more, "percent"),
        ("Substantial or full", h.substantial_or_full, "percent"),
        ("Coverage (assessed)", h.coverage, "percent"),
        ("Overdue items", h.overdue, "integer"),
        ("Assessed items", h.assessed, "count"),
        ("Applicable items", h.applicable, "count"),
    ]:
        sheet.line(cell(label, "bold"), cell(value, style))
    sheet.blank()
    sheet.line(cell("EU trend by assessment round", "subtitle"))
    sheet.header(["Round", "Reference date", "Progress index", "At least some", "Coverage"])
    percent = Column("number", ("percent",))
    trend = records(report.trend, ["round", "date", "progress", "some_or_more", "coverage"])
    sheet.rows([Column("label"), Column("date"), percent, percent, percent], trend)
    sheet.blank()
    sheet.line(cell("By Member State", "subtitle"))
    sheet.header(["Member State", "Code", "Progress index", "Coverage", "Assessed", "Applicable", "Overdue"])
    fields = ["name", "member_state", "progress", "coverage", "assessed", "applicable", "overdue"]
    number = Column("number")
    columns = [Column("label"), Column("label"), percent, percent, number, number, number]
    sheet.rows(columns, records(report.states, fields))


def _matrix(book: Book, report) -> None:
    matrix = report.matrix
    recs, states = list(matrix.columns), list(matrix.index)
    sheet = book.sheet("EU matrix", [22, 7] + [13] * len(recs))
    header_at = 2
    sheet.table_set_up(
        header_at, len(states), 2, "EU matrix: status of every recommendation in every Member State"
    )
    sheet.heading(
        f"Status of every recommendation in every Member State, {report.as_of:%d %B %Y}",
        "Colours follow the legend below the table; the label is always in the cell.",
    )
    sheet.header(["Member State", "Code", *recs])
    labels = matrix.reset_index().to_numpy(dtype=object)
    names = [report.state_names[code] for code in states]
    sheet.rows(
        [Column("label")] * (len(recs) + 2), ([name, *row] for name, row in zip(names, labels, strict=True))
    )
    sheet.status_colours(header_at + 1, 2, header_at + len(states), 1 + len(recs), short=True)
    sheet.blank()
    sheet.line(cell("Legend", "subtitle"))
    sheet.legend(short=True)


DETAIL = [
    ("Member State", 8, Column("label", ("top",)), "member_state"),
    ("Recommendation", 15, Column("label", ("top",)), "recommendation"),
    ("Title", 30, Column("text", ("wrap",)), "title"),
    ("Thematic area", 18, Column("text", ("wrap",)), "area"),
    ("Status", 18, Column("label", ("top",)), "label"),
    ("Since", 11, Column("date", ("date", "top")), "assessed_on"),
    ("Evidence", 42, Column("text", ("wrap",)), "evidence"),
    ("Source", 20, Column("text", ("wrap",)), "source"),
    ("Recorded by", 14, Column("text", ("top",)), "by"),
    ("Deadline", 11, Column("date", ("date", "top")), "deadline"),
    ("Overdue", 8, Column("yes_no", ("top",)), "overdue"),
    ("EU progress index", 10, Column("number", ("percent", "top")), "eu_progress"),
    ("EU at least some progress", 10, Column("number", ("percent", "top")), "eu_some"),
]


def _detail(book: Book, report) -> None:
    table = report.detail
    sheet = book.sheet("Detail", [w for _, w, _, _ in DETAIL])
    sheet.table_set_up(0, len(table), 2, "Detail")
    sheet.header([name for name, _, _, _ in DETAIL])
    sheet.rows([column for _, _, column, _ in DETAIL], records(table, [field for _, _, _, field in DETAIL]))
    sheet.status_colours(1, 4, len(table), 4)


def _by_round(book: Book, report) -> None:
    wide = report.by_round
    columns = list(wide.columns)
    sheet = book.sheet("By round", [16, 15] + [12] * len(columns))
    sheet.table_set_up(0, len(wide), 2, "Status by round")
    sheet.header(["Member State", "Recommendation", *columns])
    rows = (
        [name, rec, *labels]
        for (name, rec), labels in zip(wide.index, wide.to_numpy(dtype=object), strict=True)
    )
    sheet.rows([Column("label")] * (2 + len(columns)), rows)
    sheet.status_colours(1, 2, len(wide), 1 + len(columns), short=True)


HISTORY = [
    ("Member State", 8, Column("label"), "member_state"),
    ("Recommendation", 9, Column("label"), "recommendation"),
    ("Assessed on", 11, Column("date"), "assessed_on"),
    ("Status", 18, Column("label"), "label"),
    ("Evidence", 50, Column("text", ("wrap",)), "evidence"),
    ("Source", 24, Column("text", ("wrap",)), "source"),
    ("Recorded by", 14, Column("text"), "by"),
    ("Recorded at (UTC)", 16, Column("date", ("stamp",)), "recorded"),
    ("Correction", 30, Column("text", ("wrap",)), "correction"),
    ("Withdrawn", 30, Column("text", ("wrap",)), "withdrawal"),
]


def _history(book: Book, report) -> None:
    past = report.history
    sheet = book.sheet("History", [w for _, w, _, _ in HISTORY])
    sheet.table_set_up(0, len(past), 2, "History")
    sheet.header([name for name, _, _, _ in HISTORY])
    sheet.rows([column for _, _, column, _ in HISTORY], records(past, [f for _, _, _, f in HISTORY]))
    sheet.status_colours(1, 3, len(past), 3)


def _by_area(book: Book, report) -> None:
    table = report.by_area
    sheet = book.sheet("By area", [16, 7, 44, 12, 12, 12])
    sheet.table_set_up(0, len(table), 2, "Progress by thematic area")
    sheet.header(["Member State", "Code", "Thematic area", "Progress index", "EU", "Difference"])
    rows = records(table, ["name", "member_state", "area", "progress", "eu_progress", "difference"])
    percent = Column("number", ("percent",))
    columns = [
        Column("label"),
        Column("label"),
        Column("label"),
        percent,
        percent,
        Column("number", ("difference",)),
    ]
    sheet.rows(columns, rows)


REGISTER = [("Code", 9), ("Title", 60), ("Thematic area", 30), ("Addressed to", 22), ("Issued", 12),
            ("Deadline", 12), ("Priority", 9)]  # fmt: skip


def _register(book: Book, report) -> None:
    recs = report.register
    sheet: Sheet = book.sheet("Recommendations", [w for _, w in REGISTER])
    sheet.table_set_up(0, len(recs), 1, "Recommendations")
    sheet.header([name for name, _ in REGISTER])
    recs = recs.assign(addressee=recs["addressee"].map(label_of), priority=recs["priority"].map(label_of))
    rows = records(recs, ["code", "title", "area", "addressee", "issued_on", "deadline", "priority"])
    columns = [Column("label"), Column("text", ("wrap",)), Column("text"), Column("label"), Column("date"),
               Column("date"), Column("label")]  # fmt: skip
    sheet.rows(columns, rows)

"""Text in, text out, as a table: each free-text field × hostile strings × each place it shows up.

Refused at the door (every field): a control character, a hidden text-direction override, a value
of 100,000 characters; each with a sentence naming the field, nothing stored. Accepted and shown as
typed (every field): a script tag, a Markdown link, a Markdown image, a spreadsheet formula; on the
page as text (never a link, an image or markup), in the workbook as a text cell (never a formula),
on the command line as the characters typed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from collections.abc import Callable

import pytest
from openpyxl import load_workbook

from dashboard.access.demo import demo_persona
from dashboard.access.users import add_user
from dashboard.assessment import catalogue, scoring
from dashboard.assessment.report import options_report
from dashboard.assessment.weight_profiles import save_profile
from dashboard.cli import main
from dashboard.enums import Addressee, Priority, Role, StatusLevel
from dashboard.errors import InvalidInput
from dashboard.excel import assessment as options_workbook
from dashboard.excel import implementation as implementation_workbook
from dashboard.monitoring import register, rounds
from dashboard.monitoring.recording import StatusEntry
from dashboard.monitoring.report import implementation_report
from dashboard.monitoring.review import submit_status, validate
from dashboard.store.db import make_engine, session_scope
from tests.apptest import shown
from tests.inputs import criterion_input
from tests.registers import contents

TODAY = dt.date.today()
ACCEPTED = {  # shown as typed, everywhere
    "script": "<script>alert('x')</script>",
    "link": "[Open the report](https://evil.example/phish)",
    "image": "![logo](https://evil.example/pixel.png)",
    "formula": '=HYPERLINK("https://evil.example/f","Click")',
}
REFUSED = {  # value -> the end of the sentence
    "control character": ("Plan \x1b[31madopted", "contains a control character; remove it and try again"),
    "right-to-left override": ("Plan \u202eadopted", "contains a hidden text-direction mark"),
    "100,000 characters": ("x" * 100_000, "is longer than"),
}


def _persona(s, role=Role.ADMIN, ms=None):
    return demo_persona(s, role, ms)


# --- writers: (session, text, n) -> None, the n-th hostile value of the field -------------------


def _evidence(s, text, n):
    official = _persona(s, Role.MS_OFFICIAL, "EL")
    entry = StatusEntry(f"P-{n + 1}", "EL", StatusLevel.SOME, TODAY - dt.timedelta(days=2), text)
    validate(s, _persona(s), submit_status(s, official, entry))  # submitted, then assessed


def _rationale(s, text, n):
    expert = _persona(s, Role.EXPERT)
    grid = scoring.score_grid(s, expert).set_index(["option", "criterion"])
    cell = ("O1", f"C0{n + 1}")
    version = int(grid.loc[cell, "version"])
    scoring.save_scores(s, expert, [scoring.CellEdit(*cell, 1, text, version)])


def _profile_name(s, text, n):
    expert = _persona(s, Role.EXPERT)
    weights = {code: 10.0 + n for code in catalogue.criteria_table(s)["Code"]}
    save_profile(s, expert, text, weights, shared=True)


def _user_name(s, text, n):
    add_user(s, _persona(s), f"hostile{n}@example.eu", text, Role.VIEWER)


def _title(s, text, n):
    entry = register.RecommendationInput(
        f"R-{90 + n}", 1, text, Addressee.MEMBER_STATES, dt.date(2018, 5, 18), Priority.HIGH,
        "Final report of the HLCEG-R", "9.9",
    )  # fmt: skip
    register.add_recommendation(s, _persona(s), entry)


def _area(s, text, n):
    register.add_area(s, _persona(s), text)


def _option(s, text, n):
    catalogue.add_option(s, _persona(s), catalogue.OptionInput(f"O{7 + n}", text))


def _criterion(s, text, n):
    catalogue.add_criterion(s, _persona(s), criterion_input(f"C{50 + n}", text))


def _round(s, text, n):
    rounds.add_round(s, _persona(s), text, TODAY - dt.timedelta(days=10 - n))


# --- where each shows up -------------------------------------------------------------------------


def _implementation_book(s) -> bytes:
    return implementation_workbook.render(implementation_report(s, _persona(s), TODAY, "EL"))


def _options_book(s) -> bytes:
    return options_workbook.render(options_report(s, _persona(s)))


@dataclasses.dataclass(frozen=True)
class Field:
    write: Callable
    page: tuple[str, str, str | None]  # (role, page, Member State) that shows it
    workbook: Callable | None = None  # (session) -> bytes of the workbook that shows it
    cli: tuple[str, ...] = ()  # a command that prints it


FIELDS = {
    "the evidence": Field(_evidence, ("ms_official", "pages/member_state.py", "EL"), _implementation_book),
    "the rationale": Field(_rationale, ("expert", "pages/scoring.py", None), _options_book),
    "the profile name": Field(_profile_name, ("expert", "pages/weights.py", None)),
    "the name": Field(_user_name, ("admin", "pages/users.py", None), cli=("users", "list")),
    "the title": Field(_title, ("viewer", "pages/register.py", None), _implementation_book),
    "the area's name": Field(_area, ("admin", "pages/manage_register.py", None)),
    "the option's name": Field(_option, ("viewer", "pages/catalogue.py", None)),
    "the criterion's name": Field(_criterion, ("viewer", "pages/catalogue.py", None)),
    "the round's name": Field(_round, ("admin", "pages/rounds.py", None), cli=("rounds", "list")),
}


@pytest.mark.parametrize("kind", list(REFUSED))
@pytest.mark.parametrize("field", list(FIELDS))
def test_a_hostile_value_is_refused_in_words_and_nothing_is_stored(demo_engine, field, kind):
    value, sentence = REFUSED[kind]
    before = contents(demo_engine)
    with pytest.raises(InvalidInput) as refused, session_scope(demo_engine) as s:
        FIELDS[field].write(s, value, 0)
    message = str(refused.value)
    assert sentence in message, message
    assert "\x1b" not in message and "\u202e" not in message and len(message) < 300
    assert contents(demo_engine) == before


UNESCAPED_LINK = re.compile(r"(?<!\\)\]\((?:https?:)?//evil")  # a Markdown link or image target
UNESCAPED_TAG = re.compile(r"(?<!\\)<script")


def _page_texts(at) -> tuple[list[str], list[str]]:
    """The page's Markdown sources (as sent to the browser) and the plain texts of its widgets
    and tables (shown as text by construction)."""
    markdown = [e.value for e in (*at.markdown, *at.caption, *at.title, *at.header, *at.subheader)]
    markdown += [a.value for a in (*at.warning, *at.error, *at.info, *at.success)]
    plain = []
    for frame in at.dataframe:
        plain += [str(v) for v in frame.value.to_numpy().ravel()] + [str(c) for c in frame.value.columns]
    for box in (*at.selectbox, *at.multiselect):
        plain += [str(o) for o in box.options]
    plain += [str(t.value) for t in at.text_input] + [str(t.value) for t in at.text_area]
    return [str(m) for m in markdown], plain


def _cells(data: bytes) -> list:
    book = load_workbook(io.BytesIO(data))
    return [
        cell for ws in book.worksheets for row in ws.iter_rows() for cell in row if cell.value is not None
    ]


@pytest.mark.parametrize("field", list(FIELDS))
def test_hostile_text_is_shown_as_typed_on_the_page_in_the_workbook_and_on_the_command_line(
    app, seeded_sqlite, monkeypatch, capsys, field
):
    spec = FIELDS[field]
    engine = make_engine(seeded_sqlite)
    for n, text in enumerate(ACCEPTED.values()):
        with session_scope(engine) as s:
            spec.write(s, text, n)

    role, page, ms = spec.page
    at = app(role, page, ms)
    markdown, plain = _page_texts(at)
    readable = shown("\n".join(markdown))
    for name, text in ACCEPTED.items():
        assert text in readable or any(text in p for p in plain), f"{name} not shown on {page}"
    for source in markdown:
        assert not UNESCAPED_LINK.search(source), f"a live link or image on {page}: {source[:200]}"
        assert not UNESCAPED_TAG.search(source), f"markup on {page}: {source[:200]}"

    if spec.workbook:
        with session_scope(engine) as s:
            cells = _cells(spec.workbook(s))
        for name, text in ACCEPTED.items():
            assert any(c.value == text and c.data_type == "s" for c in cells), f"{name} not a text cell"
        assert not [c.coordinate for c in cells if c.data_type == "f" and "evil.example" in str(c.value)]

    if spec.cli:
        monkeypatch.setenv("DATABASE_URL", seeded_sqlite)
        assert main(list(spec.cli)) == 0
        printed = capsys.readouterr().out
        for name, text in ACCEPTED.items():
            assert text in printed, f"{name} not printed by {' '.join(spec.cli)}"
    engine.dispose()


def test_the_command_line_never_echoes_a_control_character(seeded_sqlite, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", seeded_sqlite)
    hostile = "Evil \x1b]0;owned\x07\x1b[2J name"
    assert main(["users", "add", "evil@example.eu", "--name", hostile, "--role", "viewer"]) == 2
    captured = capsys.readouterr()
    assert "the name contains a control character; remove it and try again" in captured.err
    assert "\x1b" not in captured.err + captured.out and "\x07" not in captured.err + captured.out

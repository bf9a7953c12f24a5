"""Reading and validating the seed files under ``data/``.

Each file is described by one declarative spec (columns and their parsers). Loading collects every
problem, names file, line and column, and raises ``SeedError`` before anything is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from dashboard.enums import (
    Addressee,
    Direction,
    Fact,
    Priority,
    Role,
    RoundState,
    ScoreScale,
    StatusLevel,
    parse_member,
)


@dataclass(frozen=True)
class SeedProblem:
    file: str
    line: int  # line in the file, the header being line 1; 0 for the file as a whole
    problem: str

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}" if self.line else self.file
        return f"{where}: {self.problem}"


class SeedError(ValueError):
    """One or more seed files are broken; ``problems`` lists every one found."""

    def __init__(self, problems: list[SeedProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# --- parsers: text -> value, raising ValueError with a message for the user -----------------


def text(raw: str) -> str:
    if not raw.strip():
        raise ValueError("is empty")
    return raw.strip()


def integer(raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"'{raw}' is not a whole number") from None


def number(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"'{raw}' is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"'{raw}' is not a finite number")
    return value


def date(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise ValueError(f"'{raw}' is not a date (YYYY-MM-DD)") from None


def boolean(raw: str) -> bool:
    value = raw.strip().lower()
    if value not in ("true", "false"):
        raise ValueError(f"'{raw}' is not true or false")
    return value == "true"


def url(raw: str) -> str:
    parsed = urlparse(raw.strip())
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError(f"'{raw}' is not an http(s) address")
    return raw.strip()


def member_of(enum_type) -> Callable[[str], Any]:
    return lambda raw: parse_member(enum_type, raw)


def optional(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    return lambda raw: parse(raw) if raw.strip() else None


def free_text(raw: str) -> str:
    return raw.strip()


@dataclass(frozen=True)
class FileSpec:
    path: str  # relative to the data folder
    columns: dict[str, Callable[[str], Any]]
    key: tuple[str, ...]  # columns that must be unique together
    required: bool = True  # must have rows (the file itself is always required)


SPECS: dict[str, FileSpec] = {
    spec.path: spec
    for spec in [
        FileSpec(
            "reference/member_states.csv",
            {
                "code": text,
                "iso_code": text,
                "name": text,
                "protocol_order": integer,
                "member_from": date,
                "member_to": optional(date),
            },
            ("code",),
        ),
        FileSpec("reference/thematic_areas.csv", {"id": integer, "name": text, "verified": boolean}, ("id",)),
        FileSpec(
            "reference/options.csv",
            {
                "code": text,
                "name": text,
                "is_baseline": boolean,
                "anchor": free_text,
                "description": free_text,
            },
            ("code",),
        ),
        FileSpec(
            "reference/criteria.csv",
            {
                "code": text,
                "name": text,
                "direction": member_of(Direction),
                "scale": member_of(ScoreScale),
                "group": optional(text),
                "fact": optional(member_of(Fact)),
                "description": text,
                "includes": text,
                "excludes": text,
                **{f"point_{i}": text for i in range(1, 6)},  # the scale's five points in words
            },
            ("code",),
        ),
        FileSpec(
            "reference/option_facts.csv",
            {
                "option": text,
                "fact": member_of(Fact),
                "low": number,
                "high": number,
                "estimate": boolean,
                "source": text,
                "as_of": date,
            },
            ("option", "fact"),
            required=False,  # an option may have no facts recorded yet
        ),
        FileSpec(
            "demo/recommendations.csv",
            {
                "code": text,
                "area": integer,
                "title": text,
                "addressee": member_of(Addressee),
                "issued_on": date,
                "deadline": optional(date),
                "priority": member_of(Priority),
                "description": free_text,
                "source_document": text,
                "source_paragraph": text,
            },
            ("code",),
        ),
        FileSpec(
            "demo/rounds.csv",
            {"name": text, "reference_date": date, "state": member_of(RoundState)},
            ("name",),
        ),
        FileSpec(
            "demo/users.csv",
            {"email": text, "name": text, "role": member_of(Role), "member_state": optional(text)},
            ("email",),
        ),
        FileSpec(
            "demo/assessments.csv",
            {
                "recommendation": text,
                "member_state": text,
                "round": optional(text),
                "assessed_on": date,
                "status": member_of(StatusLevel),
                "evidence": free_text,
                "source_url": optional(url),
                "author": optional(text),
            },
            ("recommendation", "member_state", "round"),
        ),
        FileSpec(
            "demo/eu_assessments.csv",
            {
                "recommendation": text,
                "assessed_on": date,
                "status": member_of(StatusLevel),
                "evidence": free_text,
                "source_url": optional(url),
            },
            ("recommendation", "assessed_on"),
            required=False,  # EU-level statuses are optional
        ),
        FileSpec(
            "demo/scores.csv",
            {"expert": text, "option": text, "criterion": text, "value": number, "rationale": free_text},
            ("expert", "option", "criterion"),
        ),
        FileSpec(
            "demo/weight_profiles.csv",
            {
                "profile": text,
                "owner": optional(text),
                "is_default": boolean,
                "criterion": text,
                "weight": number,
            },
            ("profile", "owner", "criterion"),
        ),
    ]
}


@dataclass
class SeedData:
    """Parsed rows of every seed file, keyed by the file's path; each row keeps its line."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def __getitem__(self, path: str) -> list[dict[str, Any]]:
        return self.rows[path]


def read_file(data_dir: Path, spec: FileSpec, problems: list[SeedProblem]) -> list[dict[str, Any]]:
    """Parse one file by its spec; problems are appended, bad rows left out."""
    path = data_dir / spec.path
    if not path.exists():
        problems.append(SeedProblem(spec.path, 0, "file is missing"))
        return []
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        missing = [c for c in spec.columns if c not in header]
        extra = [c for c in header if c not in spec.columns]
        if missing or extra:
            said = "; ".join(
                part
                for part in (
                    f"missing column(s) {', '.join(missing)}" if missing else "",
                    f"unexpected column(s) {', '.join(extra)}" if extra else "",
                )
                if part
            )
            problems.append(SeedProblem(spec.path, 1, said))
            return []
        return _parse_rows(spec, reader, problems)


def _parse_rows(spec: FileSpec, reader: csv.DictReader, problems: list[SeedProblem]) -> list[dict]:
    rows, seen = [], {}
    for line, raw in enumerate(reader, start=2):
        if None in raw:
            problems.append(SeedProblem(spec.path, line, "more values than columns"))
            continue
        row, ok = {"_line": line}, True
        for column, parse in spec.columns.items():
            try:
                row[column] = parse(raw[column] if raw[column] is not None else "")
            except ValueError as exc:
                problems.append(SeedProblem(spec.path, line, f"column '{column}': {exc}"))
                ok = False
        if not ok:
            continue
        key = tuple(row[c] for c in spec.key)
        if key in seen:
            problems.append(
                SeedProblem(spec.path, line, f"duplicate of line {seen[key]} ({', '.join(map(str, key))})")
            )
            continue
        seen[key] = line
        rows.append(row)
    if spec.required and not rows and not problems:
        problems.append(SeedProblem(spec.path, 0, "file has no rows"))
    return rows

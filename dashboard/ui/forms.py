"""The secretariat's forms: a recommendation, an option, a criterion. Widgets only: what was typed
comes back as the service's input value, which the service checks."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard.assessment.catalogue import CriterionInput, OptionInput
from dashboard.enums import (
    SCALE_POINTS,
    Addressee,
    Direction,
    Fact,
    Priority,
    ScoreScale,
    label_of,
    ordered,
    point_label,
)
from dashboard.monitoring.register import RecommendationInput


def recommendation_fields(
    entry: RecommendationInput | None, areas: dict[int, str], key: str
) -> RecommendationInput:
    """The fields of a recommendation, filled in with ``entry`` (None: a new one)."""
    today = dt.date.today()
    code, area = st.columns([1, 3])
    code = code.text_input("Code", value=entry.code if entry else "", max_chars=16, key=f"{key}_code")
    area_ids = list(areas)
    area = area.selectbox(
        "Thematic area",
        area_ids,
        index=area_ids.index(entry.area_id) if entry and entry.area_id in area_ids else None,
        format_func=areas.get,
        placeholder="Choose an area",
        key=f"{key}_area",
    )
    title = st.text_input("Title", value=entry.title if entry else "", max_chars=200, key=f"{key}_title")
    description = st.text_area(
        "Description", value=entry.description if entry else "", max_chars=4000, key=f"{key}_description"
    )
    to, priority, issued, deadline = st.columns(4)
    addressees, priorities = ordered(Addressee), ordered(Priority)
    to = _choice(to, "Addressed to", addressees, entry.addressee if entry else None, 1, f"{key}_to")
    priority = _choice(
        priority, "Priority", priorities, entry.priority if entry else None, 1, f"{key}_priority"
    )
    issued = issued.date_input(
        "Issued on",
        value=entry.issued_on if entry else None,
        max_value=today,
        min_value=dt.date(1990, 1, 1),
        format="DD/MM/YYYY",
        key=f"{key}_issued",
    )
    deadline = deadline.date_input(
        "Deadline",
        value=entry.deadline if entry else None,
        min_value=dt.date(1990, 1, 1),
        format="DD/MM/YYYY",
        key=f"{key}_deadline",
    )
    document, paragraph = st.columns([3, 1])
    document = document.text_input(
        "Source document", value=entry.source_document if entry else "", max_chars=200, key=f"{key}_document"
    )
    paragraph = paragraph.text_input(
        "Paragraph", value=entry.source_paragraph if entry else "", max_chars=40, key=f"{key}_paragraph"
    )
    return RecommendationInput(
        code.strip().upper(),
        area if area is not None else -1,
        title,
        to,
        issued,
        priority,
        document,
        paragraph,
        deadline,
        description,
    )


def option_fields(entry: OptionInput | None, key: str) -> OptionInput:
    code, name = st.columns([1, 4])
    code = code.text_input("Code", value=entry.code if entry else "", max_chars=16, key=f"{key}_code")
    name = name.text_input("Name", value=entry.name if entry else "", max_chars=200, key=f"{key}_name")
    description = st.text_area(
        "Description", value=entry.description if entry else "", key=f"{key}_description"
    )
    anchor = st.text_area("Where it comes from", value=entry.anchor if entry else "", key=f"{key}_anchor")
    return OptionInput(code, name, description, anchor)


def criterion_fields(entry: CriterionInput | None, key: str) -> CriterionInput:
    code, name, group = st.columns([1, 3, 2])
    code = code.text_input("Code", value=entry.code if entry else "", max_chars=16, key=f"{key}_code")
    name = name.text_input("Name", value=entry.name if entry else "", max_chars=120, key=f"{key}_name")
    group = group.text_input("Group", value=entry.group if entry else "", max_chars=80, key=f"{key}_group")
    way, scale = st.columns(2)
    directions, scales = ordered(Direction), ordered(ScoreScale)
    direction = _choice(
        way, "Direction", directions, entry.direction if entry else None, 0, f"{key}_direction"
    )
    scale = _choice(scale, "Scale", scales, entry.scale if entry else None, 0, f"{key}_scale")
    description = st.text_area(
        "Definition: what it measures", value=entry.description if entry else "", key=f"{key}_description"
    )
    includes, excludes = st.columns(2)
    includes = includes.text_area("Includes", value=entry.includes if entry else "", key=f"{key}_includes")
    excludes = excludes.text_area(
        "Excludes (left to other criteria, so nothing counts twice)",
        value=entry.excludes if entry else "",
        key=f"{key}_excludes",
    )
    st.markdown("**What each score means, in words**")
    known = entry.scale_words if entry else ()
    words = tuple(
        column.text_input(
            f"Score {point_label(point, scale)}",
            value=known[place] if len(known) > place else "",
            max_chars=200,
            key=f"{key}_word_{place}",
        )
        for place, (column, point) in enumerate(zip(st.columns(5), SCALE_POINTS[scale], strict=True))
    )
    facts = [None, *ordered(Fact)]
    fact = st.selectbox(
        "Scores ordered like this fact of the options (checked)",
        facts,
        index=facts.index(entry.fact) if entry else 0,
        format_func=lambda f: label_of(f) if f else "No fact",
        key=f"{key}_fact",
    )
    redefined = entry is not None and st.checkbox(
        "What it measures has changed: ask the experts to re-score it", key=f"{key}_redefined"
    )
    return CriterionInput(
        code, name, direction, scale, group, description, includes, excludes, words, fact, redefined
    )


def _choice(where, label: str, values: list, current, default: int, key: str):
    """A select box of an enumeration's members by their labels, on ``current`` (else the
    ``default``-th member)."""
    index = values.index(current) if current is not None else default
    return where.selectbox(label, values, index=index, format_func=label_of, key=key)

import pytest

from dashboard.enums import MAX_LEVEL, STATUS, TABLES, Role, StatusLevel, label_of, ordered, parse_member


@pytest.mark.parametrize("enum_type", list(TABLES), ids=lambda e: e.__name__)
def test_every_member_has_exactly_one_entry(enum_type):
    table = TABLES[enum_type]
    assert set(table) == set(enum_type)
    labels = [entry.label for entry in table.values()]
    assert len(set(labels)) == len(labels), "labels must be distinct"
    orders = [entry.order for entry in table.values()]
    assert sorted(orders) == list(range(len(orders))), "display order is 0..n-1 without gaps"


def test_status_levels_are_the_semester_scale_and_na_is_never_a_level():
    levels = {s: STATUS[s].level for s in StatusLevel}
    assert [levels[s] for s in ordered(StatusLevel)][:5] == [0, 1, 2, 3, 4]
    assert levels[StatusLevel.NOT_APPLICABLE] is None
    assert levels[StatusLevel.NOT_ASSESSED] is None
    assert MAX_LEVEL == 4
    assert label_of(StatusLevel.SOME) == "Some progress"


def test_status_colours_are_distinct_and_text_is_readable():
    colours = [info.colour for info in STATUS.values()]
    assert len(set(colours)) == len(colours)
    for info in STATUS.values():
        assert info.text_colour in ("#ffffff", "#1a1a1a")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("expert", Role.EXPERT),
        ("Expert", Role.EXPERT),
        (" ms_official ", Role.MS_OFFICIAL),
        ("Member State official", Role.MS_OFFICIAL),
    ],
)
def test_parse_member_accepts_values_and_labels(text, expected):
    assert parse_member(Role, text) is expected


def test_parse_member_names_the_allowed_values():
    with pytest.raises(
        ValueError, match=r"'boss' is not a known Role \(allowed: viewer, expert, ms_official, admin\)"
    ):
        parse_member(Role, "boss")

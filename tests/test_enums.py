import itertools

import numpy as np
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
        assert _contrast(info.colour, info.text_colour) >= 4.5, info.label  # WCAG AA, normal text


# Machado, Oliveira & Fernandes (2009), "A physiologically-based model for simulation of color
# vision deficiency", IEEE TVCG 15(6); severity 1.0 matrices, applied to linear sRGB.
DEFICIENCIES = {
    "protanopia": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ],
    "tritanopia": [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ],
}


def _linear(colour: str) -> np.ndarray:
    c = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear: np.ndarray) -> np.ndarray:
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = xyz @ np.clip(linear, 0, 1) / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _contrast(a: str, b: str) -> float:
    la, lb = (float(np.array([0.2126, 0.7152, 0.0722]) @ _linear(c)) for c in (a, b))
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


@pytest.mark.parametrize("deficiency", list(DEFICIENCIES))
def test_status_colours_stay_apart_for_colour_blind_readers(deficiency):
    """Every two status colours differ by at least 6 CIE76 units as a dichromat sees them
    (measured minimum: 10.8 protanopia, 11.0 deuteranopia, 6.7 tritanopia between Substantial
    progress and Not applicable); the label that always comes with the colour does the rest."""
    seen = {s: _lab(np.array(DEFICIENCIES[deficiency]) @ _linear(info.colour)) for s, info in STATUS.items()}
    for a, b in itertools.combinations(seen, 2):
        assert np.linalg.norm(seen[a] - seen[b]) >= 6, (deficiency, a, b)


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

"""Seed files: the good ones load and seed; each kind of breakage is named by file, line and problem."""

import datetime as dt
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dashboard.admin import seed
from dashboard.admin.seedfiles import SeedError
from dashboard.enums import Role
from dashboard.store.db import session_scope
from dashboard.store.models import (
    AssessmentRound,
    AuditEntry,
    Criterion,
    ImplementationAssessment,
    MemberState,
    Option,
    OptionScore,
    User,
    WeightProfile,
)

DATA = Path(seed.DATA_DIR)
TODAY = dt.date(2026, 11, 27)
PROTOCOL_ORDER = "BE BG CZ DK DE EE IE EL ES FR HR IT CY LV LT LU HU MT NL AT PL PT RO SI SK FI SE"


def test_reference_data_is_the_eu_of_domain_md(seeded):
    with session_scope(seeded) as s:
        states = s.execute(select(MemberState).order_by(MemberState.protocol_order)).scalars().all()
        codes = [m.code for m in states]
        assert codes[:27] == PROTOCOL_ORDER.split()
        greece = s.get(MemberState, "EL")
        assert (greece.iso_code, greece.name) == ("GR", "Greece")
        uk = s.get(MemberState, "UK")
        assert (uk.iso_code, uk.member_to) == ("GB", dt.date(2020, 1, 31))
        assert s.scalars(select(Option.code).where(Option.is_baseline)).all() == ["O0"]
        assert s.scalar(select(func.count(Option.id))) == 6
        assert s.scalar(select(func.count(Criterion.id))) == 11


def test_demo_data_has_variety_for_every_chart(seeded):
    with session_scope(seeded) as s:
        experts = s.scalar(select(func.count(func.distinct(OptionScore.expert_id))))
        assert experts >= 5
        assert s.scalar(select(func.count(User.id)).where(User.role == Role.ADMIN)) == 1
        rounds = s.scalars(select(AssessmentRound.reference_date)).all()
        assert 3 <= len(rounds) <= 4 and all(2018 <= d.year <= 2025 for d in rounds)
        per_state = dict(
            s.execute(
                select(
                    ImplementationAssessment.member_state_code,
                    func.count(func.distinct(ImplementationAssessment.round_id)),
                ).group_by(ImplementationAssessment.member_state_code)
            ).all()
        )
        assert len(per_state) == 28
        assert all(n >= 3 for code, n in per_state.items() if code != "UK")
        assert per_state["UK"] == 1  # only the 2019 round falls within its membership
        statuses = s.scalars(select(func.distinct(ImplementationAssessment.status))).all()
        assert len(statuses) == 7
        assert s.scalar(select(func.count(WeightProfile.id)).where(WeightProfile.is_default)) == 1
        assert s.scalars(select(AuditEntry.action)).all() == ["seed"]


def _broken(tmp_path: Path, file: str, edit) -> Path:
    shutil.copytree(DATA, tmp_path / "data", ignore=shutil.ignore_patterns("*.db*", "*.py"))
    path = tmp_path / "data" / file
    if edit is None:
        path.unlink()
    else:
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return tmp_path / "data"


def _replace_line(n: int, old: str, new: str):
    def edit(text: str) -> str:
        lines = text.split("\n")
        assert old in lines[n - 1], f"fixture drift: {old!r} not on line {n}"
        lines[n - 1] = lines[n - 1].replace(old, new, 1)
        return "\n".join(lines)

    return edit


BROKEN = [
    ("reference/member_states.csv", None, "reference/member_states.csv: file is missing"),
    (
        "reference/member_states.csv",
        lambda t: t.replace("member_to", "left_on", 1),
        "reference/member_states.csv, line 1: missing column(s) member_to; unexpected column(s) left_on",
    ),
    (
        "reference/member_states.csv",
        _replace_line(9, "1981-01-01", "1981-13-01"),
        "reference/member_states.csv, line 9: column 'member_from': '1981-13-01' is not a date (YYYY-MM-DD)",
    ),
    (
        "reference/member_states.csv",
        _replace_line(3, "BG,BG", "BE,BG"),
        "reference/member_states.csv, line 3: duplicate of line 2 (BE)",
    ),
    (
        "reference/options.csv",
        _replace_line(3, ",false,", ",true,"),
        "reference/options.csv: exactly one option must be the baseline, found 2",
    ),
    (
        "reference/criteria.csv",
        _replace_line(3, ",cost,", ",cheap,"),
        "reference/criteria.csv, line 3: column 'direction': 'cheap' is not a known Direction",
    ),
    (
        "demo/assessments.csv",
        _replace_line(2, ",no_progress,", ",great,"),
        "demo/assessments.csv, line 2: column 'status': 'great' is not a known StatusLevel",
    ),
    (
        "demo/assessments.csv",
        _replace_line(2, "P-1,BE", "P-9,BE"),
        "demo/assessments.csv, line 2: column 'recommendation': unknown recommendation 'P-9'",
    ),
    (
        "demo/assessments.csv",
        _replace_line(2, "2019-05-29", "2027-05-29"),
        "demo/assessments.csv, line 2: column 'assessed_on': 2027-05-29 is in the future",
    ),
    (
        "demo/assessments.csv",
        _replace_line(2, "2019-05-29", "2018-01-02"),
        "demo/assessments.csv, line 2: column 'assessed_on': 2018-01-02 is before the recommendation "
        "was issued",
    ),
    (
        "demo/assessments.csv",
        _replace_line(2, "https://", "ftp:"),
        "demo/assessments.csv, line 2: column 'source_url': 'ftp:example.com",
    ),
    (
        "demo/scores.csv",
        lambda t: t.replace(",O1,C01,1,", ",O1,C01,3,", 1),
        "demo/scores.csv, line 2: column 'value': 3 is outside the scale -2..2",
    ),
    (
        "demo/scores.csv",
        lambda t: t.replace(",O1,C01,1,", ",O0,C01,1,", 1),
        "demo/scores.csv, line 2: column 'option': the baseline is 0 by definition and is not scored",
    ),
    (
        "reference/options.csv",
        lambda t: t.replace(",false,Decision of 9 Aug 2018,", ",false,,", 1),
        "reference/options.csv, line 4: column 'anchor': empty; name the document the option comes from",
    ),
    (
        "demo/users.csv",
        lambda t: t.replace("ms_official,BE", "ms_official,", 1),
        "a Member State is required for ms_official and only for it",
    ),
    (
        "demo/weight_profiles.csv",
        lambda t: t.replace("Equal weights,,true,C01,1\n", "", 1),
        "demo/weight_profiles.csv: profile 'Equal weights' does not weight every criterion",
    ),
]


@pytest.mark.parametrize(
    ("file", "edit", "message"), BROKEN, ids=[f"{i:02d}-{file}" for i, (file, _, _) in enumerate(BROKEN)]
)
def test_broken_seed_files_are_named_with_line_and_problem(tmp_path, file, edit, message):
    data_dir = _broken(tmp_path, file, edit)
    with pytest.raises(SeedError) as info:
        seed.load_seed(data_dir, today=TODAY)
    assert any(message in str(p) for p in info.value.problems), str(info.value)


def test_the_good_files_load_without_problems():
    data = seed.load_seed(today=TODAY)
    assert len(data["demo/recommendations.csv"]) == 16


def test_every_option_names_its_source_and_the_german_french_proposal_is_one():
    options = {row["code"]: row for row in seed.load_seed(today=TODAY)["reference/options.csv"]}
    assert all(row["anchor"].strip() and "hypothetical" not in row["anchor"] for row in options.values())
    centre = options["O5"]
    assert centre["name"] == "EU Centre on prevention and de-radicalisation (German-French proposal)"
    assert "JHA Council of 27 Mar 2017" in centre["anchor"] and "9985/17" in centre["anchor"]

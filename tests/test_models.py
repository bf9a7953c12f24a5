"""Schema and integrity rules, on SQLite and on PostgreSQL."""

import datetime as dt

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from dashboard.enums import Direction, Role, ScoreScale
from dashboard.store.db import bump_revision, current_revision, is_up_to_date, migrate, session_scope
from dashboard.store.models import Base, Criterion, MemberState, Option, OptionScore, User


def test_migrated_schema_matches_the_models(engine):
    with engine.connect() as connection:
        diffs = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diffs == []
    assert is_up_to_date(engine)


def test_migration_is_idempotent_and_reversible(engine):
    migrate(engine)  # second run changes nothing
    from alembic import command

    from dashboard.store.db import _alembic_config

    cfg = _alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate(engine)
    assert "implementation_assessment" in inspect(engine).get_table_names()


def test_the_server_reads_the_newest_migration_as_alembic_does(engine, tmp_path):
    from alembic.script import ScriptDirectory

    from dashboard.store.db import _alembic_config, head_revision

    assert head_revision() == ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert is_up_to_date(engine)
    with engine.begin() as connection:  # a database one migration behind
        connection.execute(text("UPDATE alembic_version SET version_num = '0008'"))
    assert not is_up_to_date(engine)
    with engine.begin() as connection:  # a schema Alembic never touched
        connection.execute(text("DROP TABLE alembic_version"))
    assert not is_up_to_date(engine)

    (tmp_path / "a.py").write_text('revision = "0001"\ndown_revision = None\n')
    (tmp_path / "b.py").write_text('revision: str = "0002"\ndown_revision: str | None = "0001"\n')
    assert head_revision(tmp_path) == "0002"
    (tmp_path / "c.py").write_text('revision = "0003"\ndown_revision = "0001"\n')  # a fork
    with pytest.raises(RuntimeError, match=r"2 newest revisions: \['0002', '0003'\]"):
        head_revision(tmp_path)


def test_revision_counter_starts_at_zero_and_bumps_in_the_transaction(engine):
    with session_scope(engine) as s:
        assert current_revision(s) == 0
        assert bump_revision(s) == 1
    with pytest.raises(RuntimeError), session_scope(engine) as s:
        bump_revision(s)
        raise RuntimeError("rolled back")
    with session_scope(engine) as s:
        assert current_revision(s) == 1


def _state(s: Session, code="BE"):
    s.add(MemberState(code=code, iso_code=code, name=code, protocol_order=1, member_from=dt.date(1958, 1, 1)))
    s.flush()


def test_only_one_option_can_be_the_baseline(engine):
    with pytest.raises(IntegrityError), session_scope(engine) as s:
        s.add_all(
            [
                Option(code="O0", name="a", is_baseline=True, display_order=0),
                Option(code="O9", name="b", is_baseline=True, display_order=1),
            ]
        )
        s.flush()


def test_ms_official_needs_a_member_state_and_others_have_none(engine):
    with pytest.raises(IntegrityError), session_scope(engine) as s:
        s.add(User(email="a@b.eu", name="A", role=Role.MS_OFFICIAL))
        s.flush()
    with pytest.raises(IntegrityError), session_scope(engine) as s:
        _state(s)
        s.add(User(email="a@b.eu", name="A", role=Role.EXPERT, member_state_code="BE"))
        s.flush()


def test_unknown_enum_values_are_refused_by_the_database(engine):
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO criterion (code, name, description, direction, scale, display_order) "
                "VALUES ('X', 'x', '', 'sideways', 'relative', 0)"
            )
        )
    with pytest.raises(StatementError, match="sideways"), session_scope(engine) as s:
        s.execute(select(Criterion).where(Criterion.direction == "sideways"))


def test_concurrent_score_edits_are_detected(engine):
    with session_scope(engine) as s:
        s.add_all(
            [
                User(email="e@x.eu", name="E", role=Role.EXPERT),
                Option(code="O1", name="o", display_order=0),
                Criterion(
                    code="C1",
                    name="c",
                    direction=Direction.BENEFIT,
                    scale=ScoreScale.RELATIVE,
                    display_order=0,
                ),
            ]
        )
        s.flush()
        s.add(OptionScore(expert_id=1, option_id=1, criterion_id=1, value=1))
    first, second = Session(engine), Session(engine)
    a = first.scalars(select(OptionScore)).one()
    b = second.scalars(select(OptionScore)).one()
    a.value = 2
    first.commit()
    b.value = -1
    with pytest.raises(StaleDataError):
        second.commit()
    first.close(), second.close()
    with session_scope(engine) as s:
        score = s.scalars(select(OptionScore)).one()
        assert (score.value, score.version) == (2, 2)

"""Criteria defined in words (includes, excludes, a sentence per scale point), option facts with
their sources, and the criteria review of 2 December 2026 applied to a database holding the
earlier catalogue (see data/reference/criteria_review.md).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

import csv
import datetime as dt
import json
import logging
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FACTS = ("budget", "set_up", "legal_act", "staff")
REFERENCE = Path(__file__).resolve().parents[2] / "data" / "reference"
MERGED, INTO = "C06", "C07"  # "Legal basis and procedure burden" joins "Time to set up"
REDEFINED = ("C04", "C05", "C07")  # what they measure changed: scores saved before need re-scoring
OLD_NAMES = {"C06": "Legal basis and procedure burden"}  # the review applies only to the earlier catalogue

log = logging.getLogger("alembic.runtime.migration")


def _fact(name: str) -> sa.Enum:
    return sa.Enum(*FACTS, name=name, native_enum=False, create_constraint=True, length=24)


criterion = sa.table(
    "criterion",
    sa.column("id", sa.Integer),
    sa.column("code", sa.String),
    sa.column("name", sa.String),
    sa.column("description", sa.Text),
    sa.column("includes", sa.Text),
    sa.column("excludes", sa.Text),
    sa.column("scale_words", sa.JSON),
    sa.column("fact", sa.String),
    sa.column("defined_at", sa.DateTime(timezone=True)),
    sa.column("retired", sa.Boolean),
    sa.column("version", sa.Integer),
)
option = sa.table("option", sa.column("id", sa.Integer), sa.column("code", sa.String), sa.column("name", sa.String))
option_fact = sa.table(
    "option_fact",
    sa.column("option_id", sa.Integer),
    sa.column("fact", sa.String),
    sa.column("low", sa.Float),
    sa.column("high", sa.Float),
    sa.column("estimate", sa.Boolean),
    sa.column("source", sa.Text),
    sa.column("as_of", sa.Date),
    sa.column("version", sa.Integer),
)
profile_weight = sa.table(
    "profile_weight",
    sa.column("profile_id", sa.Integer),
    sa.column("criterion_id", sa.Integer),
    sa.column("weight", sa.Float),
)
option_score = sa.table(
    "option_score", sa.column("criterion_id", sa.Integer), sa.column("updated_at", sa.DateTime(timezone=True))
)
audit_log = sa.table(
    "audit_log",
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("actor", sa.String),
    sa.column("action", sa.String),
    sa.column("entity", sa.String),
    sa.column("entity_key", sa.String),
    sa.column("old_value", sa.Text),
    sa.column("new_value", sa.Text),
)
data_revision = sa.table("data_revision", sa.column("id", sa.Integer), sa.column("revision", sa.Integer))


def upgrade() -> None:
    with op.batch_alter_table("criterion") as batch:
        batch.add_column(sa.Column("includes", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("excludes", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("scale_words", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("fact", _fact("criterion_fact"), nullable=True))
        batch.add_column(sa.Column("defined_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "option_fact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("option_id", sa.Integer(), nullable=False),
        sa.Column("fact", _fact("option_fact_kind"), nullable=False),
        sa.Column("low", sa.Float(), nullable=False),
        sa.Column("high", sa.Float(), nullable=False),
        sa.Column("estimate", sa.Boolean(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("low <= high", name=op.f("ck_option_fact_fact_range_ordered")),
        sa.ForeignKeyConstraint(["option_id"], ["option.id"], name=op.f("fk_option_fact_option_id_option")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_option_fact")),
        sa.UniqueConstraint("option_id", "fact", name=op.f("uq_option_fact_option_id")),
    )
    _apply_review(op.get_bind())


def downgrade() -> None:
    op.drop_table("option_fact")
    with op.batch_alter_table("criterion") as batch:
        batch.drop_constraint("criterion_fact", type_="check")
        for column in ("defined_at", "fact", "scale_words", "excludes", "includes"):
            batch.drop_column(column)


def _read(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _apply_review(connection) -> None:
    """Map a database holding the earlier catalogue onto the reviewed one; an empty database (seeded
    afterwards from data/) or one whose catalogue the secretariat has already changed is left alone."""
    codes = dict(connection.execute(sa.select(criterion.c.code, criterion.c.name)).all())
    if codes.get(MERGED) != OLD_NAMES[MERGED]:
        return
    now = dt.datetime.now(dt.UTC)
    ids = dict(connection.execute(sa.select(criterion.c.code, criterion.c.id)).all())
    entries: list[tuple[str, str, dict | None, dict]] = []
    for row in _read("criteria.csv"):
        if row["code"] not in ids:
            continue
        values = {
            "includes": row["includes"],
            "excludes": row["excludes"],
            "scale_words": [row[f"point_{p}"] for p in range(1, 6)],
            "fact": row["fact"] or None,
        }
        if row["code"] in REDEFINED:
            values |= {"name": row["name"], "description": row["description"], "defined_at": now}
        connection.execute(
            criterion.update()
            .where(criterion.c.id == ids[row["code"]])
            .values(**values, version=criterion.c.version + 1)
        )
        entries.append(("edit", row["code"], None, {k: str(v) for k, v in values.items()}))
    if INTO in ids:
        for profile, weight in connection.execute(
            sa.select(profile_weight.c.profile_id, profile_weight.c.weight).where(
                profile_weight.c.criterion_id == ids[MERGED]
            )
        ).all():
            connection.execute(
                profile_weight.update()
                .where(profile_weight.c.profile_id == profile, profile_weight.c.criterion_id == ids[INTO])
                .values(weight=profile_weight.c.weight + weight)
            )
    connection.execute(
        criterion.update().where(criterion.c.id == ids[MERGED]).values(retired=True, version=criterion.c.version + 1)
    )
    entries.append(("retire", MERGED, {"retired": False}, {"retired": True, "merged_into": INTO}))
    _add_facts(connection)
    stale = {
        code: connection.scalar(
            sa.select(sa.func.count()).select_from(option_score).where(option_score.c.criterion_id == ids[code])
        )
        for code in REDEFINED
        if code in ids
    }
    for code, count in stale.items():
        log.warning("Criterion %s was redefined: %d score(s) need re-scoring", code, count)
    entries.append(("rescore", "scores", None, stale))
    for action, key, old, new in entries:
        connection.execute(
            audit_log.insert().values(
                at=now,
                actor="migration 0004",
                action=action,
                entity="criterion",
                entity_key=key,
                old_value=None if old is None else json.dumps(old),
                new_value=json.dumps(new),
            )
        )
    connection.execute(data_revision.update().values(revision=data_revision.c.revision + 1))


def _add_facts(connection) -> None:
    """The reference facts for the options that are the reference options (same code and name)."""
    options = {code: (id_, name) for id_, code, name in connection.execute(sa.select(option)).all()}
    names = {row["code"]: row["name"] for row in _read("options.csv")}
    for row in _read("option_facts.csv"):
        known = options.get(row["option"])
        if known is None or known[1] != names.get(row["option"]):
            continue
        connection.execute(
            option_fact.insert().values(
                option_id=known[0],
                fact=row["fact"],
                low=float(row["low"]),
                high=float(row["high"]),
                estimate=row["estimate"] == "true",
                source=row["source"],
                as_of=dt.date.fromisoformat(row["as_of"]),
                version=1,
            )
        )

"""Delphi rounds of option scoring, and every expert's scores as each round opened and closed.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "scoring_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scoring_round")),
        sa.UniqueConstraint("number", name=op.f("uq_scoring_round_number")),
    )
    op.create_index(
        "uq_scoring_round_one_open",
        "scoring_round",
        ["state"],
        unique=True,
        sqlite_where=sa.text("state = 'open'"),
        postgresql_where=sa.text("state = 'open'"),
    )
    op.create_table(
        "round_score",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=8), nullable=False),
        sa.Column("expert_id", sa.Integer(), nullable=False),
        sa.Column("option_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("cannot_judge", sa.Boolean(), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["criterion_id"], ["criterion.id"], name=op.f("fk_round_score_criterion_id_criterion")),
        sa.ForeignKeyConstraint(["expert_id"], ["app_user.id"], name=op.f("fk_round_score_expert_id_app_user")),
        sa.ForeignKeyConstraint(["option_id"], ["option.id"], name=op.f("fk_round_score_option_id_option")),
        sa.ForeignKeyConstraint(
            ["round_id"], ["scoring_round.id"], name=op.f("fk_round_score_round_id_scoring_round")
        ),
        sa.PrimaryKeyConstraint(
            "round_id", "stage", "expert_id", "option_id", "criterion_id", name=op.f("pk_round_score")
        ),
    )


def downgrade() -> None:
    op.drop_table("round_score")
    op.drop_index("uq_scoring_round_one_open", table_name="scoring_round")
    op.drop_table("scoring_round")

"""EU-level actions: statuses of recommendations addressed to the Commission or an agency.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = ("no_progress", "limited", "some", "substantial", "full", "not_applicable", "not_assessed")


def upgrade() -> None:
    op.create_table(
        "eu_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(*STATUSES, name="eu_status_level", native_enum=False, create_constraint=True, length=24),
            nullable=False,
        ),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("source_url", sa.String(length=500), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["app_user.id"], name=op.f("fk_eu_assessment_author_id_app_user")),
        sa.ForeignKeyConstraint(
            ["recommendation_id"], ["recommendation.id"], name=op.f("fk_eu_assessment_recommendation_id_recommendation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eu_assessment")),
    )
    op.create_index(
        "ix_eu_assessment_latest", "eu_assessment", ["recommendation_id", "assessed_on", "id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_eu_assessment_latest", table_name="eu_assessment")
    op.drop_table("eu_assessment")

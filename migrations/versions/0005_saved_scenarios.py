"""Saved scenarios: anyone signed in keeps named scenarios (weights, method, aggregation) of their own.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "saved_scenario",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("scenario", sa.String(length=400), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["app_user.id"], name=op.f("fk_saved_scenario_owner_id_app_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_scenario")),
        sa.UniqueConstraint("owner_id", "name", name=op.f("uq_saved_scenario_owner_id")),
    )


def downgrade() -> None:
    op.drop_table("saved_scenario")

"""Honest missing scores: a score may be absent ("cannot judge", or cleared), never read as 0.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("option_score") as batch:
        batch.add_column(sa.Column("cannot_judge", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.alter_column("value", existing_type=sa.Float(), nullable=True)
        batch.create_check_constraint("judged_or_not", "NOT (cannot_judge AND value IS NOT NULL)")


def downgrade() -> None:
    # A missing score cannot go back into a column that requires one: those rows are removed (their
    # history stays in the audit log).
    op.execute("DELETE FROM option_score WHERE value IS NULL")
    with op.batch_alter_table("option_score") as batch:
        batch.drop_constraint("judged_or_not", type_="check")
        batch.alter_column("value", existing_type=sa.Float(), nullable=False)
        batch.drop_column("cannot_judge")

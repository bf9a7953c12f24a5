"""Accounts bound to their identity provider's issuer and subject; shared profile names unique.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("oidc_issuer", sa.String(length=500), nullable=True))
        batch.add_column(sa.Column("oidc_subject", sa.String(length=255), nullable=True))
        batch.create_unique_constraint("uq_app_user_identity", ["oidc_issuer", "oidc_subject"])
    # Shared profiles have no owner, and a unique (owner_id, name) lets NULL owners repeat a name.
    op.create_index(
        "uq_weight_profile_shared_name",
        "weight_profile",
        ["name"],
        unique=True,
        sqlite_where=sa.text("owner_id IS NULL"),
        postgresql_where=sa.text("owner_id IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("uq_weight_profile_shared_name", table_name="weight_profile")
    with op.batch_alter_table("app_user") as batch:
        batch.drop_constraint("uq_app_user_identity", type_="unique")
        batch.drop_column("oidc_subject")
        batch.drop_column("oidc_issuer")

"""Initial schema: reference data, register, assessments, options, scores, weights, audit.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "assessment_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("reference_date", sa.Date(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "open",
                "frozen",
                "published",
                name="round_state",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_round")),
        sa.UniqueConstraint("name", name=op.f("uq_assessment_round_name")),
        sa.UniqueConstraint(
            "reference_date", name=op.f("uq_assessment_round_reference_date")
        ),
    )
    op.create_table(
        "criterion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "direction",
            sa.Enum(
                "benefit",
                "cost",
                name="direction",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "scale",
            sa.Enum(
                "relative",
                "absolute",
                name="score_scale",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("criterion_group", sa.String(length=80), nullable=True),
        sa.Column("display_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_criterion")),
        sa.UniqueConstraint("code", name=op.f("uq_criterion_code")),
    )
    op.create_table(
        "data_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column(
            "changed_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint("id = 1", name=op.f("ck_data_revision_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_revision")),
    )
    # The single revision row every write bumps.
    op.execute("INSERT INTO data_revision (id, revision) VALUES (1, 0)")
    op.create_table(
        "member_state",
        sa.Column("code", sa.String(length=2), nullable=False),
        sa.Column("iso_code", sa.String(length=2), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("protocol_order", sa.Integer(), nullable=False),
        sa.Column("member_from", sa.Date(), nullable=False),
        sa.Column("member_to", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_member_state")),
        sa.UniqueConstraint("iso_code", name=op.f("uq_member_state_iso_code")),
        sa.UniqueConstraint(
            "protocol_order", name=op.f("uq_member_state_protocol_order")
        ),
    )
    op.create_table(
        "option",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("anchor", sa.Text(), nullable=False),
        sa.Column("is_baseline", sa.Boolean(), nullable=False),
        sa.Column("display_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_option")),
        sa.UniqueConstraint("code", name=op.f("uq_option_code")),
    )
    with op.batch_alter_table("option", schema=None) as batch_op:
        batch_op.create_index(
            "uq_option_one_baseline",
            ["is_baseline"],
            unique=True,
            sqlite_where=sa.text("is_baseline"),
            postgresql_where=sa.text("is_baseline"),
        )

    op.create_table(
        "thematic_area",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_thematic_area")),
        sa.UniqueConstraint("name", name=op.f("uq_thematic_area_name")),
    )
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "viewer",
                "expert",
                "ms_official",
                "admin",
                name="role",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("member_state_code", sa.String(length=2), nullable=True),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(role = 'ms_official') = (member_state_code IS NOT NULL)",
            name=op.f("ck_app_user_ms_official_has_member_state"),
        ),
        sa.ForeignKeyConstraint(
            ["member_state_code"],
            ["member_state.code"],
            name=op.f("fk_app_user_member_state_code_member_state"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_user")),
        sa.UniqueConstraint("email", name=op.f("uq_app_user_email")),
    )
    op.create_table(
        "recommendation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "addressee",
            sa.Enum(
                "commission",
                "member_states",
                "both",
                "eu_agencies",
                name="addressee",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column(
            "priority",
            sa.Enum(
                "high",
                "medium",
                "low",
                name="priority",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["thematic_area.id"],
            name=op.f("fk_recommendation_area_id_thematic_area"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recommendation")),
        sa.UniqueConstraint("code", name=op.f("uq_recommendation_code")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=254), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_key", sa.String(length=200), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_audit_log_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)

    op.create_table(
        "implementation_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("member_state_code", sa.String(length=2), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=True),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "no_progress",
                "limited",
                "some",
                "substantial",
                "full",
                "not_applicable",
                "not_assessed",
                name="status_level",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("source_url", sa.String(length=500), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["app_user.id"],
            name=op.f("fk_implementation_assessment_author_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["member_state_code"],
            ["member_state.code"],
            name=op.f("fk_implementation_assessment_member_state_code_member_state"),
        ),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendation.id"],
            name=op.f("fk_implementation_assessment_recommendation_id_recommendation"),
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["assessment_round.id"],
            name=op.f("fk_implementation_assessment_round_id_assessment_round"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_implementation_assessment")),
    )
    with op.batch_alter_table("implementation_assessment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_assessment_latest",
            ["recommendation_id", "member_state_code", "assessed_on", "id"],
            unique=False,
        )

    op.create_table(
        "option_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("expert_id", sa.Integer(), nullable=False),
        sa.Column("option_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["criterion_id"],
            ["criterion.id"],
            name=op.f("fk_option_score_criterion_id_criterion"),
        ),
        sa.ForeignKeyConstraint(
            ["expert_id"],
            ["app_user.id"],
            name=op.f("fk_option_score_expert_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["option_id"], ["option.id"], name=op.f("fk_option_score_option_id_option")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["app_user.id"],
            name=op.f("fk_option_score_updated_by_id_app_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_option_score")),
        sa.UniqueConstraint(
            "expert_id",
            "option_id",
            "criterion_id",
            name=op.f("uq_option_score_expert_id"),
        ),
    )
    op.create_table(
        "weight_profile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["app_user.id"],
            name=op.f("fk_weight_profile_owner_id_app_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_weight_profile")),
        sa.UniqueConstraint(
            "owner_id", "name", name=op.f("uq_weight_profile_owner_id")
        ),
    )
    op.create_table(
        "profile_weight",
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.Integer(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.CheckConstraint(
            "weight >= 0", name=op.f("ck_profile_weight_weight_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["criterion_id"],
            ["criterion.id"],
            name=op.f("fk_profile_weight_criterion_id_criterion"),
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["weight_profile.id"],
            name=op.f("fk_profile_weight_profile_id_weight_profile"),
        ),
        sa.PrimaryKeyConstraint(
            "profile_id", "criterion_id", name=op.f("pk_profile_weight")
        ),
    )


def downgrade() -> None:
    op.drop_table("profile_weight")
    op.drop_table("weight_profile")
    op.drop_table("option_score")
    with op.batch_alter_table("implementation_assessment", schema=None) as batch_op:
        batch_op.drop_index("ix_assessment_latest")

    op.drop_table("implementation_assessment")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
    op.drop_table("recommendation")
    op.drop_table("app_user")
    op.drop_table("thematic_area")
    with op.batch_alter_table("option", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_option_one_baseline",
            sqlite_where=sa.text("is_baseline"),
            postgresql_where=sa.text("is_baseline"),
        )

    op.drop_table("option")
    op.drop_table("member_state")
    op.drop_table("data_revision")
    op.drop_table("criterion")
    op.drop_table("assessment_round")

"""plan objectives and approved plan versions: goals with targets and deadlines, the actions serving
them, and frozen copies of the plan as approved

Revision ID: 0008_plan_objectives_versions
Revises: 0007_funding_requests
Create Date: 2026-12-02 00:50:00

"""

from alembic import op
import sqlalchemy as sa


revision = "0008_plan_objectives_versions"
down_revision = "0007_funding_requests"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "objective",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "kind", sa.Enum("GENERAL", "JOB_TARGET", name="objectivekind", native_enum=False, length=30), nullable=False
        ),
        sa.Column(
            "priority",
            sa.Enum("MAIN", "SUPPORTING", name="objectivepriority", native_enum=False, length=30),
            nullable=False,
        ),
        sa.Column("target_value", sa.BigInteger(), nullable=True),
        sa.Column("target_unit", sa.String(length=100), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("target_value IS NULL OR target_value >= 0", name=op.f("ck_objective_target_not_negative")),
        sa.ForeignKeyConstraint(
            ["case_id"], ["arm_case.id"], name=op.f("fk_objective_case_id_arm_case"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objective")),
    )
    with op.batch_alter_table("objective", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_objective_case_id"), ["case_id"], unique=False)

    op.create_table(
        "objective_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("objective_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"], ["action.id"], name=op.f("fk_objective_action_action_id_action"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["arm_case.id"], name=op.f("fk_objective_action_case_id_arm_case"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["objective_id"],
            ["objective.id"],
            name=op.f("fk_objective_action_objective_id_objective"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objective_action")),
        sa.UniqueConstraint("objective_id", "action_id", name=op.f("uq_objective_action_objective_id")),
    )
    with op.batch_alter_table("objective_action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_objective_action_action_id"), ["action_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_objective_action_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_objective_action_objective_id"), ["objective_id"], unique=False)

    op.create_table(
        "plan_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=False),
        sa.Column("approved_by_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["approved_by_id"],
            ["user_account.id"],
            name=op.f("fk_plan_version_approved_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["arm_case.id"], name=op.f("fk_plan_version_case_id_arm_case"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_version")),
        sa.UniqueConstraint("case_id", "number", name=op.f("uq_plan_version_case_id")),
    )
    with op.batch_alter_table("plan_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_version_case_id"), ["case_id"], unique=False)


def downgrade():
    with op.batch_alter_table("plan_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_version_case_id"))
    op.drop_table("plan_version")

    with op.batch_alter_table("objective_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_objective_action_objective_id"))
        batch_op.drop_index(batch_op.f("ix_objective_action_case_id"))
        batch_op.drop_index(batch_op.f("ix_objective_action_action_id"))
    op.drop_table("objective_action")

    with op.batch_alter_table("objective", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_objective_case_id"))
    op.drop_table("objective")

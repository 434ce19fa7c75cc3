"""One cohort snapshot per group and day: the service's check, now also the database's, so two saves at once
cannot both record the same day.

Revision ID: 0018_one_cohort_snapshot_a_day
Revises: 0017_progress_reports
"""

from alembic import op

revision = "0018_one_cohort_snapshot_a_day"
down_revision = "0017_progress_reports"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("cohort_snapshot", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            batch_op.f("uq_cohort_snapshot_case_id"), ["case_id", "cohort_group", "as_of"]
        )


def downgrade():
    with op.batch_alter_table("cohort_snapshot", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_cohort_snapshot_case_id"), type_="unique")

"""Job ledger indexes: a case's entries newest first in index order, and its sums from the index alone.

Revision ID: 0019_job_ledger_indexes
Revises: 0018_one_cohort_snapshot_a_day
"""

from alembic import op

revision = "0019_job_ledger_indexes"
down_revision = "0018_one_cohort_snapshot_a_day"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("job_entry", schema=None) as batch_op:
        batch_op.create_index("ix_job_entry_case_dated", ["case_id", "dated_on", "id"], unique=False)
        batch_op.create_index(
            "ix_job_entry_case_sums", ["case_id", "kind", "verified", "dated_on", "jobs"], unique=False
        )


def downgrade():
    with op.batch_alter_table("job_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_job_entry_case_sums")
        batch_op.drop_index("ix_job_entry_case_dated")

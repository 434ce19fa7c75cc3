"""case archive: a case can be archived (read-only, out of the default list) and restored

Revision ID: 0004_case_archive
Revises: 0003_plan_settings
Create Date: 2026-12-01 21:55:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0004_case_archive'
down_revision = '0003_plan_settings'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('arm_case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('arm_case', schema=None) as batch_op:
        batch_op.drop_column('archived_at')

"""grant decision: a grant records the funder's decision number (päätöksen numero, diaarinumero)

Revision ID: 0006_grant_decision
Revises: 0005_pending_import
Create Date: 2026-12-01 23:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0006_grant_decision'
down_revision = '0005_pending_import'
branch_labels = None
depends_on = None


def upgrade():
    # Existing grants have no number: the server default fills them with '' (the model's empty value).
    with op.batch_alter_table('project_grant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decision_number', sa.String(length=100), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('project_grant', schema=None) as batch_op:
        batch_op.drop_column('decision_number')

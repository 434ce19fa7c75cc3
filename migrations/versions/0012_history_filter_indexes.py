"""history filter indexes: the kinds of row and the people of a case's history, found by index seeks

The history page's filters list the distinct entities and actors of the case's events. Two indexes let
arm.core.queries.distinct_values find them one seek a value instead of reading every event of the case.

Revision ID: 0012_history_filter_indexes
Revises: 0011_invitation_consent
Create Date: 2026-12-02 06:34:28

"""
from alembic import op
import sqlalchemy as sa


revision = '0012_history_filter_indexes'
down_revision = '0011_invitation_consent'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index('ix_audit_event_case_id_actor_id', ['case_id', 'actor_id'], unique=False)
        batch_op.create_index('ix_audit_event_case_id_entity', ['case_id', 'entity', 'entity_id'], unique=False)


def downgrade():
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_event_case_id_entity')
        batch_op.drop_index('ix_audit_event_case_id_actor_id')

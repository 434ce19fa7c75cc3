"""history filter indexes: the kinds of row and the people of a case's history found by index seeks, and
the newest events and progress updates of a case read in index order

The history page's filters list the distinct entities and actors of the case's events. Two indexes let
arm.core.queries.distinct_values find them one seek a value instead of reading every event of the case.
The page itself lists the events newest first by (at, id): the index on (case_id, at) gains the id, so
that PostgreSQL reads a page (page 500 too) in index order instead of sorting the case's whole history
(SQLite's indexes end with the rowid already). The latest progress updates of a case (the dashboard's
panel, the feed) get the same (case_id, at, id) index: with only case_id indexed, every update of the
case was read and sorted to find the newest five. One row's history (an action's page) is read by
(case_id, entity, entity_id) in (at, id) order from the entity index.

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
        batch_op.drop_index('ix_audit_event_case_id_at')
        batch_op.create_index('ix_audit_event_case_id_at_id', ['case_id', 'at', 'id'], unique=False)
        batch_op.create_index('ix_audit_event_case_id_actor_id', ['case_id', 'actor_id'], unique=False)
        batch_op.create_index('ix_audit_event_case_id_entity', ['case_id', 'entity', 'entity_id', 'at', 'id'], unique=False)
    with op.batch_alter_table('action_update', schema=None) as batch_op:
        batch_op.create_index('ix_action_update_case_id_at_id', ['case_id', 'at', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('action_update', schema=None) as batch_op:
        batch_op.drop_index('ix_action_update_case_id_at_id')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_event_case_id_entity')
        batch_op.drop_index('ix_audit_event_case_id_actor_id')
        batch_op.drop_index('ix_audit_event_case_id_at_id')
        batch_op.create_index('ix_audit_event_case_id_at', ['case_id', 'at'], unique=False)

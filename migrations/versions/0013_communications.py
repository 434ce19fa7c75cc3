"""communications plan: the case's messages by audience, channel and date, and the actions they tell about

`comms_item` holds one message of the plan (audience, channel, Markdown message, owner, planned date or
recurrence, languages, status, crisis flag, the layoff wave or service it announces, and after publishing
the date, reach and feedback), versioned for the three-way merge; `comms_item_action` links it to actions.

Revision ID: 0013_communications
Revises: 0012_history_filter_indexes
Create Date: 2026-12-02 07:25:16

"""
from alembic import op
import sqlalchemy as sa


revision = '0013_communications'
down_revision = '0012_history_filter_indexes'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('comms_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('audience', sa.Enum('NETWORK_ACTORS', 'PARTNERS', 'DECISION_MAKERS', 'LAID_OFF', 'JOB_SEEKERS', 'EMPLOYERS', 'GENERAL_PUBLIC', 'MEDIA', name='commsaudience', native_enum=False, length=30), nullable=False),
    sa.Column('channel', sa.Enum('EMAIL', 'WEB_PAGE', 'PRESS_RELEASE', 'INFO_SESSION', 'SOCIAL_MEDIA', 'LETTER', 'SERVICE_POINT', 'OTHER', name='commschannel', native_enum=False, length=30), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('planned_on', sa.Date(), nullable=False),
    sa.Column('recurrence', sa.Enum('NONE', 'WEEKLY', 'MONTHLY', name='recurrence', native_enum=False, length=30), nullable=False),
    sa.Column('repeats_until', sa.Date(), nullable=True),
    sa.Column('languages', sa.String(length=100), nullable=False),
    sa.Column('status', sa.Enum('PLANNED', 'READY', 'PUBLISHED', 'CANCELLED', name='commsstatus', native_enum=False, length=30), nullable=False),
    sa.Column('is_crisis', sa.Boolean(), nullable=False),
    sa.Column('wave_id', sa.Integer(), nullable=True),
    sa.Column('service_id', sa.Integer(), nullable=True),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('reach', sa.Integer(), nullable=True),
    sa.Column('feedback', sa.Text(), nullable=False),
    sa.Column('template_key', sa.String(length=40), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('reach IS NULL OR reach >= 0', name=op.f('ck_comms_item_reach_not_negative')),
    sa.CheckConstraint('repeats_until IS NULL OR repeats_until >= planned_on', name=op.f('ck_comms_item_repeats_in_order')),
    sa.ForeignKeyConstraint(['case_id'], ['arm_case.id'], name=op.f('fk_comms_item_case_id_arm_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['membership.id'], name=op.f('fk_comms_item_owner_id_membership'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['service_id'], ['support_service.id'], name=op.f('fk_comms_item_service_id_support_service'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['wave_id'], ['layoff_wave.id'], name=op.f('fk_comms_item_wave_id_layoff_wave'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comms_item'))
    )
    with op.batch_alter_table('comms_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comms_item_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_comms_item_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_comms_item_service_id'), ['service_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_comms_item_wave_id'), ['wave_id'], unique=False)

    op.create_table('comms_item_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], name=op.f('fk_comms_item_action_action_id_action'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['case_id'], ['arm_case.id'], name=op.f('fk_comms_item_action_case_id_arm_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id'], ['comms_item.id'], name=op.f('fk_comms_item_action_item_id_comms_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comms_item_action')),
    sa.UniqueConstraint('item_id', 'action_id', name=op.f('uq_comms_item_action_item_id'))
    )
    with op.batch_alter_table('comms_item_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comms_item_action_action_id'), ['action_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_comms_item_action_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_comms_item_action_item_id'), ['item_id'], unique=False)



def downgrade():
    with op.batch_alter_table('comms_item_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comms_item_action_item_id'))
        batch_op.drop_index(batch_op.f('ix_comms_item_action_case_id'))
        batch_op.drop_index(batch_op.f('ix_comms_item_action_action_id'))

    op.drop_table('comms_item_action')
    with op.batch_alter_table('comms_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comms_item_wave_id'))
        batch_op.drop_index(batch_op.f('ix_comms_item_service_id'))
        batch_op.drop_index(batch_op.f('ix_comms_item_owner_id'))
        batch_op.drop_index(batch_op.f('ix_comms_item_case_id'))

    op.drop_table('comms_item')

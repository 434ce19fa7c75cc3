"""scheduled sends: the send ledger of meeting papers and weekly digests, and each person's digest preference

`scheduled_send` has one row per e-mail the scheduler sends (a meeting's agenda to one invitee, one person's
weekly digest), recorded and committed before the mail goes out. Its `key` is unique, so that two schedulers
never record the same send twice; `claimed_until` is the lease a sender holds while sending. A meeting that is
deleted keeps its rows (`meeting_id` set to NULL) for the record. `user_account.weekly_digest` is on for
every existing account: the digest is sent unless its receiver turns it off.

Revision ID: 0016_scheduled_sends
Revises: 0015_meetings
Create Date: 2026-12-02 15:19:56.934585

"""
from alembic import op
import sqlalchemy as sa


revision = '0016_scheduled_sends'
down_revision = '0015_meetings'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('scheduled_send',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('PAPER', 'DIGEST', name='sendkind', native_enum=False, length=30), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('recipient_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('PENDING', 'SENT', 'FAILED', name='sendstatus', native_enum=False, length=30), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['arm_case.id'], name=op.f('fk_scheduled_send_case_id_arm_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_scheduled_send_meeting_id_meeting'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recipient_id'], ['user_account.id'], name=op.f('fk_scheduled_send_recipient_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scheduled_send')),
    sa.UniqueConstraint('key', name=op.f('uq_scheduled_send_key'))
    )
    with op.batch_alter_table('scheduled_send', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scheduled_send_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_scheduled_send_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_scheduled_send_recipient_id'), ['recipient_id'], unique=False)
        batch_op.create_index('ix_scheduled_send_status_next_attempt_at', ['status', 'next_attempt_at'], unique=False)

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('weekly_digest', sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('weekly_digest')

    with op.batch_alter_table('scheduled_send', schema=None) as batch_op:
        batch_op.drop_index('ix_scheduled_send_status_next_attempt_at')
        batch_op.drop_index(batch_op.f('ix_scheduled_send_recipient_id'))
        batch_op.drop_index(batch_op.f('ix_scheduled_send_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_scheduled_send_case_id'))

    op.drop_table('scheduled_send')

"""meetings: series, meetings, invitees and attendance, guests, agenda items and the backlog, decisions,
minutes amendments, agenda templates and a case's meeting settings

`agenda_item.meeting_id` is empty for the case's backlog; `(meeting_id, source_key)` is unique so that an
agenda drafted again never adds a generated item twice. `meeting_guest` keeps the hash of a guest link's
secret, never the secret.

Revision ID: 0015_meetings
Revises: 0014_risk_register
Create Date: 2026-12-02 15:12:26.877174

"""
from alembic import op
import sqlalchemy as sa


revision = '0015_meetings'
down_revision = '0014_risk_register'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('agenda_template',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['arm_case.id'], name=op.f('fk_agenda_template_case_id_arm_case'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_template')),
    sa.UniqueConstraint('case_id', 'name', name=op.f('uq_agenda_template_case_id'))
    )
    with op.batch_alter_table('agenda_template', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_template_case_id'), ['case_id'], unique=False)

    op.create_table('meeting_settings',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('paper_hours_before', sa.Integer(), nullable=False),
    sa.CheckConstraint('paper_hours_before BETWEEN 1 AND 168', name=op.f('ck_meeting_settings_paper_hours_1_168')),
    sa.ForeignKeyConstraint(['case_id'], ['arm_case.id'], name=op.f('fk_meeting_settings_case_id_arm_case'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_meeting_settings'))
    )
    op.create_table('agenda_template_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=False),
    sa.Column('placement', sa.Enum('START', 'END', name='placement', native_enum=False, length=30), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['template_id'], ['agenda_template.id'], name=op.f('fk_agenda_template_item_template_id_agenda_template'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_template_item'))
    )
    with op.batch_alter_table('agenda_template_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_template_item_template_id'), ['template_id'], unique=False)

    op.create_table('meeting_series',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('subgroup_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('first_on', sa.Date(), nullable=False),
    sa.Column('last_on', sa.Date(), nullable=True),
    sa.Column('template_id', sa.Integer(), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('video_link', sa.String(length=500), nullable=False),
    sa.Column('chair_id', sa.Integer(), nullable=True),
    sa.Column('secretary_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('duration_minutes BETWEEN 5 AND 720', name=op.f('ck_meeting_series_duration_5_720')),
    sa.CheckConstraint('weekday BETWEEN 0 AND 6', name=op.f('ck_meeting_series_weekday_0_6')),
    sa.ForeignKeyConstraint(['case_id'], ['arm_case.id'], name=op.f('fk_meeting_series_case_id_arm_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['chair_id'], ['membership.id'], name=op.f('fk_meeting_series_chair_id_membership'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['secretary_id'], ['membership.id'], name=op.f('fk_meeting_series_secretary_id_membership'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['subgroup_id'], ['subgroup.id'], name=op.f('fk_meeting_series_subgroup_id_subgroup'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['template_id'], ['agenda_template.id'], name=op.f('fk_meeting_series_template_id_agenda_template'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_series'))
    )
    with op.batch_alter_table('meeting_series', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_series_case_id'), ['case_id'], unique=False)

    op.create_table('meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('series_id', sa.Integer(), nullable=True),
    sa.Column('subgroup_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('video_link', sa.String(length=500), nullable=False),
    sa.Column('chair_id', sa.Integer(), nullable=True),
    sa.Column('secretary_id', sa.Integer(), nullable=True),
    sa.Column('cancelled', sa.Boolean(), nullable=False),
    sa.Column('agenda_built_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('minutes_approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('minutes_approved_in_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_meeting_ends_after_start')),
    sa.ForeignKeyConstraint(['case_id'], ['arm_case.id'], name=op.f('fk_meeting_case_id_arm_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['chair_id'], ['membership.id'], name=op.f('fk_meeting_chair_id_membership'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['minutes_approved_in_id'], ['meeting.id'], name=op.f('fk_meeting_minutes_approved_in_id_meeting'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['secretary_id'], ['membership.id'], name=op.f('fk_meeting_secretary_id_membership'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['series_id'], ['meeting_series.id'], name=op.f('fk_meeting_series_id_meeting_series'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['subgroup_id'], ['subgroup.id'], name=op.f('fk_meeting_subgroup_id_subgroup'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting')),
    sa.UniqueConstraint('series_id', 'starts_at', name=op.f('uq_meeting_series_id'))
    )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_meeting_case_id_starts_at', ['case_id', 'starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_series_id'), ['series_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_subgroup_id'), ['subgroup_id'], unique=False)

    op.create_table('agenda_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('STANDING', 'GENERATED', 'MANUAL', name='itemkind', native_enum=False, length=30), nullable=False),
    sa.Column('closing', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('section', sa.String(length=40), nullable=False),
    sa.Column('source_key', sa.String(length=80), nullable=True),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('url', sa.String(length=300), nullable=False),
    sa.Column('presenter_id', sa.Integer(), nullable=True),
    sa.Column('duration_minutes', sa.Integer(), nullable=True),
    sa.Column('minutes', sa.Text(), nullable=False),
    sa.Column('outcome', sa.Enum('NOTED', 'DECIDED', 'POSTPONED', name='outcome', native_enum=False, length=30), nullable=True),
    sa.Column('carried_from_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('duration_minutes IS NULL OR duration_minutes BETWEEN 0 AND 720', name=op.f('ck_agenda_item_duration_0_720')),
    sa.ForeignKeyConstraint(['carried_from_id'], ['agenda_item.id'], name=op.f('fk_agenda_item_carried_from_id_agenda_item'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['case_id'], ['arm_case.id'], name=op.f('fk_agenda_item_case_id_arm_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_agenda_item_meeting_id_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['presenter_id'], ['membership.id'], name=op.f('fk_agenda_item_presenter_id_membership'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_item')),
    sa.UniqueConstraint('meeting_id', 'source_key', name=op.f('uq_agenda_item_meeting_id'))
    )
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_item_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_agenda_item_case_id_meeting_id', ['case_id', 'meeting_id'], unique=False)

    op.create_table('meeting_guest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['arm_case.id'], name=op.f('fk_meeting_guest_case_id_arm_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_guest_meeting_id_meeting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_guest')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_meeting_guest_token_hash'))
    )
    with op.batch_alter_table('meeting_guest', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_guest_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_guest_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('meeting_invitee',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=False),
    sa.Column('attendance', sa.Enum('PRESENT', 'EXCUSED', 'ABSENT', name='attendance', native_enum=False, length=30), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['arm_case.id'], name=op.f('fk_meeting_invitee_case_id_arm_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_invitee_meeting_id_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['membership_id'], ['membership.id'], name=op.f('fk_meeting_invitee_membership_id_membership'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_invitee')),
    sa.UniqueConstraint('meeting_id', 'membership_id', name=op.f('uq_meeting_invitee_meeting_id'))
    )
    with op.batch_alter_table('meeting_invitee', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_invitee_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_invitee_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_invitee_membership_id'), ['membership_id'], unique=False)

    op.create_table('decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], name=op.f('fk_decision_action_id_action'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_item.id'], name=op.f('fk_decision_agenda_item_id_agenda_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['case_id'], ['arm_case.id'], name=op.f('fk_decision_case_id_arm_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_decision_meeting_id_meeting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision'))
    )
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_action_id'), ['action_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_decision_agenda_item_id'), ['agenda_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_decision_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_decision_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('minutes_amendment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_item.id'], name=op.f('fk_minutes_amendment_agenda_item_id_agenda_item'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_minutes_amendment_author_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['case_id'], ['arm_case.id'], name=op.f('fk_minutes_amendment_case_id_arm_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_minutes_amendment_meeting_id_meeting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_minutes_amendment'))
    )
    with op.batch_alter_table('minutes_amendment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_minutes_amendment_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_minutes_amendment_meeting_id'), ['meeting_id'], unique=False)



def downgrade():
    with op.batch_alter_table('minutes_amendment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_minutes_amendment_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_minutes_amendment_case_id'))

    op.drop_table('minutes_amendment')
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decision_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_decision_case_id'))
        batch_op.drop_index(batch_op.f('ix_decision_agenda_item_id'))
        batch_op.drop_index(batch_op.f('ix_decision_action_id'))

    op.drop_table('decision')
    with op.batch_alter_table('meeting_invitee', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_invitee_membership_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_invitee_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_invitee_case_id'))

    op.drop_table('meeting_invitee')
    with op.batch_alter_table('meeting_guest', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_guest_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_guest_case_id'))

    op.drop_table('meeting_guest')
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.drop_index('ix_agenda_item_case_id_meeting_id')
        batch_op.drop_index(batch_op.f('ix_agenda_item_case_id'))

    op.drop_table('agenda_item')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_subgroup_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_series_id'))
        batch_op.drop_index('ix_meeting_case_id_starts_at')
        batch_op.drop_index(batch_op.f('ix_meeting_case_id'))

    op.drop_table('meeting')
    with op.batch_alter_table('meeting_series', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_series_case_id'))

    op.drop_table('meeting_series')
    with op.batch_alter_table('agenda_template_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_template_item_template_id'))

    op.drop_table('agenda_template_item')
    op.drop_table('meeting_settings')
    with op.batch_alter_table('agenda_template', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_template_case_id'))

    op.drop_table('agenda_template')

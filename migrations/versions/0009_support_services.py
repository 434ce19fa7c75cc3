"""support services: the case's service map and the change-security milestones of its layoff waves

Revision ID: 0009_support_services
Revises: 0008_plan_objectives_versions
Create Date: 2026-12-02 00:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0009_support_services'
down_revision = '0008_plan_objectives_versions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('support_service',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('EMPLOYMENT', 'SOCIAL_HEALTH', 'BUSINESS', 'EDUCATION', 'SUPPORT_NETWORK', name='servicekind', native_enum=False, length=30), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('reach', sa.Text(), nullable=False),
    sa.Column('languages', sa.String(length=100), nullable=False),
    sa.Column('age_group', sa.Enum('ALL', 'UNDER_30', 'OVER_30', name='agegroup', native_enum=False, length=30), nullable=False),
    sa.Column('audiences', sa.String(length=100), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('is_illustrative', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('ends_on IS NULL OR ends_on >= starts_on', name=op.f('ck_support_service_service_period_in_order')),
    sa.ForeignKeyConstraint(['case_id'], ['arm_case.id'], name=op.f('fk_support_service_case_id_arm_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['provider_id'], ['organisation.id'], name=op.f('fk_support_service_provider_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_support_service'))
    )
    with op.batch_alter_table('support_service', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_support_service_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_support_service_provider_id'), ['provider_id'], unique=False)

    op.create_table('wave_milestone',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('wave_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('CHANGE_NEGOTIATIONS', 'INFO_SESSION', 'INDIVIDUAL_PLANS', name='milestonekind', native_enum=False, length=30), nullable=False),
    sa.Column('occurs_on', sa.Date(), nullable=False),
    sa.Column('is_done', sa.Boolean(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['arm_case.id'], name=op.f('fk_wave_milestone_case_id_arm_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['wave_id'], ['layoff_wave.id'], name=op.f('fk_wave_milestone_wave_id_layoff_wave'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wave_milestone'))
    )
    with op.batch_alter_table('wave_milestone', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wave_milestone_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_wave_milestone_wave_id'), ['wave_id'], unique=False)


def downgrade():
    with op.batch_alter_table('wave_milestone', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wave_milestone_wave_id'))
        batch_op.drop_index(batch_op.f('ix_wave_milestone_case_id'))
    op.drop_table('wave_milestone')
    with op.batch_alter_table('support_service', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_support_service_provider_id'))
        batch_op.drop_index(batch_op.f('ix_support_service_case_id'))
    op.drop_table('support_service')

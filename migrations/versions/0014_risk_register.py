"""risk register and comments: a case's risks, their assessments and actions, and comments on any object

`risk` holds likelihood and impact (1–5 each, empty only while a starter risk of the template is proposed);
its score is derived, never stored. `risk_assessment` keeps every change of likelihood or impact (the
trend and history), `risk_action` the actions of the same case that mitigate a risk. `comment` is core's
generic comment (arm/core/comments.py): an entity name and id within a case.

The lead re-chains this revision after 0013 at merge time.

Revision ID: 0014_risk_register
Revises: 0013_communications
Create Date: 2026-12-02 07:25:17

"""
from alembic import op
import sqlalchemy as sa


revision = '0014_risk_register'
down_revision = '0013_communications'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_comment_author_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['case_id'], ['arm_case.id'], name=op.f('fk_comment_case_id_arm_case'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment'))
    )
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_comment_entity_entity_id_created_at', ['entity', 'entity_id', 'created_at'], unique=False)

    op.create_table('risk',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('category', sa.Enum('FUNDING', 'SERVICE_TIMING', 'NETWORK_TRUST', 'LABOUR_MATCHING', 'DATA_PROTECTION', 'COMMUNICATIONS', 'ECONOMY', 'OTHER', name='riskcategory', native_enum=False, length=30), nullable=False),
    sa.Column('likelihood', sa.Integer(), nullable=True),
    sa.Column('impact', sa.Integer(), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('mitigation', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('PROPOSED', 'OPEN', 'MITIGATING', 'CLOSED', 'MATERIALISED', name='riskstatus', native_enum=False, length=30), nullable=False),
    sa.Column('next_review_on', sa.Date(), nullable=True),
    sa.Column('template_key', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("status = 'PROPOSED' OR (likelihood IS NOT NULL AND impact IS NOT NULL)", name=op.f('ck_risk_assessed')),
    sa.CheckConstraint('impact IS NULL OR impact BETWEEN 1 AND 5', name=op.f('ck_risk_impact_1_5')),
    sa.CheckConstraint('likelihood IS NULL OR likelihood BETWEEN 1 AND 5', name=op.f('ck_risk_likelihood_1_5')),
    sa.ForeignKeyConstraint(['case_id'], ['arm_case.id'], name=op.f('fk_risk_case_id_arm_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['membership.id'], name=op.f('fk_risk_owner_id_membership'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risk'))
    )
    with op.batch_alter_table('risk', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_risk_case_id_status', ['case_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_risk_owner_id'), ['owner_id'], unique=False)

    op.create_table('risk_assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('risk_id', sa.Integer(), nullable=False),
    sa.Column('likelihood', sa.Integer(), nullable=False),
    sa.Column('impact', sa.Integer(), nullable=False),
    sa.Column('assessed_by_id', sa.Integer(), nullable=True),
    sa.Column('assessed_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('impact BETWEEN 1 AND 5', name=op.f('ck_risk_assessment_impact_1_5')),
    sa.CheckConstraint('likelihood BETWEEN 1 AND 5', name=op.f('ck_risk_assessment_likelihood_1_5')),
    sa.ForeignKeyConstraint(['assessed_by_id'], ['user_account.id'], name=op.f('fk_risk_assessment_assessed_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['case_id'], ['arm_case.id'], name=op.f('fk_risk_assessment_case_id_arm_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['risk_id'], ['risk.id'], name=op.f('fk_risk_assessment_risk_id_risk'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_assessment'))
    )
    with op.batch_alter_table('risk_assessment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_assessment_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_risk_assessment_risk_id_assessed_at', ['risk_id', 'assessed_at'], unique=False)

    op.create_table('risk_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('risk_id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], name=op.f('fk_risk_action_action_id_action'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['case_id'], ['arm_case.id'], name=op.f('fk_risk_action_case_id_arm_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['risk_id'], ['risk.id'], name=op.f('fk_risk_action_risk_id_risk'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_action')),
    sa.UniqueConstraint('risk_id', 'action_id', name=op.f('uq_risk_action_risk_id'))
    )
    with op.batch_alter_table('risk_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_action_action_id'), ['action_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_risk_action_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_risk_action_risk_id'), ['risk_id'], unique=False)



def downgrade():
    with op.batch_alter_table('risk_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_risk_action_risk_id'))
        batch_op.drop_index(batch_op.f('ix_risk_action_case_id'))
        batch_op.drop_index(batch_op.f('ix_risk_action_action_id'))

    op.drop_table('risk_action')
    with op.batch_alter_table('risk_assessment', schema=None) as batch_op:
        batch_op.drop_index('ix_risk_assessment_risk_id_assessed_at')
        batch_op.drop_index(batch_op.f('ix_risk_assessment_case_id'))

    op.drop_table('risk_assessment')
    with op.batch_alter_table('risk', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_risk_owner_id'))
        batch_op.drop_index('ix_risk_case_id_status')
        batch_op.drop_index(batch_op.f('ix_risk_case_id'))

    op.drop_table('risk')
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_index('ix_comment_entity_entity_id_created_at')
        batch_op.drop_index(batch_op.f('ix_comment_case_id'))

    op.drop_table('comment')

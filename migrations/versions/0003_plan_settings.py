"""plan settings: the progress roll-up moves from the case to the action plan's own table

Revision ID: 0003_plan_settings
Revises: 0002_action_plan
Create Date: 2026-12-01 21:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0003_plan_settings'
down_revision = '0002_action_plan'
branch_labels = None
depends_on = None

ROLLUP = sa.Enum('AVERAGE', 'BUDGET_WEIGHTED', name='progressrollup', native_enum=False, length=30)


def upgrade():
    op.create_table('plan_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('progress_rollup', ROLLUP, nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['arm_case.id'], name=op.f('fk_plan_settings_case_id_arm_case'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_settings')),
    sa.UniqueConstraint('case_id', name=op.f('uq_plan_settings_case_id'))
    )
    # Only cases that chose something other than the default need a row.
    op.execute(
        "INSERT INTO plan_settings (case_id, progress_rollup) "
        "SELECT id, progress_rollup FROM arm_case WHERE progress_rollup <> 'AVERAGE'"
    )
    with op.batch_alter_table('arm_case', schema=None) as batch_op:
        batch_op.drop_column('progress_rollup')


def downgrade():
    with op.batch_alter_table('arm_case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('progress_rollup', ROLLUP, server_default='AVERAGE', nullable=False))
    op.execute(
        "UPDATE arm_case SET progress_rollup = "
        "(SELECT progress_rollup FROM plan_settings WHERE plan_settings.case_id = arm_case.id) "
        "WHERE id IN (SELECT case_id FROM plan_settings)"
    )
    op.drop_table('plan_settings')

"""invitation consent: a membership is an invitation until the person accepts it

Every membership that exists is marked accepted (people joined without being asked, as the product
worked until now); new invitations start pending. The name the inviter typed is kept on the
invitation, with who sent it.

Revision ID: 0011_invitation_consent
Revises: 0009_support_services
Create Date: 2026-12-02 03:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0011_invitation_consent'
down_revision = '0010_user_sessions'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('declined_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('invited_name', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('invited_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_membership_invited_by_id_user_account'), 'user_account', ['invited_by_id'], ['id'],
            ondelete='SET NULL',
        )
    op.execute(sa.text('UPDATE membership SET accepted_at = created_at WHERE accepted_at IS NULL'))
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.alter_column('invited_name', server_default=None)


def downgrade():
    # An invitation nobody accepted gave no access; without the columns it would, so it goes.
    op.execute(sa.text('DELETE FROM role_assignment WHERE membership_id IN '
                       '(SELECT id FROM membership WHERE accepted_at IS NULL)'))
    op.execute(sa.text('DELETE FROM membership WHERE accepted_at IS NULL'))
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_membership_invited_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('invited_by_id')
        batch_op.drop_column('invited_name')
        batch_op.drop_column('declined_at')
        batch_op.drop_column('accepted_at')

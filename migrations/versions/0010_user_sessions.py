"""user sessions: a session generation per account, one row per sign-in, password-reset requests for the throttle

Revision ID: 0010_user_sessions
Revises: 0009_support_services
Create Date: 2026-12-02 03:00:00

"""
from alembic import op
import sqlalchemy as sa



revision = '0010_user_sessions'
down_revision = '0009_support_services'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), server_default='0', nullable=False))

    op.create_table('user_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_user_session_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_session')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_user_session_key_hash'))
    )
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_session_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_user_session_user_id'), ['user_id'], unique=False)

    op.create_table('password_reset_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_reset_request'))
    )
    with op.batch_alter_table('password_reset_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_password_reset_request_address'), ['address'], unique=False)
        batch_op.create_index(batch_op.f('ix_password_reset_request_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_password_reset_request_email'), ['email'], unique=False)


def downgrade():
    with op.batch_alter_table('password_reset_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_password_reset_request_email'))
        batch_op.drop_index(batch_op.f('ix_password_reset_request_at'))
        batch_op.drop_index(batch_op.f('ix_password_reset_request_address'))
    op.drop_table('password_reset_request')

    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_session_user_id'))
        batch_op.drop_index(batch_op.f('ix_user_session_created_at'))
    op.drop_table('user_session')

    # A plain DROP COLUMN (SQLite 3.35+ and PostgreSQL): a batch rebuild of user_account would drop the
    # table that every membership and action update refers to, which SQLite's foreign keys refuse.
    op.execute("ALTER TABLE user_account DROP COLUMN session_generation")
    # Links to unlock a sign-in did not exist before this revision.
    op.execute("DELETE FROM account_token WHERE purpose IN ('LOGIN_UNLOCK', 'login_unlock')")

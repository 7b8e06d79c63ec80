"""session generation; login failures counted per address in dialogue_rate

Revision ID: 0018_session_generation
Revises: 0017_import
Create Date: 2026-12-02 17:00:00

``user.session_generation`` is bumped by logout, password change, deactivation and role change,
and every staff request checks it, so a copied session cookie stops working. Failed logins are
counted per account and address (and per account over all addresses) in ``dialogue_rate``, so
``user.failed_logins`` goes. Wrong walk-join codes are counted there too (an atomic counter per
address and window instead of one row per attempt), so ``walk_join_attempt`` goes.
"""
import sqlalchemy as sa
from alembic import op

revision = "0018_session_generation"
down_revision = "0017_import"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_generation", sa.Integer(), server_default="0",
                                      nullable=False))
        batch_op.drop_column("failed_logins")
    with op.batch_alter_table("walk_join_attempt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_walk_join_attempt_client_hash"))
    op.drop_table("walk_join_attempt")


def downgrade():
    op.create_table(
        "walk_join_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_hash", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_walk_join_attempt")),
    )
    with op.batch_alter_table("walk_join_attempt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_walk_join_attempt_client_hash"), ["client_hash"],
                              unique=False)
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("failed_logins", sa.Integer(), server_default="0",
                                      nullable=False))
        batch_op.drop_column("session_generation")

"""submitted draft keys: a repeated send of the last page gets the thank-you page

Revision ID: 0007_submitted_keys
Revises: 0001
Create Date: 2026-11-25 13:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0007_submitted_keys"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "submitted_key",
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaign.id"],
            name=op.f("fk_submitted_key_campaign_id_campaign"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("key_hash", name=op.f("pk_submitted_key")),
    )


def downgrade():
    op.drop_table("submitted_key")

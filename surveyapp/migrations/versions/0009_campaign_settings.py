"""campaign settings edited by staff

Names and texts per language, contact details, population year, closing and archiving.

Revision ID: 0009_campaign_settings
Revises: 0008_merge_heads
Create Date: 2026-12-02 06:10:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0009_campaign_settings"
down_revision = "0008_merge_heads"
branch_labels = None
depends_on = None

TEXTS = ("names", "intro", "thanks", "privacy")


def upgrade():
    with op.batch_alter_table("campaign") as batch:
        for name in TEXTS:
            batch.add_column(sa.Column(name, sa.JSON(), nullable=True))
        batch.add_column(sa.Column("organiser", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("contact", sa.String(length=500), nullable=True))
        batch.add_column(sa.Column("population_year", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("closed_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("archived_on", sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table("campaign") as batch:
        for name in ("archived_on", "closed_on", "population_year", "contact", "organiser",
                     *reversed(TEXTS)):
            batch.drop_column(name)

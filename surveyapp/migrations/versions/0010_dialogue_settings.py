"""dialogue settings: titles, intros, categories, comments, me too, moderation, closed, archived

Revision ID: 0010_dialogue_settings
Revises: 0009_campaign_settings
Create Date: 2026-12-02 06:10:00

Existing dialogues keep today's behaviour: bundled categories, comments and "me too" on, pins
without text public at once; their Swedish title is the old ``name``.
"""
from alembic import op
import sqlalchemy as sa


revision = "0010_dialogue_settings"
down_revision = "0009_campaign_settings"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("dialogue") as batch:
        batch.add_column(sa.Column("titles", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("intros", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("categories", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("comments_allowed", sa.Boolean(), nullable=False,
                                   server_default=sa.true()))
        batch.add_column(sa.Column("me_too_shown", sa.Boolean(), nullable=False,
                                   server_default=sa.true()))
        batch.add_column(sa.Column("moderation", sa.String(length=16), nullable=False,
                                   server_default="text_waits"))
        batch.add_column(sa.Column("closed_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("archived", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("dialogue") as batch:
        for name in ("archived", "closed_on", "moderation", "me_too_shown", "comments_allowed",
                     "categories", "intros", "titles"):
            batch.drop_column(name)

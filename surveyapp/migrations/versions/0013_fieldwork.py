"""fieldwork: reproducible invitation codes (campaign code salt) and letter rounds

Revision ID: 0013_fieldwork
Revises: 0012_sealed_answers
Create Date: 2026-12-02 16:40:00

``campaign.code_salt`` is the random salt of the campaign's code key (an HMAC of it under
``SECRET_KEY``), so a reminder prints the same code as the first letter without storing it.
Campaigns with letters printed before this migration have no salt: their codes stay valid, but
reminders can only be printed for letters printed after it. ``letter_round`` counts each
printing (letters or reminders), counts only.
"""
import sqlalchemy as sa
from alembic import op

revision = "0013_fieldwork"
down_revision = "0012_sealed_answers"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("campaign") as batch:
        batch.add_column(sa.Column("code_salt", sa.String(length=32), nullable=True))
    op.create_table(
        "letter_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("letters", sa.Integer(), nullable=False),
        sa.Column("invited", sa.Integer(), nullable=False),
        sa.Column("answered", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaign.id"],
            name=op.f("fk_letter_round_campaign_id_campaign"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_round")),
        sa.UniqueConstraint("campaign_id", "number", name=op.f("uq_letter_round_campaign_id")),
    )


def downgrade():
    op.drop_table("letter_round")
    with op.batch_alter_table("campaign") as batch:
        batch.drop_column("code_salt")

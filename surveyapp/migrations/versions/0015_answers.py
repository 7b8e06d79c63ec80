"""answers: open-link choice in the weighting, moderation of survey free text

Revision ID: 0015_answers
Revises: 0014_lagesbild_cycle
Create Date: 2026-12-02 17:00:00

``campaign_weighting.include_open``: open-link answers are weighted with the random sample only
when an analyst chose so (false for every existing campaign: their weighted figures change to
the random sample). ``survey_text``: the moderation state of each free-text answer of a written
response (no dates, random ids).
"""
import sqlalchemy as sa
from alembic import op

revision = "0015_answers"
down_revision = "0014_lagesbild_cycle"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("campaign_weighting") as batch:
        batch.add_column(sa.Column("include_open", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    op.create_table(
        "survey_text",
        sa.Column("id", ID, autoincrement=False, nullable=False),
        sa.Column("response_id", ID, nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("variable", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"],
                                name=op.f("fk_survey_text_campaign_id_campaign"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["response_id"], ["response.id"],
                                name=op.f("fk_survey_text_response_id_response"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_text")),
        sa.UniqueConstraint("response_id", "variable", name=op.f("uq_survey_text_response_id")),
    )
    op.create_index(op.f("ix_survey_text_campaign_id"), "survey_text", ["campaign_id"])
    op.create_index(op.f("ix_survey_text_response_id"), "survey_text", ["response_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_survey_text_response_id"), table_name="survey_text")
    op.drop_index(op.f("ix_survey_text_campaign_id"), table_name="survey_text")
    op.drop_table("survey_text")
    with op.batch_alter_table("campaign_weighting") as batch:
        batch.drop_column("include_open")

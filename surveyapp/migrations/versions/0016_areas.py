"""areas: a campaign's own age grouping for weighting

Revision ID: 0016_areas
Revises: 0015_answers
Create Date: 2026-12-02 17:00:00

``campaign_weighting.age_groups`` holds the campaign's age groups (labels such as "13-15",
"85+"); NULL keeps the population table's own groups. Population cells keep their
``age_group`` label, which now also takes single years ("16") and open groups ("100+").
"""
import sqlalchemy as sa
from alembic import op

revision = "0016_areas"
down_revision = "0015_answers"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("campaign_weighting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("age_groups", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("campaign_weighting", schema=None) as batch_op:
        batch_op.drop_column("age_groups")

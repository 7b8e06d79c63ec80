"""imports: import_job, response.base_weight

Revision ID: 0017_import
Revises: 0016_areas
Create Date: 2026-12-02 17:00:00

Response files from elsewhere (``surveyapp.imports``): the import jobs, and the base weight an
imported response may bring with it (``NULL`` = 1, as for every response before).
"""
import sqlalchemy as sa
from alembic import op

revision = "0017_import"
down_revision = "0016_areas"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "import_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("columns", sa.JSON(), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("mapping", sa.JSON(), nullable=False),
        sa.Column("value_map", sa.JSON(), nullable=False),
        sa.Column("weight_column", sa.String(length=200), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("checked_rows", sa.Integer(), nullable=False),
        sa.Column("problems", sa.JSON(), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("imported", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"],
                                name=op.f("fk_import_job_campaign_id_campaign"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_job")),
    )
    op.create_index(op.f("ix_import_job_campaign_id"), "import_job", ["campaign_id"])
    # a plain ADD COLUMN (no table copy on SQLite: the responses keep their random rowids)
    op.add_column("response", sa.Column("base_weight", sa.Float(), nullable=True))


def downgrade():
    with op.batch_alter_table("response") as batch:
        batch.drop_column("base_weight")
    op.drop_index(op.f("ix_import_job_campaign_id"), table_name="import_job")
    op.drop_table("import_job")

"""reports: frozen report versions

Revision ID: 0019_reports
Revises: 0018_session_generation
Create Date: 2026-12-02 18:10:00

A period report (lägesrapport or lägesbild) frozen with its approval (``surveyapp.reports``).
"""
import sqlalchemy as sa
from alembic import op

revision = "0019_reports"
down_revision = "0018_session_generation"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "report_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("part", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("approved_by", sa.String(length=200), nullable=False),
        sa.Column("approval_reference", sa.String(length=100), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_version")),
    )


def downgrade():
    op.drop_table("report_version")

"""walksteps: the three steps of a walk, the checklist per stop, numbers per walk

Revision ID: 0020_walksteps
Revises: 0019_reports
Create Date: 2026-12-03 09:20:00

A walk gets its förmöte (purpose, invited organisations, notes) and uppföljande möte (notes,
agreed actions); an observation gets checklist scores, the light and its time, and a number
counted from 1 within its walk. Existing observations are numbered per walk in the order they
were recorded (by id), and each walk's counter starts after its highest number.
"""
import sqlalchemy as sa
from alembic import op

revision = "0020_walksteps"
down_revision = "0019_reports"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("walk") as batch:
        batch.add_column(sa.Column("observation_count", sa.Integer(), nullable=False,
                                   server_default="0"))
        batch.add_column(sa.Column("purpose", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("planning_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("planning_notes", sa.Text(), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("other_invitees", sa.String(length=500), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("follow_up_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("follow_up_notes", sa.Text(), nullable=False,
                                   server_default=""))
    with op.batch_alter_table("observation") as batch:
        batch.add_column(sa.Column("number", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("scores", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("light", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("observed_at", sa.DateTime(), nullable=True))
    op.execute(
        "UPDATE observation SET number = (SELECT COUNT(*) FROM observation AS earlier "
        "WHERE earlier.walk_id = observation.walk_id AND earlier.id <= observation.id)"
    )
    op.execute(
        "UPDATE walk SET observation_count = (SELECT COALESCE(MAX(number), 0) FROM observation "
        "WHERE observation.walk_id = walk.id)"
    )
    with op.batch_alter_table("observation") as batch:
        batch.alter_column("number", existing_type=sa.Integer(), nullable=False)
        batch.create_unique_constraint("uq_observation_walk_id", ["walk_id", "number"])
    op.create_table(
        "walk_invitee",
        sa.Column("walk_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["walk_id"], ["walk.id"], name=op.f("fk_walk_invitee_walk_id_walk"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"],
                                name=op.f("fk_walk_invitee_organisation_id_organisation"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("walk_id", "organisation_id", name=op.f("pk_walk_invitee")),
    )
    op.create_table(
        "walk_agreed_action",
        sa.Column("walk_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["walk_id"], ["walk.id"],
                                name=op.f("fk_walk_agreed_action_walk_id_walk"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["action_id"], ["action.id"],
                                name=op.f("fk_walk_agreed_action_action_id_action"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("walk_id", "action_id", name=op.f("pk_walk_agreed_action")),
    )


def downgrade():
    op.drop_table("walk_agreed_action")
    op.drop_table("walk_invitee")
    with op.batch_alter_table("observation") as batch:
        batch.drop_constraint("uq_observation_walk_id", type_="unique")
        batch.drop_column("observed_at")
        batch.drop_column("light")
        batch.drop_column("scores")
        batch.drop_column("number")
    with op.batch_alter_table("walk") as batch:
        for name in ("follow_up_notes", "follow_up_date", "other_invitees", "planning_notes",
                     "planning_date", "purpose", "observation_count"):
            batch.drop_column(name)

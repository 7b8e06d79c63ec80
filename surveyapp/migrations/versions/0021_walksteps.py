"""walksteps: the three steps of a walk, the checklist per stop, numbers per walk

Revision ID: 0021_walksteps
Revises: 0020_pin_area_only
Create Date: 2026-12-03 09:20:00

A walk gets its förmöte (purpose, invited organisations, notes) and uppföljande möte (notes,
agreed actions); an observation gets checklist scores, the light and its time, and a number
counted from 1 within its walk. Existing observations are numbered per walk in the order they
were recorded (by id), and each walk's counter starts after its highest number.
"""
import sqlalchemy as sa
from alembic import op

revision = "0021_walksteps"
down_revision = "0020_pin_area_only"
branch_labels = None
depends_on = None


WALK_COLUMNS = (
    sa.Column("observation_count", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("purpose", sa.Text(), nullable=False, server_default=""),
    sa.Column("planning_date", sa.Date(), nullable=True),
    sa.Column("planning_notes", sa.Text(), nullable=False, server_default=""),
    sa.Column("other_invitees", sa.String(length=500), nullable=False, server_default=""),
    sa.Column("follow_up_date", sa.Date(), nullable=True),
    sa.Column("follow_up_notes", sa.Text(), nullable=False, server_default=""),
)
OBSERVATION_COLUMNS = ("observed_at", "light", "scores", "number")


def upgrade():
    # Only ADD COLUMN and CREATE INDEX, no batch rebuild: on SQLite a rebuild drops the table,
    # and with foreign keys on that would delete (cascade) the observations and action links.
    for column in WALK_COLUMNS:
        op.add_column("walk", column)
    # NOT NULL needs a default to be added to existing rows; the numbers are set just below.
    op.add_column("observation", sa.Column("number", sa.Integer(), nullable=False,
                                           server_default="0"))
    op.add_column("observation", sa.Column("scores", sa.JSON(), nullable=True))
    op.add_column("observation", sa.Column("light", sa.String(length=16), nullable=True))
    op.add_column("observation", sa.Column("observed_at", sa.DateTime(), nullable=True))
    op.execute(
        "UPDATE observation SET number = (SELECT COUNT(*) FROM observation AS earlier "
        "WHERE earlier.walk_id = observation.walk_id AND earlier.id <= observation.id)"
    )
    op.execute(
        "UPDATE walk SET observation_count = (SELECT COALESCE(MAX(number), 0) FROM observation "
        "WHERE observation.walk_id = walk.id)"
    )
    if op.get_bind().dialect.name == "postgresql":
        # SQLite cannot drop a default without a rebuild; the model always sets the number.
        op.alter_column("observation", "number", server_default=None)
    op.create_index("uq_observation_walk_number", "observation", ["walk_id", "number"],
                    unique=True)
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
    # DROP COLUMN (SQLite 3.35+), again without a rebuild that would cascade.
    op.drop_table("walk_agreed_action")
    op.drop_table("walk_invitee")
    op.drop_index("uq_observation_walk_number", table_name="observation")
    for name in OBSERVATION_COLUMNS:
        op.drop_column("observation", name)
    for column in reversed(WALK_COLUMNS):
        op.drop_column("walk", column.name)

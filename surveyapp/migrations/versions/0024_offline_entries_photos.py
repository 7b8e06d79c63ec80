"""client_key on observation and pin (an offline phone's entry saved once), photos on walk
observations and pins (observation_photo, pin_photo, dialogue.photos_allowed)

Revision ID: 0024_offline_entries_photos
Revises: 0023_export_jobs
Create Date: 2026-12-04 18:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0024_offline_entries_photos"
down_revision = "0023_export_jobs"
branch_labels = None
depends_on = None


def upgrade():
    # ADD COLUMN without a batch rebuild: on SQLite a rebuild drops the table, and with foreign
    # keys on that would delete (cascade) the action links and now the photos.
    op.add_column("observation", sa.Column("client_key", sa.String(length=64), nullable=True))
    op.create_index("uq_observation_walk_client_key", "observation", ["walk_id", "client_key"],
                    unique=True)
    op.add_column("pin", sa.Column("client_key", sa.String(length=64), nullable=True))
    op.create_index("uq_pin_dialogue_client_key", "pin", ["dialogue_id", "client_key"],
                    unique=True)
    op.create_table(
        "observation_photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("observation_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["observation_id"], ["observation.id"],
                                name=op.f("fk_observation_photo_observation_id_observation"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_observation_photo")),
    )
    op.create_index(op.f("ix_observation_photo_observation_id"), "observation_photo",
                    ["observation_id"])
    op.create_index(op.f("ix_observation_photo_created_at"), "observation_photo",
                    ["created_at"])
    op.add_column("dialogue", sa.Column("photos_allowed", sa.Boolean(), nullable=False,
                                        server_default=sa.false()))
    op.create_table(
        "pin_photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pin_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["pin_id"], ["pin.id"], name=op.f("fk_pin_photo_pin_id_pin"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pin_photo")),
    )
    op.create_index(op.f("ix_pin_photo_pin_id"), "pin_photo", ["pin_id"])
    op.create_index(op.f("ix_pin_photo_created_at"), "pin_photo", ["created_at"])


def downgrade():
    op.drop_index(op.f("ix_pin_photo_created_at"), table_name="pin_photo")
    op.drop_index(op.f("ix_pin_photo_pin_id"), table_name="pin_photo")
    op.drop_table("pin_photo")
    op.drop_column("dialogue", "photos_allowed")
    op.drop_index(op.f("ix_observation_photo_created_at"), table_name="observation_photo")
    op.drop_index(op.f("ix_observation_photo_observation_id"), table_name="observation_photo")
    op.drop_table("observation_photo")
    op.drop_index("uq_pin_dialogue_client_key", table_name="pin")
    op.drop_column("pin", "client_key")
    op.drop_index("uq_observation_walk_client_key", table_name="observation")
    op.drop_column("observation", "client_key")  # SQLite 3.35+, no rebuild

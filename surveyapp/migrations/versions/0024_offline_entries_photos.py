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


# (photo table, the row it belongs to): both tables have the same columns
PHOTO_TABLES = (("observation_photo", "observation"), ("pin_photo", "pin"))


def upgrade():
    # ADD COLUMN without a batch rebuild: on SQLite a rebuild drops the table, and with foreign
    # keys on that would delete (cascade) the action links and now the photos.
    for table, scope in (("observation", "walk_id"), ("pin", "dialogue_id")):
        op.add_column(table, sa.Column("client_key", sa.String(length=64), nullable=True))
        op.create_index(f"uq_{table}_{scope.removesuffix('_id')}_client_key", table,
                        [scope, "client_key"], unique=True)
    op.add_column("dialogue", sa.Column("photos_allowed", sa.Boolean(), nullable=False,
                                        server_default=sa.false()))
    for table, owner in PHOTO_TABLES:
        op.create_table(
            table,
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column(f"{owner}_id", sa.Integer(), nullable=False),
            sa.Column("data", sa.LargeBinary(), nullable=False),
            sa.Column("width", sa.Integer(), nullable=False),
            sa.Column("height", sa.Integer(), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.ForeignKeyConstraint([f"{owner}_id"], [f"{owner}.id"],
                                    name=op.f(f"fk_{table}_{owner}_id_{owner}"),
                                    ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        )
        op.create_index(op.f(f"ix_{table}_{owner}_id"), table, [f"{owner}_id"])
        op.create_index(op.f(f"ix_{table}_created_at"), table, ["created_at"])


def downgrade():
    for table, owner in reversed(PHOTO_TABLES):
        op.drop_index(op.f(f"ix_{table}_created_at"), table_name=table)
        op.drop_index(op.f(f"ix_{table}_{owner}_id"), table_name=table)
        op.drop_table(table)
    op.drop_column("dialogue", "photos_allowed")
    for table, scope in (("pin", "dialogue_id"), ("observation", "walk_id")):
        op.drop_index(f"uq_{table}_{scope.removesuffix('_id')}_client_key", table_name=table)
        op.drop_column(table, "client_key")  # SQLite 3.35+, no rebuild

"""merge the feature branches into one line of migrations

Revision ID: 0008_merge_heads
Revises: 0002_auth, 0004_results, 0006_walks_actions, 0007_submitted_keys
Create Date: 2026-12-02 06:00:00

From here on every migration revises the one before it: ``flask db upgrade`` (one head).
"""

revision = "0008_merge_heads"
down_revision = ("0002_auth", "0004_results", "0006_walks_actions", "0007_submitted_keys")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

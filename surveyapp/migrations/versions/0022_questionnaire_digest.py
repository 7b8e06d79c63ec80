"""questionnaire.digest: the sha256 of the definition, stored with the row

Revision ID: 0022_questionnaire_digest
Revises: 0021_walksteps
Create Date: 2026-12-03 09:00:00

The respondent's requests look the parsed questionnaire up by this digest (a process cache),
instead of reading, decoding and re-encoding the whole definition on every request.
"""
import hashlib
import json

import sqlalchemy as sa
from alembic import op

revision = "0022_questionnaire_digest"
down_revision = "0021_walksteps"
branch_labels = None
depends_on = None

_QUESTIONNAIRE = sa.table(
    "questionnaire",
    sa.column("id", sa.Integer),
    sa.column("definition", sa.JSON),
    sa.column("digest", sa.String(64)),
)


def upgrade():
    with op.batch_alter_table("questionnaire", schema=None) as batch_op:
        batch_op.add_column(sa.Column("digest", sa.String(length=64), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(sa.select(_QUESTIONNAIRE.c.id, _QUESTIONNAIRE.c.definition))
    for row_id, definition in rows.all():
        canonical = json.dumps(definition, sort_keys=True, ensure_ascii=False)
        connection.execute(
            _QUESTIONNAIRE.update().where(_QUESTIONNAIRE.c.id == row_id)
            .values(digest=hashlib.sha256(canonical.encode()).hexdigest())
        )


def downgrade():
    with op.batch_alter_table("questionnaire", schema=None) as batch_op:
        batch_op.drop_column("digest")

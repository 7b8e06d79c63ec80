"""sealed answers: pending store, keyed tombstones, random response ids

Revision ID: 0012_sealed_answers
Revises: 0010_dialogue_settings
Create Date: 2026-12-02 06:30:00

Responses are no longer written in the transaction that uses a code: answers are sealed in
``pending_answer`` and written in shuffled batches (see ``surveyapp.surveys.batches``).
``submitted_key`` is recreated: its old rows were unkeyed hashes of the codes in submission
order, so they are dropped (a code is still single-use through ``invitation.used``). Existing
responses get random ids, assigned in random order, in this one transaction — on PostgreSQL
that also gives them all the same ``xmin``.
"""
import secrets

import sqlalchemy as sa
from alembic import op

revision = "0012_sealed_answers"
down_revision = "0010_dialogue_settings"
branch_labels = None
depends_on = None


def _submitted_key_columns(with_date: bool) -> list:
    columns = [
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
    ]
    if with_date:
        columns.append(sa.Column("submitted_on", sa.Date(), nullable=False))
    return columns + [
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaign.id"],
            name=op.f("fk_submitted_key_campaign_id_campaign"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("key_hash", name=op.f("pk_submitted_key")),
    ]


def _renumber(new_id) -> None:
    """Give every response a new id from ``new_id(position)``, updating in random order.

    Two passes through negative ids, so a new id never collides with an old one mid-way.
    """
    bind = op.get_bind()
    ids = list(bind.execute(sa.text("SELECT id FROM response")).scalars())
    secrets.SystemRandom().shuffle(ids)
    temporary = [{"old": old, "new": -(position + 1)} for position, old in enumerate(ids)]
    if temporary:
        bind.execute(sa.text("UPDATE response SET id = :new WHERE id = :old"), temporary)
        final = [{"old": -(position + 1), "new": new_id(position)} for position in range(len(ids))]
        bind.execute(sa.text("UPDATE response SET id = :new WHERE id = :old"), final)


def upgrade():
    op.drop_table("submitted_key")
    op.create_table("submitted_key", *_submitted_key_columns(False), sqlite_with_rowid=False)
    op.create_table(
        "pending_answer",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaign.id"],
            name=op.f("fk_pending_answer_campaign_id_campaign"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_answer")),
        sqlite_with_rowid=False,
    )
    op.create_index(op.f("ix_pending_answer_campaign_id"), "pending_answer", ["campaign_id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE response ALTER COLUMN id DROP DEFAULT")
        op.execute("ALTER TABLE response ALTER COLUMN id TYPE BIGINT")
        op.execute("DROP SEQUENCE IF EXISTS response_id_seq")
    # SQLite keeps ``id INTEGER PRIMARY KEY`` (the rowid, 64-bit): rows are stored in id order,
    # which is now random.
    _renumber(lambda _position: secrets.randbelow(2**63 - 1) + 1)


def downgrade():
    # Pending answers are lost by a downgrade: run `flask survey flush-pending --all --force`
    # before downgrading.
    op.drop_index(op.f("ix_pending_answer_campaign_id"), table_name="pending_answer")
    op.drop_table("pending_answer")
    op.drop_table("submitted_key")
    op.create_table("submitted_key", *_submitted_key_columns(True))
    _renumber(lambda position: position + 1)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE response ALTER COLUMN id TYPE INTEGER")
        op.execute("CREATE SEQUENCE response_id_seq OWNED BY response.id")
        op.execute("SELECT setval('response_id_seq', "
                   "COALESCE((SELECT MAX(id) FROM response), 0) + 1, false)")
        op.execute("ALTER TABLE response ALTER COLUMN id SET DEFAULT nextval('response_id_seq')")

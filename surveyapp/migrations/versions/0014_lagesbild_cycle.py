"""lägesbild cycle: organisations, indicators, partner reports, problems, action plans

Revision ID: 0014_lagesbild_cycle
Revises: 0013_fieldwork
Create Date: 2026-12-02 17:00:00

The six fixed responsible-actor codes of ``action.responsible_actor`` become organisations (one
per code, named in Swedish); each action points to its organisation, and its current status
becomes the first step of its status history (dated with its last change).
"""
import sqlalchemy as sa
from alembic import op

revision = "0014_lagesbild_cycle"
down_revision = "0013_fieldwork"
branch_labels = None
depends_on = None

# old actor code -> (organisation name, kind)
ACTORS = {
    "forvaltning": ("Kommunal förvaltning", "forvaltning"),
    "bostadsbolag": ("Bostadsbolag", "bostadsbolag"),
    "polis": ("Polisen", "lokalpolisomrade"),
    "fastighetsagare": ("Fastighetsägare", "naringsliv"),
    "trafikverket": ("Trafikverket", "annan"),
    "annan": ("Annan", "annan"),
}


def _fk(column, table, ondelete, source):
    return sa.ForeignKeyConstraint([column], [f"{table}.id"],
                                   name=op.f(f"fk_{source}_{column}_{table}"), ondelete=ondelete)


def _organisations():
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("report_every_weeks", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
        sa.UniqueConstraint("name", name=op.f("uq_organisation_name")),
    )
    op.create_table(
        "organisation_member",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        _fk("organisation_id", "organisation", "CASCADE", "organisation_member"),
        _fk("user_id", "user", "CASCADE", "organisation_member"),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_organisation_member")),
    )
    op.create_index(op.f("ix_organisation_member_organisation_id"), "organisation_member",
                    ["organisation_id"])


LINK_TABLES = ("action_observation", "action_pin")


def _saved_links(bind) -> dict:
    """The rows of the tables that point to ``action``: on SQLite the batch rebuild drops the
    table, and with foreign keys on that deletes (cascades) them."""
    return {table: [dict(row._mapping) for row in bind.execute(sa.text(f"SELECT * FROM {table}"))]
            for table in LINK_TABLES}


def _restore_links(bind, saved: dict) -> None:
    for table, rows in saved.items():
        bind.execute(sa.text(f"DELETE FROM {table}"))
        if rows:
            columns = list(rows[0])
            bind.execute(sa.text(
                f"INSERT INTO {table} ({', '.join(columns)}) "
                f"VALUES ({', '.join(':' + c for c in columns)})"), rows)


def _actions():
    bind = op.get_bind()
    saved = _saved_links(bind)
    organisation = sa.table("organisation", sa.column("id", sa.Integer),
                            sa.column("name", sa.String), sa.column("kind", sa.String),
                            sa.column("report_every_weeks", sa.Integer))
    ids = {}
    for code, (name, kind) in ACTORS.items():
        bind.execute(organisation.insert().values(name=name, kind=kind, report_every_weeks=0))
        ids[code] = bind.execute(sa.select(organisation.c.id).where(
            organisation.c.name == name)).scalar_one()
    with op.batch_alter_table("action") as batch:
        batch.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
    action = sa.table("action", sa.column("id", sa.Integer), sa.column("status", sa.String),
                      sa.column("updated_on", sa.Date),
                      sa.column("responsible_actor", sa.String),
                      sa.column("organisation_id", sa.Integer))
    for code, organisation_id in ids.items():
        bind.execute(action.update().where(action.c.responsible_actor == code)
                     .values(organisation_id=organisation_id))
    bind.execute(action.update().where(action.c.organisation_id.is_(None))
                 .values(organisation_id=ids["annan"]))
    with op.batch_alter_table("action") as batch:
        batch.alter_column("organisation_id", existing_type=sa.Integer(), nullable=False)
        batch.create_index(batch.f("ix_action_organisation_id"), ["organisation_id"])
        batch.create_foreign_key(batch.f("fk_action_organisation_id_organisation"),
                                 "organisation", ["organisation_id"], ["id"],
                                 ondelete="RESTRICT")
        batch.drop_column("responsible_actor")
    _restore_links(bind, saved)
    op.create_table(
        "action_status_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        _fk("action_id", "action", "CASCADE", "action_status_change"),
        _fk("user_id", "user", "SET NULL", "action_status_change"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_status_change")),
    )
    op.create_index(op.f("ix_action_status_change_action_id"), "action_status_change",
                    ["action_id"])
    bind.execute(sa.text(
        "INSERT INTO action_status_change (action_id, status, changed_on, comment) "
        "SELECT id, status, updated_on, '' FROM action"))


def _indicators():
    op.create_table(
        "indicator_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("measure", sa.String(length=16), nullable=False),
        sa.Column("imported_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_series")),
        sa.UniqueConstraint("name", name=op.f("uq_indicator_series_name")),
    )
    op.create_table(
        "indicator_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        _fk("area_id", "area", "CASCADE", "indicator_value"),
        _fk("series_id", "indicator_series", "CASCADE", "indicator_value"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_value")),
        sa.UniqueConstraint("series_id", "area_id", "period",
                            name=op.f("uq_indicator_value_series_id")),
    )
    op.create_index(op.f("ix_indicator_value_series_id"), "indicator_value", ["series_id"])
    op.create_index(op.f("ix_indicator_value_area_id"), "indicator_value", ["area_id"])


def _partners():
    op.create_table(
        "partner_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_weeks", sa.Integer(), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("note_status", sa.String(length=16), nullable=False),
        sa.Column("flags", sa.JSON(), nullable=False),
        _fk("area_id", "area", "CASCADE", "partner_report"),
        _fk("organisation_id", "organisation", "RESTRICT", "partner_report"),
        _fk("user_id", "user", "SET NULL", "partner_report"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_report")),
        sa.UniqueConstraint("organisation_id", "area_id", "period_start",
                            name=op.f("uq_partner_report_organisation_id")),
    )
    for column in ("organisation_id", "area_id", "period_start", "note_status"):
        op.create_index(op.f(f"ix_partner_report_{column}"), "partner_report", [column])
    op.create_table(
        "partner_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("time_of_day", sa.String(length=16), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        _fk("report_id", "partner_report", "CASCADE", "partner_event"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_event")),
    )
    op.create_index(op.f("ix_partner_event_report_id"), "partner_event", ["report_id"])


def _problems():
    op.create_table(
        "problem",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=True),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("priority", sa.String(length=8), nullable=True),
        sa.Column("priority_decision", sa.String(length=300), nullable=False),
        sa.Column("prioritised_on", sa.Date(), nullable=True),
        sa.Column("created_on", sa.Date(), nullable=False),
        _fk("area_id", "area", "SET NULL", "problem"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_problem")),
    )
    op.create_index(op.f("ix_problem_area_id"), "problem", ["area_id"])
    op.create_table(
        "problem_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("problem_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("ref_id", sa.Integer(), nullable=True),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        _fk("problem_id", "problem", "CASCADE", "problem_evidence"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_problem_evidence")),
    )
    op.create_index(op.f("ix_problem_evidence_problem_id"), "problem_evidence", ["problem_id"])
    op.create_table(
        "problem_cause",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("problem_id", sa.Integer(), nullable=False),
        sa.Column("factor", sa.String(length=32), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        _fk("problem_id", "problem", "CASCADE", "problem_cause"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_problem_cause")),
    )
    op.create_index(op.f("ix_problem_cause_problem_id"), "problem_cause", ["problem_id"])


def _plans():
    op.create_table(
        "action_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("previous_id", sa.Integer(), nullable=True),
        sa.Column("approved_by", sa.String(length=200), nullable=False),
        sa.Column("approval_reference", sa.String(length=100), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("created_on", sa.Date(), nullable=False),
        _fk("previous_id", "action_plan", "SET NULL", "action_plan"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_plan")),
    )
    op.create_table(
        "plan_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("problem_id", sa.Integer(), nullable=False),
        sa.Column("cause_id", sa.Integer(), nullable=True),
        sa.Column("resources", sa.Text(), nullable=False),
        sa.Column("expected_effect", sa.Text(), nullable=False),
        sa.Column("indicator_series_id", sa.Integer(), nullable=True),
        sa.Column("indicator_note", sa.String(length=300), nullable=False),
        sa.Column("process_evaluation", sa.Text(), server_default="", nullable=False),
        sa.Column("effect_evaluation", sa.Text(), server_default="", nullable=False),
        _fk("action_id", "action", "RESTRICT", "plan_item"),
        _fk("cause_id", "problem_cause", "SET NULL", "plan_item"),
        _fk("indicator_series_id", "indicator_series", "SET NULL", "plan_item"),
        _fk("plan_id", "action_plan", "CASCADE", "plan_item"),
        _fk("problem_id", "problem", "RESTRICT", "plan_item"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_item")),
    )
    for column in ("plan_id", "action_id", "problem_id"):
        op.create_index(op.f(f"ix_plan_item_{column}"), "plan_item", [column])


def _promises():
    op.create_table(
        "citizen_promise",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=60), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("signed_police", sa.String(length=200), nullable=False),
        sa.Column("signed_municipality", sa.String(length=200), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("titles", sa.JSON(), nullable=False),
        sa.Column("texts", sa.JSON(), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        _fk("area_id", "area", "SET NULL", "citizen_promise"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citizen_promise")),
        sa.UniqueConstraint("slug", name=op.f("uq_citizen_promise_slug")),
    )
    op.create_table(
        "promise_commitment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("promise_id", sa.Integer(), nullable=False),
        sa.Column("texts", sa.JSON(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("indicator_series_id", sa.Integer(), nullable=True),
        _fk("action_id", "action", "SET NULL", "promise_commitment"),
        _fk("indicator_series_id", "indicator_series", "SET NULL", "promise_commitment"),
        _fk("promise_id", "citizen_promise", "CASCADE", "promise_commitment"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_promise_commitment")),
    )
    op.create_index(op.f("ix_promise_commitment_promise_id"), "promise_commitment",
                    ["promise_id"])
    op.create_table(
        "promise_follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("promise_id", sa.Integer(), nullable=False),
        sa.Column("noted_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        _fk("promise_id", "citizen_promise", "CASCADE", "promise_follow_up"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_promise_follow_up")),
    )
    op.create_index(op.f("ix_promise_follow_up_promise_id"), "promise_follow_up",
                    ["promise_id"])


def upgrade():
    _organisations()
    _actions()
    _indicators()
    _partners()
    _problems()
    _plans()
    _promises()


def downgrade():
    for table in ("promise_follow_up", "promise_commitment", "citizen_promise","plan_item", "action_plan", "problem_cause", "problem_evidence", "problem",
                  "partner_event", "partner_report", "indicator_value", "indicator_series",
                  "action_status_change"):
        op.drop_table(table)
    bind = op.get_bind()
    saved = _saved_links(bind)
    with op.batch_alter_table("action") as batch:
        batch.add_column(sa.Column("responsible_actor", sa.String(length=32), nullable=True))
    kinds = {name: code for code, (name, _kind) in ACTORS.items()}
    rows = bind.execute(sa.text(
        "SELECT action.id, organisation.name FROM action "
        "JOIN organisation ON organisation.id = action.organisation_id")).all()
    for action_id, name in rows:
        bind.execute(sa.text("UPDATE action SET responsible_actor = :code WHERE id = :id"),
                     {"code": kinds.get(name, "annan"), "id": action_id})
    with op.batch_alter_table("action") as batch:
        batch.alter_column("responsible_actor", existing_type=sa.String(length=32),
                           nullable=False)
        batch.drop_constraint("fk_action_organisation_id_organisation", type_="foreignkey")
        batch.drop_index("ix_action_organisation_id")
        batch.drop_column("organisation_id")
    _restore_links(bind, saved)
    op.drop_table("organisation_member")
    op.drop_table("organisation")

"""funding requests: the plan's proposal for state funding, and the STATE_FUNDING actions moved into it

TEM's model of the regional plan (seed 000, section 3) lists four kinds of measures plus a proposal for
state funding; the proposal is a list of funding requests, not a fifth kind of action. This revision
creates the requests and their links to the actions they serve and the grants that realised them, then
moves every action of the old category STATE_FUNDING into a request (our own design of the move):

- title and description are the action's; the amount asked is its budget (both stored as hundredths);
  the funder is the first funder the action named (the others are listed in the notes); nothing is
  granted and no decision date is set, as an action never recorded a decision;
- status: PLANNED, DELAYED and CANCELLED become DRAFTED, ONGOING and DONE become SUBMITTED (work on
  the request had started or ended; whether it was granted is not known), and the notes say what the
  action's status and progress were;
- history: the request's notes start with a dated log of the action's progress updates (date, author,
  status, progress, note), oldest first; the action's own audit events are re-pointed to the request
  (entity "FundingRequest", the new id), so the request's history shows what was done to the action
  (the request's model names the action's old fields); one more audit event, with no actor, records the
  move itself. The updates' own audit events stay as they were (entity "ActionUpdate") in the case history;
- the moved actions are then deleted with their updates, followers, resource uses and project links
  (the projects they were linked to are named in the notes).

Downgrade drops the new tables only when no funding request exists; otherwise it is refused with a
message, as the requests cannot become actions again without losing what they say.

Revision ID: 0007_funding_requests
Revises: 0006_grant_decision
Create Date: 2026-12-02 00:40:00

"""

from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


revision = "0007_funding_requests"
down_revision = "0006_grant_decision"
branch_labels = None
depends_on = None

REQUEST_STATUS = ("DRAFTED", "SUBMITTED", "GRANTED_IN_PART", "GRANTED", "REFUSED")
FUNDERS = ("TEM_ARM", "OKM", "ELY", "ESR", "EAKR", "AKKE", "MUNICIPALITY", "COMPANY", "OTHER")
STATUS_OF_ACTION = {
    "PLANNED": "DRAFTED",
    "DELAYED": "DRAFTED",
    "CANCELLED": "DRAFTED",
    "ONGOING": "SUBMITTED",
    "DONE": "SUBMITTED",
}
# The action statuses as the UI named them in Finnish (the notes are written once, in the UI's first language).
ACTION_STATUS_FI = {
    "PLANNED": "Suunniteltu",
    "ONGOING": "Käynnissä",
    "DONE": "Valmis",
    "DELAYED": "Viivästynyt",
    "CANCELLED": "Peruttu",
}

action = sa.table(
    "action",
    sa.column("id", sa.Integer),
    sa.column("case_id", sa.Integer),
    sa.column("title", sa.String),
    sa.column("description", sa.Text),
    sa.column("category", sa.String),
    sa.column("status", sa.String),
    sa.column("progress", sa.Integer),
    sa.column("budget", sa.BigInteger),
    sa.column("funding_sources", sa.String),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
action_update = sa.table(
    "action_update",
    sa.column("action_id", sa.Integer),
    sa.column("author_id", sa.Integer),
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("new_status", sa.String),
    sa.column("new_progress", sa.Integer),
    sa.column("note", sa.Text),
)
user_account = sa.table("user_account", sa.column("id", sa.Integer), sa.column("name", sa.String))
project = sa.table("project", sa.column("id", sa.Integer), sa.column("name", sa.String))
project_action = sa.table("project_action", sa.column("project_id", sa.Integer), sa.column("action_id", sa.Integer))
action_follower = sa.table("action_follower", sa.column("action_id", sa.Integer))
action_resource = sa.table("action_resource", sa.column("action_id", sa.Integer))
audit_event = sa.table(
    "audit_event",
    sa.column("id", sa.Integer),
    sa.column("case_id", sa.Integer),
    sa.column("actor_id", sa.Integer),
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("entity", sa.String),
    sa.column("entity_id", sa.Integer),
    sa.column("label", sa.String),
    sa.column("action", sa.String),
    sa.column("changes", sa.JSON),
)


def _create_tables():
    op.create_table(
        "funding_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("funder", sa.Enum(*FUNDERS, name="funder", native_enum=False, length=30), nullable=True),
        sa.Column("programme", sa.String(length=200), nullable=False),
        sa.Column("amount_asked", sa.BigInteger(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(*REQUEST_STATUS, name="fundingrequeststatus", native_enum=False, length=30),
            nullable=False,
        ),
        sa.Column("amount_granted", sa.BigInteger(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "amount_asked IS NULL OR amount_asked >= 0", name=op.f("ck_funding_request_asked_not_negative")
        ),
        sa.CheckConstraint(
            "amount_granted IS NULL OR amount_granted >= 0", name=op.f("ck_funding_request_granted_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["arm_case.id"], name=op.f("fk_funding_request_case_id_arm_case"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funding_request")),
    )
    with op.batch_alter_table("funding_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_funding_request_case_id"), ["case_id"], unique=False)

    op.create_table(
        "funding_request_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"], ["action.id"], name=op.f("fk_funding_request_action_action_id_action"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["arm_case.id"], name=op.f("fk_funding_request_action_case_id_arm_case"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["funding_request.id"],
            name=op.f("fk_funding_request_action_request_id_funding_request"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funding_request_action")),
        sa.UniqueConstraint("request_id", "action_id", name=op.f("uq_funding_request_action_request_id")),
    )
    with op.batch_alter_table("funding_request_action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_funding_request_action_action_id"), ["action_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_funding_request_action_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_funding_request_action_request_id"), ["request_id"], unique=False)

    op.create_table(
        "funding_request_grant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["arm_case.id"], name=op.f("fk_funding_request_grant_case_id_arm_case"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["grant_id"],
            ["project_grant.id"],
            name=op.f("fk_funding_request_grant_grant_id_project_grant"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["funding_request.id"],
            name=op.f("fk_funding_request_grant_request_id_funding_request"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funding_request_grant")),
        sa.UniqueConstraint("request_id", "grant_id", name=op.f("uq_funding_request_grant_request_id")),
    )
    with op.batch_alter_table("funding_request_grant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_funding_request_grant_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_funding_request_grant_grant_id"), ["grant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_funding_request_grant_request_id"), ["request_id"], unique=False)


def _money(hundredths):
    """Hundredths of a euro as the notes write them: 250 000,00 €."""
    euros, cents = divmod(hundredths, 100)
    return f"{euros:,}".replace(",", "\u00a0") + f",{cents:02d} €"


def _notes(connection, row) -> str:
    lines = [
        f"Siirretty toimenpiteestä #{row.id} ”{row.title}” (luokka ”Valtion rahoitusehdotukset”), kun "
        "valtion rahoitusehdotuksesta tuli suunnitelman oma osio.",
        f"Toimenpiteen tila oli {ACTION_STATUS_FI.get(row.status, row.status)}, edistyminen {row.progress} %.",
    ]
    funders = [name for name in (row.funding_sources or "").split(",") if name]
    if len(funders) > 1:
        lines.append("Toimenpiteen rahoituslähteet: " + ", ".join(funders) + ".")
    projects = (
        connection.execute(
            sa.select(project.c.name)
            .join(project_action, project_action.c.project_id == project.c.id)
            .where(project_action.c.action_id == row.id)
            .order_by(project.c.name)
        )
        .scalars()
        .all()
    )
    if projects:
        lines.append("Toimenpidettä toteuttivat hankkeet: " + "; ".join(projects) + ".")
    updates = connection.execute(
        sa.select(
            action_update.c.at,
            action_update.c.new_status,
            action_update.c.new_progress,
            action_update.c.note,
            user_account.c.name,
        )
        .select_from(action_update.outerjoin(user_account, user_account.c.id == action_update.c.author_id))
        .where(action_update.c.action_id == row.id)
        .order_by(action_update.c.at)
    ).all()
    if updates:
        lines += ["", "Toimenpiteen edistymispäivitykset:"]
        for at, status, progress, note, author in updates:
            day = at.date().isoformat() if isinstance(at, datetime) else str(at)[:10]
            entry = f"- {day}, {author or 'tuntematon'}: {ACTION_STATUS_FI.get(status, status)}, {progress} %"
            lines.append(entry + (f" – {note}" if note else ""))
    return "\n".join(lines)


def _move_state_funding_actions(connection) -> None:
    now = datetime.now(timezone.utc)
    moved = connection.execute(
        sa.select(action).where(action.c.category == "STATE_FUNDING").order_by(action.c.id)
    ).all()
    # A Table (not a lightweight table) so that the insert knows its primary key on every database.
    request = sa.Table(
        "funding_request",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        *(
            sa.Column(name)
            for name in (
                "case_id",
                "title",
                "description",
                "funder",
                "programme",
                "amount_asked",
                "status",
                "amount_granted",
                "decided_on",
                "notes",
                "created_at",
                "updated_at",
                "version",
            )
        ),
    )
    for row in moved:
        funders = [name for name in (row.funding_sources or "").split(",") if name in FUNDERS]
        notes = _notes(connection, row)
        status = STATUS_OF_ACTION.get(row.status, "DRAFTED")
        request_id = connection.execute(
            request.insert().values(
                case_id=row.case_id,
                title=row.title,
                description=row.description or "",
                funder=funders[0] if funders else None,
                programme="",
                amount_asked=row.budget,
                status=status,
                amount_granted=None,
                decided_on=None,
                notes=notes,
                created_at=row.created_at or now,
                updated_at=now,
                version=1,
            )
        ).inserted_primary_key[0]
        connection.execute(
            audit_event.update()
            .where(audit_event.c.entity == "Action", audit_event.c.entity_id == row.id)
            .values(entity="FundingRequest", entity_id=request_id)
        )
        asked = None if row.budget is None else f"{row.budget // 100}.{row.budget % 100:02d}"
        connection.execute(
            audit_event.insert().values(
                case_id=row.case_id,
                actor_id=None,
                at=now,
                entity="FundingRequest",
                entity_id=request_id,
                label=row.title[:300],
                action="update",
                changes={
                    "category": ["state_funding", None],
                    "status": [row.status.lower(), status.lower()],
                    "amount_asked": [None, asked],
                    "notes": [None, notes],
                },
            )
        )
        for link_table in (project_action, action_follower, action_resource, action_update):
            connection.execute(link_table.delete().where(link_table.c.action_id == row.id))
        connection.execute(action.delete().where(action.c.id == row.id))


def upgrade():
    _create_tables()
    _move_state_funding_actions(op.get_bind())


def downgrade():
    connection = op.get_bind()
    if connection.execute(sa.text("SELECT COUNT(*) FROM funding_request")).scalar():
        raise RuntimeError(
            "0007_funding_requests cannot be downgraded while funding requests exist: an action of the "
            "removed category STATE_FUNDING could not hold what a request says. Export and delete the "
            "requests first."
        )
    with op.batch_alter_table("funding_request_grant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_funding_request_grant_request_id"))
        batch_op.drop_index(batch_op.f("ix_funding_request_grant_grant_id"))
        batch_op.drop_index(batch_op.f("ix_funding_request_grant_case_id"))
    op.drop_table("funding_request_grant")
    with op.batch_alter_table("funding_request_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_funding_request_action_request_id"))
        batch_op.drop_index(batch_op.f("ix_funding_request_action_case_id"))
        batch_op.drop_index(batch_op.f("ix_funding_request_action_action_id"))
    op.drop_table("funding_request_action")
    with op.batch_alter_table("funding_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_funding_request_case_id"))
    op.drop_table("funding_request")

"""Cases (办理件) opened from accepted petitions: routing rules, moves, clocks, reminders, work items, opinions,
satisfaction and hearings; every row in its township's scope, a liaison's in their village's.

Revision ID: 0007
Revises: 0006
"""

from alembic import op

from shared.db.rls import drop_tables_sql, scoped_tables_sql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_STAGES = (
    "'handling','opinion_issued','in_review','review_answered','in_reexamination','closed','closed_for_good'"
)
_CLOCKS = "'handling','review_window','review','reexamination_window','reexamination','objection_window','report_back','order_reply','follow_up'"

_TABLES = {
    # The county's townships as supervision prints them (issuing office, document numbers), seeded like the units.
    "township": """(
        tenant_id uuid PRIMARY KEY,
        slug text NOT NULL UNIQUE,
        name text NOT NULL
    )""",
    "routing_rule": """(
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        category text NOT NULL,
        kind text,
        unit_id uuid NOT NULL REFERENCES responsible_unit (id),
        updated_by text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE NULLS NOT DISTINCT (tenant_id, category, kind)
    )""",
    "case_file": f"""(
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        village_id uuid,
        petition_id uuid NOT NULL UNIQUE,
        matter_id uuid NOT NULL,
        township text NOT NULL,
        village text,
        category text NOT NULL,
        kind text NOT NULL,
        people_count integer NOT NULL CHECK (people_count >= 1),
        is_collective boolean NOT NULL,
        accepted_on date NOT NULL,
        unit_id uuid REFERENCES responsible_unit (id),
        stage text NOT NULL CHECK (stage IN ({_STAGES})),
        handler_id text,
        handler_name text,
        query_code_digest text UNIQUE,
        opened_at timestamptz NOT NULL DEFAULT now(),
        closed_on date
    )""",
    "case_move": """(
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        village_id uuid,
        case_id uuid NOT NULL REFERENCES case_file (id),
        move text NOT NULL CHECK (move IN ('routed','assigned','transferred','objected')),
        from_unit_id uuid REFERENCES responsible_unit (id),
        to_unit_id uuid REFERENCES responsible_unit (id),
        moved_on date NOT NULL,
        report_back_on date,
        reason text CHECK (length(reason) <= 2000),
        repeat_of uuid REFERENCES case_move (id),
        by_id text NOT NULL,
        by_name text NOT NULL
    )""",
    "case_clock": f"""(
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        village_id uuid,
        case_id uuid NOT NULL REFERENCES case_file (id),
        kind text NOT NULL CHECK (kind IN ({_CLOCKS})),
        subject_id uuid,
        counting text NOT NULL CHECK (counting IN ('calendar','working')),
        started_on date NOT NULL,
        days integer NOT NULL CHECK (days >= 0),
        extended_days integer NOT NULL DEFAULT 0,
        paused_days integer NOT NULL DEFAULT 0,
        paused_since date,
        due_on date,
        stopped_on date,
        on_time boolean,
        UNIQUE NULLS NOT DISTINCT (case_id, kind, subject_id)
    )""",
    "reminder": """(
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        village_id uuid,
        case_id uuid NOT NULL REFERENCES case_file (id),
        clock_id uuid NOT NULL REFERENCES case_clock (id),
        point text NOT NULL,
        audience text NOT NULL CHECK (audience IN ('unit','township_leader','county_officer','none')),
        fires_on date,
        status text NOT NULL CHECK (status IN ('pending','fired','superseded','cancelled')),
        fired_at timestamptz,
        UNIQUE (clock_id, point)
    )""",
    "work_item": """(
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        village_id uuid,
        case_id uuid NOT NULL REFERENCES case_file (id),
        reminder_id uuid UNIQUE REFERENCES reminder (id),
        audience text NOT NULL,
        item text NOT NULL,
        clock text,
        due_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        done_at timestamptz
    )""",
    "case_notice": """(
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        village_id uuid,
        case_id uuid NOT NULL REFERENCES case_file (id),
        kind text NOT NULL CHECK (kind IN ('opinion','review','reexamination','extension')),
        document_number text NOT NULL,
        issued_on date NOT NULL,
        text text NOT NULL CHECK (length(text) <= 20000),
        extension_days integer,
        new_due_on date,
        issued_by text NOT NULL,
        issued_by_name text NOT NULL,
        UNIQUE (tenant_id, document_number)
    )""",
    "satisfaction": """(
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        village_id uuid,
        case_id uuid NOT NULL REFERENCES case_file (id),
        opinion text NOT NULL CHECK (opinion IN ('opinion','review')),
        verdict text NOT NULL CHECK (verdict IN ('satisfied','basically_satisfied','dissatisfied')),
        source text NOT NULL CHECK (source IN ('return_visit','petitioner')),
        recorded_on date NOT NULL,
        note text CHECK (length(note) <= 2000),
        by_id text NOT NULL,
        UNIQUE (case_id, opinion)
    )""",
    "hearing": """(
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        village_id uuid,
        case_id uuid NOT NULL REFERENCES case_file (id),
        clock_id uuid NOT NULL REFERENCES case_clock (id),
        starts_on date NOT NULL,
        ends_on date,
        note text CHECK (length(note) <= 2000)
    )""",
}

_INDEXES = [
    "CREATE INDEX case_file_list ON case_file (tenant_id, stage, accepted_on DESC)",
    "CREATE INDEX case_file_matter ON case_file (matter_id)",
    "CREATE INDEX case_move_case ON case_move (case_id, moved_on)",
    "CREATE INDEX case_clock_case ON case_clock (case_id)",
    "CREATE INDEX case_clock_open_due ON case_clock (due_on) WHERE stopped_on IS NULL",
    # The scanner's question, "what fell due by today", read from this index alone.
    "CREATE INDEX reminder_due ON reminder (fires_on, clock_id) WHERE status = 'pending'",
    "CREATE INDEX work_item_open ON work_item (tenant_id, audience) WHERE done_at IS NULL",
    "CREATE INDEX case_notice_case ON case_notice (case_id)",
]


# No tenant_id: the public query page's failed attempts per client (a digest of its address), before any case.
_QUERY_ATTEMPT = """CREATE TABLE query_attempt (
    client text PRIMARY KEY,
    failures integer NOT NULL DEFAULT 0,
    blocked_until timestamptz,
    last_at timestamptz NOT NULL DEFAULT now()
)"""


def upgrade() -> None:
    op.execute(_QUERY_ATTEMPT)
    for statement in [*scoped_tables_sql(_TABLES, without_village={"routing_rule", "township"}), *_INDEXES]:
        op.execute(statement)


def downgrade() -> None:
    for statement in drop_tables_sql(_TABLES):
        op.execute(statement)
    op.execute("DROP TABLE query_attempt")

"""The county's oversight of a case: supervision orders (督办单), on-site supervision (现场督办) with its photos in
bytea, follow-up reports (续报), hard cases (疑难积案) with their monthly notes, and confirmed repeat links.

Revision ID: 0009
Revises: 0008
"""

from alembic import op

from shared.db.rls import drop_tables_sql, scoped_tables_sql

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_TABLES = {
    "supervision_order": """(
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        village_id uuid,
        case_id uuid NOT NULL REFERENCES case_file (id),
        unit_id uuid NOT NULL REFERENCES responsible_unit (id),
        document_number text NOT NULL,
        demand text NOT NULL CHECK (length(demand) BETWEEN 1 AND 20000),
        issued_on date NOT NULL,
        reply_due_on date NOT NULL CHECK (reply_due_on > issued_on),
        issued_by text NOT NULL,
        issued_by_name text NOT NULL,
        replied_on date,
        reply text CHECK (length(reply) <= 20000),
        replied_by text,
        replied_by_name text,
        late boolean,
        UNIQUE (tenant_id, document_number),
        CHECK ((replied_on IS NULL) = (reply IS NULL))
    )""",
    "onsite_supervision": """(
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        village_id uuid,
        case_id uuid NOT NULL REFERENCES case_file (id),
        visited_on date NOT NULL,
        place text NOT NULL CHECK (length(place) <= 2000),
        participants text NOT NULL CHECK (length(participants) <= 2000),
        findings text NOT NULL CHECK (length(findings) <= 20000),
        recorded_by text NOT NULL,
        recorded_by_name text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
    )""",
    "onsite_photo": """(
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        village_id uuid,
        onsite_id uuid NOT NULL REFERENCES onsite_supervision (id),
        media_type text NOT NULL CHECK (media_type IN ('image/jpeg','image/png')),
        size integer NOT NULL CHECK (size BETWEEN 1 AND 5242880),
        sha256 text NOT NULL,
        data bytea NOT NULL,
        uploaded_by text NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now()
    )""",
    "follow_up_report": """(
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        village_id uuid,
        case_id uuid NOT NULL REFERENCES case_file (id),
        clock_id uuid NOT NULL UNIQUE REFERENCES case_clock (id),
        reported_on date NOT NULL,
        due_on date,
        on_time boolean NOT NULL,
        text text NOT NULL CHECK (length(text) BETWEEN 1 AND 20000),
        by_id text NOT NULL,
        by_name text NOT NULL
    )""",
    "hard_case": """(
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        village_id uuid,
        case_id uuid NOT NULL UNIQUE REFERENCES case_file (id),
        flagged_on date NOT NULL,
        source text NOT NULL CHECK (source IN ('rule','hand')),
        rule text CHECK (rule IN ('age','repeat','collective')),
        reason text CHECK (length(reason) <= 2000),
        flagged_by text NOT NULL,
        flagged_by_name text NOT NULL,
        lead_name text CHECK (length(lead_name) <= 40),
        lead_role text CHECK (length(lead_role) <= 80),
        coordinating_units varchar(60)[] NOT NULL DEFAULT '{}',
        CHECK ((source = 'rule') = (rule IS NOT NULL))
    )""",
    "hard_case_note": """(
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        village_id uuid,
        hard_case_id uuid NOT NULL REFERENCES hard_case (id),
        month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        text text NOT NULL CHECK (length(text) BETWEEN 1 AND 20000),
        written_on date NOT NULL,
        by_id text NOT NULL,
        by_name text NOT NULL,
        UNIQUE (hard_case_id, month)
    )""",
    # Petitions, not cases: intake may confirm a repeat before either petition is accepted.
    "matter_link": """(
        petition_id uuid NOT NULL,
        earlier_petition_id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        linked_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (petition_id, earlier_petition_id)
    )""",
}

_INDEXES = [
    "CREATE INDEX supervision_order_case ON supervision_order (case_id, issued_on)",
    "CREATE INDEX supervision_order_open ON supervision_order (reply_due_on) WHERE replied_on IS NULL",
    "CREATE INDEX onsite_supervision_case ON onsite_supervision (case_id, visited_on)",
    "CREATE INDEX onsite_photo_record ON onsite_photo (onsite_id)",
    "CREATE INDEX follow_up_report_case ON follow_up_report (case_id, reported_on)",
    "CREATE INDEX hard_case_note_month ON hard_case_note (hard_case_id, month DESC)",
    "CREATE INDEX matter_link_earlier ON matter_link (earlier_petition_id)",
]


def upgrade() -> None:
    for statement in [*scoped_tables_sql(_TABLES, without_village={"matter_link"}), *_INDEXES]:
        op.execute(statement)


def downgrade() -> None:
    for statement in drop_tables_sql(_TABLES):
        op.execute(statement)

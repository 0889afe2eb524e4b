"""The trail (全程留痕): an append-only, per-tenant hash chain of who did what, verifiable by an auditor."""

from shared.trail.chain import (
    GENESIS_HASH,
    HASHED_FIELDS,
    ChainReport,
    PersonalDataInDetail,
    TrailRecord,
    canonical_bytes,
    entry_hash,
)
from shared.trail.migration import downgrade_sql, migration_sql
from shared.trail.store import Actor, TrailScopeError, current_trace_id, history, record, trail_entry, verify

__all__ = [
    "GENESIS_HASH",
    "HASHED_FIELDS",
    "Actor",
    "ChainReport",
    "PersonalDataInDetail",
    "TrailRecord",
    "TrailScopeError",
    "canonical_bytes",
    "current_trace_id",
    "downgrade_sql",
    "entry_hash",
    "history",
    "migration_sql",
    "record",
    "trail_entry",
    "verify",
]

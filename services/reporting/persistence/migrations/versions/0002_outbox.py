"""The outbox and processed-event ledger of the reporting schema."""

from shared.db.foundation import outbox

revision, down_revision, branch_labels, depends_on = "0002", "0001", None, None
upgrade, downgrade = outbox("reporting")

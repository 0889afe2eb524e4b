"""The outbox and processed-event ledger of the supervision schema."""

from shared.db.foundation import outbox

revision, down_revision, branch_labels, depends_on = "0003", "0002", None, None
upgrade, downgrade = outbox("supervision")

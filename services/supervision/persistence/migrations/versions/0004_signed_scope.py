"""The supervision schema's row-level security trusts only a signed scope."""

from shared.db.foundation import signed_scope

revision, down_revision, branch_labels, depends_on = "0004", "0003", None, None
upgrade, downgrade = signed_scope("supervision")

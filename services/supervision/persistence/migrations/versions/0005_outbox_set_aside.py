"""Outbox rows of the supervision schema that cannot be published are set aside."""

from shared.db.foundation import outbox_set_aside

revision, down_revision, branch_labels, depends_on = "0005", "0004", None, None
upgrade, downgrade = outbox_set_aside("supervision")

"""Outbox rows of the reporting schema that cannot be published are set aside."""

from shared.db.foundation import outbox_set_aside

revision, down_revision, branch_labels, depends_on = "0004", "0003", None, None
upgrade, downgrade = outbox_set_aside("reporting")

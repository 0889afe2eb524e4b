"""Outbox rows of the intake schema that cannot be published are set aside."""

from shared.db.foundation import outbox_set_aside

revision, down_revision, branch_labels, depends_on = "0010", "0009", None, None
upgrade, downgrade = outbox_set_aside("intake")

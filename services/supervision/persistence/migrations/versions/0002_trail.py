"""The trail (全程留痕) of the supervision schema."""

from shared.db.foundation import trail

revision, down_revision, branch_labels, depends_on = "0002", "0001", None, None
upgrade, downgrade = trail("supervision")

"""The trail (全程留痕) of the portal schema."""

from shared.db.foundation import trail

revision, down_revision, branch_labels, depends_on = "0001", None, None, None
upgrade, downgrade = trail("portal")

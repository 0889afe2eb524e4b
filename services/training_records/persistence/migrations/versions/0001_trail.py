"""The trail (全程留痕) of the training_records schema."""

from shared.db.foundation import trail

revision, down_revision, branch_labels, depends_on = "0001", None, None, None
upgrade, downgrade = trail("training_records")

"""不再受理: a new petition of a matter that was closed for good after re-examination (复核) is flagged.

"The same matter" here is a repeat link (重复访) from the new petition to a petition whose case supervision
closed for good (`case.closed_for_good.v1`), as long as the clerk has not rejected that link:

- a link the matcher only *suggested* already counts: the county wants the clerk warned at registration, before
  anyone has looked at the candidates, and it is the clerk who then confirms or rejects the link;
- a *confirmed* link counts, and wins over a suggestion when several closed petitions are linked;
- a *rejected* link does not: the clerk has said this is another matter, so the warning goes away.

Links are not followed further (a repeat of a repeat of the closed petition is not flagged through the middle
one); the matcher compares the new petition with every earlier one of the window, the closed one included.
The flag never blocks registration or a decision: the clerk decides 不予受理 (with the reason) or otherwise.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

COUNTING = frozenset({"suggested", "confirmed"})


@dataclass(frozen=True)
class LinkToClosed:
    earlier_petition_id: uuid.UUID
    decision: str
    closed_on: date

    @property
    def confirmed(self) -> bool:
        return self.decision == "confirmed"


def closed_matter_of(links: Iterable[LinkToClosed]) -> LinkToClosed | None:
    """The closed petition a petition is flagged by: confirmed links first, then the latest closing."""
    counting = [link for link in links if link.decision in COUNTING]
    if not counting:
        return None
    return min(
        counting, key=lambda link: (not link.confirmed, -link.closed_on.toordinal(), link.earlier_petition_id)
    )

"""How a deadline reads in the lists and on a case: red once overdue, amber within the week, words for days left."""

from __future__ import annotations

from services.portal.domain.messages import Messages

SOON_DAYS = 7  # the lists' "due within 7 days" filter and the amber mark are the same week


def urgency(days_left: int | None) -> str:
    """The colour of a due date, as the CSS class suffix: "overdue" (xf-due-overdue), "soon" or ""."""
    if days_left is None:
        return ""
    if days_left < 0:
        return "overdue"
    return "soon" if days_left <= SOON_DAYS else ""


def days_left_text(t: Messages, days_left: int | None) -> str:
    """剩余5天, 今日到期, 逾期3天; empty when there is no running deadline."""
    if days_left is None:
        return ""
    if days_left < 0:
        return t("cases.days_over", days=-days_left)
    if days_left == 0:
        return t("cases.due_today")
    return t("cases.days_left", days=days_left)

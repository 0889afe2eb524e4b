"""The acceptance decision notice (受理告知书 / 不予受理告知书 / 转送告知书) as a printable A4 PDF in Chinese."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from shared.documents import INDENT, DocumentFonts, chinese_date, render_official_document
from shared.errors import RuleViolation

Decision = Literal["accepted", "not_accepted", "forwarded"]

TITLES: dict[str, str] = {
    "accepted": "信访事项受理告知书",
    "not_accepted": "信访事项不予受理告知书",
    "forwarded": "信访事项转送告知书",
}


@dataclass(frozen=True)
class DecisionNotice:
    """What the notice says. The petitioner's full name appears here and nowhere else (no events, logs, spans)."""

    decision: Decision
    office: str
    document_number: str
    petitioner_name: str
    received_on: date
    content: str
    decided_on: date
    reason: str | None = None
    forwarded_to: str | None = None
    handling_days: int = 60
    extension_days: int = 30
    review_days: int = 30
    # 查询码: printed on the acceptance notice so the petitioner can follow and rate the matter without an account.
    query_code: str | None = None

    def __post_init__(self) -> None:
        if self.decision not in TITLES:
            raise RuleViolation("decision", "invalid_value")
        for field in ("office", "document_number", "petitioner_name", "content"):
            if not getattr(self, field).strip():
                raise RuleViolation(field, "required")
        if self.decision == "not_accepted" and not (self.reason or "").strip():
            raise RuleViolation("reason", "required")
        if self.decision == "forwarded" and not (self.forwarded_to or "").strip():
            raise RuleViolation("forwarded_to", "required")
        if self.decided_on < self.received_on:
            raise RuleViolation("decided_on", "out_of_range")


def render_notice(notice: DecisionNotice, fonts: DocumentFonts | None = None) -> bytes:
    """The notice as PDF bytes; `fonts` defaults to the Noto CJK fonts found on this machine."""
    return render_official_document(
        (notice.office, TITLES[notice.decision]),
        notice.document_number,
        _body_paragraphs(notice),
        f"{notice.office}（盖章）",
        chinese_date(notice.decided_on),
        fonts,
        closing="特此告知。",
        title=TITLES[notice.decision],
        author=notice.office,
    )


# -- wording ---------------------------------------------------------------------------------------------
def _body_paragraphs(notice: DecisionNotice) -> list[str]:
    matter = [INDENT + line for line in _paragraphs(notice.content)]
    opening = (
        f"{INDENT}您于{chinese_date(notice.received_on)}提出的信访事项，本机关已收悉。您反映的主要内容是："
    )
    closing = [_review_rights(notice)] if notice.decision != "not_accepted" else []
    if notice.query_code:
        closing.append(
            f"{INDENT}本事项查询码为：{notice.query_code}。您可凭此码在信访事项查询页面查询办理进展，"
            "并在收到答复意见后作出满意度评价。请妥善保管，勿告知他人。"
        )
    return [
        f"{notice.petitioner_name}：",
        opening,
        *matter,
        _decision_text(notice),
        *closing,
    ]


def _decision_text(notice: DecisionNotice) -> str:
    if notice.decision == "accepted":
        return (
            f"{INDENT}经审查，您反映的事项属于本机关职权范围。依据《信访工作条例》第二十五条的规定，"
            f"本机关决定予以受理，并将自受理之日起{notice.handling_days}日内办结，出具书面答复意见；"
            f"情况复杂的，经批准可以适当延长办理期限，但延长期限不超过{notice.extension_days}日，"
            "届时将告知您延期理由。"
        )
    if notice.decision == "not_accepted":
        return (
            f"{INDENT}经审查，{_sentence(notice.reason)}。依据《信访工作条例》的有关规定，"
            "本机关决定对该信访事项不予受理。您可以依照有关法律、法规规定的程序，向有权处理的机关、单位提出，"
            "或者通过诉讼、仲裁、行政复议等法定途径解决。"
        )
    why = _sentence(notice.reason) if notice.reason else "您反映的事项不属于本机关职权范围"
    return (
        f"{INDENT}经审查，{why}。依据《信访工作条例》“属地管理、分级负责，谁主管、谁负责”的原则，"
        f"本机关已将该信访事项转送{notice.forwarded_to}办理，请您就该事项与{notice.forwarded_to}联系。"
    )


def _review_rights(notice: DecisionNotice) -> str:
    days = notice.review_days
    return (
        f"{INDENT}您对信访事项处理意见不服的，可以自收到书面答复意见之日起{days}日内，"
        "向原办理机关、单位的上一级机关、单位请求复查；对复查意见不服的，"
        f"可以自收到书面复查意见之日起{days}日内，向复查机关、单位的上一级机关、单位请求复核。"
    )


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _sentence(text: str | None) -> str:
    """The clerk's words without their final stop, so the notice adds its own."""
    return (text or "").strip().rstrip("。．.；;，, ")

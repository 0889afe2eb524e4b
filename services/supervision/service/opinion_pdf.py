"""The documents a case gives the petitioner, as printable A4 PDFs in Chinese: 处理意见书, 复查意见书, 复核意见书 and
延长办理期限告知书. Pure rendering: the caller loads the case and numbers the document.

Supervision holds no personal data, so no document names the petitioner. Each opens with the salutation
"信访人________________：", a blank of sixteen underscores (room for "王秀英等3人" written by hand) that the clerk
fills in on the printed copy, so it reads "信访人王秀英：" as opinions are addressed; the first paragraph names
the matter by its number ("您提出的信访事项（信访事项编号：…）"), which ties the copy to the case without a name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from services.supervision.domain.documents import DocumentKind
from shared.documents import INDENT, DocumentFonts, chinese_date, render_official_document
from shared.errors import RuleViolation, Violation

TITLES: dict[str, str] = {
    "opinion": "信访事项处理意见书",
    "review": "信访事项复查意见书",
    "reexamination": "信访事项复核意见书",
    "extension": "信访事项延长办理期限告知书",
}
SALUTATION = "信访人" + "_" * 16 + "："
# 信访工作条例 第三十二条: an extension, approved by the body's head, adds at most 30 days.
MAX_EXTENSION_DAYS = 30


@dataclass(frozen=True)
class CaseDocument:
    """What the document says. `text` is the opinion for the three 意见书 and the reason for an extension.

    `review_days` is the time the petitioner has to ask for the next step (复查 after an opinion, 复核 after a
    review); `extension_days` and `new_due_on` belong to an extension notice only, and elsewhere are refused
    rather than silently left off the page.
    """

    kind: DocumentKind
    office: str
    document_number: str
    petition_number: str
    accepted_on: date
    issued_on: date
    text: str
    review_days: int = 30
    extension_days: int | None = None
    new_due_on: date | None = None

    def __post_init__(self) -> None:
        if self.kind not in TITLES:
            raise RuleViolation("kind", "invalid_value")
        problems = [
            Violation(field, "required")
            for field in ("office", "document_number", "petition_number", "text")
            if not (getattr(self, field) or "").strip()
        ]
        if self.issued_on < self.accepted_on:
            problems.append(Violation("issued_on", "out_of_range"))
        if self.review_days < 1:
            problems.append(Violation("review_days", "out_of_range"))
        problems += self._extension_problems() if self.kind == "extension" else self._no_extension_fields()
        if problems:
            raise RuleViolation(many=problems)

    def _extension_problems(self) -> list[Violation]:
        problems = []
        if self.extension_days is None:
            problems.append(Violation("extension_days", "required"))
        elif not 1 <= self.extension_days <= MAX_EXTENSION_DAYS:
            problems.append(Violation("extension_days", "out_of_range"))
        if self.new_due_on is None:
            problems.append(Violation("new_due_on", "required"))
        elif self.new_due_on <= self.issued_on:
            problems.append(Violation("new_due_on", "out_of_range"))
        return problems

    def _no_extension_fields(self) -> list[Violation]:
        return [
            Violation(field, "unknown_field")
            for field in ("extension_days", "new_due_on")
            if getattr(self, field) is not None
        ]


def render_case_document(document: CaseDocument, fonts: DocumentFonts | None = None) -> bytes:
    """The document as PDF bytes; `fonts` defaults to the Noto CJK fonts found on this machine."""
    title = TITLES[document.kind]
    return render_official_document(
        (document.office, title),
        document.document_number,
        [SALUTATION, *_body(document)],
        f"{document.office}（盖章）",
        chinese_date(document.issued_on),
        fonts,
        closing="特此告知。" if document.kind == "extension" else "特此答复。",
        title=title,
        author=document.office,
    )


# -- wording (信访工作条例, 2022) ----------------------------------------------------------------------------
def _body(document: CaseDocument) -> list[str]:
    if document.kind == "extension":
        return _extension(document)
    opening = {
        "opinion": "您提出的信访事项（信访事项编号：{number}），本机关已于{accepted}受理。"
        "经调查核实，现将处理意见答复如下：",
        "review": "您对信访事项（信访事项编号：{number}）的处理意见不服，提出复查请求，本机关已于{accepted}受理。"
        "经复查，现将复查意见答复如下：",
        "reexamination": "您对信访事项（信访事项编号：{number}）的复查意见不服，提出复核请求，"
        "本机关已于{accepted}受理。经复核，现将复核意见答复如下：",
    }[document.kind]
    return [
        INDENT + opening.format(number=document.petition_number, accepted=chinese_date(document.accepted_on)),
        *(INDENT + line for line in _paragraphs(document.text)),
        INDENT + _next_step(document),
    ]


def _next_step(document: CaseDocument) -> str:
    days = document.review_days
    if document.kind == "opinion":
        return (
            f"您对本处理意见不服的，可以自收到本意见书之日起{days}日内，向本机关的上一级机关、单位请求复查。"
        )
    if document.kind == "review":
        return (
            f"您对本复查意见不服的，可以自收到本意见书之日起{days}日内，向本机关的上一级机关、单位请求复核。"
        )
    return "信访人对复核意见不服，仍以同一事实和理由提出信访的，不再受理。"


def _extension(document: CaseDocument) -> list[str]:
    return [
        f"{INDENT}您提出的信访事项（信访事项编号：{document.petition_number}），本机关已于"
        f"{chinese_date(document.accepted_on)}受理。因情况复杂，该事项不能在规定期限内办结。"
        "依据《信访工作条例》第三十二条的规定，经本机关负责人批准，"
        f"办理期限延长{document.extension_days}日，至{chinese_date(document.new_due_on)}届满。",
        f"{INDENT}延期理由：{_sentence(document.text)}。",
        f"{INDENT}本机关将在延长的期限内办结，并向您出具书面答复意见。",
    ]


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _sentence(text: str) -> str:
    """The clerk's reason as one sentence without its final stop, so the document adds its own."""
    return "".join(_paragraphs(text)).rstrip("。．.；;，, ")

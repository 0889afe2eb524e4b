"""The register form (登记信访件) as the browser posts it, and the bodies intake takes from it.

Petitioner rows are posted as `petitioners.<n>.<field>`, the same paths intake names in its 422 answers; empty
rows are dropped and the rest renumbered, so the numbers in an answer are the rows the form draws again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

_ROW_FIELD = re.compile(r"^petitioners\.(\d+)\.(name|id_number|phone|is_representative)$")
MAX_ROWS = 200
SIMPLE_FIELDS = (
    "channel",
    "category",
    "kind",
    "township",
    "village",
    "received_on",
    "content",
    "people_count",
)


class MultiForm(Protocol):
    def getall(self, key: str, default: Any = ...) -> list[Any]: ...
    def keys(self) -> Any: ...
    def get(self, key: str, default: Any = None) -> Any: ...


@dataclass
class PetitionerRow:
    name: str = ""
    id_number: str = ""
    phone: str = ""
    is_representative: bool = False

    def is_empty(self) -> bool:
        return not (self.name or self.id_number or self.phone)

    def body(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "id_number": self.id_number or None,
            "phone": self.phone or None,
            "is_representative": self.is_representative,
        }


@dataclass
class PetitionForm:
    values: dict[str, str] = field(default_factory=dict)
    petitioners: list[PetitionerRow] = field(default_factory=list)
    attachments: list[tuple[str, str]] = field(default_factory=list)  # (id, file name)

    @classmethod
    def parse(cls, form: MultiForm) -> PetitionForm:
        values = {name: _text(form.get(name)) for name in SIMPLE_FIELDS}
        return cls(values, _rows(form), _attachments(form))

    def rows_to_draw(self) -> list[PetitionerRow]:
        """At least one row, so the form always has somewhere to type the first petitioner."""
        return self.petitioners or [PetitionerRow()]

    def body(self) -> dict[str, Any]:
        """What POST /petitions takes; intake checks every rule, the page only shapes the text."""
        v = self.values
        body: dict[str, Any] = {
            "channel": v["channel"] or None,
            "category": v["category"] or None,
            "kind": v["kind"] or None,
            "received_on": v["received_on"] or None,
            "content": v["content"],
            "petitioners": [p.body() for p in self.petitioners],
            "attachment_ids": [a for a, _ in self.attachments],
        }
        if v["township"]:
            body["township"] = v["township"]
        if v["village"]:
            body["village"] = v["village"]
        if v["people_count"]:
            body["people_count"] = _number(v["people_count"])
        # An unset choice is left out, so intake answers "required" for it rather than "wrong type".
        return {k: val for k, val in body.items() if val is not None}

    def draft(self) -> dict[str, Any] | None:
        """What POST /petitions/repeat-candidates takes; None while there is no content to compare."""
        v = self.values
        if not v["content"].strip():
            return None
        draft: dict[str, Any] = {
            "content": v["content"],
            "id_numbers": [p.id_number for p in self.petitioners if p.id_number],
            "phones": [p.phone for p in self.petitioners if p.phone],
        }
        for name in ("category", "township", "village"):
            if v[name]:
                draft[name] = v[name]
        return draft


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _number(text: str) -> int | str:
    # A non-number goes as it is: intake names the field and the reason, in the user's language.
    return int(text) if text.isdecimal() else text


def _rows(form: MultiForm) -> list[PetitionerRow]:
    found: dict[int, PetitionerRow] = {}
    for key in form:
        m = _ROW_FIELD.match(key)
        if not m or int(m.group(1)) >= MAX_ROWS:
            continue
        row = found.setdefault(int(m.group(1)), PetitionerRow())
        if m.group(2) == "is_representative":
            row.is_representative = bool(form.get(key))
        else:
            setattr(row, m.group(2), _text(form.get(key)))
    return [found[i] for i in sorted(found) if not found[i].is_empty()]


def _attachments(form: MultiForm) -> list[tuple[str, str]]:
    ids = [_text(x) for x in form.getall("attachment_ids", [])]
    names = [_text(x) for x in form.getall("attachment_names", [])]
    names += [""] * (len(ids) - len(names))
    return [(i, n) for i, n in zip(ids, names, strict=False) if i]


def query_of(form: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, str]:
    """The search form's fields that were filled in."""
    return {n: _text(form.get(n)) for n in names if _text(form.get(n))}

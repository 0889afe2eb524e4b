"""A service's 422 answer laid out on a form: each message goes under the field it names, the rest at the bottom."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping


class FormErrors:
    """Messages by field path (`petitioners.0.id_number`), as the form's inputs are named.

    A template asks `errors.of(name)` for each field it draws; `errors.rest()` afterwards lists what no field
    showed, so no message is ever lost.
    """

    def __init__(self, messages: Mapping[str, str] | None = None) -> None:
        self.messages = dict(messages or {})
        self._shown: set[str] = set()

    def __bool__(self) -> bool:
        return bool(self.messages)

    def of(self, field: str) -> str | None:
        if field in self.messages:
            self._shown.add(field)
        return self.messages.get(field)

    def rest(self) -> list[str]:
        return [m for f, m in self.messages.items() if f not in self._shown]

    @classmethod
    def from_problem(
        cls, errors: Iterable[Mapping[str, str]], label: Callable[[str], str | None], english: bool
    ) -> FormErrors:
        messages: dict[str, str] = {}
        for e in errors:
            field = str(e.get("field") or "body")
            text = readable(field, str(e.get("message") or e.get("reason") or ""), label, english)
            messages[field] = f"{messages[field]}；{text}" if field in messages else text
        return cls(messages)


def readable(field: str, message: str, label: Callable[[str], str | None], english: bool) -> str:
    """The service names a field it has no label for by its path ("petitioners.0.id_number校验位不正确"):
    the portal puts its own label in its place ("身份证号码校验位不正确")."""
    if not message.startswith(field):
        return message
    name = label(field.rsplit(".", 1)[-1])
    if name is None:
        return message
    rest = message[len(field) :].lstrip()
    if rest.startswith(name):  # a reason that names its field already (学时最多保留一位小数): not twice
        return rest
    return f"{name} {rest}" if english else f"{name}{rest}"

"""Prints the README's settings table from the settings classes, so the two cannot drift apart."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from shared.settings import ServiceSettings

from .config import _PORT_OFFSETS, REPO_ROOT, SERVICES, StackSettings
from .services import settings_class


def _default(field: FieldInfo) -> str:
    value = field.get_default(call_default_factory=True)
    if hasattr(value, "get_secret_value"):
        return "(generated)" if not value.get_secret_value() else "***"
    text = "" if value is None else str(value)
    return text.replace(str(REPO_ROOT), ".").replace(str(Path.home()), "~")


def stack_rows() -> Iterator[tuple[str, str, str]]:
    for name, field in StackSettings.model_fields.items():
        if name in _PORT_OFFSETS:
            part = name.removesuffix("_port").replace("_", " ")
            yield f"XF_{name.upper()}", f"port base + {_PORT_OFFSETS[name]}", f"port of {part}"
        else:
            yield f"XF_{name.upper()}", _default(field), field.description or ""


def _rows(prefix: str, fields: dict[str, FieldInfo]) -> Iterator[tuple[str, str, str]]:
    for group, field in fields.items():
        model = field.annotation
        if isinstance(model, type) and issubclass(model, BaseModel):
            for name, sub in model.model_fields.items():
                yield f"{prefix}{group.upper()}__{name.upper()}", _default(sub), sub.description or ""
        else:
            yield f"{prefix}{group.upper()}", _default(field), field.description or ""


def service_rows() -> Iterator[tuple[str, str, str]]:
    """The settings every service has, then those only one service has."""
    yield from _rows("XF_<SERVICE>_", ServiceSettings.model_fields)
    for service in SERVICES:
        cls = settings_class(service)
        own = {k: f for k, f in cls.model_fields.items() if k not in ServiceSettings.model_fields}
        yield from _rows(f"XF_{service.upper()}_", own)


def markdown() -> str:
    out = ["| variable | default | what it is |", "|---|---|---|"]
    out += [f"| `{v}` | {d} | {w} |" for v, d, w in (*stack_rows(), *service_rows())]
    return "\n".join(out)


def write_readme() -> None:
    """Replace the table in README.md (from its header row to the next heading) with the current one."""
    readme = REPO_ROOT / "README.md"
    text = readme.read_text()
    start = text.index("| variable | default | what it is |")
    end = text.index("\n## ", start)
    readme.write_text(text[:start] + markdown() + "\n" + text[end:])


if __name__ == "__main__":
    import sys

    write_readme() if "--write-readme" in sys.argv else print(markdown())

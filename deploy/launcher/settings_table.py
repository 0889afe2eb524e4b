"""Prints the README's settings table from the settings classes, so the two cannot drift apart."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from shared.settings import ServiceSettings

from .config import _PORT_OFFSETS, REPO_ROOT, StackSettings


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


def service_rows() -> Iterator[tuple[str, str, str]]:
    for group, field in ServiceSettings.model_fields.items():
        model = field.annotation
        if isinstance(model, type) and issubclass(model, BaseModel):
            for name, sub in model.model_fields.items():
                yield f"XF_<SERVICE>_{group.upper()}__{name.upper()}", _default(sub), sub.description or ""
        else:
            yield f"XF_<SERVICE>_{group.upper()}", "deploy/assets/node_modules", field.description or ""


def markdown() -> str:
    out = ["| variable | default | what it is |", "|---|---|---|"]
    out += [f"| `{v}` | {d} | {w} |" for v, d, w in (*stack_rows(), *service_rows())]
    return "\n".join(out)


if __name__ == "__main__":
    print(markdown())

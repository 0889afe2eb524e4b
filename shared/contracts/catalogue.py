"""The event catalogue (docs/events.md), generated from the contracts so the two cannot drift apart.

python -m shared.contracts.catalogue            print it
python -m shared.contracts.catalogue --write    rewrite docs/events.md
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys
from collections.abc import Iterator
from pathlib import Path

import msgspec

import shared.contracts

DOC = Path(__file__).resolve().parents[2] / "docs" / "events.md"
_HEADER = """# Event catalogue

Every event Xinfang publishes, generated from `shared/contracts/` by `python -m shared.contracts.catalogue --write`
(a test fails when this file and the contracts disagree).

Envelope: CloudEvents 1.0 JSON (`id`, `source` = `xinfang/<service>`, `type`, `subject` = the object's id, `time`,
extensions `tenant` (township slug or `county`), `tenantid`, `actor`, `traceparent`), published through each
service's transactional outbox to JetStream stream `XF` on subject `xf.<tenant>.<aggregate>.<event>` with
`Nats-Msg-Id` = event id. Payloads carry ids, codes, counts and dates: never a petitioner's name, ID number or
phone (the envelope refuses such keys and values).
"""


# Contract modules that are no one service's: every service keeps a trail and publishes its events.
_PRODUCERS = {"trail": "every service"}


def contracts() -> Iterator[tuple[str, type[msgspec.Struct]]]:
    for info in pkgutil.iter_modules(shared.contracts.__path__):
        if info.name == "catalogue":
            continue
        module = importlib.import_module(f"shared.contracts.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, msgspec.Struct) and cls.__module__ == module.__name__:
                yield info.name, cls


def event_types(cls: type) -> tuple[str, ...]:
    return tuple(getattr(cls, "event_types", ())) or ((cls.event_type,) if hasattr(cls, "event_type") else ())


def _type_name(t: object) -> str:
    return getattr(t, "__name__", None) or str(t).replace("typing.", "")


def render() -> str:
    out = [_HEADER]
    for module, cls in sorted(contracts(), key=lambda c: event_types(c[1])):
        for event_type in event_types(cls):
            aggregate, event, _ = event_type.split(".")
            doc = inspect.cleandoc(cls.__dict__.get("__doc__") or "")
            out += [
                f"## `{event_type}`",
                "",
                f"Producer: `{_PRODUCERS.get(module, module.split('_')[0])}` · subject "
                f"`xf.<tenant>.{aggregate}.{event}` · payload `{cls.__name__}`",
                "",
            ]
            if doc:
                out += [doc, ""]
            out += ["| field | type |", "|---|---|"]
            hints = cls.__annotations__
            out += [
                f"| `{f.name}` | `{_type_name(hints.get(f.name, f.type))}` |"
                for f in msgspec.structs.fields(cls)
            ]
            out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    if "--write" in sys.argv:
        DOC.parent.mkdir(exist_ok=True)
        DOC.write_text(render())
    else:
        print(render())

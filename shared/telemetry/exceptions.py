"""Exceptions told by their types, codes and frames only: a message may carry statement values or personal data."""

from __future__ import annotations

import re
import traceback

# A database error's str() carries the failing row (asyncpg appends PostgreSQL's DETAIL, "Failing row contains
# (...)"), a refused argument's value, or SQLAlchemy's "[parameters: ...]"; an httpx error carries the URL with
# its query; a ValueError carries the text it could not parse. No message is safe, so none is written.
# What may be said instead: codes and the schema's own names (PostgreSQL's error fields, as asyncpg keeps them).
_CODE_ATTRIBUTES = (
    "sqlstate",
    "pgcode",
    "errno",
    "schema_name",
    "table_name",
    "column_name",
    "constraint_name",
)
_SAFE_CODE = re.compile(r"[A-Za-z0-9_$]{1,63}", re.ASCII)
# What ReadableSpan events keep of a formatted traceback: the frame lines, never the message lines.
_FRAME_LINE = re.compile(r'^  File "[\w<>./\\:-]+", line \d+, in [\w<>.]+$', re.ASCII)


def type_name(exc: BaseException) -> str:
    kind = type(exc)
    module = kind.__module__
    return kind.__qualname__ if module in ("builtins", "__main__") else f"{module}.{kind.__qualname__}"


def headline(exc: BaseException) -> str:
    """The exception's qualified type with its codes (SQLSTATE, errno) and the constraint or column it names."""
    values = {attr: str(getattr(exc, attr, None) or "") for attr in _CODE_ATTRIBUTES}
    codes = [f"{attr}={value}" for attr, value in values.items() if _SAFE_CODE.fullmatch(value)]
    return f"{type_name(exc)} ({', '.join(codes)})" if codes else type_name(exc)


def chain(exc: BaseException) -> list[BaseException]:
    """The exception and its causes, outermost first, as Python prints them (last)."""
    found: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and all(current is not seen for seen in found):
        found.append(current)
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    return found


def describe(exc: BaseException) -> str:
    """One line for a log message: `TypeA <- TypeB (sqlstate=23502)`, the outermost first."""
    return " <- ".join(headline(e) for e in chain(exc))


def safe_traceback(exc: BaseException) -> str:
    """The traceback as Python prints it, with each exception's message line replaced by its headline.

    Frames keep their source lines: they are the service's own code, never a value it was handling.
    """
    parts: list[str] = []
    for depth, e in enumerate(reversed(chain(exc))):
        if depth:
            parts.append("\nwhich led to:\n\n")
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.format_tb(e.__traceback__))
        parts.append(headline(e) + "\n")
    return "".join(parts).rstrip("\n")


def frames_only(stacktrace: str) -> str:
    """A formatted traceback (an exception event's `exception.stacktrace`) cut down to its frame lines."""
    return "\n".join(line for line in stacktrace.splitlines() if _FRAME_LINE.match(line))

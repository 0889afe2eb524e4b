"""Looking for personal data in every file under a stack's logs folder, in each form a value can be written."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, quote_plus, unquote


def written_forms(value: str) -> set[str]:
    """Plain, JSON-escaped (spans are dumped with ensure_ascii), percent-encoded and as Python bytes repr."""
    encoded = quote(value, safe="")
    return {
        value,
        json.dumps(value)[1:-1],
        encoded,
        encoded.lower(),
        quote_plus(value),
        repr(value.encode())[2:-1],
    }


@dataclass(frozen=True)
class Finding:
    file: str
    label: str
    excerpt: str


class LogScan:
    """Remembers how long each log file was, so a scan reads only what was written after."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.offsets = {path: path.stat().st_size for path in self._files()}

    def _files(self) -> list[Path]:
        return sorted(p for p in self.logs.rglob("*") if p.is_file()) if self.logs.exists() else []

    def new_text(self) -> dict[Path, str]:
        found: dict[Path, str] = {}
        for path in self._files():
            with path.open("rb") as f:
                f.seek(self.offsets.get(path, 0))
                found[path] = f.read().decode("utf-8", errors="replace")
        return found

    def find(self, secrets: dict[str, str]) -> list[Finding]:
        """Every (file, label) where one of the labelled values appears in any written form."""
        forms = {label: written_forms(value) for label, value in secrets.items()}
        findings: list[Finding] = []
        for path, text in self.new_text().items():
            for label, variants in forms.items():
                hit = next((v for v in variants if v in text), None)
                if hit is not None:
                    at = text.index(hit)
                    excerpt = text[max(0, at - 120) : at + 60]
                    for other, others in forms.items():
                        for v in others:
                            excerpt = excerpt.replace(v, f"<<{other}>>")
                    findings.append(Finding(path.name, label, excerpt))
        return findings


def report(findings: Iterable[Finding]) -> str:
    return "\n".join(f"{f.file}: {f.label} in …{f.excerpt}…" for f in findings)


_PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_BYTES_ESCAPE = re.compile(r"(?:\\x[0-9a-fA-F]{2})+")
_DIGITS = re.compile(r"\d+[Xx]?")
_HAN = re.compile(r"[\u3400-\u9fff·]+")


def readable(text: str) -> str:
    """The text with percent-encoding, JSON \\u escapes and Python bytes escapes decoded, for one plain search."""
    text = _PERCENT.sub(lambda m: unquote(m.group(0)), text)
    text = _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return _BYTES_ESCAPE.sub(
        lambda m: bytes.fromhex(m.group(0).replace("\\x", "")).decode("utf-8", errors="replace"), text
    )


def _windows(runs: Iterable[str], sizes: set[int]) -> set[str]:
    return {run[i : i + n] for run in runs for n in sizes for i in range(len(run) - n + 1)}


def find_many(texts: dict[Path, str], values: dict[str, str]) -> list[Finding]:
    """Like LogScan.find for thousands of values: digit and Han runs of the text are looked up, not each value."""
    findings: list[Finding] = []
    sizes = {len(v) for v in values}
    for path, raw in texts.items():
        text = readable(raw)
        seen = _windows(_DIGITS.findall(text), sizes) | _windows(_HAN.findall(text), sizes)
        findings += [Finding(path.name, label, "") for value, label in values.items() if value in seen]
    return findings

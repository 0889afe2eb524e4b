"""Where the browser may be sent after sign-in: only a path on the portal itself, never another site."""

from __future__ import annotations

from urllib.parse import urlsplit

HOME = "/"


def local_path(candidate: str | None) -> str:
    """The candidate if it is a local path ("/petitions?page=2"), else the home page.

    "//evil.example" and "/\\evil.example" are read by browsers as another host; a scheme, a host, control
    characters or a backslash anywhere are refused for the same reason.
    """
    if not candidate or not candidate.startswith("/") or candidate.startswith("//"):
        return HOME
    if "\\" in candidate or any(ord(c) < 0x20 or ord(c) == 0x7F for c in candidate):
        return HOME
    parts = urlsplit(candidate)
    if parts.scheme or parts.netloc:
        return HOME
    return candidate

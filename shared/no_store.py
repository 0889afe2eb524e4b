"""Answers that carry personal data or a petition's files: no browser or proxy may keep a copy."""

from __future__ import annotations

from litestar.datastructures import CacheControlHeader, ResponseHeader

# Use both on the handler: `cache_control=NO_STORE, response_headers=NO_CACHE`; Pragma for HTTP/1.0 proxies.
NO_STORE = CacheControlHeader(no_store=True)
NO_CACHE = [ResponseHeader(name="Pragma", value="no-cache")]

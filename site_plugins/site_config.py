"""Settings the site build and the local server share.

The Content-Security-Policy is written out in ``overrides/main.html`` (as a
meta tag, so it travels with the static files to any host); the tests check
that the template and ``CONTENT_SECURITY_POLICY`` agree, and ``serve_site``
sends the same policy as a header.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "SECURITY_HEADERS",
    "MIME_TYPES",
    "infoshare_settings",
]

# 'wasm-unsafe-eval' lets Pyodide compile its WebAssembly; it does not allow
# eval() of JavaScript. Everything else is same-origin only.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'"
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}

# Types the Python standard library gets wrong or leaves out on some systems;
# browsers refuse to stream-compile WebAssembly or load module workers otherwise.
MIME_TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".zip": "application/zip",
    ".whl": "application/zip",
    ".svg": "image/svg+xml",
    ".css": "text/css",
    ".html": "text/html",
    ".xml": "application/xml",
    ".txt": "text/plain",
}


def infoshare_settings(extra: Mapping[str, Any] | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(contacts, site)`` from MkDocs ``extra.infoshare``; either may be empty."""
    infoshare = (extra or {}).get("infoshare") or {}
    return dict(infoshare.get("contacts") or {}), dict(infoshare.get("site") or {})

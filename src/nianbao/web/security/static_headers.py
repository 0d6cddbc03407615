"""The security headers of static files, which WhiteNoise serves before Django's middleware is reached."""

from __future__ import annotations

from collections.abc import MutableMapping

# What the middleware sets on pages, for files: nothing runs from a static file (an SVG could carry
# script), nothing frames it, and the browser takes its declared type as given.
STATIC_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def add_static_headers(headers: MutableMapping[str, str], path: str, url: str) -> None:
    """WhiteNoise's add_headers_function: put the security headers on every static file."""
    for name, value in STATIC_HEADERS.items():
        headers[name] = value

"""Finding 7g: static files were served (by WhiteNoise, before Django's middleware) without the security
headers every page has. They now carry them too."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from nianbao.cli.serve import wsgi_application

pytestmark = [pytest.mark.django_db]


def _get(app, path):
    captured = {}

    def start_response(status, headers, exc_info=None):
        captured["status"] = status
        captured["headers"] = {name.lower(): value for name, value in headers}

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.input": io.BytesIO(),
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
    }
    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        result.close()  # as a WSGI server does: WhiteNoise's file is closed here
    return captured["status"], captured["headers"], body


def test_static_files_carry_the_security_headers():
    call_command("collectstatic", interactive=False, verbosity=0)
    status, headers, body = _get(wsgi_application(), "/static/nianbao/entry.js")
    assert status.startswith("200") and body
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "script-src" not in headers["content-security-policy"]  # nothing runs from a static file
    assert headers["referrer-policy"] == "same-origin"

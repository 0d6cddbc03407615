import pytest
from django.test import Client, override_settings

from nianbao.web.audit.models import AuditRecord

pytestmark = pytest.mark.django_db


def test_every_page_carries_the_content_security_policy(client):
    policy = client.get("/login/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_pages_refuse_framing_and_sniffing_and_limit_the_referrer(client):
    response = client.get("/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_of_a_signed_in_user_are_not_stored(client, cast):
    client.force_login(cast.filler)
    for path in ("/", f"/reports/{cast.report_a.pk}/"):
        cache_control = client.get(path)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control


def test_a_post_without_the_csrf_token_is_refused_and_audited(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.filler)
    response = client.post(f"/reports/{cast.report_a.pk}/", {"info.total": "1"})
    assert response.status_code == 403
    assert AuditRecord.objects.filter(action="access.denied", user_id=cast.filler.pk).exists()


def test_the_login_form_needs_the_csrf_token_too(cast, password):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "sec_filler", "password": password})
    assert response.status_code == 403


@override_settings(
    SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_SSL_REDIRECT=True
)
def test_https_responses_carry_hsts_and_http_is_redirected(client):
    secure = client.get("/login/", secure=True)
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")
    plain = client.get("/login/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")

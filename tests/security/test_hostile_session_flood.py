"""Finding 5: anonymous visitors grew session storage without limit.

An unauthenticated POST to /reports/<any number>/ stored the whole post in the session (restore after
login): five posts of 2.3 MB made an 11.5 MB session, and dropping the cookie made new ones. Now only the
post of a session that was signed in until that request is kept, for a report its user may edit, within
256 KB and three reports; form bodies above 2 MB are refused before they are parsed.
"""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from nianbao.web.reporting import pending
from nianbao.web.reporting.models import ReportValue
from nianbao.web.security.sessions import SEEN_AT

pytestmark = [pytest.mark.django_db]


def _stored_bytes() -> int:
    return sum(len(data) for data in Session.objects.values_list("session_data", flat=True))


def _entry_post(report, size: int, text: str = "洪") -> dict[str, object]:
    # The entry form's own field names: the keys typed ("k"), and each value as v:<key>.
    body = text if size == 0 else text * (size // (3 * len(text)))
    return {"lock_version": str(report.lock_version), "k": ["media.other"], "v:media.other": body}


def _expired_client(username, password) -> Client:
    client = Client()
    assert client.post("/login/", {"username": username, "password": password}).status_code == 302
    session = client.session
    session[SEEN_AT] -= 3600
    session.save()
    return client


def test_anonymous_posts_from_fresh_cookies_store_nothing(cast):
    before = _stored_bytes()
    for n in range(12):
        # Every post from a new cookie, each just under the form body limit, to reports real and not.
        client = Client()
        target = cast.report_a.pk if n % 2 else 10_000 + n
        response = client.post(f"/reports/{target}/", _entry_post(cast.report_a, 1_800_000))
        assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert _stored_bytes() - before < 16 * 1024


def test_a_form_body_over_two_megabytes_is_refused_unread(cast, password):
    client = Client()
    client.force_login(cast.filler)
    response = client.post(f"/reports/{cast.report_a.pk}/", _entry_post(cast.report_a, 3_000_000))
    assert response.status_code == 400
    assert not ReportValue.objects.filter(report=cast.report_a, key="media.other").exists()
    # The same post, small, is saved: the refusal above was the size, not the form.
    client.post(f"/reports/{cast.report_a.pk}/", _entry_post(cast.report_a, 0, "正常内容"))
    assert ReportValue.objects.filter(report=cast.report_a, key="media.other").exists()


def test_an_expired_session_keeps_its_post_within_bounds(cast, password):
    client = _expired_client("sec_filler", password)
    # Too big to keep: dropped, and the session stays small.
    client.post(f"/reports/{cast.report_a.pk}/", _entry_post(cast.report_a, pending.MAX_BYTES + 10_000))
    assert _stored_bytes() < 64 * 1024
    # A report of another site is not kept either: the signed-out user could not reach it.
    client = _expired_client("sec_filler", password)
    client.post(f"/reports/{cast.report_b.pk}/", _entry_post(cast.report_b, 1000))
    assert pending.SESSION_KEY not in client.session
    # An ordinary post is kept, for that user only.
    client = _expired_client("sec_filler", password)
    client.post(f"/reports/{cast.report_a.pk}/", _entry_post(cast.report_a, 0, "待恢复的内容"))
    assert str(cast.report_a.pk) in client.session[pending.SESSION_KEY]
    client.post("/login/", {"username": "sec_reviewer", "password": password})
    assert "待恢复的内容" not in client.get(f"/reports/{cast.report_a.pk}/").content.decode()


def test_the_restore_after_login_still_works(cast, password):
    client = _expired_client("sec_filler", password)
    client.post(f"/reports/{cast.report_a.pk}/", _entry_post(cast.report_a, 0, "待恢复的内容"))
    client.post("/login/", {"username": "sec_filler", "password": password})
    page = client.get(f"/reports/{cast.report_a.pk}/").content.decode()
    assert "待恢复的内容" in page and "已恢复" in page

"""The audit viewer pages through the trail and keeps the filters in its page links."""

from __future__ import annotations

import pytest
from django.urls import reverse

from nianbao.web.audit.models import AuditRecord

pytestmark = pytest.mark.django_db


def test_the_page_links_keep_the_filters(client, cast, monkeypatch):
    from nianbao.web.audit import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client.force_login(cast.auditor)
    grants = AuditRecord.objects.filter(action__startswith="role.change").count()
    # At least the cast's seven role grants; more when another test module's cast shares the database.
    assert grants >= 7
    page = client.get(reverse("audit:records"), {"action": "role.change"}).content.decode()
    pages = (grants + 1) // 2
    assert f"第 1 / {pages} 页" in page
    assert 'href="?action=role.change&amp;user=&amp;outcome=&amp;page=2"' in page

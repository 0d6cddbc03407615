"""Finding 7h: a 填报人 could open the supervisor's notes on flags of their own report
(/oversight/reports/<pk>/flags/). Supervisors' notes are for supervisors: the site's staff get 403."""

from __future__ import annotations

import pytest

from nianbao.web.oversight.models import FlagReview

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def noted(cast):
    FlagReview.objects.create(
        report=cast.report_a,
        key="access.uv",
        kind="outlier",
        message="访问量异常",
        note="监管备注：疑似虚报",
        checked_by=cast.supervisor,
    )
    return f"/oversight/reports/{cast.report_a.pk}/flags/"


@pytest.mark.parametrize("who", ["filler", "reviewer", "head", "auditor"])
def test_the_site_staff_cannot_read_the_supervisors_notes(client, cast, noted, who):
    client.force_login(cast.by_role(who))
    response = client.get(noted)
    assert response.status_code == 403
    assert "疑似虚报" not in response.content.decode()


@pytest.mark.parametrize("who", ["supervisor", "admin"])
def test_supervisors_and_administrators_read_them(client, cast, noted, who):
    client.force_login(cast.by_role(who))
    response = client.get(noted)
    assert response.status_code == 200 and "疑似虚报" in response.content.decode()

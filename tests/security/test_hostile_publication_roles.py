"""Finding 7j: README and code disagreed on who registers publication and who starts a correction
(permissions.py let the 填报人 do both). Both commit the unit, so both are the 单位负责人's, as the README
says; the 填报人 (and the reviewer) are refused, through the pages as through the services."""

from __future__ import annotations

from pathlib import Path

import pytest

from nianbao.web.registry.models import Role
from nianbao.web.reporting.models import Report, State
from nianbao.web.reporting.permissions import RULES

pytestmark = [pytest.mark.django_db]
README = Path(__file__).resolve().parents[2] / "README.md"


def test_only_the_head_publishes_and_corrects():
    assert RULES["publish"][0] == {Role.HEAD}
    assert RULES["correct"][0] == {Role.HEAD}
    assert "单位负责人（批准、登记公开、发布后更正" in README.read_text(encoding="utf-8")


@pytest.mark.parametrize(("state", "action"), [(State.APPROVED, "publish"), (State.PUBLISHED, "correct")])
@pytest.mark.parametrize("who", ["filler", "reviewer"])
def test_the_site_staff_below_the_head_are_refused(client, cast, state, action, who):
    Report.unscoped.filter(pk=cast.report_a.pk).update(state=state)
    client.force_login(cast.by_role(who))
    response = client.post(
        f"/reports/{cast.report_a.pk}/act/{action}/",
        {
            "reason": "试图更正",
            "published_on": "2022-01-20",
            "public_url": "http://www.example.gov.cn/nb.html",
        },
    )
    assert response.status_code == 403
    assert Report.unscoped.get(pk=cast.report_a.pk).state == state

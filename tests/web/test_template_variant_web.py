"""A deployment's own variant of the form (a data file in NIANBAO_TEMPLATE_DIR) in the web application.

The year the variant serves is opened with it by itself; last year's values (on the bundled form) appear as
上年 by item key, the renamed item included; the new item and rule work; the download reads back.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from nianbao.forms import add_template_dir
from nianbao.forms.template import remove_template_dir
from nianbao.io.registry import read_bytes
from nianbao.web.reporting.core import validate
from nianbao.web.reporting.models import Report

from .workflow_helpers import GOOD, fill

VARIANT = Path(__file__).parents[1] / "fixtures" / "templates" / "gd-2024.toml"
pytestmark = pytest.mark.django_db


@pytest.fixture
def variant_2021(tmp_path):
    """The fixture's variant, serving 2021 alone, in a deployment's template folder."""
    text = VARIANT.read_text(encoding="utf-8")
    text = text.replace('id = "gd-2024"', 'id = "gd-2021"')
    text = text.replace("years = [2024, 2026]", "years = [2021, 2021]")
    (tmp_path / "gd-2021.toml").write_text(text.replace("year = 2024", "year = 2021"), encoding="utf-8")
    add_template_dir(tmp_path)
    yield
    remove_template_dir(tmp_path)


def test_a_variant_year_is_opened_filled_and_shows_last_years_values_by_key(world, client, variant_2021):
    fill(world.report_a, world.filler)  # 2020, on the bundled gx-2020: 信息公开目录信息公开量 80
    client.force_login(world.supervisor)
    city = world.site_a.region.parent
    response = client.post(reverse("reporting:open_year"), {"region": city.pk, "year": "2021"})
    assert response.status_code == 302
    report = Report.unscoped.get(website=world.site_a, period__year=2021)
    assert report.period.template_id == "gd-2021"

    client.force_login(world.filler)
    page = client.get(reverse("reporting:entry", args=[report.pk])).content.decode()
    assert "政策文件发布量" in page
    renamed = page[page.index("信息公开目录信息更新量") :]
    assert renamed.index("上年：80") < renamed.index("政策文件发布量")  # the renamed item's 上年 value

    values = GOOD | {"signature.date": "2022-01-10", "info.policy_docs": "301"}
    filled = fill(report, world.filler, values)
    rules = [f.code for f in validate(filled.core()) if f.code.startswith("R-")]  # 公开时间 is still blank
    assert rules == ["R-INFO-POLICY-LE-TOTAL"]
    filled = fill(filled, world.filler, {"info.policy_docs": "30"})
    assert "R-INFO-POLICY-LE-TOTAL" not in [f.code for f in validate(filled.core())]

    data = client.get(reverse("reporting:download", args=[report.pk, "docx"])).content
    back = read_bytes(data, "gd.docx").report
    assert back is not None and back.template.id == "gd-2021"  # chosen from its labels, title and year
    assert back.get("info.policy_docs").data == 30
    assert back.template.title == "广西政府网站工作年度报表"  # the deployment's title (top region 广西)

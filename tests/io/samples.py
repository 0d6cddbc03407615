"""Hand-built reports for the layout tests: one like the seed (fictional people), and edge cases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from nianbao.forms.template import get_template
from nianbao.report.report import Report
from nianbao.report.values import NONE, MultiChoice, Value

TEMPLATE = get_template("gx-2020")


def seed_like() -> Report:
    """Return a report filled like the seed: values, 无 and a few blanks, with fictional names."""
    v = Value.of
    values = {
        "header.unit": v("示例市城市管理局"),
        "header.year": v("2020"),
        "basic.site_name": v("示例市城市管理局网站"),
        "basic.publish_date": v(dt.date(2021, 1, 15)),
        "basic.home_url": v("http://cg.example.gov.cn/"),
        "basic.site_code": v("4507000026"),
        "basic.sponsor": v("示例市城市管理局"),
        "basic.cn_domain": v("示例市城市管理局.政务"),
        "basic.organizer": v("示例市城市管理局"),
        "basic.site_type": v("部门网站"),
        "basic.icp": v("桂ICP备20002705号"),
        "basic.psb": v("桂公网安备45070302000630号"),
        "basic.e_code": v("CA213280000409846310003"),
        "basic.publish_url": v("http://cg.example.gov.cn/nb/2020.html"),
        "access.uv": v(23324),
        "access.pv": v(126457),
        "info.total": v(551),
        "info.overview": v(7),
        "info.news": v(427),
        "info.catalogue": v(151),
        "columns.maintained": v(11),
        "columns.new": v(1),
        "interpret.total": v(2),
        "interpret.materials": v(2),
        "interpret.products": NONE,
        "interpret.media_articles": NONE,
        "interpret.responses": v(0),
        "service.catalogue_published": v(False),
        "service.registered_users": NONE,
        "interaction.survey.periods": v(3),
        "interaction.survey.opinions": NONE,
        "interaction.messages.avg_days": v(Decimal("2.5")),
        "interaction.messages.on_time_rate": v(Decimal("98.5")),
        "interaction.unified_platform": v(True),
        "security.level": v("二级"),
        "security.assessments": v(1),
        "security.inspection.period": v("1周/次"),
        "security.monitoring.warning": v(True),
        "media.has": v(True),
        "media.weibo.name": v("示例城管"),
        "media.weibo.posts": v(622),
        "media.wechat.name": v("示例城管"),
        "media.wechat.followers": v(884),
        "media.app.name": NONE,
        "media.other": NONE,
        "innovation.features": v(MultiChoice(("搜索即服务", "无障碍浏览"), None)),
        "signature.head": v("张示例"),
        "signature.reviewer": v("李示例"),
        "signature.filler": v("王示例"),
        "signature.phone": v("0777-2862235"),
        "signature.date": v(dt.date(2021, 1, 15)),
    }
    return Report(TEMPLATE, values)

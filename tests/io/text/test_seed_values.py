"""Every one of the 79 items of the seed report, as the seed text writes it (read by eye, not by the code)."""

import datetime as dt
import re

from nianbao.io.registry import read_path
from nianbao.io.text import TextReader
from nianbao.report import NONE, MultiChoice, Value
from seed_fixture import SEED_PATH, seed_bytes

v = Value.of

# People's names stay in the fixture only: they are taken from its signature line by a plain pattern.
HEAD, REVIEWER, FILLER = re.search(
    r"单位负责人：(\S+)\s+审核人：(\S+)\s+填报人：(\S+)", seed_bytes().decode("utf-8")
).groups()

EXPECTED = {
    # header: the line under the title and 填报单位（盖章）：
    "header.unit": v("钦州市城市管理行政执法局"),
    "header.year": v("2020"),
    # 基本信息: two label/value pairs per row
    "basic.site_name": v("钦州市城市管理行政执法局网站"),
    "basic.publish_date": v(dt.date(2021, 1, 15)),
    "basic.home_url": v("http://csglxzzfj.qinzhou.gov.cn/"),
    "basic.site_code": v("4507000026"),
    "basic.sponsor": v("钦州市城市管理行政执法局"),
    "basic.cn_domain": v("钦州市城市管理行政执法局.政务"),
    "basic.organizer": v("钦州市城市管理行政执法局"),
    "basic.site_type": v("部门网站"),  # □政府门户网站 ☑部门网站 □专项网站
    "basic.icp": v("桂ICP备20002705号"),
    "basic.psb": v("桂公网安备45070302000630号"),
    "basic.e_code": v("CA213280000409846310003"),
    "basic.publish_url": v("http://csglxzzfj.qinzhou.gov.cn/"),
    # 用户访问: labels in one row, values (with no-break spaces around them) in the row below
    "access.uv": v(23324),
    "access.pv": v(126457),
    # 信息发布 and 专题专栏 share rows
    "info.total": v(551),
    "info.overview": v(7),
    "info.news": v(427),
    "info.catalogue": v(151),
    "columns.maintained": v(11),
    "columns.new": v(1),
    # 解读回应
    "interpret.total": v(2),
    "interpret.materials": v(2),
    "interpret.products": NONE,
    "interpret.media_articles": NONE,
    "interpret.responses": NONE,
    # 办事服务
    "service.catalogue_published": v(False),  # □是　　　☑否
    "service.registered_users": NONE,
    "service.items": NONE,
    "service.online_items": NONE,
    "service.cases.total": NONE,
    "service.cases.natural": NONE,
    "service.cases.legal": NONE,
    # 互动交流: three row groups, all 无
    "interaction.survey.periods": NONE,
    "interaction.survey.opinions": NONE,
    "interaction.survey.results": NONE,
    "interaction.survey.participants": NONE,
    "interaction.interview.periods": NONE,
    "interaction.interview.comments": NONE,
    "interaction.interview.answers": NONE,
    "interaction.interview.audience": NONE,
    "interaction.messages.received": NONE,
    "interaction.messages.closed": NONE,
    "interaction.messages.avg_days": NONE,
    "interaction.messages.public_replies": NONE,
    "interaction.messages.on_time": NONE,
    "interaction.messages.on_time_rate": NONE,
    "interaction.unified_platform": v(False),
    "interaction.smart_qa": v(False),
    # 安全防护: the level's three boxes stand in three cells
    "security.level": v("二级"),
    "security.assessments": v(1),
    "security.inspection.period": v("1周/次"),  # written 每周, normalised with a warning
    "security.inspection.found": NONE,
    "security.inspection.fixed": NONE,
    "security.monitoring.warning": v(True),
    "security.monitoring.response": v(True),
    "security.monitoring.drill": v(False),
    "security.management.owner": v(True),
    "security.management.backup": v(True),
    # 移动新媒体: 名称, 信息发布量 and 关注量 each printed for 微博 and 微信 side by side
    "media.has": v(True),
    "media.weibo.name": v("钦州城管执法"),
    "media.weibo.posts": v(622),
    "media.weibo.followers": v(178),
    "media.wechat.name": v("钦州城管执法"),
    "media.wechat.posts": v(618),
    "media.wechat.followers": v(884),
    "media.app.name": NONE,
    "media.app.url": NONE,
    "media.app.posts": NONE,
    "media.app.reads": NONE,
    "media.app.downloads": NONE,
    "media.other": NONE,
    # 创新发展: one row per option, 有 or 无
    "innovation.features": v(MultiChoice(("搜索即服务", "无障碍浏览"), None)),
    # the signature line
    "signature.head": v(HEAD),
    "signature.reviewer": v(REVIEWER),
    "signature.filler": v(FILLER),
    "signature.phone": v("2862235"),
    "signature.date": v(dt.date(2021, 1, 15)),
}


def test_the_names_are_taken_as_two_or_three_characters():
    assert all(2 <= len(name) <= 3 for name in (HEAD, REVIEWER, FILLER))


def test_the_expectation_covers_every_item_of_the_template():
    report = TextReader().read(seed_bytes(), name=SEED_PATH.name).report
    assert len(EXPECTED) == 79
    assert set(EXPECTED) == set(report.template.keys)


def test_every_value_of_the_seed_is_read_exactly():
    report = TextReader().read(seed_bytes(), name=SEED_PATH.name).report
    got = {item.key: value for item, value in report}
    mismatches = {k: (got[k], want) for k, want in EXPECTED.items() if got[k] != want}
    assert mismatches == {}


def test_counts_and_yes_no_keep_their_types():
    report = TextReader().read(seed_bytes(), name=SEED_PATH.name).report
    assert type(report.get("access.uv").data) is int
    assert report.get("media.has").data is True


def test_the_template_is_worked_out_from_the_labels():
    result = read_path(SEED_PATH)
    assert result.report.template.id == "gx-2020"


def test_the_only_finding_is_the_normalised_inspection_period_on_its_line():
    result = TextReader().read(seed_bytes(), name=SEED_PATH.name)
    assert [(f.code, f.items, f.line) for f in result.findings] == [
        ("W-NORMALISED", ("security.inspection.period",), 221)
    ]

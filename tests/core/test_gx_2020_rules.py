"""Each rule of the gx-2020 template fires on a report that breaks it and stays quiet on one that keeps it.

Each case starts from the seed (which breaks no rule) and retypes a few items as a person would.
"""

import pytest

from core.builders import GX_2020, codes_for, seed_with
from nianbao.report.validate import validate

MSG = "interaction.messages."
INTERVIEW_ANSWERS = "interaction.interview.answers"
MEDIA_EMPTY = {
    "media.weibo.name": "",
    "media.weibo.posts": "",
    "media.weibo.followers": "",
    "media.wechat.name": "无",
    "media.wechat.posts": "无",
    "media.wechat.followers": "无",
}

# code: (changes that break the rule, changes that keep it)
CASES: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "R-ACCESS-UV-LE-PV": ({"access.uv": "200", "access.pv": "100"}, {"access.uv": "100", "access.pv": "100"}),
    "R-INFO-OVERVIEW-LE-TOTAL": ({"info.overview": "552"}, {"info.overview": "551"}),
    "R-INFO-NEWS-LE-TOTAL": ({"info.news": "600"}, {"info.news": "无"}),
    "R-INFO-CATALOGUE-LE-TOTAL": ({"info.catalogue": "560"}, {"info.catalogue": "551"}),
    "R-COLUMNS-NEW-LE-MAINTAINED": ({"columns.new": "12"}, {"columns.new": "11"}),
    "R-INTERPRET-TOTAL-SUM": (
        {"interpret.total": "5", "interpret.products": "1"},
        {"interpret.total": "6", "interpret.products": "1", "interpret.media_articles": "3"},
    ),
    "R-SERVICE-ONLINE-LE-ITEMS": (
        {"service.items": "20", "service.online_items": "21"},
        {"service.items": "20", "service.online_items": "20"},
    ),
    "R-SERVICE-CASES-NATURAL-LE-TOTAL": (
        {"service.cases.total": "10", "service.cases.natural": "11"},
        {"service.cases.total": "10", "service.cases.natural": "10"},
    ),
    "R-SERVICE-CASES-LEGAL-LE-TOTAL": (
        {"service.cases.total": "10", "service.cases.legal": "11"},
        {"service.cases.total": "10", "service.cases.legal": "10"},
    ),
    "R-SERVICE-CASES-SUM": (
        {"service.cases.total": "10", "service.cases.natural": "4", "service.cases.legal": "5"},
        {"service.cases.total": "10", "service.cases.natural": "4", "service.cases.legal": "6"},
    ),
    "R-SURVEY-RESULTS-LE-PERIODS": (
        {"interaction.survey.periods": "2", "interaction.survey.results": "3"},
        {"interaction.survey.periods": "2", "interaction.survey.results": "2"},
    ),
    "R-SURVEY-ACTIVITY-WITHOUT-PERIODS": (
        {"interaction.survey.opinions": "15"},
        {"interaction.survey.periods": "1", "interaction.survey.opinions": "15"},
    ),
    "R-INTERVIEW-ANSWERS-LE-COMMENTS": (
        {
            "interaction.interview.periods": "2",
            "interaction.interview.comments": "5",
            "interaction.interview.answers": "6",
        },
        {
            "interaction.interview.periods": "2",
            "interaction.interview.comments": "6",
            "interaction.interview.answers": "6",
        },
    ),
    "R-INTERVIEW-ACTIVITY-WITHOUT-PERIODS": (
        {"interaction.interview.periods": "0", "interaction.interview.comments": "3"},
        {"interaction.interview.periods": "1", "interaction.interview.comments": "3"},
    ),
    "R-MESSAGES-CLOSED-LE-RECEIVED": (
        {MSG + "received": "9", MSG + "closed": "10"},
        {MSG + "received": "10", MSG + "closed": "10"},
    ),
    "R-MESSAGES-ON-TIME-LE-CLOSED": (
        {MSG + "received": "12", MSG + "closed": "10", MSG + "on_time": "12"},
        {MSG + "received": "12", MSG + "closed": "12", MSG + "on_time": "12", MSG + "on_time_rate": "100"},
    ),
    "R-MESSAGES-PUBLIC-LE-RECEIVED": (
        {MSG + "received": "5", MSG + "public_replies": "6"},
        {MSG + "received": "6", MSG + "public_replies": "6"},
    ),
    "R-MESSAGES-DAYS-WITHOUT-CLOSED": ({MSG + "avg_days": "3"}, {MSG + "avg_days": "无"}),
    "R-SECURITY-FIXED-LE-FOUND": (
        {"security.inspection.found": "3", "security.inspection.fixed": "4"},
        {"security.inspection.found": "4", "security.inspection.fixed": "4"},
    ),
    "R-SECURITY-FOUND-WITHOUT-ASSESSMENT": (
        {"security.assessments": "无", "security.inspection.found": "2"},
        {"security.assessments": "1", "security.inspection.found": "2"},
    ),
    "R-MEDIA-NO-MEDIA-EMPTY": ({"media.has": "否"}, {"media.has": "否", **MEDIA_EMPTY}),
    "R-MEDIA-ACCOUNT-NAMED": (
        MEDIA_EMPTY,
        {**MEDIA_EMPTY, "media.other": "抖音号：钦州城管，发布120条"},
    ),
    "R-MEDIA-WEIBO-NAMED": ({"media.weibo.name": "无"}, {"media.weibo.name": "钦州城管"}),
    "R-MEDIA-WECHAT-NAMED": ({"media.wechat.name": ""}, {"media.wechat.name": "钦州城管"}),
    "R-MEDIA-APP-NAMED": (
        {"media.app.downloads": "3000"},
        {"media.app.downloads": "3000", "media.app.name": "钦州城管"},
    ),
    "R-PUBLISH-LATE": (
        {"basic.publish_date": "2021年2月1日"},
        {"basic.publish_date": "2021年1月31日", "signature.date": "2021年1月31日"},
    ),
    "R-PUBLISH-EARLY": (
        {"basic.publish_date": "2020-12-31", "signature.date": "2020-12-31"},
        {"basic.publish_date": "2021-01-01", "signature.date": "2021-01-01"},
    ),
    "R-SIGNED-AFTER-PUBLISH": ({"signature.date": "2021-01-16"}, {"signature.date": "2021-01-14"}),
    "R-PUBLISH-URL-ON-SITE": (
        {"basic.publish_url": "http://www.qinzhou.gov.cn/ndbb/2020.html"},
        {"basic.publish_url": "http://CSGLXZZFJ.qinzhou.gov.cn/zwgk/ndbb/2020.html"},
    ),
}


# Breaking these necessarily breaks one more: a part above its total cannot add up to the total.
ALSO = {
    "R-SERVICE-CASES-NATURAL-LE-TOTAL": ("R-SERVICE-CASES-SUM",),
    "R-SERVICE-CASES-LEGAL-LE-TOTAL": ("R-SERVICE-CASES-SUM",),
}


def test_every_template_rule_has_a_case():
    assert sorted(CASES) == sorted(r.code for r in GX_2020.rules)


@pytest.mark.parametrize("code", sorted(CASES))
def test_the_rule_fires_when_broken(code):
    assert code in codes_for(CASES[code][0])


@pytest.mark.parametrize("code", sorted(CASES))
def test_the_rule_is_quiet_when_kept_and_nothing_else_fires(code):
    assert codes_for(CASES[code][1]) == []


@pytest.mark.parametrize("code", sorted(CASES))
def test_breaking_one_rule_fires_only_that_rule(code):
    assert set(codes_for(CASES[code][0])) == {code, *ALSO.get(code, ())}


def test_the_example_message_from_the_brief():
    changes = {
        MSG + "received": "12",
        MSG + "closed": "10",
        MSG + "on_time": "12",
        MSG + "on_time_rate": "100",
    }
    [finding] = [f for f in validate(seed_with(changes)) if f.code == "R-MESSAGES-ON-TIME-LE-CLOSED"]
    assert (
        finding.message
        == "互动交流 › 留言办理 › 按时办结留言数量（12）大于办结留言数量（10）。请核对两项数字。"
    )
    assert finding.severity == "error"
    assert finding.items == (MSG + "on_time", MSG + "closed")


def test_overlapping_information_kinds_may_sum_past_the_total():
    # The seed itself: 7 + 427 + 151 = 585 > 551, because a news item can also be a catalogue entry.
    assert (
        codes_for({"info.total": "551", "info.overview": "7", "info.news": "427", "info.catalogue": "151"})
        == []
    )


def test_none_counts_as_zero_in_the_interpretation_sum():
    assert codes_for({"interpret.total": "2", "interpret.materials": "2", "interpret.products": "无"}) == []
    assert codes_for({"interpret.total": "无", "interpret.materials": "2"}) == ["R-INTERPRET-TOTAL-SUM"]


def test_a_blank_part_skips_the_sum():
    assert codes_for({"interpret.total": "5", "interpret.products": ""}) == []


def test_publication_deadline_follows_the_written_year():
    # Reporting year 2021 read from the header: the deadline becomes 31 January 2022, and the form serves
    # 2021 too, so there is no year warning.
    changes = {"header.year": "2021", "basic.publish_date": "2022-01-20", "signature.date": "2022-01-20"}
    assert codes_for(changes) == []
    assert codes_for(changes | {"basic.publish_date": "2022-02-01"}) == ["R-PUBLISH-LATE"]


@pytest.mark.parametrize("code", sorted(CASES))
def test_the_message_starts_where_the_first_item_is_found_on_the_form(code):
    [finding] = [f for f in validate(seed_with(CASES[code][0])) if f.code == code]
    first = GX_2020.item(finding.items[0])
    assert finding.message.startswith(GX_2020.section_label(first))
    assert "{" not in finding.message and "请" in finding.message

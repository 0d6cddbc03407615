"""Labels printed more than once (总数, 名称, 信息发布量, 关注量, 其他) go where the section headers say."""

from nianbao.report import NONE, MultiChoice, Value
from tests.io.placement_helpers import place


def test_totals_follow_the_section_above_them():
    result = place(
        ["办事服务", "注册用户数", "3"],
        ["", "办件量（单位：件）", "总数", "30"],
        ["信息发布（单位：条）", "总数", "551"],
        ["解读回应", "解读信息发布", "总数（单位：条）", "2"],
    )
    got = result.report
    assert got.get("service.cases.total").data == 30
    assert got.get("info.total").data == 551
    assert got.get("interpret.total").data == 2
    assert result.findings == []


def test_names_side_by_side_go_to_weibo_then_wechat_then_the_app():
    result = place(
        ["移动新媒体", "是否有移动新媒体", "☑是　□否"],
        ["", "微博", "名称", "甲博", "微信", "名称", "甲信"],
        ["", "", "信息发布量（单位：条）", "10", "", "信息发布量（单位：条）", "20"],
        ["", "", "关注量（单位：个）", "11", "", "关注量（单位：个）", "21"],
        ["", "移动客户端", "名称", "甲端", "下载地址", "无"],
        ["", "", "信息发布量", "30", "阅读量", "31", "下载量", "32"],
        ["", "其他", "无"],
    )
    got = {k: v.data for k, v in result.report.values.items()}
    assert got["media.weibo.name"] == "甲博" and got["media.wechat.name"] == "甲信"
    assert (got["media.weibo.posts"], got["media.wechat.posts"], got["media.app.posts"]) == (10, 20, 30)
    assert (got["media.weibo.followers"], got["media.wechat.followers"]) == (11, 21)
    assert got["media.app.name"] == "甲端"
    assert result.report.get("media.other") == NONE
    assert result.findings == []


def test_without_headers_repeated_labels_fill_in_template_order():
    result = place(["是否有移动新媒体", "是"], ["名称", "一"], ["名称", "二"], ["名称", "三"])
    got = result.report
    assert [got.get(k).data for k in ("media.weibo.name", "media.wechat.name", "media.app.name")] == [
        "一",
        "二",
        "三",
    ]


def test_other_under_innovation_is_the_option_not_the_media_item():
    result = place(
        ["移动新媒体", "其他", "甲号"],
        ["创新发展", "搜索即服务", "有"],
        ["", "其他", "甲功能"],
    )
    assert result.report.get("media.other").data == "甲号"
    assert result.report.get("innovation.features") == Value.of(MultiChoice(("搜索即服务",), "甲功能"))


def test_a_section_alias_and_a_different_section_order_are_understood():
    result = place(
        ["专栏专题（单位：个）", "维护数量", "11", "新开设数量", "1"],
        ["信息发布", "概况类信息更新量", "7"],
    )
    assert result.report.get("columns.maintained").data == 11
    assert result.report.get("columns.new").data == 1
    assert result.report.get("info.overview").data == 7


def test_the_security_header_printed_twice_is_the_section_then_its_first_part():
    result = place(["安全防护", "安全防护", "安全防护能力等级", "☑二级", "□三级", "□未定级"])
    assert result.report.get("security.level").data == "二级"
    assert result.findings == []

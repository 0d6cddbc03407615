"""The rules are data: the defaults are pv-uv.md's, every rule can be changed, and mistakes are named."""

from __future__ import annotations

import pytest

from nianbao.evidence.errors import EvidenceError
from nianbao.evidence.logs import load_rules


def test_default_page_rule():
    rules = load_rules()
    for page in [
        "/",
        "/a",
        "/a/",
        "/x/index.HTML",
        "/a.php?x=1.css",
        "/v1.2/news",
        "/s.do",
        "/a.action",
        "?q",
    ]:
        assert rules.is_page(page), page
    for resource in [
        "/a.css",
        "/a.js?v=1",
        "/i.PNG",
        "/f.woff2",
        "/d.pdf",
        "/d.doc",
        "/d.xls",
        "/a.",
        "/a.html.bak",
    ]:
        assert not rules.is_page(resource), resource


def test_default_robot_rule_names_the_chinese_crawlers():
    rules = load_rules()
    for ua in [
        "Baiduspider",
        "Mozilla/5.0 YisouSpider/5.0",
        "360Spider",
        "Sogou web spider/4.0",
        "Bytespider",
        "",
        "-",
        "curl/7.1",
        "Wget/1.2",
        "python-requests/2",
        "Go-http-client/1.1",
        "Java/1.8",
        "Scrapy/2",
        "Apache-HttpClient/4",
        "HeadlessChrome/86",
        "okhttp/4",
        "libwww-perl/6",
        "zgrab/0.x",
        "masscan/1.0",
        "Yahoo! Slurp",
        "SomeCrawler",
    ]:
        assert rules.is_robot(ua), ua
    for ua in ["Mozilla/5.0 (Windows NT 10.0) Chrome/86", "Mozilla/5.0 (iPhone) MicroMessenger/7.0", "curl"]:
        assert not rules.is_robot(ua), ua


def test_lower_casing_is_ascii_only():
    # The Kelvin sign lower-cases to "k" in Unicode; it must not make "\u212aBOT" anything but what it is.
    rules = load_rules()
    assert not rules.is_page("/a.\u212asp")  # not ".asp"... and not "ksp" either: a resource
    assert rules.is_robot("Ro\u212aBOT")  # "bot" is there in ASCII


def test_every_rule_can_be_overridden(tmp_path):
    config = tmp_path / "r.toml"
    config.write_text(
        '[pages]\nextensions = [".HTML"]\n[robots]\ncrawlers = ["mybot"]\nscripts = []\n'
        '[request]\nmethods = ["get", "post"]\nstatuses = [304, 302]\n[visitor]\ncookie = "uid"\n',
        encoding="utf-8",
    )
    rules = load_rules(config)
    assert rules.page_extensions == ("html",)
    assert not rules.is_page("/a.php")
    assert rules.robot_patterns == ("mybot",)
    assert not rules.is_robot("Baiduspider")
    assert rules.methods == ("GET", "POST")
    assert rules.status_counts(302) and not rules.status_counts(301)
    assert rules.visitor_cookie == "uid"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[page]\nextensions = []\n", "不认识的配置节"),
        ('[pages]\nextensions = "html"\n', "应为字符串列表"),
        ('[request]\nstatuses = ["304"]\n', "状态码列表"),
        ("[visitor]\ncookie = 3\n", "Cookie 名称"),
    ],
)
def test_mistakes_in_a_rules_file_are_named(tmp_path, text, message):
    config = tmp_path / "r.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(EvidenceError, match=message):
        load_rules(config)

import datetime as dt

import pytest

from core.builders import codes_for, seed_with


@pytest.mark.parametrize(
    "url",
    [
        "http://www.gxzf.gov.cn/",
        "https://csglxzzfj.qinzhou.gov.cn/zwgk/2021/ndbb.html",
        "HTTP://CSGLXZZFJ.QINZHOU.GOV.CN",
        "http://csglxzzfj.qinzhou.gov.cn:8080/a?b=c",
    ],
)
def test_http_urls_with_a_host_pass(url):
    assert codes_for({"basic.home_url": url, "basic.publish_url": url}) == []


@pytest.mark.parametrize(
    "url",
    [
        "www.gxzf.gov.cn",
        "ftp://www.gxzf.gov.cn/",
        "http://",
        "http:///path",
        "http://localhost/",
        "网站首页",
        "http://.gov.cn/",
        "http://gxzf..gov.cn/",
    ],
)
def test_other_urls_are_errors(url):
    assert "E-URL-INVALID" in codes_for({"basic.home_url": url})


def test_the_url_message_shows_a_complete_example():
    from nianbao.report.validate import validate

    [finding] = validate(seed_with({"media.app.url": "app.qinzhou.gov.cn", "media.app.name": "钦州城管"}))
    assert finding.code == "E-URL-INVALID"
    assert finding.message.startswith(
        "移动新媒体 › 移动客户端 › 下载地址：“app.qinzhou.gov.cn”不是有效网址。"
    )
    assert "http://" in finding.message


@pytest.mark.parametrize(
    "text", ["2021年1月15日", "2021-01-15", "2021/1/15", "2021.01.15", "２０２１年１月１５日"]
)
def test_dates_in_either_spelling_are_read_as_the_same_date(text):
    report = seed_with({"basic.publish_date": text})
    assert report.get("basic.publish_date").data == dt.date(2021, 1, 15)
    assert codes_for({"basic.publish_date": text}) == []


@pytest.mark.parametrize("text", ["2021年2月30日", "2021-13-01", "一月中旬", "2021年1月"])
def test_impossible_or_partial_dates_are_errors(text):
    assert codes_for({"basic.publish_date": text}) == ["E-DATE-INVALID"]

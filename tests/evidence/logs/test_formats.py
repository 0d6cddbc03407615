"""Common, custom nginx, IIS W3C and JSON-lines logs give the figures their lines were built to give."""

from __future__ import annotations

import json

import pytest

from nianbao.evidence.errors import EvidenceError
from nianbao.evidence.logs import analyse_logs, load_rules
from nianbao.evidence.logs.sites import load_registry

from .logmaker import write

UA = "Mozilla/5.0 (Windows NT 10.0) Chrome/86.0"
NGINX_FORMAT = '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$host" "$cookie_uid"'  # noqa: E501


def test_common_format_counts_pages_and_keys_visitors_by_address(tmp_path):
    lines = [
        '10.0.0.1 - - [01/Mar/2020:10:00:00 +0800] "GET / HTTP/1.1" 200 100',
        '10.0.0.1 - - [01/Mar/2020:11:00:00 +0800] "GET /a.html HTTP/1.1" 200 100',
        '10.0.0.2 - - [01/Mar/2020:11:00:00 +0800] "GET /a.css HTTP/1.1" 200 100',
        '10.0.0.2 - - [02/Mar/2020:11:00:00 +0800] "GET /b.html HTTP/1.1" 304 -',
        '10.0.0.3 - - [02/Mar/2020:11:00:00 +0800] "POST /b.html HTTP/1.1" 200 10',
    ]
    result = analyse_logs([str(write(tmp_path / "c.log", lines))], 2020)
    assert (result.pv, result.uv) == (3, 2)
    assert result.reasons == {"page": 3, "static": 1, "method": 1}
    assert any("没有记录浏览器标识" in n for n in result.notes)


def _nginx_line(ip, day, target, host, uid, ua=UA, status=200):
    when = f"{day}/Mar/2020:10:00:00 +0800"
    return f'{ip} - - [{when}] "GET {target} HTTP/1.1" {status} 5 "-" "{ua}" "{host}" "{uid}"'


def test_custom_nginx_format_by_site_with_a_registry(tmp_path):
    lines = [
        _nginx_line("10.0.0.1", "01", "/", "www.gxzf.gov.cn", "-"),
        _nginx_line("10.0.0.1", "01", "/", "WWW.GXZF.GOV.CN:443", "-"),  # same site, same visitor
        _nginx_line("10.0.0.2", "01", "/x.html", "www.gxzf.gov.cn", "-"),
        _nginx_line("10.0.0.1", "01", "/", "www.nanning.gov.cn", "-"),
        _nginx_line("10.0.0.1", "02", "/a.js", "www.nanning.gov.cn", "-"),
        _nginx_line("10.0.0.9", "02", "/", "www.nanning.gov.cn", "-", ua="Baiduspider"),
        _nginx_line("10.0.0.5", "02", "/", "other.example.org", "-"),
    ]
    registry = tmp_path / "sites.csv"
    registry.write_text(
        "首页网址,标识码,网站名称\nhttp://www.gxzf.gov.cn,4500000001,示例省人民政府门户网站\n"
        "https://www.nanning.gov.cn/,4501000002,示例市人民政府门户网站\n",
        encoding="utf-8",
    )
    result = analyse_logs(
        [str(write(tmp_path / "platform.log", lines))],
        2020,
        by_site=True,
        log_format=NGINX_FORMAT,
        registry=load_registry(registry),
    )
    sites = {s.host: (s.code, s.pv, s.uv) for s in result.sites}
    assert sites == {
        "www.gxzf.gov.cn": ("4500000001", 3, 2),
        "www.nanning.gov.cn": ("4501000002", 1, 1),
        "other.example.org": ("", 1, 1),
    }
    assert (result.pv, result.uv) == (5, 4)
    assert any("other.example.org" in n for n in result.notes)


def test_a_visitor_cookie_replaces_address_and_user_agent_when_set(tmp_path):
    lines = [
        _nginx_line("10.0.0.1", "01", "/", "h", "u1"),
        _nginx_line("10.0.0.2", "01", "/", "h", "u1", ua="Other/1.0"),  # same cookie: same visitor
        _nginx_line("10.0.0.3", "01", "/", "h", "-"),  # no cookie: address + user agent
        _nginx_line("10.0.0.3", "01", "/", "h", "-"),
    ]
    config = tmp_path / "rules.toml"
    config.write_text('[visitor]\ncookie = "uid"\n', encoding="utf-8")
    rules = load_rules(config)
    result = analyse_logs([str(write(tmp_path / "n.log", lines))], 2020, rules, log_format=NGINX_FORMAT)
    assert (result.pv, result.uv) == (4, 2)
    assert result.rules["visitor"].startswith("Cookie uid")


def test_nginx_format_without_a_needed_variable_is_refused(tmp_path):
    path = write(tmp_path / "n.log", ['10.0.0.1 "GET / HTTP/1.1"'])
    with pytest.raises(EvidenceError, match=r"\$status"):
        analyse_logs([str(path)], 2020, log_format='$remote_addr "$request"')


def test_by_site_needs_a_host_in_the_log(tmp_path):
    line = f'10.0.0.1 - - [01/Mar/2020:10:00:00 +0800] "GET / HTTP/1.1" 200 5 "-" "{UA}"'
    with pytest.raises(EvidenceError, match="主机名"):
        analyse_logs([str(write(tmp_path / "a.log", [line]))], 2020, by_site=True)


def test_iis_w3c_extended(tmp_path):
    lines = [
        "#Software: Microsoft Internet Information Services 10.0",
        "#Version: 1.0",
        "#Date: 2020-03-01 00:00:00",
        "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) "
        "cs(Referer) sc-status sc-substatus sc-win32-status time-taken",
        "2020-03-01 10:00:00 10.1.1.1 GET /index.aspx - 80 - 10.0.0.1 Mozilla/5.0+(Windows+NT+10.0) - 200 0 0 15",  # noqa: E501
        "2020-03-01 10:00:05 10.1.1.1 GET /style.css - 80 - 10.0.0.1 Mozilla/5.0+(Windows+NT+10.0) - 200 0 0 15",  # noqa: E501
        "2020-03-01 10:01:00 10.1.1.1 GET /news/ a=1 80 - 10.0.0.1 Mozilla/5.0+(Windows+NT+10.0) - 200 0 0 15",  # noqa: E501
        "2020-03-01 10:02:00 10.1.1.1 GET / - 80 - 10.0.0.2 Baiduspider+(+http://www.baidu.com) - 200 0 0 15",
        "2020-03-02 10:02:00 10.1.1.1 POST /login.aspx - 80 - 10.0.0.2 Mozilla/5.0 - 200 0 0 15",
        "2019-12-31 23:59:59 10.1.1.1 GET / - 80 - 10.0.0.2 Mozilla/5.0 - 200 0 0 15",
        "2020-03-02 10:02:00 garbage",
    ]
    result = analyse_logs([str(write(tmp_path / "u_ex200301.log", lines, newline="\r\n"))], 2020)
    assert (result.pv, result.uv) == (2, 1)
    assert result.reasons == {
        "page": 2,
        "static": 1,
        "robot": 1,
        "method": 1,
        "other_year": 1,
        "malformed": 1,
    }


def test_json_lines(tmp_path):
    records = [
        {
            "remote_addr": "10.0.0.1",
            "time_iso8601": "2020-03-01T10:00:00+08:00",
            "request": "GET / HTTP/1.1",
            "status": 200,
            "http_user_agent": UA,
        },
        {
            "remote_addr": "10.0.0.1",
            "time_iso8601": "2020-03-01T23:59:59+08:00",
            "request": "GET /a.htm HTTP/1.1",
            "status": "304",
            "http_user_agent": UA,
        },
        {
            "remote_addr": "10.0.0.1",
            "time_iso8601": "2020-03-02T00:00:00+08:00",
            "request": "GET /a.png HTTP/1.1",
            "status": 200,
            "http_user_agent": UA,
        },
        {
            "remote_addr": "10.0.0.2",
            "time_local": "02/Mar/2020:00:00:00 +0800",
            "method": "GET",
            "uri": "/x",
            "status": 200,
            "http_user_agent": "curl/7.68.0",
        },
    ]
    lines = [json.dumps(r) for r in records] + ['{"remote_addr": "10.0.0.3"}', "not json"]
    result = analyse_logs([str(write(tmp_path / "a.jsonl", lines))], 2020)
    assert (result.pv, result.uv) == (2, 1)
    assert result.reasons == {"page": 2, "static": 1, "robot": 1, "malformed": 2}


def test_a_registry_without_a_home_page_column_is_named(tmp_path):
    registry = tmp_path / "sites.csv"
    registry.write_text("网站,标识码\nwww.a.gov.cn,1\n", encoding="utf-8")
    with pytest.raises(EvidenceError, match="没有首页网址列"):
        load_registry(registry)


def test_a_json_registry_matches_with_or_without_www(tmp_path):
    registry = tmp_path / "sites.json"
    registry.write_text(
        json.dumps([{"首页网址": "https://gxzf.gov.cn/", "标识码": "4500000001", "网站名称": "示例门户"}]),
        encoding="utf-8",
    )
    entry = load_registry(registry).lookup("WWW.GXZF.GOV.CN:8080")
    assert entry is not None and entry.code == "4500000001"

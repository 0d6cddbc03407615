"""DuckDB's fast path reads custom nginx formats (a platform's $host log among them) exactly as the reference.

Lines of each format are rendered from page views, resources, robots, errors and other years, then mutated
with the characters that matter to cutting a line at its quotes. Per site, the counts by reason and the
unique visitors must equal what the reference parser and rules give line by line; the line-by-line path is
disabled, so the figures can only come from the fast path (and the reference's judgement of the lines it
sets aside).
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao.evidence.logs import analyse_logs, load_rules
from nianbao.evidence.logs.formats import LogFormat, iis_format, nginx_format
from nianbao.evidence.logs.groups import host_of
from nianbao.evidence.logs.reference import classify, parse_line, split_lines, visitor
from nianbao.evidence.logs.rules import LogRules

from .logmaker import IN_YEAR, OTHER_YEAR, PAGE_TARGETS, ROBOT_UAS, STATIC_TARGETS, VISITORS, apache_time
from .test_fast_path_matches_reference import MUTATION, _mutate

PLATFORM = (
    '$host $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent '
    '"$http_referer" "$http_user_agent" "$http_x_forwarded_for"'
)
ISO_SPLIT_REQUEST = (
    '$remote_addr [$time_iso8601] "$request_method $request_uri" $status "$http_user_agent" $host'
)
QUOTED_HOST_FIRST = '"$host" $remote_addr [$time_local] "$request" $status "$http_user_agent" "$cookie_uid"'
# Separators that a token's own characters include: a matcher must go back into the token to find them.
PIPES = '$remote_addr|$remote_user|[$time_local]|"$request"|$status|$body_bytes_sent|"$http_user_agent"|$host'
ADDR_PORT = (
    '$remote_addr:$remote_port [$time_iso8601] "$request" $status "$http_user_agent" $host:$server_port'
)
FORMATS = [PLATFORM, ISO_SPLIT_REQUEST, QUOTED_HOST_FIRST, PIPES, ADDR_PORT]
HOSTS = ["www.gxzf.gov.cn", "WWW.GXZF.GOV.CN:443", "www.nanning.gov.cn", "", "[2001:db8::1]:8443"]
STATUSES = [200, 304, 206, 404, 302, 500]
METHODS = ["GET", "GET", "GET", "POST", "HEAD", "get"]


def _values(draw: tuple[int, int, int, int, int, int, int], *, other_year: bool) -> dict[str, str]:
    who, when, target, status, method, host, robot = draw
    ip, ua = VISITORS[who % len(VISITORS)]
    moment = (OTHER_YEAR if other_year else IN_YEAR)[when % (len(OTHER_YEAR) if other_year else len(IN_YEAR))]
    targets = PAGE_TARGETS + STATIC_TARGETS
    uri = targets[target % len(targets)]
    verb = METHODS[method % len(METHODS)]
    return {
        "host": HOSTS[host % len(HOSTS)],
        "remote_addr": ip,
        "remote_user": "-",
        "time_local": apache_time(moment),
        "time_iso8601": moment.strftime("%Y-%m-%dT%H:%M:%S+08:00"),
        "request": f"{verb} {uri} HTTP/1.1",
        "request_method": verb,
        "request_uri": uri,
        "status": str(STATUSES[status % len(STATUSES)]),
        "body_bytes_sent": str(100 + who),
        "http_referer": "-",
        "http_user_agent": ROBOT_UAS[robot % len(ROBOT_UAS)] if robot % 4 == 0 else ua,
        "http_x_forwarded_for": "-",
        "cookie_uid": f"u{who % 3}" if who % 2 else "-",
        "remote_port": str(40000 + who * 7),
        "server_port": "443" if host % 2 else "80",
    }


def _render(log_format: str, values: dict[str, str]) -> str:
    line = log_format
    # Longest names first, so that $host does not eat the start of a longer name.
    for name in sorted(values, key=len, reverse=True):
        line = line.replace(f"${name}", values[name])
    return line


def _expected(fmt: LogFormat, text: str, rules: LogRules) -> tuple[dict[str, Counter[str]], dict[str, int]]:
    """Per site, the reasons and unique visitors the reference gives line by line (directives skipped)."""
    reasons: dict[str, Counter[str]] = {}
    visits: dict[str, set[object]] = {}
    for line in split_lines(text):
        if fmt.comment_prefix and line.startswith(fmt.comment_prefix):
            continue
        record = parse_line(fmt, line)
        site = host_of(record.host) if record is not None else ""
        reason = classify(record, rules, 2020)
        reasons.setdefault(site, Counter())[reason] += 1
        if record is not None and reason == "page":
            visits.setdefault(site, set()).add((record.day, visitor(record, rules)))
    return reasons, {site: len(v) for site, v in visits.items()}


DRAW = st.tuples(*[st.integers(0, 60)] * 7)


@pytest.mark.parametrize("log_format", FORMATS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    draws=st.lists(st.tuples(DRAW, st.booleans()), min_size=1, max_size=25),
    mutations=st.lists(st.lists(MUTATION, max_size=3), max_size=25),
    cookie=st.booleans(),
)
def test_fast_path_by_site_equals_the_reference(
    tmp_path_factory, fast_path_only, log_format, draws, mutations, cookie
):
    rules = load_rules()
    if cookie:
        rules = LogRules(**{**rules.__dict__, "visitor_cookie": "uid"})
    lines = [_render(log_format, _values(draw, other_year=other)) for draw, other in draws]
    padded = mutations + [[]] * (len(lines) - len(mutations))
    # A plain page view comes first, so that the file is recognised as the format.
    first = _render(log_format, _values((0,) * 7, other_year=False))
    lines = [first] + [_mutate(line, m) for line, m in zip(lines, padded, strict=False)]
    path = tmp_path_factory.mktemp("f") / "platform.log"
    path.write_bytes("".join(line + "\n" for line in lines).encode("utf-8", "surrogatepass"))
    fmt = nginx_format(log_format, rules.visitor_cookie)
    reasons, uv = _expected(fmt, path.read_text(encoding="utf-8"), rules)
    result = analyse_logs([str(path)], 2020, rules, by_site=True, log_format=log_format)
    assert {s.host: s.reasons for s in result.sites} == {site: dict(c) for site, c in reasons.items()}
    assert {s.host: s.uv for s in result.sites if s.uv} == {site: n for site, n in uv.items() if n}


def test_the_platform_format_is_read_by_the_fast_path(tmp_path, fast_path_only):
    # A plain example with its answer worked out by hand: two sites, one visitor each day.
    ua = "Mozilla/5.0 (Windows NT 10.0) Chrome/86.0"
    lines = [
        f'www.a.gov.cn 10.0.0.1 - - [01/Mar/2020:10:00:00 +0800] "GET / HTTP/1.1" 200 5 "-" "{ua}" "-"',
        f'www.a.gov.cn 10.0.0.1 - - [01/Mar/2020:10:05:00 +0800] "GET /b.html HTTP/1.1" 200 5 "-" "{ua}" "-"',
        f'www.a.gov.cn 10.0.0.1 - - [01/Mar/2020:10:05:01 +0800] "GET /b.css HTTP/1.1" 200 5 "-" "{ua}" "-"',
        f'WWW.B.GOV.CN:443 10.0.0.1 - - [02/Mar/2020:09:00:00 +0800] "GET / HTTP/1.1" 304 - "-" "{ua}" "-"',
        f'www.b.gov.cn 10.0.0.2 - - [02/Mar/2020:09:00:00 +0800] "GET / HTTP/1.1" 404 5 "-" "{ua}" "-"',
    ]
    path = tmp_path / "platform.log"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    result = analyse_logs([str(path)], 2020, by_site=True, log_format=PLATFORM)
    sites = {s.host: (s.pv, s.uv, s.reasons) for s in result.sites}
    assert sites == {
        "www.a.gov.cn": (2, 1, {"page": 2, "static": 1}),
        "www.b.gov.cn": (1, 1, {"page": 1, "status": 1}),
    }


@pytest.mark.parametrize("bad_day", ["2020-13-01", "2020-02-30", "2020-99-99"])
def test_a_line_whose_day_does_not_exist_names_no_site(tmp_path, fast_path_only, bad_day):
    # The line has the shape of a date but no such day: it is malformed, like any line the reference
    # cannot parse, and a malformed line is not credited to the host it happens to carry.
    ua = "Mozilla/5.0 (Windows NT 10.0) Chrome/86.0"
    lines = [
        f'10.0.0.1 [2020-03-01T10:00:00+08:00] "GET /" 200 "{ua}" www.a.gov.cn',
        f'10.0.0.1 [{bad_day}T10:00:00+08:00] "GET /b.html" 200 "{ua}" www.a.gov.cn',
    ]
    path = tmp_path / "platform.log"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    result = analyse_logs([str(path)], 2020, by_site=True, log_format=ISO_SPLIT_REQUEST)
    assert {s.host: s.reasons for s in result.sites} == {
        "": {"malformed": 1},
        "www.a.gov.cn": {"page": 1},
    }


IIS_FIELDS = (
    "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) "
    "cs(Referer) cs-host sc-status sc-substatus sc-win32-status time-taken"
)
DIRECTIVES = ["#Software: Microsoft Internet Information Services 10.0", "#Version: 1.0", "#Date: 2020-03-01"]


def _iis_line(draw: tuple[int, int, int, int, int, int, int], other_year: bool) -> str:
    values = _values(draw, other_year=other_year)
    moment = values["time_iso8601"]
    uri, _, query = values["request_uri"].partition("?")
    return " ".join(
        [
            moment[:10],
            moment[11:19],
            "10.1.1.1",
            values["request_method"],
            uri,
            query or "-",
            "80",
            "-",
            values["remote_addr"],
            values["http_user_agent"].replace(" ", "+") or "-",
            "-",
            values["host"] or "-",
            values["status"],
            "0",
            "0",
            "15",
        ]
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    draws=st.lists(st.tuples(DRAW, st.booleans(), st.integers(0, 9)), min_size=1, max_size=25),
    mutations=st.lists(st.lists(MUTATION, max_size=3), max_size=25),
)
def test_iis_fast_path_by_site_equals_the_reference(tmp_path_factory, fast_path_only, draws, mutations):
    rules = load_rules()
    padded = mutations + [[]] * (len(draws) - len(mutations))
    lines = [*DIRECTIVES, IIS_FIELDS, _iis_line((0,) * 7, other_year=False)]
    for (draw, other, directive), mutation in zip(draws, padded, strict=False):
        lines.append(_mutate(_iis_line(draw, other), mutation))
        if directive == 0:  # IIS repeats its directives when it restarts
            lines += DIRECTIVES
        elif directive == 1:
            lines.append("#" + _mutate("Remark: a b  c", mutation))
    path = tmp_path_factory.mktemp("iis") / "u_ex200301.log"
    path.write_bytes("".join(line + "\r\n" for line in lines).encode("utf-8", "surrogatepass"))
    reasons, uv = _expected(iis_format(IIS_FIELDS), path.read_text(encoding="utf-8"), rules)
    result = analyse_logs([str(path)], 2020, rules, by_site=True)
    assert {s.host: s.reasons for s in result.sites} == {site: dict(c) for site, c in reasons.items()}
    assert {s.host: s.uv for s in result.sites if s.uv} == {site: n for site, n in uv.items() if n}
    assert result.lines == sum(sum(c.values()) for c in reasons.values())

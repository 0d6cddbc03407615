"""GoAccess, run on the same log, counts the same daily unique visitors as nianbao under GoAccess-like rules.

GoAccess's unique visitor is nianbao's: the same client address, date and user agent. The rules differ,
and only the differences below remain; the log is built so that each remaining difference is absent, and
nianbao is configured (GOACCESS_LIKE) to follow GoAccess where a rule is configurable:

- Methods: GoAccess counts every method (POST, HEAD, even "get"); nianbao's default counts GET only.
  Configured: GET, POST and HEAD count, and the log has no other methods.
- Statuses: GoAccess counts every status not named in --ignore-status; nianbao counts 2xx and 304.
  Configured: 301, 302, 304 count; GoAccess is told to ignore the error statuses the log contains.
- Static files: GoAccess ignores (with --ignore-statics=panel) only extensions on its list, so "/a.xyz" is a
  visit to it; nianbao treats every dotted extension that is not a page extension as a resource. The log
  uses only extensions both know (css, js, png, jpg, gif, ico, pdf, doc, woff2).
- Robots: GoAccess's crawler list has Googlebot, bingbot, Baiduspider, Bytespider and Sogou but not
  YisouSpider or 360Spider, and it counts curl, python-requests, HeadlessChrome and the user agent "-" as
  visitors. Configured: nianbao's robot list is cut to the crawlers GoAccess knows; the log has no script
  user agents and no "-".
- Dates: GoAccess accepts an impossible date such as 30/Feb/2020 as a day of its own; nianbao counts the
  line as malformed. The log has none. Lines of other years are left out by summing 2020's days only.
- Quotes escaped inside a user agent (\\") are left out: GoAccess splits such fields differently.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import subprocess

from nianbao.evidence.logs import analyse_logs, load_rules

from .logmaker import combined, write

BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/86.0.4240.75 Safari/537.36",  # noqa: E501
    "Mozilla/5.0 (iPhone; CPU iPhone OS 14_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",  # noqa: E501
    "Mozilla/5.0 (X11; Linux x86_64; rv:81.0) Gecko/20100101 Firefox/81.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/14.0 Safari/605.1.15",  # noqa: E501
]
CRAWLERS_BOTH = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
    "Mozilla/5.0 (compatible; Bytespider; https://zhanzhang.toutiao.com/)",
    "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)",
]
# Crawlers GoAccess does not know: under GoAccess-like rules they are visitors on both sides.
CRAWLERS_GOACCESS_MISSES = ["Mozilla/5.0 (compatible; YisouSpider/5.0)", "360Spider"]
PAGES = ["/", "/index.html", "/news/list", "/zwgk/", "/a/b.shtml", "/search.do?q=1", "/x.jsp?id=3"]
STATICS = [
    "/s/app.css",
    "/s/app.js",
    "/i/logo.png",
    "/i/p.jpg",
    "/i/x.gif",
    "/favicon.ico",
    "/f/a.pdf",
    "/f/b.doc",
    "/f/font.woff2",
]
ERRORS = [404, 500, 403, 503]
GOACCESS_LIKE = """
[request]
methods = ["GET", "POST", "HEAD"]
statuses = [301, 302, 304]
[robots]
crawlers = ["googlebot", "bingbot", "baiduspider", "bytespider", "sogou web spider"]
scripts = []
"""


def _log(rng: random.Random, n: int) -> list[str]:
    ips = [f"10.{rng.randrange(4)}.{rng.randrange(6)}.{rng.randrange(1, 20)}" for _ in range(120)] + [
        "2001:db8::1",
        "2001:db8::2",
    ]
    start = dt.datetime(2020, 1, 1)
    lines = []
    for _ in range(n):
        ip = rng.choice(ips)
        # Days around midnight and the ends of the year, and some of other years.
        when = rng.choice(
            [
                start + dt.timedelta(days=rng.randrange(366), seconds=rng.randrange(86400)),
                dt.datetime(2020, 12, 31, 23, 59, 59),
                dt.datetime(2020, 1, 1, 0, 0, 0),
                dt.datetime(2019, 12, 31, 23, 59, 59),
                dt.datetime(2021, 1, 1, 0, 0, 0),
            ]
        )
        kind = rng.random()
        ua, target, status, method = rng.choice(BROWSERS), rng.choice(PAGES), 200, "GET"
        if kind < 0.4:
            target = rng.choice(STATICS)
        elif kind < 0.5:
            ua = rng.choice(CRAWLERS_BOTH)
        elif kind < 0.55:
            ua = rng.choice(CRAWLERS_GOACCESS_MISSES)
        elif kind < 0.6:
            status = rng.choice(ERRORS)
        elif kind < 0.65:
            status = rng.choice([301, 302, 304])
        elif kind < 0.7:
            method = rng.choice(["POST", "HEAD"])
        elif kind < 0.72:
            lines.append(f"{ip} garbage that no log format accepts")
            continue
        lines.append(combined(ip, when, f"{method} {target} HTTP/1.1", status, ua))
    return lines


def _goaccess_daily_visitors(path, tmp_path) -> dict[str, int]:
    out = tmp_path / "goaccess.json"
    argv = [
        "goaccess",
        str(path),
        "--log-format=COMBINED",
        "--ignore-crawlers",
        "--ignore-statics=panel",
        "--no-progress",
        "--no-parsing-spinner",
        "-o",
        str(out),
    ]
    argv += [f"--ignore-status={code}" for code in ERRORS]
    subprocess.run(argv, check=True, capture_output=True, timeout=120)
    data = json.loads(out.read_text())
    return {item["data"]: item["visitors"]["count"] for item in data["visitors"]["data"]}


def test_goaccess_daily_unique_visitors_sum_to_nianbaos_uv_under_goaccess_like_rules(tmp_path):
    path = write(tmp_path / "access.log", _log(random.Random(20200101), 4000))
    config = tmp_path / "goaccess-like.toml"
    config.write_text(GOACCESS_LIKE, encoding="utf-8")
    ours = analyse_logs([str(path)], 2020, load_rules(config))
    theirs = {day: n for day, n in _goaccess_daily_visitors(path, tmp_path).items() if day.startswith("2020")}
    assert {d.day.strftime("%Y%m%d"): d.uv for d in ours.days} == theirs
    assert ours.uv == sum(theirs.values())
    # The default rules exclude more (POST/HEAD, 301/302, YisouSpider, 360Spider): fewer visitors.
    assert analyse_logs([str(path)], 2020).uv < ours.uv

"""Build access logs whose page views and visitors are known by construction.

Every line is made from a template chosen for what it is meant to be (a page view, a static resource, a
robot, an error, a POST, a line of another year, a malformed line); the maker records that label and the
visitor and day of each page view, so the expected PV and UV come from the maker's bookkeeping, not from
nianbao's parsing.
"""

from __future__ import annotations

import datetime as dt
import gzip
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# Visitors: (address, user agent). Same address with another browser, IPv6, a quote escaped inside the
# user agent, Apache's \xhh escapes: each pair is a different visitor.
VISITORS = [
    ("10.0.0.1", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/86.0 Safari/537.36"),
    ("10.0.0.1", "Mozilla/5.0 (iPhone; CPU iPhone OS 14_0 like Mac OS X) MicroMessenger/7.0.17"),
    ("10.0.0.2", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/86.0 Safari/537.36"),
    ("2001:db8::7", "Mozilla/5.0 (X11; Linux x86_64; rv:81.0) Gecko/20100101 Firefox/81.0"),
    ("::ffff:192.0.2.9", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Version/14.0 Safari/605.1.15"),
    ("192.0.2.77", 'Mozilla/5.0 (compatible; MSIE 9.0; \\"quoted\\" shell)'),
    ("198.51.100.3", "Mozilla/5.0 (Linux; Android 10) \\x22odd\\x22 UCBrowser/13.2"),
    ("198.51.100.4", "Dalvik/2.1.0 (Linux; U; Android 9; HMA-AL00 Build/HUAWEIHMA-AL00)"),
]
PAGE_TARGETS = [
    "/",
    "/index.html",
    "/zwgk/",
    "/a/b.HTM",
    "/news/list",
    "/v1.2/news",
    "/search.do?q=a.css",
    "/?page=2",
    "/a.b/",
    "/index.php",
    "/xxgk/t20200601_123.shtml",
    '/a\\"b',
    "/gzcy/list.Action?x=1.png",
]
STATIC_TARGETS = [
    "/s/app.css",
    "/s/app.js?v=1.2",
    "/i/logo.PNG",
    "/f/font.woff2",
    "/doc/a.pdf",
    "/doc/b.doc",
    "/doc/c.xls",
    "/favicon.ico",
    "/a.html.bak",
    "/file.",
    "/x/y.JPG?w=100",
]
ROBOT_UAS = [
    "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
    "Mozilla/5.0 (Windows NT 6.1) AppleWebKit/537.36 Chrome/69.0 YisouSpider/5.0 Safari/537.36",
    "360Spider",
    "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)",
    "Mozilla/5.0 (Linux; Android 5.0) (compatible; Bytespider; https://zhanzhang.toutiao.com/)",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "curl/7.58.0",
    "python-requests/2.25.1",
    "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/86.0.4240.0 Safari/537.36",
    "Go-http-client/1.1",
    "-",
    "",
]
ERROR_STATUSES = [404, 500, 302, 301, 403, 400, 503]
GOOD_STATUSES = [200, 200, 200, 304, 206, 204]
OTHER_METHOD_REQUESTS = [
    "POST /login.do HTTP/1.1",
    "HEAD / HTTP/1.1",
    "get /index.html HTTP/1.1",
    "GET",
    "GET  /index.html HTTP/1.1",  # two spaces: the target (second part) is empty
    "-",
    "",
]
# (line template, why it is malformed). {ip} and {t} are filled in.
MALFORMED = [
    '{ip} - - [{t}] "GET /index.html HTTP/1.1" 200 512 "-" "Mozilla/5.0 (truncated',
    '{ip} - - [{t}] "GET /index.html HTTP/1.1" 200 512',
    '{ip} - - [10/Foo/2020:10:00:00 +0800] "GET / HTTP/1.1" 200 512 "-" "Mozilla/5.0"',
    '{ip} - - [30/Feb/2020:10:00:00 +0800] "GET / HTTP/1.1" 200 512 "-" "Mozilla/5.0"',
    '{ip} - - [01/Mar/2020:24:00:00 +0800] "GET / HTTP/1.1" 200 512 "-" "Mozilla/5.0"',
    '{ip} - - [01/Mar/2020:10:60:00 +0800] "GET / HTTP/1.1" 200 512 "-" "Mozilla/5.0"',
    '{ip} - - [{t}] "GET / HTTP/1.1" 2x0 512 "-" "Mozilla/5.0"',
    '{ip} - - [{t}] "GET / HTTP/1.1" 200 5k "-" "Mozilla/5.0"',
    '{ip} - - [{t}] "GET / HTTP/1.1" 200 512 "-" "Mozilla/5.0" "extra"',
    '{ip} - - [{t}] "GET / HTTP/1.1" 200 512 "-" "Mozilla "5.0" x"',
    '{ip} - - [{t}] "GET / HTTP/1.1" 200 512 "-" "Mozilla/5.0""',
    "{ip} this is not a log line at all",
    "   ",
    '{ip}\t-\t-\t[{t}] "GET / HTTP/1.1" 200 512 "-" "Mozilla/5.0"',
    '{ip} - - [{t}] GET 200 512 "-" "Mozilla/5.0"',
    '{ip} - - [{t}] "GET /a\\" 200 512 "-" "Mozilla/5.0"',
    '{ip} - [{t}] "GET / HTTP/1.1" 200 512 "-" "Mozilla/5.0"',
    '{ip} - - [{t}] "GET / HTTP/1.1" 200 512 - "Mozilla/5.0"',
    '{ip} - - {t} "GET / HTTP/1.1" 200 512 "-" "Mozilla/5.0"',
    '{ip} - - [2020-03-01T10:00:00+08:00] "GET / HTTP/1.1" 200 512 "-" "Mozilla/5.0"',
    '{ip}  - - [{t}] "GET / HTTP/1.1" 200 512 "-" "Mozilla/5.0"',
]
KINDS = ("page", "static", "robot", "status", "method", "other_year", "malformed")
# Moments in the year chosen around midnight and the year's ends; a page view's day is the logged date.
YEAR = 2020
IN_YEAR = [
    dt.datetime(2020, 1, 1, 0, 0, 0),
    dt.datetime(2020, 2, 29, 12, 0, 0),
    dt.datetime(2020, 6, 30, 23, 59, 59),
    dt.datetime(2020, 7, 1, 0, 0, 0),
    dt.datetime(2020, 10, 10, 13, 55, 36),
    dt.datetime(2020, 12, 31, 23, 59, 59),
]
OTHER_YEAR = [dt.datetime(2019, 12, 31, 23, 59, 59), dt.datetime(2021, 1, 1, 0, 0, 0)]


def apache_time(moment: dt.datetime, zone: str = "+0800") -> str:
    """Return a time as Apache and nginx log it: 10/Oct/2020:13:55:36 +0800."""
    return f"{moment.day:02d}/{MONTHS[moment.month - 1]}/{moment.year}:{moment:%H:%M:%S} {zone}"


def combined(ip: str, moment: dt.datetime, request: str, status: int, ua: str, zone: str = "+0800") -> str:
    when = apache_time(moment, zone)
    return f'{ip} - - [{when}] "{request}" {status} 1234 "http://www.example.gov.cn/" "{ua}"'


@dataclass
class MadeLog:
    """Lines with what each is, and the expected figures."""

    lines: list[str] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)
    visits: set[tuple[dt.date, str, str]] = field(default_factory=set)
    daily_pv: Counter[dt.date] = field(default_factory=Counter)

    @property
    def pv(self) -> int:
        return self.kinds["page"]

    @property
    def uv(self) -> int:
        return len(self.visits)

    def add(self, kind: str, visitor: int, moment: int, variant: int) -> None:
        """Add one line meant to be `kind`; the integers pick visitor, time and template variant."""
        ip, ua = VISITORS[visitor % len(VISITORS)]
        when = IN_YEAR[moment % len(IN_YEAR)]
        zone = "-0500" if variant % 7 == 3 else "+0800"
        if kind == "page":
            target = PAGE_TARGETS[variant % len(PAGE_TARGETS)]
            status = GOOD_STATUSES[variant % len(GOOD_STATUSES)]
            self.lines.append(combined(ip, when, f"GET {target} HTTP/1.1", status, ua, zone))
            self.visits.add((when.date(), ip, ua))
            self.daily_pv[when.date()] += 1
        elif kind == "static":
            target = STATIC_TARGETS[variant % len(STATIC_TARGETS)]
            self.lines.append(combined(ip, when, f"GET {target} HTTP/1.1", 200, ua, zone))
        elif kind == "robot":
            target = PAGE_TARGETS[variant % len(PAGE_TARGETS)]
            self.lines.append(
                combined(ip, when, f"GET {target} HTTP/1.1", 200, ROBOT_UAS[variant % len(ROBOT_UAS)])
            )
        elif kind == "status":
            status = ERROR_STATUSES[variant % len(ERROR_STATUSES)]
            self.lines.append(combined(ip, when, "GET /index.html HTTP/1.1", status, ua))
        elif kind == "method":
            request = OTHER_METHOD_REQUESTS[variant % len(OTHER_METHOD_REQUESTS)]
            self.lines.append(combined(ip, when, request, 200, ua))
        elif kind == "other_year":
            moment_other = OTHER_YEAR[variant % len(OTHER_YEAR)]
            self.lines.append(combined(ip, moment_other, "GET /index.html HTTP/1.1", 200, ua))
        elif kind == "malformed":
            template = MALFORMED[variant % len(MALFORMED)]
            self.lines.append(template.format(ip=ip, t=apache_time(when)))
        else:
            raise ValueError(kind)
        self.kinds[kind] += 1


def write(path: Path, lines: list[str], gz: bool = False, newline: str = "\n") -> Path:
    """Write lines to a file (gzip-compressed when asked)."""
    data = "".join(line + newline for line in lines).encode("utf-8")
    path.write_bytes(gzip.compress(data) if gz else data)
    return path

"""Generate a large combined-format access log whose exact PV and UV are known by construction."""

from __future__ import annotations

import datetime as dt
import gzip
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.4240.75"
    " Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 14_{v} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
    " Mobile/15E148 MicroMessenger/7.0.{v}",
    "Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko Core/1.70.{v}",
    "Mozilla/5.0 (Linux; Android 10; HMA-AL00 Build/HUAWEIHMA-AL00; wv) AppleWebKit/537.36"
    " (KHTML, like Gecko) Version/4.0 Chrome/{v}.0.3945.136 Mobile Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_{v}) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/14.0"
    " Safari/605.1.15",
]
CRAWLERS = [
    "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
    "Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36"
    " (compatible; Bytespider; https://zhanzhang.toutiao.com/)",
    "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)",
    "Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/69.0.3497.81"
    " YisouSpider/5.0 Safari/537.36",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "360Spider",
    "curl/7.68.0",
    "python-requests/2.25.1",
    "-",
]
PAGES = [
    "/",
    "/index.html",
    "/zwgk/",
    "/xxgk/zcwj/index.shtml",
    "/search.do?q=%E6%94%BF%E5%8A%A1",
    "/hdjl/zxft/202006/t20200601_123.html",
    "/gzcy/xxgk.jsp?id=7",
    "/news/list",
]
STATICS = [
    "/static/css/main.css?v=3",
    "/static/js/jquery.min.js",
    "/images/logo.png",
    "/images/banner.JPG",
    "/fonts/iconfont.woff2",
    "/favicon.ico",
    "/uploads/2020/06/report.pdf",
    "/uploads/plan.xls",
]


@dataclass
class Answer:
    """The figures the log was built to give, and what its lines are."""

    lines: int = 0
    pv: int = 0
    uv: int = 0
    malformed: int = 0
    excluded: dict[str, int] = field(default_factory=dict)

    def add(self, other: Answer) -> None:
        self.lines += other.lines
        self.pv += other.pv
        self.malformed += other.malformed
        for key, value in other.excluded.items():
            self.excluded[key] = self.excluded.get(key, 0) + value


def _day_strings(year: int) -> list[str]:
    start = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - start).days
    return [
        f"{(start + dt.timedelta(d)):%d}/{MONTHS[(start + dt.timedelta(d)).month - 1]}/{year}"
        for d in range(days)
    ]


def generate(
    path: Path,
    lines: int,
    year: int = 2020,
    seed: int = 7,
    visitors: int = 400_000,
    hosts: int = 0,
    json_lines: bool = False,
) -> Answer:
    """Write `lines` combined-format lines to `path` (gzip when it ends in .gz); return the known answer.

    With `json_lines`, the same requests are written as nginx JSON log lines (escape=json), with the same
    answer: a malformed line is then a line cut short or one that is not JSON.

    With `hosts`, each line starts with a site's host name, as a platform hosting that many sites logs
    them (nginx's $host before the combined fields). A visitor always visits the same site, so the sites'
    figures add up to the same known answer.

    Mix: two thirds static resources, a tenth crawlers and scripts, a few errors, POSTs, other years and
    malformed lines; the rest are page views by browsers. Visitors are (address, user agent) pairs drawn
    from a pool in which every pair is distinct, so the distinct visitors per day are known exactly.
    """
    rng = np.random.default_rng(seed)
    days = _day_strings(year)
    other_days = [f"31/Dec/{year - 1}", f"01/Jan/{year + 1}"]
    # Distinct (address, user agent) pairs: each visitor gets its own address.
    ips = [f"{a}.{b}.{c}.{d}" for a, b, c, d in rng.integers(1, 255, size=(visitors, 4)).tolist()]
    ips = list(dict.fromkeys(ips))
    visitors = len(ips)
    browser_uas = [b.format(v=v) for b in BROWSERS for v in range(60, 100)]
    visitor_ua = rng.integers(0, len(browser_uas), size=visitors)
    answer = Answer(excluded={"static": 0, "robot": 0, "status": 0, "method": 0, "year": 0})
    seen: set[int] = set()
    opener = gzip.open if path.suffix == ".gz" else open
    chunk = 500_000
    kinds = np.array(["static", "robot", "status", "method", "year", "malformed", "page"])
    probs = np.array([0.665, 0.10, 0.02, 0.01, 0.004, 0.001, 0.0])
    probs[-1] = 1.0 - probs.sum()
    with opener(path, "wt", encoding="ascii", newline="\n") as out:
        done = 0
        while done < lines:
            n = min(chunk, lines - done)
            kind = rng.choice(len(kinds), size=n, p=probs)
            day = rng.integers(0, len(days), size=n)
            # Daily visitors come from a smaller active set, so people view several pages a day.
            who = (rng.zipf(1.3, size=n) * 7919 + day * 104729) % visitors
            secs = rng.integers(0, 86400, size=n)
            page = rng.integers(0, len(PAGES), size=n)
            static = rng.integers(0, len(STATICS), size=n)
            crawler = rng.integers(0, len(CRAWLERS), size=n)
            size = rng.integers(200, 90000, size=n)
            rows = []
            for k, d, w, s, p, st, c, sz in zip(
                kind.tolist(),
                day.tolist(),
                who.tolist(),
                secs.tolist(),
                page.tolist(),
                static.tolist(),
                crawler.tolist(),
                size.tolist(),
                strict=True,
            ):
                when = f"{days[d]}:{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d} +0800"
                ip, ua, method, target, status = ips[w], browser_uas[visitor_ua[w]], "GET", PAGES[p], 200
                if hosts:
                    ip = f"www.site{w % hosts}.gov.cn {ip}"
                if k == 0:
                    target = STATICS[st]
                elif k == 1:
                    ua = CRAWLERS[c]
                elif k == 2:
                    status = 404 if c % 2 else 500
                elif k == 3:
                    method = "POST"
                elif k == 4:
                    when = f"{other_days[c % 2]}:{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d} +0800"
                elif k == 5:
                    if json_lines:
                        rows.append(f'{{"remote_addr": "{ip}", "time_local": "{when}"\n' if c % 2 else "-\n")
                    else:
                        rows.append(
                            f'{ip} - - [{when}] "GET {target} HTTP/1.1" 200\n'
                            if c % 2
                            else f"{ip} garbage line without a request\n"
                        )
                    continue
                else:
                    status = 304 if c == 0 else 200
                    seen.add(d * visitors + w)
                if json_lines:
                    rows.append(
                        f'{{"time_local": "{when}", "remote_addr": "{ip}", '
                        f'"request": "{method} {target} HTTP/1.1", "status": {status}, '
                        f'"body_bytes_sent": {sz}, "http_referer": "http://www.example.gov.cn/", '
                        f'"http_user_agent": "{ua}"}}\n'
                    )
                else:
                    rows.append(
                        f'{ip} - - [{when}] "{method} {target} HTTP/1.1" {status} {sz} '
                        f'"http://www.example.gov.cn/" "{ua}"\n'
                    )
            out.write("".join(rows))
            counts = np.bincount(kind, minlength=len(kinds))
            for i, name in enumerate(kinds[:5]):
                answer.excluded[str(name)] += int(counts[i])
            answer.malformed += int(counts[5])
            answer.pv += int(counts[6])
            answer.lines += n
            done += n
    answer.uv = len(seen)
    return answer

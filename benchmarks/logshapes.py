"""Generate access logs shaped like real government sites', each with its exact answer known by construction.

The benchmark's own log (loggen.py) has short, regular lines: one referrer, 200 browser identifiers, no
query strings on resources. Real logs differ in ways that change what a parser pays per line: search
engines' referrers carry long query strings, resources carry cache-busting queries, extensions come in
upper case (.HTM, .JPG), HTTP/2.0 sits beside HTTP/1.1, mobile apps write a distinct user agent per build,
a site sees ~170,000 addresses a year, some IPv6, and scanners leave hostile lines (TLS handshakes sent to
port 80, SQL injection, quotes escaped inside fields, 4 KB requests).

Every line is made from a template chosen for what it is meant to be, and the answer (PV, UV, each
exclusion) is counted from those choices, never by parsing the output. Shapes:

  gov       combined; 58 browser identifiers, long search referrers, hostile lines
  gov-raw   the same, and some hostile lines carry raw bytes that are not UTF-8 (a GBK query string, as
            servers that do not escape bytes write it)
  many-ua   the same with 60,000 distinct user agents (app builds), so the visitor key is wide
  platform  gov lines behind nginx's $host, for `hosts` sites (`--by-site`)
  main      gov lines in nginx's shipped "main" format: X-Forwarded-For after the user agent
  iis       IIS W3C extended (space-separated, + for spaces in the user agent), directives repeated
  jsonl     nginx JSON lines (escape=json), hostile values escaped inside strings
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SHAPES = ("gov", "gov-raw", "many-ua", "platform", "main", "iis", "jsonl")


@dataclass
class Answer:
    """The figures a log was built to give (the same fields as loggen.Answer; no numpy needed here)."""

    lines: int = 0
    pv: int = 0
    uv: int = 0
    malformed: int = 0
    excluded: dict[str, int] = field(default_factory=dict)


# Browser identifiers as government sites see them: desktop browsers, 360 and QQ browsers, WeChat and
# other in-app browsers. None contains a robot word (not even "bot", as in some phone brands).
_BROWSER_TEMPLATES = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.{b}.{c}"
    " Safari/537.36",
    "Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.{b}.{c}"
    " Safari/537.36 SE 2.X MetaSr 1.0",
    "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; .NET4.0C; .NET4.0E; rv:11.0) like Gecko"
    " Core/1.{v}.{b}.{c}"
    " QQBrowser/10.{c}",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 14_{v} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
    " Mobile/15E148 MicroMessenger/8.0.{b}({c}) NetType/WIFI Language/zh_CN",
    "Mozilla/5.0 (Linux; Android 10; HMA-AL00 Build/HUAWEIHMA-AL00; wv) AppleWebKit/537.36 (KHTML, like"
    " Gecko) Version/4.0 Chrome/{v}.0.{b}.{c} Mobile Safari/537.36 MMWEBID/{c} MicroMessenger/8.0.{b}"
    " WeChat/arm64 Weixin NetType/4G Language/zh_CN ABI/arm64",
    "Mozilla/5.0 (Linux; U; Android 11; zh-cn; M2012K11AC Build/RKQ1.200826.002) AppleWebKit/537.36"
    " (KHTML, like Gecko) Version/4.0 Chrome/{v}.0.{b}.{c} Mobile Safari/537.36 XiaoMi/MiuiBrowser/14.{b}",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_{v}) AppleWebKit/605.1.15 (KHTML, like Gecko)"
    " Version/14.0 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.{b}.{c}"
    " Safari/537.36 Edg/{v}.0.{c}.{b}",
]
CRAWLERS = [
    "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
    "Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36"
    " (compatible; Bytespider; spider-feedback@bytedance.com)",
    "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 13_2_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
    " Version/13.0.3 Mobile/15E148 Safari/604.1 (compatible; YisouSpider/5.0; http://sm.cn)",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/91.0"
    " Safari/537.36",
    "360Spider",
    "curl/7.68.0",
    "python-requests/2.25.1",
    "Go-http-client/1.1",
    "-",
]
PAGES = [
    "/",
    "/index.html",
    "/Default.HTM",
    "/zwgk/",
    "/xxgk/zcwj/index.shtml",
    "/xxgk/zcwj/202006/t20200601_{n}.html",
    "/art/2020/6/1/art_{n}_{m}.html",
    "/col/col{n}/index.html?uid={m}&pageNum=2",
    "/search.do?q=%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80&page={m}",
    "/gzcy/xxgk.jsp?id={n}",
    "/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord={m}&perpage=15",
    "/hdjl/zxft/INDEX.Html",
    "/news/list",
    "/v1.2/news/detail?id={n}",
    "/index.html?from=app.js",
    "/interview/Show.ASPX?id={n}",
]
STATICS = [
    "/static/css/main.css?v=2020{m}",
    "/static/js/jquery-1.12.4.min.js?_={n}{m}",
    "/images/logo.png",
    "/images/banner{n}.JPG",
    "/picture/0/{n}.jpg?w=300&h=200",
    "/fonts/iconfont.woff2?t={n}",
    "/favicon.ico",
    "/uploads/2020/06/{n}.PDF",
    "/module/jslib/jquery/jquery.js",
    "/uploads/plan{m}.xls",
    "/script/0/{n}.js?v=2",
    "/api/list.json?page={m}",
]
_WORDS = [
    "%E6%94%BF%E5%BA%9C%E4%BF%A1%E6%81%AF%E5%85%AC%E5%BC%80",
    "%E7%A4%BE%E4%BF%9D%E6%9F%A5%E8%AF%A2",
    "%E5%85%AC%E7%A7%AF%E9%87%91",
    "%E6%8B%9B%E8%81%98%E5%85%AC%E5%91%8A",
    "%E4%B8%8D%E5%8A%A8%E4%BA%A7%E7%99%BB%E8%AE%B0",
]
PROTOCOLS = ("HTTP/1.1", "HTTP/2.0", "HTTP/1.1", "HTTP/1.0")
# Hostile lines as scanners leave them, each with the reason the rules give it. "\\x16..." is how nginx
# writes the bytes of a TLS handshake sent to a plain-HTTP port; \\" is a quote escaped inside a field.
HOSTILE = [
    ('"\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03\\x03\\xB7" 400 157 "-" "-"', "method"),
    ('"GET /index.php?id=1%27%20and%201=1--%20 HTTP/1.1" 403 564 "-" "Mozilla/5.0 sqlmap/1.4.7"', "status"),
    ('"GET /search.do?q=\\"><script>alert(1)</script> HTTP/1.1" 404 0 "-" "Mozilla/5.0"', "status"),
    ('"GET /a.jsp HTTP/1.1" 200 12 "-" "Mozilla/5.0 (compatible; \\"evil\\" bot)"', "robot"),
    ('"GET /x.js HTTP/1.1" 200 12 "-" "Mozilla/5.0 \\\\"', "static"),
    ('"-" 400 0 "-" "-"', "method"),
    ('"get / HTTP/1.1" 200 0 "-" "Mozilla/5.0"', "method"),
    ('"HEAD /index.html HTTP/1.1" 200 0 "-" "Mozilla/5.0"', "method"),
    ('"GET /' + "A" * 4000 + ' HTTP/1.1" 414 0 "-" "-"', "status"),
    ('"GET /cgi-bin/../../etc/passwd HTTP/1.1" 400 0 "-" "Mozilla/5.0 zgrab/0.x"', "status"),
    ('"GET /a"b HTTP/1.1" 400 0 "-" "-"', "malformed"),  # a bare quote: never written by nginx
    ('"GET / HTTP/1.1" 200 0 "-" "-" "extra"', "malformed"),
]
# Raw GBK bytes (政府信息) in a query string beside a UTF-8 Chinese user agent (its bytes include 0x80-0x9F,
# which DuckDB's Latin-1 reader refuses); the file is written as Latin-1 so each byte stays one byte.
HOSTILE_RAW = (
    '"GET /search.do?q=\xd5\xfe\xb8\xae\xd0\xc5\xcf\xa2 HTTP/1.1" 404 0 "-" "Mozilla/5.0 '
    + "中文浏览器".encode().decode("latin-1")
    + '"',
    "status",
)


def _browsers(count: int, rng: random.Random) -> list[str]:
    uas: list[str] = []
    seen: set[str] = set()
    attempt = 0
    while len(uas) < count:
        template = _BROWSER_TEMPLATES[attempt % len(_BROWSER_TEMPLATES)]
        attempt += 1
        ua = template.format(v=rng.randint(60, 120), b=rng.randint(1000, 5999), c=rng.randint(10, 2999))
        if ua not in seen:
            seen.add(ua)
            uas.append(ua)
    return uas


def _addresses(count: int, rng: random.Random, ipv6_share: float = 0.06) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        if rng.random() < ipv6_share:
            parts = [
                rng.randint(0, 0xFFF),
                rng.randint(0, 0xFFFF),
                rng.randint(0, 0xFFFF),
                rng.randint(1, 0xFFFF),
            ]
            addr = "240e:{:x}:{:x}:{:x}::{:x}".format(*parts)
        else:
            addr = f"{rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        if addr not in seen:
            seen.add(addr)
            out.append(addr)
    return out


_TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"


def _referrer(rng: random.Random, host: str) -> str:
    roll = rng.random()
    if roll < 0.35:
        return "-"
    if roll < 0.6:
        return f"https://{host}/xxgk/zcwj/index.shtml"
    word = rng.choice(_WORDS)
    if roll < 0.85:
        token = "".join(rng.choice(_TOKEN_CHARS) for _ in range(6))
        return (
            f"https://www.baidu.com/link?url=TzY{token}{'x' * rng.randint(40, 110)}{token}"
            f"&wd=&eqid={rng.getrandbits(128):032x}"
        )
    return (
        f"https://www.so.com/s?q={word}&src=srp&fr=hao_360so&psid={rng.getrandbits(128):032x}"
        f"&nlpv=basest&eci={rng.getrandbits(32):08x}"
    )


class _Maker:
    """Choose each line's kind and fields; keep the answer as the lines are chosen."""

    def __init__(self, shape: str, lines: int, seed: int, hosts: int) -> None:
        self.shape, self.lines, self.hosts = shape, lines, hosts
        self.rng = random.Random(seed)
        rng = self.rng
        # ~170,000 addresses; a fifth of the visitors share an address with another (NAT, a family).
        self.addrs = _addresses(min(173_000, max(50, lines // 10)), rng)
        ua_count = 60_000 if shape == "many-ua" else 58
        self.uas = _browsers(min(ua_count, max(10, lines // 20)), rng)
        visitors = int(len(self.addrs) * 1.25)
        self.visitor_addr = [i % len(self.addrs) for i in range(visitors)]
        self.visitor_ua = [rng.randrange(len(self.uas)) for _ in range(visitors)]
        # Distinct (address, user agent) pairs are distinct visitors; keep the pair, not the index.
        self.start = dt.datetime(2020, 1, 1)
        self.days = 366
        self.answer = Answer(excluded={"static": 0, "robot": 0, "status": 0, "method": 0, "year": 0})
        self.seen: set[tuple[int, int, int, str]] = set()
        self.last: tuple[int, int] | None = None
        self.site_of = [f"www.site{i % max(hosts, 1)}.gov.cn" for i in range(visitors)]

    def pick(self) -> dict[str, object]:
        """One line's content and the reason it has under the default rules."""
        rng = self.rng
        roll = rng.random()
        # Skewed towards the first visitors (regulars), yet every address turns up over a long log.
        visitor = int(len(self.visitor_addr) * rng.random() ** 2)
        day = rng.randrange(self.days)
        # A visit is several requests (a page, its resources, the next page): most lines repeat the
        # previous line's visitor and day, so a visitor views a few pages a day, as on real sites.
        if self.last is not None and rng.random() < 0.7:
            visitor, day = self.last
        self.last = (visitor, day)
        when = self.start + dt.timedelta(days=day, seconds=rng.randrange(86400))
        n, m = rng.randrange(1, 99999), rng.randrange(1, 999)
        line: dict[str, object] = {
            "addr": self.addrs[self.visitor_addr[visitor]],
            "ua": self.uas[self.visitor_ua[visitor]],
            "when": when,
            "method": "GET",
            "target": rng.choice(PAGES).format(n=n, m=m),
            "protocol": rng.choice(PROTOCOLS),
            "status": 200,
            "size": rng.randrange(200, 90000),
            "host": self.site_of[visitor],
            "reason": "page",
        }
        line["referrer"] = _referrer(rng, str(line["host"]))
        if roll < 0.6:
            line["target"], line["reason"] = rng.choice(STATICS).format(n=n, m=m), "static"
        elif roll < 0.7:
            line["ua"], line["reason"] = rng.choice(CRAWLERS), "robot"
        elif roll < 0.72:
            line["status"], line["reason"] = rng.choice((404, 500, 301, 302)), "status"
        elif roll < 0.73:
            line["method"], line["reason"] = rng.choice(("POST", "HEAD", "OPTIONS")), "method"
        elif roll < 0.734:
            line["when"] = dt.datetime(2019 if m % 2 else 2021, 12 if m % 2 else 1, 31 if m % 2 else 1, 9)
            line["reason"] = "year"
        elif roll < 0.74:
            templates = [*HOSTILE, HOSTILE_RAW] if self.shape == "gov-raw" else HOSTILE
            line["hostile"] = rng.randrange(len(templates))
            line["hostile_text"], line["reason"] = templates[int(line["hostile"])]  # type: ignore[call-overload]
        else:
            line["status"] = 304 if m % 7 == 0 else 200
            # UV counts a visitor once per site and day: on the platform log two visitors who share an
            # address and a browser but visit different sites are two (counted --by-site).
            site = self.site_of[visitor] if self.shape == "platform" else ""
            self.seen.add((day, self.visitor_addr[visitor], self.visitor_ua[visitor], site))
        self._count(str(line["reason"]))
        return line

    def _count(self, reason: str) -> None:
        self.answer.lines += 1
        if reason == "page":
            self.answer.pv += 1
        elif reason == "malformed":
            self.answer.malformed += 1
        else:
            self.answer.excluded["year" if reason == "year" else reason] += 1


def _apache_time(when: dt.datetime) -> str:
    return f"{when:%d}/{MONTHS[when.month - 1]}/{when:%Y:%H:%M:%S} +0800"


# X-Forwarded-For as nginx writes it: "-" without a proxy, else the chain of addresses.
_FORWARDED = ("-", "-", "-", "203.0.113.9", "203.0.113.9, 198.51.100.1")


def _combined(line: dict[str, object], platform: bool, main: bool = False) -> str:
    head = f"{line['host']} " if platform else ""
    prefix = f"{head}{line['addr']} - - [{_apache_time(line['when'])}] "  # type: ignore[arg-type]
    tail = f' "{_FORWARDED[int(line["size"]) % len(_FORWARDED)]}"' if main else ""  # type: ignore[call-overload]
    if "hostile" in line:
        return prefix + str(line["hostile_text"]) + tail
    return (
        f'{prefix}"{line["method"]} {line["target"]} {line["protocol"]}" {line["status"]} {line["size"]} '
        f'"{line["referrer"]}" "{line["ua"]}"{tail}'
    )


IIS_FIELDS = (
    "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) "
    "cs(Referer) sc-status sc-substatus sc-win32-status time-taken"
)
IIS_HEADER = ["#Software: Microsoft Internet Information Services 10.0", "#Version: 1.0", IIS_FIELDS]


def _iis(line: dict[str, object]) -> str:
    when: dt.datetime = line["when"]  # type: ignore[assignment]
    stem, _, query = str(line["target"]).partition("?")
    date, clock = f"{when:%Y-%m-%d}", f"{when:%H:%M:%S}"
    if "hostile" in line:
        reason = str(line["reason"])
        if reason == "malformed":
            return f"{date} {clock} 10.1.1.5 GET /index.html - 80 - {line['addr']} -"
        # The scanner's request as IIS logs it: method, stem, status by the reason it is meant to have.
        method, status, ua = {
            "method": ("PROPFIND", 405, "-"),
            "status": ("GET", 404, "Mozilla/5.0+sqlmap/1.4.7"),
            "robot": ("GET", 200, "Mozilla/5.0+(compatible;+evil+bot)"),
            "static": ("GET", 200, "Mozilla/5.0"),
        }[reason]
        stem = "/a.jsp" if reason == "robot" else "/x.js" if reason == "static" else "/index.php"
        return (
            f"{date} {clock} 10.1.1.5 {method} {stem} id=1%27%20and%201=1-- 80 - {line['addr']} {ua} - "
            f"{status} 0 0 15"
        )
    ua = str(line["ua"]).replace(" ", "+")
    referrer = str(line["referrer"]).replace(" ", "+")
    return (
        f"{date} {clock} 10.1.1.5 {line['method']} {stem} {query or '-'} 443 - {line['addr']} {ua} "
        f"{referrer} {line['status']} 0 0 {int(line['size']) % 900}"  # type: ignore[call-overload]
    )


def _json(line: dict[str, object]) -> str:
    when = _apache_time(line["when"])  # type: ignore[arg-type]
    if "hostile" in line:
        reason = str(line["reason"])
        if reason == "malformed":
            return f'{{"time_local": "{when}", "remote_addr": "{line["addr"]}", "request": "GET / HT'
        request, status, ua = {
            "method": ("\\u0016\\u0003\\u0001\\u0002\\u0000", 400, "-"),
            "status": ('GET /search.do?q=\\"><script> HTTP/1.1', 404, "Mozilla/5.0"),
            "robot": ("GET /a.jsp HTTP/1.1", 200, 'Mozilla/5.0 (compatible; \\"evil\\" bot)'),
            "static": ("GET /x.js HTTP/1.1", 200, "Mozilla/5.0 \\\\"),
        }[reason]
        return (
            f'{{"time_local": "{when}", "remote_addr": "{line["addr"]}", "request": "{request}", '
            f'"status": {status}, "body_bytes_sent": 0, "http_referer": "", "http_user_agent": "{ua}"}}'
        )
    # $request_time is a float in nginx's JSON logs: a value the reference passes over.
    seconds = int(line["size"]) % 2000 / 1000  # type: ignore[call-overload]
    return (
        f'{{"time_local": "{when}", "remote_addr": "{line["addr"]}", '
        f'"request": "{line["method"]} {line["target"]} {line["protocol"]}", "status": {line["status"]}, '
        f'"body_bytes_sent": {line["size"]}, "request_time": {seconds:.3f}, '
        f'"http_referer": "{line["referrer"]}", '
        f'"http_user_agent": "{line["ua"]}"}}'
    )


# The reasons a hostile line can have in IIS and JSON, where the combined templates do not apply.
_HOSTILE_REASONS = ("method", "status", "robot", "static", "malformed")


def generate_shape(path: Path, lines: int, shape: str, seed: int = 18, hosts: int = 600) -> Answer:
    """Write `lines` lines of `shape` to `path`; return the known answer."""
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r}")
    maker = _Maker(shape, lines, seed, hosts if shape == "platform" else 0)
    with path.open("w", encoding="latin-1", newline="\n") as out:
        if shape == "iis":
            out.write("\n".join(IIS_HEADER) + "\n")
        rows: list[str] = []
        for index in range(lines):
            line = maker.pick()
            if "hostile" in line and shape in ("iis", "jsonl"):
                # Re-map the hostile template to one of this format's own, keeping the count right.
                maker.answer.lines -= 1
                old = str(line["reason"])
                if old == "page":  # pragma: no cover - hostile lines never are
                    maker.answer.pv -= 1
                elif old == "malformed":
                    maker.answer.malformed -= 1
                else:
                    maker.answer.excluded[old] -= 1
                line["reason"] = _HOSTILE_REASONS[int(line["hostile"]) % len(_HOSTILE_REASONS)]  # type: ignore[call-overload]
                maker._count(str(line["reason"]))
            if shape == "iis":
                rows.append(_iis(line))
                if index and index % 250_000 == 0:
                    rows.extend(IIS_HEADER)  # IIS writes its directives again after a restart
            elif shape == "jsonl":
                rows.append(_json(line))
            else:
                rows.append(_combined(line, shape == "platform", shape == "main"))
            if len(rows) >= 100_000:
                out.write("\n".join(rows) + "\n")
                rows = []
        if rows:
            out.write("\n".join(rows) + "\n")
    answer = maker.answer
    answer.uv = len(maker.seen)
    return answer

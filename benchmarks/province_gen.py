"""A generated province for measuring the supervisor's checks: realistic skew, planted mistakes, and
clean but unusual sites. Fixed seed; the checks never see which reports were planted.

Sizes are log-normal around a median per (网站类型, level): a provincial portal has millions of visitors, a
county department a few thousand, and sites of one kind differ by a factor of ten either way. Figures of
one site hang together (visits per visitor 2–12, posts with the size, messages with the visitors). Each
year multiplies flows by a modest growth; in the last year a tenth of the sites have a real surge (health
and portal sites in an epidemic year, visits and messages two to four times).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from nianbao.analysis.flags import SiteFigures
from nianbao.forms.template import get_template
from nianbao.report.coerce import parse_value
from nianbao.report.values import Value

TEMPLATE = get_template("gx-2020")
YEARS = (2018, 2019, 2020)
TYPES = ("政府门户网站", "部门网站", "专项网站")
# Median unique visitors per year by (type, level).
UV_MEDIAN = {
    ("政府门户网站", 1): 3_000_000, ("政府门户网站", 2): 400_000, ("政府门户网站", 3): 60_000,
    ("部门网站", 1): 200_000, ("部门网站", 2): 30_000, ("部门网站", 3): 6_000,
    ("专项网站", 1): 50_000, ("专项网站", 2): 10_000, ("专项网站", 3): 3_000,
}  # fmt: skip
CLEAN_UNUSUAL = ("tiny", "big_portal", "busy_department", "surge", "closed_weibo", "zombie_cleanup",
                 "new_wechat", "no_messages", "flat_registered", "small_counts_stable")  # fmt: skip


@dataclass
class Site:
    pk: int
    code: str
    name: str
    site_type: str
    level: int
    size: float  # multiplier of the group median
    traits: set[str] = field(default_factory=set)


@dataclass
class Planted:
    kind: str
    year: int
    report_id: int
    items: tuple[str, ...]  # where the mistake is; a flag on any of them counts as found
    checks: tuple[str, ...] = ()  # or a report-wide flag from one of these checks


@dataclass
class Province:
    sites: list[Site]
    texts: dict[tuple[int, int], dict[str, str]]  # (site pk, year) → item texts
    states: dict[tuple[int, int], str]
    planted: list[Planted]

    def report_id(self, site: Site, year: int) -> int:
        return year * 10_000 + site.pk

    def figures(self, year: int) -> list[SiteFigures]:
        out = []
        for s in self.sites:
            now = self.texts.get((s.pk, year))
            if now is None:
                continue
            before = self.texts.get((s.pk, year - 1))
            out.append(
                SiteFigures(
                    self.report_id(s, year), s.code, s.name, s.site_type, s.level, values_of(now),
                    values_of(before) if before else None, self.states[(s.pk, year)],
                    self.report_id(s, year - 1) if before else None,
                )
            )  # fmt: skip
        return out


def values_of(texts: dict[str, str]) -> dict[str, Value]:
    return {k: parse_value(TEMPLATE.item(k), t).value for k, t in texts.items()}


def lognormal(rng: random.Random, sigma: float) -> float:
    return math.exp(rng.gauss(0, sigma))


# How spread sizes are within a (type, level) group (sigma of log) and how strong the surge year is: the
# bench can vary them (--skew, --surge) to see how much the results depend on these assumptions.
SHAPE = {"skew": 1.0, "surge": 4.0}


def make_sites(rng: random.Random, count: int) -> list[Site]:
    sites = []
    for pk in range(1, count + 1):
        level = 1 if pk % 10 == 0 else 2 if pk % 10 in (1, 2, 3) else 3
        site_type = "政府门户网站" if pk % 7 == 0 else "专项网站" if pk % 11 == 0 else "部门网站"
        sites.append(
            Site(pk, f"45{pk:08d}", f"示例{pk}号网站", site_type, level, lognormal(rng, SHAPE["skew"]))
        )
    return sites


def base_texts(rng: random.Random, site: Site) -> dict[str, float]:
    """Return a site's figures of the first year as numbers (flows and running totals)."""
    uv = max(30, UV_MEDIAN[(site.site_type, site.level)] * site.size)
    f: dict[str, float] = {"access.uv": uv, "access.pv": uv * rng.uniform(2, 12)}
    activity = math.sqrt(site.size) * (3 if site.site_type == "政府门户网站" else 1) * (1 + (3 - site.level))
    f["info.total"] = max(5, 300 * activity * lognormal(rng, 0.5))
    f["service.registered_users"] = uv * rng.uniform(0.01, 0.2)
    f["service.items"] = rng.randint(20, 900) if site.site_type != "专项网站" else 0
    f["service.cases.total"] = f["service.items"] * rng.uniform(2, 80)
    f["natural_share"] = rng.uniform(0.4, 0.9)
    f["interaction.messages.received"] = uv / rng.uniform(300, 3000)
    f["media.weibo.followers"] = uv * rng.uniform(0.05, 0.6)
    f["media.wechat.followers"] = uv * rng.uniform(0.1, 1.0)
    f["media.weibo.posts"] = f["info.total"] * rng.uniform(0.3, 1.2)
    f["media.wechat.posts"] = f["info.total"] * rng.uniform(0.2, 0.8)
    f["interaction.survey.participants"] = uv * rng.uniform(0.001, 0.02)
    f["columns.maintained"] = rng.randint(3, 30)
    return f


def grow(rng: random.Random, f: dict[str, float], surge: bool) -> dict[str, float]:
    """Return next year's figures: flows change by a modest factor, running totals grow."""
    g = dict(f)
    top = SHAPE["surge"]
    traffic = lognormal(rng, 0.25) * (rng.uniform(2, top) if surge else 1)
    g["access.uv"] = f["access.uv"] * traffic
    g["access.pv"] = f["access.pv"] * traffic * lognormal(rng, 0.1)
    g["info.total"] = f["info.total"] * lognormal(rng, 0.25)
    g["service.cases.total"] = f["service.cases.total"] * lognormal(rng, 0.3)
    g["interaction.messages.received"] = (
        f["interaction.messages.received"] * lognormal(rng, 0.3) * (rng.uniform(2, top * 0.9) if surge else 1)
    )
    for key in ("service.registered_users", "media.weibo.followers", "media.wechat.followers"):
        g[key] = f[key] * rng.uniform(1.0, 1.4)
    g["media.weibo.posts"] = f["media.weibo.posts"] * lognormal(rng, 0.3)
    g["media.wechat.posts"] = f["media.wechat.posts"] * lognormal(rng, 0.3)
    g["interaction.survey.participants"] = f["interaction.survey.participants"] * lognormal(rng, 0.4)
    g["natural_share"] = min(0.95, max(0.2, f["natural_share"] + rng.uniform(-0.05, 0.05)))
    g["service.items"] = f["service.items"] * rng.choice((1, 1, 1.05, 1.1))
    return g


def texts_of(rng: random.Random, site: Site, year: int, f: dict[str, float]) -> dict[str, str]:
    """Return a complete, consistent report's texts from a site's figures."""
    n = {k: round(v) for k, v in f.items() if k != "natural_share"}
    total = max(n["info.total"], 4)
    received = n["interaction.messages.received"]
    closed = received - rng.randint(0, received // 10) if received else 0
    on_time = closed - rng.randint(0, closed // 20) if closed else 0
    cases = n["service.cases.total"]
    natural = int(cases * f["natural_share"])
    items = n["service.items"]
    materials, products = max(1, total // 40), max(0, total // 200)
    t = {
        "header.unit": f"示例{site.pk}号单位", "header.year": str(year), "basic.site_name": site.name,
        "basic.home_url": f"http://s{site.pk}.example.gov.cn/", "basic.site_code": site.code,
        "basic.sponsor": f"示例{site.pk}号主办单位", "basic.organizer": f"示例{site.pk}号承办单位",
        "basic.site_type": site.site_type, "basic.icp": "桂ICP备20002705号",
        "basic.psb": "桂公网安备45070302000630号",
        "access.uv": str(n["access.uv"]), "access.pv": str(max(n["access.pv"], n["access.uv"] + 1)),
        "info.total": str(total), "info.overview": str(total // 20), "info.news": str(total // 2),
        "info.catalogue": str(total // 4),
        "columns.maintained": str(n["columns.maintained"]), "columns.new": str(rng.randint(0, 3)),
        "interpret.total": str(materials + products), "interpret.materials": str(materials),
        "interpret.products": str(products), "interpret.media_articles": "0",
        "interpret.responses": str(rng.randint(0, 10)),
        "service.catalogue_published": "是" if items else "否",
        "service.registered_users": str(n["service.registered_users"]),
        "service.items": str(items), "service.online_items": str(items * rng.randint(60, 95) // 100),
        "service.cases.total": str(cases), "service.cases.natural": str(natural),
        "service.cases.legal": str(cases - natural),
        "interaction.survey.periods": str(rng.randint(1, 12)),
        "interaction.survey.opinions": str(rng.randint(5, 300)), "interaction.survey.results": "1",
        "interaction.survey.participants": str(n["interaction.survey.participants"]),
        "interaction.interview.periods": "无",
        "interaction.messages.received": str(received), "interaction.messages.closed": str(closed),
        "interaction.messages.avg_days": f"{rng.randint(10, 150) / 10}" if closed else "无",
        "interaction.messages.public_replies": str(closed // 2),
        "interaction.messages.on_time": str(on_time),
        "interaction.messages.on_time_rate": f"{on_time * 100 / closed:.2f}" if closed else "无",
        "interaction.unified_platform": "是", "interaction.smart_qa": rng.choice(("是", "否")),
        "security.level": rng.choice(("二级", "三级")), "security.assessments": str(rng.randint(1, 12)),
        "security.inspection.period": "1周/次", "security.inspection.found": "3",
        "security.inspection.fixed": "3",
        "security.monitoring.warning": "是", "security.monitoring.response": "是",
        "security.monitoring.drill": "是", "security.management.owner": "是",
        "security.management.backup": "是", "media.has": "是",
        "media.weibo.name": f"示例{site.pk}微博", "media.weibo.posts": str(n["media.weibo.posts"]),
        "media.weibo.followers": str(n["media.weibo.followers"]),
        "media.wechat.name": f"示例{site.pk}发布", "media.wechat.posts": str(n["media.wechat.posts"]),
        "media.wechat.followers": str(n["media.wechat.followers"]),
        "media.app.name": "无", "media.app.url": "无", "media.app.posts": "无", "media.app.reads": "无",
        "media.app.downloads": "无",
        "signature.head": "甲某", "signature.reviewer": "乙某", "signature.filler": "丙某",
        "signature.phone": "0771-2800000", "signature.date": f"{year + 1}-01-{rng.randint(5, 15):02d}",
    }  # fmt: skip
    if not received:
        for k in ("received", "closed", "public_replies", "on_time"):
            t[f"interaction.messages.{k}"] = "0"
    return t


def generate(seed: int = 20201231, count: int = 450) -> Province:
    rng = random.Random(seed)
    sites = make_sites(rng, count)
    # Clean but unusual sites: several of each trait, chosen before any mistake is planted.
    pool = sites[:]
    rng.shuffle(pool)
    for trait in CLEAN_UNUSUAL:
        for s in pool[:4]:
            s.traits.add(trait)
        pool = pool[4:]
    for s in sites:
        if "tiny" in s.traits:
            s.size = rng.uniform(0.01, 0.04)
        if "big_portal" in s.traits:
            s.site_type, s.size = "政府门户网站", rng.uniform(8, 20)
        if "busy_department" in s.traits:
            s.site_type, s.size = "部门网站", rng.uniform(15, 40)
    texts: dict[tuple[int, int], dict[str, str]] = {}
    states: dict[tuple[int, int], str] = {}
    for s in sites:
        f = base_texts(rng, s)
        if "no_messages" in s.traits:
            f["interaction.messages.received"] = 0
        for year in YEARS:
            if year > YEARS[0]:
                surge = year == YEARS[-1] and ("surge" in s.traits or rng.random() < 0.08)
                f = grow(rng, f, surge)
                if "flat_registered" in s.traits:
                    f["service.registered_users"] = float(int(f["service.registered_users"] / 1.2))
            t = texts_of(rng, s, year, f)
            if year == YEARS[-1]:
                _unusual_last_year(rng, s, t, texts[(s.pk, year - 1)])
            texts[(s.pk, year)] = t
            state = rng.choice(
                ("published",) * 5 + ("draft", "submitted", "reviewed", "approved", "returned")
            )
            states[(s.pk, year)] = state if year == YEARS[-1] else "published"
            if states[(s.pk, year)] == "published":
                t["basic.publish_date"] = f"{year + 1}-01-{rng.randint(16, 30):02d}"
                t["basic.publish_url"] = f"http://s{s.pk}.example.gov.cn/ndbb/{year}.html"
    province = Province(sites, texts, states, [])
    plant(rng, province)
    return province


def _unusual_last_year(rng: random.Random, s: Site, t: dict[str, str], before: dict[str, str]) -> None:
    if "closed_weibo" in s.traits:
        for k in ("media.weibo.name", "media.weibo.posts", "media.weibo.followers"):
            t[k] = "无"
    if "zombie_cleanup" in s.traits:
        t["media.wechat.followers"] = str(int(int(before["media.wechat.followers"]) * rng.uniform(0.6, 0.8)))
    if "new_wechat" in s.traits:
        before["media.wechat.followers"] = "0"
        before["media.wechat.posts"] = "0"
    if "small_counts_stable" in s.traits:
        for k in ("columns.maintained", "security.assessments", "interaction.survey.periods"):
            t[k] = before[k]


def plant(rng: random.Random, p: Province) -> None:
    """Plant about twenty kinds of mistakes real clerks make, each in a few reports of the last year."""
    year = YEARS[-1]
    candidates = [s for s in p.sites if not s.traits]
    rng.shuffle(candidates)
    taken = iter(candidates)

    def pick(count: int = 3):
        return [next(taken) for _ in range(count)]

    def put(kind: str, site: Site, items: tuple[str, ...], checks: tuple[str, ...] = (), y: int = year):
        p.planted.append(Planted(kind, y, p.report_id(site, y), items, checks))

    def t(site: Site, y: int = year) -> dict[str, str]:
        return p.texts[(site.pk, y)]

    def n(site: Site, key: str, y: int = year) -> int:
        return int(t(site, y)[key])

    for s in pick():
        t(s)["access.uv"] = str(max(1, round(n(s, "access.uv") / 10_000)))
        put("UV按万填写", s, ("access.uv",))
    for s in pick():
        t(s)["access.uv"] = str(max(1, round(n(s, "access.uv") / 10_000)))
        t(s)["access.pv"] = str(max(2, round(n(s, "access.pv") / 10_000)))
        put("UV和PV都按万填写", s, ("access.uv", "access.pv"))
    for s in pick():
        t(s)["access.uv"], t(s)["access.pv"] = t(s)["access.pv"], t(s)["access.uv"]
        put("UV与PV填反", s, ("access.uv", "access.pv"))
    for s in pick():
        prev = dict(t(s, year - 1))
        prev["header.year"], prev["signature.date"] = str(year), t(s)["signature.date"]
        for k in ("basic.publish_date", "basic.publish_url"):
            if k in t(s):
                prev[k] = t(s)[k]
        p.texts[(s.pk, year)] = prev
        put("照搬上年报表", s, (), ("self_copy",))
    for s in pick():
        other = next(taken)
        copy = dict(t(other))
        for k in ("header.unit", "basic.site_name", "basic.home_url", "basic.site_code", "basic.sponsor",
                  "basic.organizer", "basic.publish_url", "basic.site_type", "media.weibo.name",
                  "media.wechat.name"):  # fmt: skip
            if k in t(s):
                copy[k] = t(s)[k]
        copy["columns.maintained"] = str(n(other, "columns.maintained") + 2)
        p.texts[(s.pk, year)] = copy
        put("照抄其他网站（改一项）", s, (), ("near_copy",))
    for s in pick(4):
        keys = ("service.registered_users", "interaction.survey.participants", "media.wechat.posts")
        key = rng.choice([k for k in keys if n(s, k) >= 100] or ["service.registered_users"])
        t(s)[key] = str(n(s, key) * 10)
        put("某项×10", s, (key,))
    for s in pick():
        t(s)["info.total"] = str(n(s, "info.total") * 100)
        put("信息发布总数×100", s, ("info.total",))
    for s in pick():
        key = rng.choice(("access.pv", "service.cases.total"))
        t(s)[key] = str(max(1, n(s, key) // 10))
        if key == "service.cases.total":
            t(s)["service.cases.natural"] = str(n(s, "service.cases.total") // 2)
            t(s)["service.cases.legal"] = str(n(s, key) - n(s, "service.cases.natural"))
        put("小数点左移一位（÷10）", s, (key,))
    for s in pick():
        keys = ("access.uv", "interaction.messages.received", "info.total")
        key = rng.choice([k for k in keys if n(s, k, year - 1) >= 10])
        if key == "interaction.messages.received":
            for k in ("received", "closed", "public_replies", "on_time", "avg_days", "on_time_rate"):
                t(s)[f"interaction.messages.{k}"] = "无"
        elif key == "info.total":
            for k in ("total", "overview", "news", "catalogue"):
                t(s)[f"info.{k}"] = "无"
        else:
            t(s)[key] = "无"
        put("主要数据改填“无”", s, (key,))
    for s in pick():
        key = rng.choice(("media.wechat.followers", "service.registered_users"))
        t(s)[key] = str(n(s, key, year - 1) // 10)
        put("累计数下降九成", s, (key,))
    for s in pick():
        t(s)["interaction.messages.avg_days"] = str(rng.choice((420, 730, 1200)))
        put("平均办理时间超过一年", s, ("interaction.messages.avg_days",))
    for s in pick():
        for key in (
            "access.uv",
            "access.pv",
            "info.total",
            "media.wechat.followers",
            "media.weibo.followers",
        ):
            x = n(s, key)
            digits = max(0, len(str(x)) - 2)
            t(s)[key] = str(round(x, -digits) if x >= 1000 else x)
        t(s)["info.overview"] = str(n(s, "info.total") // 20)
        t(s)["info.news"], t(s)["info.catalogue"] = str(n(s, "info.total") // 2), str(n(s, "info.total") // 4)
        put("主要数据为估算整数", s, (), ("round_numbers",))
    for s in pick():
        t(s)["interaction.messages.closed"] = "0"
        t(s)["interaction.messages.on_time"] = "0"
        t(s)["interaction.messages.public_replies"] = "0"
        t(s)["interaction.messages.on_time_rate"] = "100"
        put(
            "办结为0而按时办结率100%", s, ("interaction.messages.on_time_rate", "interaction.messages.closed")
        )
    for s in pick():
        t(s)["access.pv"] = t(s)["access.uv"]
        put("UV等于PV", s, ("access.uv", "access.pv"))
    for s in pick():
        other = next(taken)
        t(s)["access.uv"], t(s)["access.pv"] = t(other)["access.uv"], t(other)["access.pv"]
        put("UV和PV与其他网站相同", s, ("access.uv", "access.pv"))
    for s in pick():
        t(s)["media.wechat.followers"] = str(max(1, round(n(s, "media.wechat.followers") / 10_000)))
        put("关注量按万填写", s, ("media.wechat.followers",))
    for s in pick():
        t(s)["interaction.messages.closed"] = str(n(s, "interaction.messages.received") * 3 + 5)
        put("办结多于收到", s, ("interaction.messages.closed", "interaction.messages.received"))
    for s in pick():
        t(s)["access.pv"] = str(n(s, "access.pv") * 1000)
        put("PV计入点击数（×1000）", s, ("access.pv",))
    for s in pick():
        t(s)["basic.site_code"] = "45" + str(rng.randint(10**7, 10**8 - 1))
        put("标识码填错", s, ("basic.site_code",))
    for s in pick():
        t(s)["interaction.messages.on_time"] = str(n(s, "interaction.messages.closed") + 40)
        put("按时办结多于办结", s, ("interaction.messages.on_time", "interaction.messages.closed"))
    # Last year's mistake: 2019's figure ×100; this year's report is right and should at most get a 提示.
    for s in pick():
        t(s, year - 1)["info.total"] = str(n(s, "info.total", year - 1) * 100)
        put("上年数据×100（本年正确）", s, ("info.total",), y=year - 1)
        s.traits.add("previous_year_wrong")

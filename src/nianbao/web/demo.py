"""A demo region with websites, fictional staff for every role and reports in every workflow state.

Everything here is invented: the region codes below 450000 start with 4599, the people are 张示例, 李演示 and
the like, and the figures come from a seeded random generator so every demo looks the same.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from nianbao.forms import get_template
from nianbao.io.registry import get_writer
from nianbao.report import Report as CoreReport
from nianbao.report.coerce import parse_value
from nianbao.web.history import services as history
from nianbao.web.registry.models import Organisation, Region, Role, RoleAssignment, SiteType, User, Website
from nianbao.web.reporting.core import Entry, finding_key, validate, warnings
from nianbao.web.reporting.models import Report
from nianbao.web.reporting.services import (
    approve,
    correct,
    open_period,
    publish,
    return_for_revision,
    review,
    save_values,
    submit,
)

DEMO_PASSWORD = "nianbao-demo"
SURNAMES = "张李王赵钱孙周吴郑冯陈褚"
GIVEN = ("示例", "演示", "样例", "测试")
DEPARTMENTS = (
    "教育局",
    "卫生健康委员会",
    "交通运输局",
    "自然资源局",
    "生态环境局",
    "文化广电和旅游局",
    "人力资源和社会保障局",
)
COUNTIES = (("459901", "演示一区"), ("459902", "演示二县"), ("459903", "演示三县"))


def is_loaded() -> bool:
    """Return True when the demo region is already in the database."""
    return Region.objects.filter(code="459900").exists()


def figures(rng: random.Random, scale: int) -> dict[str, str]:
    """Return a complete, consistent set of report figures for a site of the given size."""
    total = rng.randint(200, 800) * scale
    materials, products, articles = rng.randint(5, 40), rng.randint(1, 10), rng.randint(0, 8)
    received = rng.randint(20, 300) * scale
    closed = received - rng.randint(0, received // 10)
    cases = rng.randint(1000, 9000) * scale
    natural = cases * rng.randint(50, 80) // 100
    items = rng.randint(100, 600)
    found = rng.randint(0, 12)
    uv = rng.randint(20_000, 200_000) * scale
    return {
        "access.uv": str(uv),
        "access.pv": str(uv * rng.randint(3, 8)),
        "info.total": str(total),
        "info.overview": str(total // 20),
        "info.news": str(total // 2),
        "info.catalogue": str(total // 4),
        "columns.maintained": str(rng.randint(5, 20)),
        "columns.new": str(rng.randint(0, 4)),
        "interpret.total": str(materials + products + articles),
        "interpret.materials": str(materials),
        "interpret.products": str(products),
        "interpret.media_articles": str(articles),
        "interpret.responses": str(rng.randint(0, 10)),
        "service.catalogue_published": "是",
        "service.registered_users": str(rng.randint(1000, 50000)),
        "service.items": str(items),
        "service.online_items": str(items * rng.randint(60, 95) // 100),
        "service.cases.total": str(cases),
        "service.cases.natural": str(natural),
        "service.cases.legal": str(cases - natural),
        "interaction.survey.periods": str(rng.randint(1, 12)),
        "interaction.survey.opinions": str(rng.randint(10, 200)),
        "interaction.survey.results": "1",
        "interaction.survey.participants": str(rng.randint(100, 3000)),
        "interaction.interview.periods": "无",
        "interaction.messages.received": str(received),
        "interaction.messages.closed": str(closed),
        "interaction.messages.avg_days": f"{rng.randint(15, 90) / 10}",
        "interaction.messages.public_replies": str(closed // 2),
        "interaction.messages.on_time": str(closed - rng.randint(0, 3)),
        "interaction.unified_platform": "是",
        "interaction.smart_qa": rng.choice(("是", "否")),
        "security.level": rng.choice(("二级", "三级")),
        "security.assessments": str(rng.randint(1, 12)),
        "security.inspection.period": "1周/次",
        "security.inspection.found": str(found),
        "security.inspection.fixed": str(found),
        "security.monitoring.warning": "是",
        "security.monitoring.response": "是",
        "security.monitoring.drill": rng.choice(("是", "否")),
        "security.management.owner": "是",
        "security.management.backup": "是",
        "media.has": "是",
        "media.wechat.name": "演示发布",
        "media.wechat.posts": str(rng.randint(100, 900)),
        "media.wechat.followers": str(rng.randint(1000, 90000)),
    }


def _person(username: str, n: int, role_label: str, password_hash: str) -> User:
    name = SURNAMES[n % len(SURNAMES)] + GIVEN[n % len(GIVEN)]
    # One hash for all demo staff: hashing is deliberately slow, and they all share the demo password.
    return User.objects.create(
        username=username, password=password_hash, display_name=f"{name}（{role_label}）"
    )


def _fill(report: Report, filler: User, rng: random.Random, scale: int, year: int) -> Report:
    people = {r.role: r.user for r in report.website.roles.select_related("user")}
    # A year already published was signed in the following January; the season still open is being
    # filled now, so it is signed in its own December (no date in the future).
    signed = f"{year + 1}-01-{rng.randint(5, 20):02d}" if year < SEASON else f"{year}-12-0{rng.randint(1, 4)}"
    values = figures(rng, scale) | {
        "signature.filler": str(people[Role.FILLER]),
        "signature.reviewer": str(people[Role.REVIEWER]),
        "signature.head": str(people[Role.HEAD]),
        "signature.phone": "0771-0000000",
        "signature.date": signed,
    }
    fresh = Report.unscoped.get(pk=report.pk)
    save_values(fresh, filler, {k: Entry(text=v) for k, v in values.items()}, fresh.lock_version)
    return Report.unscoped.get(pk=report.pk)


def _advance(report: Report, goal: str, year: int, rng: random.Random) -> None:
    people = {r.role: r.user for r in report.website.roles.select_related("user")}
    order = ("draft", "submitted", "reviewed", "approved", "published")
    target = {"returned": "submitted", "corrected": "published"}.get(goal, goal)
    for step in order[1 : order.index(target) + 1]:
        report = Report.unscoped.get(pk=report.pk)
        if step == "submitted":
            notes = {finding_key(f): "演示数据，已核实" for f in warnings(validate(report.core()))}
            submit(report, people[Role.FILLER], notes)
        elif step == "reviewed":
            review(report, people[Role.REVIEWER])
        elif step == "approved":
            approve(report, people[Role.HEAD])
        else:
            day = dt.date(year + 1, 1, rng.randint(20, 30))
            url = f"{report.website.home_url}zwgk/ndbb/{year}.html"
            publish(report, people[Role.HEAD], day, url)
    report = Report.unscoped.get(pk=report.pk)
    if goal == "returned":
        return_for_revision(
            report,
            people[Role.REVIEWER],
            "访问量与上年相比变化较大，请核实统计口径",
            {"access.uv": "请核实UV统计口径"},
        )
    elif goal == "corrected":
        correct(report, people[Role.HEAD], "网站总访问量统计口径有误，予以更正")


# The season the demo shows: 2024 imported as history (the files the sites published), 2025 published
# through the workflow (one correction), 2026 open until 31 January 2027 at every step before publication.
SEASON = 2026
GOALS_2025 = ("published", "published", "corrected", *(("published",) * 9))
# The state each 2026 report ends in, site by site; "blank" is a report nobody has started.
GOALS_2026 = (
    "draft",
    "submitted",
    "draft",
    "approved",
    "reviewed",
    "submitted",
    "returned",
    "draft",
    "blank",
    "submitted",
    "blank",
    "draft",
)


def _import_history(
    city: Region, supervisor: User, sites: list[Website], year: int, rng: random.Random
) -> None:
    """Import a year as history: each site's published report (HTML, Word or Excel) through the import."""
    template = get_template("gx-2020")
    uploads = []
    for n, site in enumerate(sites):
        people = {r.role: str(r.user) for r in site.roles.select_related("user")}
        texts = figures(rng, 5 if site.site_type == SiteType.PORTAL else 1) | {
            "header.unit": site.sponsor.name,
            "header.year": str(year),
            "basic.site_name": site.name,
            "basic.site_code": site.code,
            "basic.home_url": site.home_url,
            "basic.sponsor": site.sponsor.name,
            "basic.organizer": site.organizer.name,
            "basic.site_type": site.site_type,
            "basic.icp": site.icp,
            "basic.psb": site.psb,
            "basic.publish_date": f"{year + 1}-01-{rng.randint(20, 30)}",
            "basic.publish_url": f"{site.home_url}zwgk/ndbb/{year}.html",
            "signature.filler": people[Role.FILLER],
            "signature.reviewer": people[Role.REVIEWER],
            "signature.head": people[Role.HEAD],
            "signature.phone": "0771-0000000",
            "signature.date": f"{year + 1}-01-{rng.randint(5, 19):02d}",
        }
        values = {k: parse_value(template.item(k), v).value for k, v in texts.items() if v}
        writer = get_writer(("html", "docx", "xlsx")[n % 3])
        uploads.append((f"{site.code}-{year}{writer.suffix}", writer.write(CoreReport(template, values))))
    batch = history.start(city, supervisor, uploads, list_publicly=True, background=False)
    batch.refresh_from_db()
    history.confirm(batch, supervisor)


@transaction.atomic
def load_demo(admin: Any = None, province: tuple[str, str] = ("450000", "广西壮族自治区")) -> dict[str, int]:
    """Create the demo city under the province (code, name), its websites, people and 2024–2026 reports."""
    rng = random.Random(2020)
    code, name = province
    top = Region.objects.filter(code=code).first() or Region.objects.create(
        code=code, name=name, level=Region.Level.PROVINCE
    )
    city = Region.objects.create(code="459900", name="演示市", level=Region.Level.CITY, parent=top)
    counties = [
        Region.objects.create(code=c, name=n, level=Region.Level.COUNTY, parent=city) for c, n in COUNTIES
    ]
    password_hash = make_password(DEMO_PASSWORD)
    supervisor = User.objects.create(
        username="demo_supervisor", password=password_hash, display_name="赵督查（监管）"
    )
    RoleAssignment.objects.create(user=supervisor, role=Role.SUPERVISOR, region=city)
    sites = []
    owners = [(city, f"{city.name}人民政府", SiteType.PORTAL)]
    owners += [(c, f"{c.name}人民政府", SiteType.PORTAL) for c in counties]
    owners += [(city, f"{city.name}{d}", SiteType.DEPARTMENT) for d in DEPARTMENTS]
    owners.append((city, f"{city.name}政务服务网", SiteType.SPECIAL))
    for n, (region, owner, site_type) in enumerate(owners, start=1):
        sponsor = Organisation.objects.create(
            name=f"{owner}办公室" if site_type == SiteType.PORTAL else owner, region=region
        )
        organizer = Organisation.objects.get_or_create(
            name=f"{city.name}大数据发展中心", defaults={"region": city}
        )[0]
        site = Website.unscoped.create(
            name=f"{owner}{'门户网站' if site_type == SiteType.PORTAL else '网站'}",
            code=f"4599{n:06d}",
            home_url=f"http://site{n:02d}.demo.example/",
            site_type=site_type,
            region=region,
            sponsor=sponsor,
            organizer=organizer,
            cn_domain=f"{owner}.政务",
            icp=f"桂ICP备{45990000 + n}号",
            psb=f"桂公网安备{45990000000000 + n}号",
        )
        for role, label in ((Role.FILLER, "填报人"), (Role.REVIEWER, "审核人"), (Role.HEAD, "单位负责人")):
            user = _person(
                f"site{n:02d}_{role.value}", n + len(sites) + list(Role).index(role), label, password_hash
            )
            RoleAssignment.objects.create(user=user, role=role, website=site)
        sites.append(site)
    _import_history(city, supervisor, sites, 2024, rng)
    for year, goals in ((2025, GOALS_2025), (SEASON, GOALS_2026)):
        period = open_period(city, year, admin)
        for site, goal in zip(sites, goals, strict=False):
            report = Report.unscoped.get(period=period, website=site)
            if goal == "blank":
                continue
            scale = 5 if site.site_type == SiteType.PORTAL else 1
            filler = site.roles.get(role=Role.FILLER).user
            report = _fill(report, filler, rng, scale, year)
            _advance(report, goal, year, rng)
    return {"websites": len(sites), "people": 3 * len(sites) + 1}

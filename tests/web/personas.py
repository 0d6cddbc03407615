"""The shared cast: a region tree, two websites and one person per role, built once per test database."""

from __future__ import annotations

from dataclasses import dataclass

from nianbao.web.registry.models import Organisation, Region, Role, RoleAssignment, SiteType, User, Website
from nianbao.web.reporting.models import Report, ReportingPeriod
from nianbao.web.reporting.services import open_period

PASSWORD = "示例-Passw0rd!"
YEAR = 2020

# username: (display name, role, scope) — scope "A"/"B" is a website, "city" a region, None the system.
CAST = {
    "filler": ("张示例", Role.FILLER, "A"),
    "reviewer": ("李演示", Role.REVIEWER, "A"),
    "head": ("王样例", Role.HEAD, "A"),
    "supervisor": ("赵督查", Role.SUPERVISOR, "city"),
    "outsider": ("钱局外", Role.FILLER, "B"),
    "far_supervisor": ("孙远方", Role.SUPERVISOR, "other_city"),
    "admin": ("周管理", Role.ADMIN, None),
}


def build() -> None:
    """Create the cast in the current database."""
    province = Region.objects.create(code="450000", name="广西壮族自治区", level=Region.Level.PROVINCE)
    city = Region.objects.create(code="450100", name="示例市", level=Region.Level.CITY, parent=province)
    other_city = Region.objects.create(code="450200", name="演示市", level=Region.Level.CITY, parent=province)
    county_a = Region.objects.create(code="450102", name="示例区", level=Region.Level.COUNTY, parent=city)
    county_b = Region.objects.create(
        code="450203", name="演示县", level=Region.Level.COUNTY, parent=other_city
    )
    sites = {}
    for tag, code, county in (("A", "4501020001", county_a), ("B", "4502030001", county_b)):
        sponsor = Organisation.objects.create(name=f"{county.name}人民政府办公室", region=county)
        organizer = Organisation.objects.create(name=f"{county.name}大数据中心", region=county)
        sites[tag] = Website.unscoped.create(
            name=f"{county.name}人民政府门户网站",
            code=code,
            home_url=f"http://www.{code}.example.gov.cn/",
            site_type=SiteType.PORTAL,
            region=county,
            sponsor=sponsor,
            organizer=organizer,
            icp="桂ICP备12345678号",
            psb="桂公网安备45010202000001号",
        )
    scopes = {"A": {"website": sites["A"]}, "B": {"website": sites["B"]}}
    scopes |= {"city": {"region": city}, "other_city": {"region": other_city}, None: {}}
    for username, (name, role, scope) in CAST.items():
        user = User.objects.create_user(username, password=PASSWORD, display_name=name)
        RoleAssignment.objects.create(user=user, role=role, **scopes[scope])
    User.objects.create_user("nobody", password=PASSWORD, display_name="吴无权")
    open_period(province, YEAR, actor=None)


@dataclass
class World:
    filler: User
    reviewer: User
    head: User
    supervisor: User
    outsider: User
    far_supervisor: User
    admin: User
    nobody: User
    site_a: Website
    site_b: Website
    report_a: Report
    report_b: Report
    period: ReportingPeriod


def load() -> World:
    """Return the cast as stored."""
    users = {u.username: u for u in User.objects.all()}
    site_a = Website.unscoped.get(code="4501020001")
    site_b = Website.unscoped.get(code="4502030001")
    return World(
        **{name: users[name] for name in (*CAST, "nobody")},
        site_a=site_a,
        site_b=site_b,
        report_a=Report.unscoped.get(website=site_a),
        report_b=Report.unscoped.get(website=site_b),
        period=ReportingPeriod.objects.get(year=YEAR),
    )

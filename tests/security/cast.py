"""The security tests' cast: two websites in two cities and one person per role, built inside each test.

Codes and usernames differ from tests/web's cast so that both can live in one test database.
"""

from __future__ import annotations

from dataclasses import dataclass

from nianbao.web.registry.models import Organisation, Region, Role, RoleAssignment, SiteType, User, Website
from nianbao.web.reporting.models import Report
from nianbao.web.reporting.services import open_period

PASSWORD = "Sec-示例-Passw0rd"
YEAR = 2021


@dataclass
class Cast:
    filler: User
    reviewer: User
    head: User
    supervisor: User
    outsider: User
    admin: User
    auditor: User
    nobody: User
    site_a: Website
    site_b: Website
    report_a: Report
    report_b: Report

    def by_role(self, name: str) -> User:
        return getattr(self, name)


def _site(tag: str, code: str, county: Region) -> Website:
    sponsor = Organisation.objects.create(name=f"{county.name}办公室（安全测试{tag}）", region=county)
    organizer = Organisation.objects.create(name=f"{county.name}信息中心（安全测试{tag}）", region=county)
    return Website.unscoped.create(
        name=f"{county.name}门户网站",
        code=code,
        home_url=f"http://www.{code}.example.gov.cn/",
        site_type=SiteType.PORTAL,
        region=county,
        sponsor=sponsor,
        organizer=organizer,
    )


def build() -> Cast:
    """Create the cast in the current test's transaction and return it."""
    province = Region.objects.create(code="459000", name="安全测试自治区", level=Region.Level.PROVINCE)
    city_a = Region.objects.create(code="459100", name="甲市", level=Region.Level.CITY, parent=province)
    city_b = Region.objects.create(code="459200", name="乙市", level=Region.Level.CITY, parent=province)
    county_a = Region.objects.create(code="459101", name="甲区", level=Region.Level.COUNTY, parent=city_a)
    county_b = Region.objects.create(code="459201", name="乙县", level=Region.Level.COUNTY, parent=city_b)
    site_a = _site("A", "4591010001", county_a)
    site_b = _site("B", "4592010001", county_b)
    people = {
        "filler": (Role.FILLER, {"website": site_a}),
        "reviewer": (Role.REVIEWER, {"website": site_a}),
        "head": (Role.HEAD, {"website": site_a}),
        "supervisor": (Role.SUPERVISOR, {"region": city_a}),
        "outsider": (Role.FILLER, {"website": site_b}),
        "admin": (Role.ADMIN, {}),
        "auditor": (Role.AUDITOR, {}),
        "nobody": (None, {}),
    }
    users = {}
    for name, (role, scope) in people.items():
        users[name] = User.objects.create_user(f"sec_{name}", password=PASSWORD, display_name=f"测试{name}")
        if role is not None:
            RoleAssignment.objects.create(user=users[name], role=role, **scope)
    open_period(province, YEAR, actor=None)
    return Cast(
        **users,
        site_a=site_a,
        site_b=site_b,
        report_a=Report.unscoped.get(website=site_a, period__year=YEAR),
        report_b=Report.unscoped.get(website=site_b, period__year=YEAR),
    )

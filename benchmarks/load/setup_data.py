"""Prepare a database for the load test: one region, N websites, a 填报人 per website, reports filled in.

Run with the same environment as the server (NIANBAO_DATA_DIR, NIANBAO_DATABASE_URL). Writes the list of
staff (username, report id, warning notes) as JSON for the locustfile.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "fixtures" / "seed-gx-2020.txt"
PASSWORD = "Load-测试-Passw0rd"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--staff", type=int, default=200)
    parser.add_argument("--published", type=int, default=40, help="reports published beforehand, for readers")
    parser.add_argument("--users-file", type=Path, required=True)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nianbao.web.settings")
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    from nianbao.io.registry import read_bytes
    from nianbao.report.codec import encode_value
    from nianbao.web.registry.models import (
        Organisation,
        Region,
        Role,
        RoleAssignment,
        SiteType,
        User,
        Website,
    )
    from nianbao.web.reporting.core import finding_key, validate, warnings
    from nianbao.web.reporting.models import Report, ReportValue
    from nianbao.web.reporting.services import approve, open_period, publish, review, submit

    call_command("migrate", interactive=False, verbosity=0)
    seed = read_bytes(SEED.read_bytes(), SEED.name).report
    province = Region.objects.create(code="450000", name="负载测试自治区", level=Region.Level.PROVINCE)
    city = Region.objects.create(code="450100", name="负载测试市", level=Region.Level.CITY, parent=province)
    sponsor = Organisation.objects.create(name="负载测试主办单位", region=city)
    organizer = Organisation.objects.create(name="负载测试承办单位", region=city)
    hashed = make_password(PASSWORD)  # one Argon2 hash for everyone: setting up 200 users stays quick
    staff = []
    published_sites = []
    for n in range(args.staff + args.published):
        site = Website.unscoped.create(
            name=f"负载测试网站{n:03d}",
            code=f"45010{n:05d}",
            home_url=f"http://site{n:03d}.example.gov.cn/",
            site_type=SiteType.PORTAL,
            region=city,
            sponsor=sponsor,
            organizer=organizer,
        )
        user = User.objects.create(username=f"load{n:03d}", password=hashed, display_name=f"负载{n:03d}")
        RoleAssignment.objects.create(user=user, role=Role.FILLER, website=site)
        if n < args.staff:
            staff.append((user, site))
            continue
        people = {"filler": user}
        for role in (Role.REVIEWER, Role.HEAD):
            people[role] = User.objects.create(username=f"load{n:03d}_{role}", password=hashed)
            RoleAssignment.objects.create(user=people[role], role=role, website=site)
        published_sites.append((people, site))
    open_period(province, 2020, actor=None)
    rows = []
    published = []
    for user, site in staff + [(people["filler"], site) for people, site in published_sites]:
        report = Report.unscoped.get(website=site)
        ReportValue.objects.filter(report=report).delete()
        ReportValue.objects.bulk_create(
            ReportValue(report=report, key=item.key, data=encode_value(value), raw="", updated_by=user)
            for item, value in seed
            if not value.is_blank and not item.compute
        )
        findings = validate(report.core())
        errors = [f for f in findings if f.severity.value == "error"]
        if errors:
            sys.exit(f"seed report has errors, cannot submit under load: {[f.message for f in errors][:3]}")
        notes = {finding_key(f): "负载测试：已核实" for f in warnings(findings)}
        report.warning_notes = notes
        report.save(update_fields=["warning_notes"])
        rows.append({"username": user.username, "password": PASSWORD, "report": report.pk, "notes": notes})
    for people, site in published_sites:
        report = Report.unscoped.get(website=site)
        submit(report, people["filler"], report.warning_notes)
        review(report, people[Role.REVIEWER])
        approve(report, people[Role.HEAD])
        publish(report, people[Role.HEAD], dt.date.today(), f"{site.home_url}ndbb/2020.html")
        published.append(report.pk)
    data = {"staff": rows[: len(staff)], "published": published}
    args.users_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    print(f"prepared {len(staff)} staff with filled-in reports and {len(published)} published reports")


if __name__ == "__main__":
    main()

"""Time the entry page and a save with validation on a registry of 600 websites with 3 years of reports.

    .venv/bin/python benchmarks/web_bench.py [--sites 600] [--runs 40] [--database-url postgres://...]

Builds a fresh database (SQLite in a temporary data directory unless a database URL is given), then prints
the median and 90th percentile server time of GET /reports/<id>/ and of POST /reports/<id>/ (save a few
items; the server parses, stores, records history and runs the validator). Targets: 100 ms and 150 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time


def build(sites: int) -> None:
    from django.core.management import call_command

    from nianbao.forms.template import get_template
    from nianbao.report.codec import encode_value
    from nianbao.report.coerce import parse_value
    from nianbao.web.demo import figures
    from nianbao.web.registry.models import (
        Organisation,
        Region,
        Role,
        RoleAssignment,
        SiteType,
        User,
        Website,
    )
    from nianbao.web.reporting.models import Report, ReportingPeriod, ReportValue, Revision

    call_command("migrate", interactive=False, verbosity=0)
    template = get_template("gx-2020")
    province = Region.objects.create(code="450000", name="广西壮族自治区", level=1)
    cities = [
        Region.objects.create(code=f"45{c:02d}00", name=f"示例{c}市", level=2, parent=province)
        for c in range(1, 15)
    ]
    org = Organisation.objects.create(name="示例大数据中心")
    websites = []
    for n in range(sites):
        sponsor = Organisation.objects.create(name=f"示例单位{n}")
        websites.append(
            Website(
                name=f"示例网站{n}",
                code=f"45{n:08d}",
                home_url=f"http://s{n}.example/",
                site_type=SiteType.DEPARTMENT,
                region=cities[n % len(cities)],
                sponsor=sponsor,
                organizer=org,
            )
        )
    Website.unscoped.bulk_create(websites, batch_size=500)
    websites = list(Website.unscoped.order_by("code"))
    rng = random.Random(1)
    for year in (2019, 2020, 2021):
        period = ReportingPeriod.objects.create(
            region=province, year=year, template_id="gx-2020", deadline=f"{year + 1}-01-31"
        )
        Report.unscoped.bulk_create(
            [Report(period=period, website=w, lock_version=1) for w in websites], batch_size=500
        )
        reports = list(Report.unscoped.filter(period=period))
        Revision.objects.bulk_create([Revision(report=r, number=1) for r in reports], batch_size=500)
        rows = []
        for report in reports:
            for key, text in figures(rng, 1).items():
                value = parse_value(template.item(key), text).value
                rows.append(ReportValue(report=report, key=key, data=encode_value(value), raw=text))
        ReportValue.objects.bulk_create(rows, batch_size=2000)
    user = User.objects.create_user("bench_filler", password="x", display_name="张示例")
    RoleAssignment.objects.create(user=user, role=Role.FILLER, website=websites[sites // 2])


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database named in the URL when it does not exist yet."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    params = {
        "host": config["HOST"],
        "port": config["PORT"] or 5432,
        "user": config["USER"],
        "dbname": "postgres",
    }
    if config["PASSWORD"]:
        params["password"] = config["PASSWORD"]
    with psycopg.connect(**params, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (config["NAME"],)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{config["NAME"]}"')


def timed(call, runs: int) -> tuple[list[float], list[float]]:
    """Return wall-clock and CPU milliseconds per call; on a shared machine the CPU time is the steadier."""
    call()  # warm caches (templates, template compilation)
    samples, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        call()
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return samples, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=600)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    if args.database_url:
        ensure_database(args.database_url)
    data_dir = tempfile.mkdtemp(prefix="nianbao-bench-")
    os.environ["NIANBAO_DATA_DIR"] = data_dir
    os.environ["NIANBAO_DATABASE_URL"] = args.database_url
    os.environ["NIANBAO_ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nianbao.web.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from nianbao.web.registry.models import User
    from nianbao.web.reporting.models import Report

    if args.database_url:
        # Start from an empty schema so the figures are for exactly the data built here.
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    started = time.perf_counter()
    build(args.sites)
    print(
        f"数据：{args.sites} 个网站 × 3 个年度，{Report.unscoped.count()} 份报表，"
        f"用时 {time.perf_counter() - started:.1f} 秒；数据库：{connection.vendor}"
    )
    user = User.objects.get(username="bench_filler")
    report = Report.unscoped.get(website__roles__user=user, period__year=2021)
    client = Client()
    client.force_login(user)
    url = reverse("reporting:entry", args=[report.pk])
    assert client.get(url).status_code == 200

    def get_page() -> None:
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    counter = iter(range(10**6))

    def save() -> None:
        n = next(counter)
        version = Report.unscoped.filter(pk=report.pk).values_list("lock_version", flat=True).get()
        data = {
            "lock_version": str(version),
            "k": ["access.uv", "access.pv", "info.total"],
            "do": "save",
            "v:access.uv": str(100000 + n),
            "v:access.pv": str(500000 + n),
            "v:info.total": "abc" if n % 2 else "300",
        }
        response = client.post(url, data)
        assert response.status_code == 302, response.status_code

    for label, call, target in (("填报页面 GET", get_page, 100), ("保存并校验 POST", save, 150)):
        samples, cpu = timed(call, args.runs)
        median = statistics.median(samples)
        p90 = statistics.quantiles(samples, n=10)[-1]
        verdict = "达标" if median < target else "未达标"
        print(
            f"{label}: 中位数 {median:.1f} ms，P90 {p90:.1f} ms（目标 < {target} ms，{verdict}）；"
            f"CPU 时间中位数 {statistics.median(cpu):.1f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

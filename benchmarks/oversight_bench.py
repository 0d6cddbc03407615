"""Time the supervision pages and the public column on a generated national-scale dataset.

    .venv/bin/python benchmarks/oversight_bench.py [--scale 1.0] [--runs 10] [--database-url postgres://...]

Builds a fresh database (SQLite in a temporary data directory unless a database URL is given) with
14,500 websites × 6 years of reports at --scale 1 (one province of 600 sites is the one measured; the rest
spread over 24 other provinces), bulk-inserting the values (executemany on SQLite, COPY on PostgreSQL). Then
prints the median server time (Django's test client, in process: routing, queries, rendering) of:

    progress board of the province (target < 300 ms)       aggregate page of the province (< 300 ms)
    public list, first page and a search (< 100 ms)        region-wide checks of the province, computed
                                                           afresh (< 2 s) and unchanged since (< 300 ms)
    exports of the province's year: long/wide × CSV/XLSX (< 10 s each)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time

YEARS = (2016, 2017, 2018, 2019, 2020, 2021)
TYPES = ("政府门户网站", "部门网站", "部门网站", "部门网站", "专项网站")


def profiles(rng: random.Random, count: int) -> list[dict[str, object]]:
    """Return plain (encoded) value sets of complete reports, made once and varied per report."""
    from nianbao.forms.template import get_template
    from nianbao.report.codec import encode_value
    from nianbao.report.coerce import parse_value
    from nianbao.web.demo import figures

    template = get_template("gx-2020")
    result = []
    for _ in range(count):
        plain = {}
        for key, text in figures(rng, 1).items():
            plain[key] = encode_value(parse_value(template.item(key), text).value)
        result.append(plain)
    return result


def vary(rng: random.Random, plain: dict[str, object]) -> dict[str, object]:
    factor = rng.uniform(0.6, 1.6)
    return {
        k: (int(v * factor) if isinstance(v, int) and not isinstance(v, bool) else v)
        for k, v in plain.items()
    }


def build(scale: float, province_sites: int, vendor: str) -> dict[str, object]:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from nianbao.web.registry.models import Organisation, Region, Role, RoleAssignment, User, Website
    from nianbao.web.reporting.models import Report, ReportingPeriod, Revision, State

    call_command("migrate", interactive=False, verbosity=0)
    rng = random.Random(2020)
    total_sites = max(int(14_500 * scale), province_sites + 24)
    provinces = []
    for p in range(25):
        code = f"{11 + p:02d}0000"
        province = Region.objects.create(code=code, name=f"示例省{p + 1}", level=1)
        cities = [
            Region.objects.create(
                code=f"{11 + p:02d}{c:02d}00", name=f"示例省{p + 1}第{c}市", level=2, parent=province
            )
            for c in range(1, 15)
        ]
        provinces.append((province, cities))
    sponsor = Organisation.objects.create(name="示例主办单位")
    organizer = Organisation.objects.create(name="示例承办单位")
    sites = []
    for n in range(total_sites):
        p = 0 if n < province_sites else 1 + (n - province_sites) % 24
        province, cities = provinces[p]
        region = province if n % 15 == 0 else cities[n % 14]
        sites.append(
            Website(
                name=f"示例网站{n:05d}", code=f"{n:010d}", home_url=f"http://s{n}.example.gov.cn/",
                site_type=TYPES[n % len(TYPES)], region=region, sponsor=sponsor, organizer=organizer,
            )
        )  # fmt: skip
    Website.unscoped.bulk_create(sites, batch_size=2000)
    sites = list(Website.unscoped.select_related("region").order_by("code"))
    province_of = {}
    for site in sites:
        province_of[site.pk] = site.region.path[:7]
    base = profiles(rng, 200)
    now = timezone.now()
    target_path = provinces[0][0].path
    states = [State.PUBLISHED] * 6 + [
        State.DRAFT,
        State.SUBMITTED,
        State.REVIEWED,
        State.APPROVED,
        State.RETURNED,
    ]
    for year in YEARS:
        periods = {
            province.path: ReportingPeriod.objects.create(
                region=province, year=year, template_id="gx-2020", deadline=dt.date(year + 1, 1, 31)
            )
            for province, _ in provinces
        }
        reports = []
        for site in sites:
            state = rng.choice(states) if year == YEARS[-1] else State.PUBLISHED
            published = state == State.PUBLISHED
            reports.append(
                Report(
                    period=periods[province_of[site.pk]], website=site, state=state, lock_version=1,
                    started_at=now, published_at=now if published else None,
                )
            )  # fmt: skip
        Report.unscoped.bulk_create(reports, batch_size=2000)
        reports = list(Report.unscoped.filter(period__year=year).select_related("website__region"))
        values: dict[int, dict[str, object]] = {}
        revisions = []
        for report in reports:
            plain = vary(rng, rng.choice(base))
            plain["basic.site_code"] = report.website.code
            plain["basic.site_name"] = report.website.name
            plain["header.year"] = str(year)
            plain["basic.publish_date"] = f"{year + 1}-01-{rng.randint(10, 31) if rng.random() < 0.9 else 28}"
            values[report.pk] = plain
            published = report.state == State.PUBLISHED
            in_target = report.website.region.path.startswith(target_path)
            revisions.append(
                Revision(
                    report=report, number=1, published_at=now if published else None,
                    snapshot=plain if published and in_target else None,
                )
            )  # fmt: skip
        Revision.objects.bulk_create(revisions, batch_size=2000)
        insert_values(connection, vendor, values)
    user = User.objects.create_user("bench_supervisor", password="x", display_name="赵督查")
    RoleAssignment.objects.create(user=user, role=Role.SUPERVISOR, region=provinces[0][0])
    return {"province": provinces[0][0], "user": user, "sites": total_sites}


def insert_values(connection, vendor: str, values: dict[int, dict[str, object]]) -> None:
    """Insert every value row in one bulk operation: COPY on PostgreSQL, executemany on SQLite."""
    stamp = dt.datetime.now(dt.UTC)
    rows = (
        (pk, key, json.dumps(plain, ensure_ascii=False), "" if plain is None else str(plain), stamp)
        for pk, record in values.items()
        for key, plain in record.items()
    )
    columns = "(report_id, key, data, raw, updated_at)"
    if vendor == "postgresql":
        raw = connection.connection
        with raw.cursor() as cursor, cursor.copy(f"COPY reporting_reportvalue {columns} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        raw.commit() if not raw.autocommit else None
    else:
        from django.db import transaction

        # One transaction: in autocommit each row would be its own commit.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO reporting_reportvalue {columns} VALUES (%s, %s, %s, %s, %s)",
                [(pk, k, d, r, s.isoformat()) for pk, k, d, r, s in rows],
            )


def ensure_database(url: str) -> None:
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
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (config["NAME"],)).fetchone():
            conn.execute(f'CREATE DATABASE "{config["NAME"]}"')


def afresh(call):
    """Return the call preceded by emptying the cache, so the whole check is computed each time."""

    def run():
        from django.core.cache import cache

        cache.clear()
        call()

    return run


def after_one_change(call, province, year: int):
    """Return the call preceded by one report of the province being saved (as a 填报人's save does)."""

    def run():
        from django.db.models import F
        from django.utils import timezone

        from nianbao.web.reporting.models import Report

        one = Report.unscoped.filter(period__year=year, website__region__path__startswith=province.path)
        Report.unscoped.filter(pk=one.values("pk")[:1]).update(
            lock_version=F("lock_version") + 1, updated_at=timezone.now()
        )
        call()

    return run


def timed(call, runs: int) -> tuple[float, float]:
    """Return the median wall time and the median CPU time of this process (ms); on a shared machine the
    CPU time is the steadier figure (with SQLite it includes the queries, with PostgreSQL it does not)."""
    call()  # warm caches (templates, compiled queries)
    samples, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        call()
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(samples), statistics.median(cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale", type=float, default=1.0, help="share of the 14,500 websites (1 = national)"
    )
    parser.add_argument("--province-sites", type=int, default=600)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    if args.database_url:
        ensure_database(args.database_url)
    data_dir = tempfile.mkdtemp(prefix="nianbao-oversight-bench-")
    os.environ["NIANBAO_DATA_DIR"] = data_dir
    os.environ["NIANBAO_DATABASE_URL"] = args.database_url
    os.environ["NIANBAO_ALLOWED_HOSTS"] = "testserver"
    # The second factor is not what is measured here; the supervisor signs in without it.
    os.environ["NIANBAO_TOTP_REQUIRED_ROLES"] = "none"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nianbao.web.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from nianbao.web.reporting.models import Report, ReportValue

    if args.database_url:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    started = time.perf_counter()
    built = build(args.scale, args.province_sites, connection.vendor)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"数据：{built['sites']} 个网站 × {len(YEARS)} 个年度，{Report.unscoped.count()} 份报表，"
        f"{ReportValue.objects.count()} 个填报值，生成用时 {time.perf_counter() - started:.0f} 秒；"
        f"数据库：{connection.vendor}"
    )
    province = built["province"]
    client = Client()
    client.force_login(built["user"])
    scope = {"region": province.code, "year": str(YEARS[-1])}
    anonymous = Client()

    def get(c, path, params=None, status=200):
        def call():
            response = c.get(path, params or {})
            assert response.status_code == status, (path, response.status_code)

        return call

    checks = [
        (
            f"填报进度（一省 {args.province_sites} 个网站）",
            get(client, "/oversight/", scope),
            300,
            args.runs,
        ),
        (
            "统计汇总页（一省，含历年对比）",
            get(client, "/oversight/aggregates/", scope | {"item": "access.uv"}),
            300,
            args.runs,
        ),
        ("公开专栏列表（首页）", get(anonymous, "/public/"), 100, args.runs),
        (
            "公开专栏列表（按名称搜索+年度）",
            get(anonymous, "/public/", {"q": "示例网站001", "year": "2020"}),
            100,
            args.runs,
        ),
        (
            "全区数据核查（一省，重新计算）",
            afresh(get(client, "/oversight/checks/", scope)),
            2000,
            max(3, args.runs // 3),
        ),
        (
            "全区数据核查（一省，一份报表修改后）",
            after_one_change(get(client, "/oversight/checks/", scope), province, YEARS[-1]),
            2000,
            max(3, args.runs // 3),
        ),
        ("全区数据核查（一省，数据未变）", get(client, "/oversight/checks/", scope), 300, args.runs),
    ]
    for shape in ("long", "wide"):
        for fmt in ("csv", "xlsx"):
            label = f"导出一省全年报表（{'长表' if shape == 'long' else '宽表'} {fmt.upper()}）"
            checks.append(
                (label, get(client, "/oversight/export/", scope | {"form": shape, "fmt": fmt}), 10_000, 3)
            )
    for label, call, target, runs in checks:
        median, cpu = timed(call, runs)
        verdict = "达标" if median < target else "未达标"
        print(f"{label}: 中位数 {median:.0f} ms，CPU {cpu:.0f} ms（目标 < {target} ms，{verdict}）")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Time a history import of 600 published reports of mixed formats: the dry run, then the confirmation.

    .venv/bin/python benchmarks/history_import_bench.py [--documents 600] [--database-url postgres://...]

Builds a fresh database (SQLite in a temporary data directory unless a database URL is given) with a
registry of as many websites as documents, writes one published 2019 report per website in HTML, DOCX,
XLSX, PDF and text in turn, and runs the import as the web application does (the same services, without
HTTP): staging and the dry run (reading in a pool of 2 processes, matching, judging), then confirmation.
Prints wall time and CPU time (this process and the readers). Target: under 60 s for 600 documents.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time

TARGET_S = 60.0
FORMATS = ("html", "docx", "xlsx", "pdf", "text")


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def build(documents: int) -> tuple[object, object, list[tuple[str, bytes]]]:
    """Create the registry and the supervisor; return the region, the user and the files to upload."""
    import datetime as dt

    from django.core.management import call_command

    from nianbao.forms.template import get_template
    from nianbao.io.registry import get_writer
    from nianbao.report import Report, Value
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

    call_command("migrate", interactive=False, verbosity=0)
    template = get_template("gx-2020")
    province = Region.objects.create(code="450000", name="广西壮族自治区", level=1)
    org = Organisation.objects.create(name="示例大数据中心", region=province)
    websites = Website.unscoped.bulk_create(
        Website(
            name=f"示例网站{n}",
            code=f"45{n:08d}",
            home_url=f"http://s{n}.example/",
            site_type=SiteType.DEPARTMENT,
            region=province,
            sponsor=org,
            organizer=org,
        )
        for n in range(documents)
    )
    user = User.objects.create_user("bench_supervisor", password="x-bench-口令-2024", display_name="示例监管")
    RoleAssignment.objects.create(user=user, role=Role.SUPERVISOR, region=province)
    import random

    rng = random.Random(2019)
    uploads = []
    for n, site in enumerate(websites):
        texts = figures(rng, 1) | {
            "header.unit": org.name,
            "header.year": "2019",
            "basic.site_name": site.name,
            "basic.site_code": site.code,
            "basic.home_url": site.home_url,
        }
        values = {k: parse_value(template.item(k), v).value for k, v in texts.items()}
        values["basic.publish_date"] = Value.of(dt.date(2020, 1, 20))
        fmt = FORMATS[n % len(FORMATS)]
        writer = get_writer(fmt)
        uploads.append((f"site{n:04d}{writer.suffix}", writer.write(Report(template, values))))
    return province, user, uploads


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=600)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="nianbao-history-bench-")
    os.environ["NIANBAO_DATA_DIR"] = data_dir
    os.environ["NIANBAO_DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nianbao.web.settings")
    import django

    django.setup()
    from django.conf import settings

    from nianbao.web.history import services
    from nianbao.web.history.models import ImportBatch

    settings.NIANBAO_HISTORY_IMPORT_THREAD = False  # time the reading itself, not a page polling it
    region, user, uploads = build(args.documents)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"{len(uploads)} documents written ({', '.join(FORMATS)} in turn); database {engine}")

    cpu, start = _cpu(), time.perf_counter()
    batch = services.start(region, user, uploads, list_publicly=True)
    dry_wall, dry_cpu = time.perf_counter() - start, _cpu() - cpu
    batch = ImportBatch.objects.get(pk=batch.pk)
    counts: dict[str, int] = {}
    for entry in batch.results:
        counts[entry["status"]] = counts.get(entry["status"], 0) + 1
    readers = sum(entry.get("cpu_seconds", 0.0) for entry in batch.results)
    print(
        f"dry run (stage, read, match): {dry_wall:.1f} s wall; CPU {dry_cpu:.1f} s in this process, "
        f"{readers:.1f} s in the readers; results {counts}"
    )

    cpu, start = _cpu(), time.perf_counter()
    stored = services.confirm(batch, user)
    conf_wall, conf_cpu = time.perf_counter() - start, _cpu() - cpu
    print(f"confirmation ({stored} reports stored): {conf_wall:.1f} s wall, {conf_cpu:.1f} s CPU")
    total = dry_wall + conf_wall
    verdict = "within" if total < TARGET_S else "OVER"
    print(f"total {total:.1f} s for {len(uploads)} documents: {verdict} the {TARGET_S:.0f} s target")
    return 0 if counts.get("ok") == len(uploads) and stored == len(uploads) else 1


if __name__ == "__main__":
    sys.exit(main())

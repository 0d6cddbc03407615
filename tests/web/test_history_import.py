"""History import over HTTP as a supervisor: a folder of mixed formats with matched, unmatched, duplicate,
existing and unreadable files; a dry run first, then all or nothing on confirmation."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nianbao.io.registry import get_writer
from nianbao.report import Report as CoreReport
from nianbao.report import Value
from nianbao.web.history import services
from nianbao.web.history.models import ImportBatch, ImportedSource
from nianbao.web.public.published import published_reports
from nianbao.web.reporting.models import Report, State
from tests.io.samples import seed_like

pytestmark = pytest.mark.django_db


def published(world, site, year: int, *, uv: int, code=True, url=True, name=True, **changes) -> CoreReport:
    """A report of `year` for a registry website as its site would have published it."""
    base = seed_like()
    values = dict(base.values)
    values |= {
        "header.year": Value.of(str(year)),
        "basic.publish_date": Value.of(dt.date(year + 1, 1, 20)),
        "signature.date": Value.of(dt.date(year + 1, 1, 10)),
        "access.uv": Value.of(uv),
        "access.pv": Value.of(uv * 4),
    }
    for key, keep, value in (
        ("basic.site_code", code, site.code),
        ("basic.home_url", url, site.home_url),
        ("basic.site_name", name, site.name),
    ):
        if keep:
            values[key] = Value.of(value)
        else:
            values.pop(key, None)
    values.update({k: Value.of(v) for k, v in changes.items()})
    return CoreReport(base.template, values)


def upload(fmt: str, report: CoreReport, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, get_writer(fmt).write(report))


@pytest.fixture
def folder(world):
    """The files a supervisor found on the sites, as they upload them (a folder and a zip in it)."""
    a, b = world.site_a, world.site_b
    html_2019 = get_writer("html").write(published(world, a, 2019, uv=41000))
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        pdf = get_writer("pdf").write(published(world, a, 2017, uv=21000, code=False, url=False))
        z.writestr("2017/示例区2017年度报表.pdf", pdf)
        z.writestr("说明.doc", b"not a report")  # not a readable suffix: skipped
    return [
        SimpleUploadedFile("01-示例区2019.html", html_2019),
        upload("docx", published(world, a, 2019, uv=99999), "02-示例区2019-另一份.docx"),
        SimpleUploadedFile("03-示例区2019-副本.html", html_2019),
        upload("xlsx", published(world, a, 2018, uv=32000, code=False), "04-示例区2018.xlsx"),
        upload("text", published(world, b, 2019, uv=5000), "05-演示县2019.txt"),
        upload(
            "html",
            published(
                world,
                a,
                2019,
                uv=7000,
                **{
                    "basic.site_code": "9999999999",
                    "basic.home_url": "http://nowhere.example/",
                    "basic.site_name": "不存在的网站",
                },
            ),
            "06-不明网站.html",
        ),
        SimpleUploadedFile("07-扫描件.pdf", b"%PDF-1.4\n%broken\n"),
        upload("text", published(world, a, 2020, uv=1), "08-示例区2020.txt"),
        SimpleUploadedFile("09-历年.zip", archive.getvalue()),
    ]


def start(client, world, files, list_publicly=False):
    client.force_login(world.supervisor)
    data = {"region": world.site_a.region.parent.pk, "files": files}
    if list_publicly:
        data["list_publicly"] = "on"
    response = client.post(reverse("history:import"), data)
    assert response.status_code == 302, response.content.decode()
    return ImportBatch.objects.get(key=response.url.rstrip("/").split("/")[-1])


def by_name(batch: ImportBatch) -> dict[str, dict]:
    return {Path(e["name"]).name: e for e in batch.results}


def test_the_dry_run_lists_every_file_with_its_match_and_stores_nothing(client, world, folder):
    batch = start(client, world, folder)
    results = by_name(batch)
    assert batch.status == ImportBatch.Status.READY
    assert len(results) == 9
    assert results["01-示例区2019.html"]["status"] == "ok"
    assert results["01-示例区2019.html"]["matched_by"] == "政府网站标识码"
    assert results["02-示例区2019-另一份.docx"]["status"] == "duplicate"
    assert "同一网站的同一年度（2019年度）" in results["02-示例区2019-另一份.docx"]["reason"]
    assert results["03-示例区2019-副本.html"]["status"] == "duplicate"
    assert "内容完全相同" in results["03-示例区2019-副本.html"]["reason"]
    assert (results["04-示例区2018.xlsx"]["status"], results["04-示例区2018.xlsx"]["matched_by"]) == (
        "ok",
        "首页网址",
    )
    # 演示县 is outside the supervisor's city: it is not theirs to import.
    assert results["05-演示县2019.txt"]["status"] == "unmatched"
    assert results["06-不明网站.html"]["status"] == "unmatched"
    assert "政府网站标识码“9999999999”" in results["06-不明网站.html"]["reason"]
    assert results["07-扫描件.pdf"]["status"] == "unreadable"
    assert "07-扫描件.pdf：" in results["07-扫描件.pdf"]["reason"]
    assert results["08-示例区2020.txt"]["status"] == "exists"
    assert results["示例区2017年度报表.pdf"]["status"] == "ok"
    assert results["示例区2017年度报表.pdf"]["matched_by"] == "网站名称"
    assert "W-YEAR-MISMATCH" in [f["code"] for f in results["示例区2017年度报表.pdf"]["findings"]]

    page = client.get(reverse("history:batch", args=[batch.key])).content.decode()
    assert "可导入：3" in page and "重复：2" in page and "未匹配：2" in page and "无法读取：1" in page
    assert "确认导入 3 份报表" in page
    assert not Report.unscoped.filter(period__year__in=(2017, 2018, 2019)).exists()


def test_confirmation_stores_published_imported_reports_used_as_last_year(client, world, folder):
    batch = start(client, world, folder)
    response = client.post(reverse("history:confirm", args=[batch.key]))
    assert response.status_code == 302
    imported = Report.unscoped.filter(website=world.site_a, period__year__in=(2017, 2018, 2019))
    assert sorted(r.period.year for r in imported) == [2017, 2018, 2019]
    assert {r.state for r in imported} == {State.PUBLISHED}
    report_2019 = imported.get(period__year=2019)
    source = ImportedSource.objects.get(report=report_2019)
    with source.file.open("rb") as stored:
        data = stored.read()
    assert hashlib.sha256(data).hexdigest() == source.sha256 == by_name(batch)["01-示例区2019.html"]["sha256"]
    assert source.matched_by == "政府网站标识码" and source.original_name == "01-示例区2019.html"
    assert report_2019.core().get("access.uv").data == 41000
    assert not published_reports().filter(pk=report_2019.pk).exists()  # not listed unless asked

    # The 2020 report's entry page shows the imported 2019 figure as 上年.
    client.force_login(world.filler)
    page = client.get(reverse("reporting:entry", args=[world.report_a.pk])).content.decode()
    assert "上年：41,000" in page  # numbers are shown with thousands separators
    history = client.get(reverse("reporting:history", args=[report_2019.pk])).content.decode()
    assert "导入历年报表" in history

    client.force_login(world.supervisor)
    again = client.post(reverse("history:confirm", args=[batch.key]), follow=True).content.decode()
    assert "未导入任何报表" in again
    assert ImportedSource.objects.count() == 3


def test_listed_imports_appear_in_the_public_column(client, world, folder):
    batch = start(client, world, folder[:1], list_publicly=True)
    services.confirm(batch, world.supervisor)
    report = Report.unscoped.get(website=world.site_a, period__year=2019)
    assert published_reports().filter(pk=report.pk).exists()
    assert report.published_at.date() == dt.date(2020, 1, 20)


def test_a_failure_on_confirmation_stores_nothing(client, world, folder, settings):
    stored = Path(settings.MEDIA_ROOT) / "history"
    before = set(stored.iterdir()) if stored.exists() else set()
    batch = start(client, world, folder)
    second = next(e for e in batch.results if e["status"] == "ok" and e["name"].endswith(".xlsx"))
    staged = services.staging_dir(batch) / second["staged"]
    staged.unlink()
    staged.mkdir()  # the second file cannot be read back: the first is stored by then
    with pytest.raises(IsADirectoryError):
        services.confirm(batch, world.supervisor)
    assert not Report.unscoped.filter(period__year__in=(2017, 2018, 2019)).exists()
    assert not ImportedSource.objects.exists()
    assert (set(stored.iterdir()) if stored.exists() else set()) == before  # the first file was removed
    shutil.rmtree(services.staging_dir(batch), ignore_errors=True)


def test_only_supervisors_import_and_only_their_batches(client, world, folder):
    client.force_login(world.filler)
    assert client.get(reverse("history:import")).status_code == 403
    batch = start(client, world, folder[:1])
    client.force_login(world.far_supervisor)
    assert client.get(reverse("history:batch", args=[batch.key])).status_code == 404
    assert client.post(reverse("history:confirm", args=[batch.key])).status_code == 404


def test_a_zip_bomb_is_refused_with_its_reason(client, world):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("bomb.txt", b"\0" * (4 * 1024 * 1024))
    batch = start(client, world, [SimpleUploadedFile("bomb.zip", archive.getvalue())])
    [entry] = batch.results
    assert entry["status"] == "unreadable"
    assert "压缩炸弹" in entry["reason"]


def test_one_spreadsheet_with_a_row_per_site(client, world):
    from openpyxl import Workbook

    a = world.site_a
    book = Workbook()
    sheet = book.active
    header = ["年度", "政府网站标识码", "网站名称", "首页网址", "独立用户访问总量", "网站总访问量"]
    sheet.append([*header, "信息发布总数", "微博名称"])
    sheet.append(["2019", a.code, a.name, a.home_url, 41000, 160000, 300, "示例区发布"])
    sheet.append(["2018", "", "", a.home_url, 30000, 120000, 200, ""])
    sheet.append(["2019", "9999999999", "不存在的网站", "http://nowhere.example/", 1, 2, 3, ""])
    buffer = io.BytesIO()
    book.save(buffer)
    batch = start(client, world, [SimpleUploadedFile("历年汇总.xlsx", buffer.getvalue())])
    results = by_name(batch)
    statuses = [results[f"历年汇总.xlsx（第{r}行）.json"]["status"] for r in (2, 3, 4)]
    assert statuses == ["ok", "ok", "unmatched"]
    assert results["历年汇总.xlsx（第3行）.json"]["matched_by"] == "首页网址"
    services.confirm(batch, world.supervisor)
    report = Report.unscoped.get(website=a, period__year=2019).core()
    assert report.get("access.uv").data == 41000
    assert report.get("info.total").data == 300
    assert report.get("media.weibo.name").data == "示例区发布"


def test_uploads_left_unconfirmed_are_cleared_and_then_refused(client, world, folder):
    batch = start(client, world, folder[:1])
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    assert services.purge_stale() == 1
    assert not services.staging_dir(batch).exists()
    page = client.post(reverse("history:confirm", args=[batch.key]), follow=True).content.decode()
    assert "未导入任何报表" in page and "请重新上传" in page
    assert not Report.unscoped.filter(period__year=2019).exists()

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from nianbao.web.registry.directory import import_directory, read_table
from nianbao.web.registry.models import Region, Website

HEADER = "网站名称,政府网站标识码,首页网址,网站类型,所属地区,主办单位,承办单位,ICP备案号"


def csv_bytes(*lines, encoding="utf-8"):
    return ("\n".join([HEADER, *lines]) + "\n").encode(encoding)


def upload(client, region, data, name="名录.csv", apply=False):
    post = {"region": str(region.pk), "directory": SimpleUploadedFile(name, data)}
    if apply:
        post["apply"] = "1"
    return client.post(reverse("registry:import"), post)


def test_a_dry_run_lists_what_would_change_and_changes_nothing(world, client):
    client.force_login(world.supervisor)
    city = Region.objects.get(code="450100")
    data = csv_bytes(
        "示例区教育局网站,4501020002,http://jyj.example.gov.cn/,部门网站,示例区,示例区教育局,示例区大数据中心,",
        "示例区人民政府门户网站（新）,4501020001,http://www.4501020001.example.gov.cn/,政府门户网站,450102,"
        "示例区人民政府办公室,示例区大数据中心,桂ICP备12345678号",
        "坏行,12345,ftp://x,论坛,火星,,,",
    )
    page = upload(client, city, data).content.decode()
    assert "预览" in page
    assert "新增 1 个，更新 1 个，无变化 0 个，拒绝 1 个" in page
    assert "应为10位数字" in page and "不在您监管的示例市范围内" in page and "网站类型“论坛”" in page
    assert "网站名称：示例区人民政府门户网站 → 示例区人民政府门户网站（新）" in page
    assert not Website.unscoped.filter(code="4501020002").exists()


def test_applying_creates_and_updates(world, client):
    client.force_login(world.supervisor)
    city = Region.objects.get(code="450100")
    data = csv_bytes(
        "示例区教育局网站,4501020002,http://jyj.example.gov.cn/,部门网站,示例区,示例区教育局,示例区大数据中心,"
    )
    upload(client, city, data, apply=True)
    site = Website.unscoped.get(code="4501020002")
    assert (site.region.name, site.sponsor.name, site.site_type) == ("示例区", "示例区教育局", "部门网站")


def test_a_site_outside_the_supervisors_region_is_rejected(world):
    city = Region.objects.get(code="450100")
    rows = [
        {
            "网站名称": "改名",
            "政府网站标识码": "4502030001",
            "首页网址": "http://x.example/",
            "网站类型": "部门网站",
            "所属地区": "示例区",
            "主办单位": "甲",
            "承办单位": "乙",
        }
    ]
    result = import_directory(rows, city, apply=True)
    assert [o.reasons for o in result.rejected] == [["该标识码已登记在您监管范围以外的地区，不能修改"]]
    assert Website.unscoped.get(code="4502030001").name == "演示县人民政府门户网站"


def test_an_xlsx_directory_is_read(world):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(
        ["示例网站", 4501020003, "http://a.example/", "专项网站", "示例区", "甲单位", "乙单位", None]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    rows = read_table(buffer.getvalue(), "名录.xlsx")
    assert rows[0]["政府网站标识码"] == "4501020003"
    assert rows[0]["ICP备案号"] == ""


def test_a_gbk_csv_is_read(world):
    rows = read_table(
        csv_bytes("示例网站,4501020003,http://a.example/,专项网站,示例区,甲,乙,", encoding="gbk"), "a.csv"
    )
    assert rows[0]["网站名称"] == "示例网站"


def test_a_file_without_the_required_columns_is_refused_with_a_reason(world, client):
    client.force_login(world.supervisor)
    page = upload(client, Region.objects.get(code="450100"), "名称,网址\n甲,乙\n".encode()).content.decode()
    assert "缺少列" in page


def test_a_fake_xlsx_is_refused(world, client):
    client.force_login(world.supervisor)
    page = upload(
        client, Region.objects.get(code="450100"), b"PK\x03\x04garbage", name="a.xlsx"
    ).content.decode()
    assert "无法读取 XLSX" in page


def test_a_supervisor_cannot_import_into_a_region_they_do_not_supervise(world, client):
    client.force_login(world.supervisor)
    other = Region.objects.get(code="450200")
    page = upload(client, other, csv_bytes()).content.decode()
    assert "请选择您监管的地区" in page


def test_a_site_imported_during_an_open_year_gets_its_report(world):
    import datetime as dt

    from nianbao.web.reporting.models import Report
    from nianbao.web.reporting.services import open_period

    city = Region.objects.get(code="450100")
    year = dt.date.today().year
    open_period(city, year, actor=None)
    rows = [
        {
            "网站名称": "示例区教育局网站",
            "政府网站标识码": "4501020009",
            "首页网址": "http://jy.example/",
            "网站类型": "部门网站",
            "所属地区": "示例区",
            "主办单位": "示例区教育局",
            "承办单位": "示例区大数据中心",
        }
    ]
    import_directory(rows, city, apply=True)
    report = Report.unscoped.get(website__code="4501020009", period__year=year)
    assert report.core().get("basic.site_name").data == "示例区教育局网站"
    # the 2020 period closed long ago: no late report is made for it
    assert not Report.unscoped.filter(website__code="4501020009", period__year=2020).exists()

"""Script and formula payloads typed into every text item stay inert on every page and in every export."""

import csv
import io
import json
import zipfile

import openpyxl
import pytest

from nianbao.forms.template import get_template
from nianbao.io.registry import get_writer, writer_formats
from nianbao.web.reporting.core import Entry
from nianbao.web.reporting.models import Report
from nianbao.web.reporting.services import save_values

pytestmark = pytest.mark.django_db

TEXT_TYPES = ("text", "url", "code")
SCRIPT = '<script>alert("x{n}")</script><img src=x onerror=alert({n})>'
FORMULA = '=HYPERLINK("http://evil.example/?{n}","点击")'
FORMULA_STARTS = ("=", "+", "-", "@")


def _text_items():
    return [item for item in get_template("gx-2020").items if item.type in TEXT_TYPES and not item.compute]


def _payloads():
    """Give every text item a payload: scripts in even ones, formulas in odd ones."""
    payloads = {}
    for n, item in enumerate(_text_items()):
        payloads[item.key] = (SCRIPT if n % 2 == 0 else FORMULA).format(n=n)
    payloads["info.total"] = SCRIPT.format(n=999)  # typed into a count: kept as typed, shown as typed
    return payloads


@pytest.fixture
def hostile(cast):
    report = cast.report_a
    entries = {key: Entry(text) for key, text in _payloads().items()}
    save_values(report, cast.filler, entries, lock_version=report.lock_version)
    return Report.unscoped.get(pk=report.pk)


def _assert_inert_html(body: str):
    assert "<script>alert(" not in body
    assert "<img src=x onerror" not in body
    assert "&lt;script&gt;alert(" in body


@pytest.mark.parametrize("page", ["/reports/{pk}/", "/reports/{pk}/history/", "/"])
def test_pages_show_the_payloads_escaped(client, cast, hostile, page):
    client.force_login(cast.filler)
    response = client.get(page.format(pk=hostile.pk))
    assert response.status_code == 200
    body = response.content.decode()
    if page == "/":
        assert "<script>alert(" not in body
    else:
        _assert_inert_html(body)


def test_a_hostile_website_name_is_escaped_on_the_registry_pages(client, cast):
    cast.site_a.name = SCRIPT.format(n=1)
    cast.site_a.save()
    client.force_login(cast.supervisor)
    for path in ("/registry/websites/", "/"):
        body = client.get(path).content.decode()
        assert "<script>alert(" not in body and "&lt;script&gt;" in body


def test_every_export_format_is_covered_here():
    assert set(writer_formats()) <= set(CHECKS), "a new writer needs an escaping check in this file"


def _html(data: bytes, report):
    _assert_inert_html(data.decode("utf-8"))


def _docx(data: bytes, report):
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    assert "<script>" not in xml and "&lt;script&gt;alert(" in xml


def _xlsx(data: bytes, report):
    book = openpyxl.load_workbook(io.BytesIO(data))
    seen_formula_text = False
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str) and cell.value.startswith("=HYPERLINK"):
                    seen_formula_text = True
    assert seen_formula_text


def _csv(data: bytes, report):
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert any("HYPERLINK" in cell for cell in cells)
    for cell in cells:
        assert not cell.startswith(FORMULA_STARTS) or _is_number(cell), f"formula not neutralised: {cell!r}"


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


def _pdf(data: bytes, report):
    assert data.startswith(b"%PDF")
    assert b"/JavaScript" not in data and b"/JS " not in data and b"/OpenAction" not in data


def _json(data: bytes, report):
    values = json.loads(data)["values"]
    assert values["header.unit"] == SCRIPT.format(n=0)


def _text(data: bytes, report):
    assert SCRIPT.format(n=0) in data.decode("utf-8")


CHECKS = {"html": _html, "docx": _docx, "xlsx": _xlsx, "csv": _csv, "pdf": _pdf, "json": _json, "text": _text}


@pytest.mark.parametrize("fmt", writer_formats())
def test_each_export_keeps_the_payloads_inert(hostile, fmt):
    data = get_writer(fmt).write(hostile.core())
    CHECKS[fmt](data, hostile)


@pytest.mark.parametrize("fmt", writer_formats())
def test_each_download_over_the_web_keeps_the_payloads_inert(client, cast, hostile, fmt):
    client.force_login(cast.filler)
    response = client.get(f"/reports/{hostile.pk}/download/{fmt}/")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    CHECKS[fmt](response.content, hostile)


@pytest.fixture
def published_hostile(hostile):
    """Publish the hostile report's values as the workflow's publish() stores them (a revision snapshot)."""
    from django.utils import timezone

    from nianbao.report.codec import encode_report
    from nianbao.web.reporting.models import Revision, State

    now = timezone.now()
    Revision.objects.filter(report=hostile, number=hostile.revision).update(
        published_at=now,
        public_url="http://www.example.gov.cn/ndbb.html",
        snapshot=encode_report(hostile.core()),
    )
    Report.unscoped.filter(pk=hostile.pk).update(state=State.PUBLISHED, published_at=now)
    return hostile


@pytest.mark.parametrize("page", ["/public/reports/{pk}/", "/public/?q=%3Cscript%3E", "/public/"])
def test_the_public_column_shows_the_payloads_escaped(client, published_hostile, page):
    response = client.get(page.format(pk=published_hostile.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert(" not in body and "<img src=x onerror" not in body
    assert "<script>" not in body.replace('<script src="', "")


def test_the_public_report_page_carries_the_payload_as_text(client, published_hostile):
    body = client.get(f"/public/reports/{published_hostile.pk}/").content.decode()
    assert "&lt;script&gt;alert(" in body


@pytest.mark.parametrize("fmt", ["html", "docx", "xlsx", "pdf"])
def test_public_downloads_keep_the_payloads_inert(client, published_hostile, fmt):
    response = client.get(f"/public/reports/{published_hostile.pk}/download/{fmt}/")
    if response.status_code == 404:
        pytest.fail(f"the public column offers no {fmt} download")
    CHECKS[fmt](response.content, published_hostile)

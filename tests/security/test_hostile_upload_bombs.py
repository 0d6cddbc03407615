"""Finding 3: a zip bomb through the website-directory import, and every other way a file comes in.

POST /registry/import/ opened XLSX with openpyxl directly, skipping the checks `nianbao import` has: a
3.3 MB workbook of one row of 30 million cells ran a server thread for 20 minutes past 15 GB. Each bomb
(built here on the fly, see bombs.py) goes to each upload path; each must be refused with a Chinese
message in under 2 s and under 100 MB of Python allocations, and nothing is stored.
"""

from __future__ import annotations

import re
import time
import tracemalloc

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile

from nianbao.evidence.errors import EvidenceError
from nianbao.evidence.table import Field, read_table
from nianbao.io.base import ReadError
from nianbao.io.registry import read_bytes
from nianbao.web.evidence.models import EvidenceRecord
from nianbao.web.registry.models import Website
from nianbao.web.reporting.models import Attachment

from . import bombs

pytestmark = [pytest.mark.django_db]

SECONDS = 2.0
MEGABYTES = 100
CHINESE = re.compile(r"[\u4e00-\u9fff]")
_BUILT: dict[str, bytes] = {}


def _bomb(kind: str) -> bytes:
    # Built once per run and shared by every path: the cells bomb takes a moment to build.
    if kind not in _BUILT:
        _BUILT[kind] = bombs.BOMBS[kind]()
    return _BUILT[kind]


@pytest.fixture(scope="module", autouse=True)
def _warm():
    # Import the readers once, so that no path's first import is counted as the refusal's cost.
    with pytest.raises(ReadError):
        read_bytes(b"PK\x03\x04", "warm.xlsx")


def _measured(call):
    # CPU time, not wall time: the machines that run the tests are shared, and waiting for a core is not
    # work done on the bomb. Python allocations are traced (the bytes inflated by zlib are among them).
    tracemalloc.start()
    started = time.process_time()
    try:
        result = call()
    finally:
        elapsed = time.process_time() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert elapsed < SECONDS, f"took {elapsed:.1f} s"
    assert peak < MEGABYTES * 2**20, f"allocated {peak / 2**20:.0f} MB"
    return result


def _flash(response, _client):
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


KINDS = sorted(bombs.BOMBS)


@pytest.mark.parametrize("kind", KINDS)
def test_the_directory_import_refuses_each_bomb(client, cast, kind):
    client.force_login(cast.supervisor)
    sites = Website.unscoped.count()
    upload = SimpleUploadedFile("名录.xlsx", _bomb(kind))
    region = cast.supervisor.roles.get().region
    response = _measured(lambda: client.post("/registry/import/", {"region": region.pk, "directory": upload}))
    assert response.status_code == 200
    error = response.context["error"]
    assert CHINESE.search(error) and ("恶意" in error or "炸弹" in error), error
    assert Website.unscoped.count() == sites


@pytest.mark.parametrize("kind", KINDS)
def test_the_evidence_upload_refuses_each_bomb(client, cast, kind):
    client.force_login(cast.filler)
    upload = SimpleUploadedFile("evidence.json", _bomb(kind))
    response = _measured(
        lambda: client.post(f"/evidence/reports/{cast.report_a.pk}/upload/", {"evidence": upload})
    )
    assert response.status_code == 302
    assert CHINESE.search(_flash(response, client)) and "未上传" in _flash(response, client)
    assert not EvidenceRecord.objects.exists()


@pytest.mark.parametrize("kind", KINDS)
def test_the_scan_upload_refuses_each_bomb(client, cast, kind):
    client.force_login(cast.filler)
    upload = SimpleUploadedFile("scan.pdf", _bomb(kind))
    response = _measured(lambda: client.post(f"/reports/{cast.report_a.pk}/scan/", {"scan": upload}))
    assert response.status_code == 302
    assert "上传失败" in _flash(response, client)
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("kind", KINDS)
def test_nianbao_import_refuses_each_bomb(kind):
    with pytest.raises(ReadError) as refused:
        _measured(lambda: read_bytes(_bomb(kind), "年报.xlsx"))
    assert "恶意" in str(refused.value) or "炸弹" in str(refused.value)


# A year's CMS export may hold millions of cells, so its limits are higher than any upload's: the cells and
# shared-strings bombs above are within them (and read in seconds); the others are refused as anywhere.
@pytest.mark.parametrize("kind", ["far-cell", "far-column", "ratio", "xml-entities"])
def test_evidence_exports_refuse_each_bomb(tmp_path, kind):
    path = tmp_path / "cms-export.xlsx"
    path.write_bytes(_bomb(kind))
    fields = [Field("title", "标题", ("标题", "title"))]
    with pytest.raises(EvidenceError) as refused:
        _measured(lambda: read_table(path, fields))
    assert "恶意" in str(refused.value) or "炸弹" in str(refused.value)

"""Finding 7c: the scan check accepted a "PDF" that was only %PDF- … %%EOF around HTML, and PNGs with junk
appended, and any number of scans per report. A scan must now open in PDFium with at least one page, or
decode completely in Pillow with nothing after its end, and a report holds at most MAX_SCANS_PER_REPORT."""

from __future__ import annotations

import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from nianbao.web.reporting.models import Attachment
from nianbao.web.reporting.uploads import MAX_SCANS_PER_REPORT, UploadRejected, check_scan

pytestmark = [pytest.mark.django_db]
LIMIT = 2 * 1024 * 1024


def _image(fmt: str, colour: str = "white") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, fmt)
    return buffer.getvalue()


HOSTILE = {
    "html-in-pdf": b"%PDF-1.7\n<html><script>alert(1)</script></html>\n%%EOF\n",
    "pdf-without-pages": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
    "png-with-junk": _image("PNG") + b"<html><script>alert(1)</script></html>",
    "png-truncated": _image("PNG")[:-40],
    "jpeg-with-junk": _image("JPEG") + b"PK\x03\x04" + b"zip" * 100,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_file_that_only_looks_like_a_scan_is_refused(name):
    with pytest.raises(UploadRejected) as refused:
        check_scan(HOSTILE[name], LIMIT)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(refused.value))


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "PDF"])
def test_real_scans_are_accepted(fmt):
    assert check_scan(_image(fmt), LIMIT).extension in ("png", "jpg", "pdf")


def test_a_report_holds_a_bounded_number_of_scans(client, cast):
    client.force_login(cast.filler)
    url = f"/reports/{cast.report_a.pk}/scan/"
    for n in range(MAX_SCANS_PER_REPORT):
        # Each a different image (the colour), so none is a duplicate of another.
        client.post(url, {"scan": SimpleUploadedFile("s.png", _image("PNG", f"#{n:02x}{n:02x}{n:02x}"))})
    assert Attachment.objects.filter(report=cast.report_a).count() == MAX_SCANS_PER_REPORT
    response = client.post(url, {"scan": SimpleUploadedFile("s.png", _image("PNG", "black"))})
    assert "已达上限" in " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert Attachment.objects.filter(report=cast.report_a).count() == MAX_SCANS_PER_REPORT

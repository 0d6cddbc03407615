import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from nianbao.web.reporting.models import Attachment
from nianbao.web.reporting.uploads import UploadRejected, check_scan

LIMIT = 2 * 1024 * 1024


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "PNG")
    return buffer.getvalue()


def pdf_bytes():
    # A real one-page PDF: the check opens it in PDFium.
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "PDF")
    return buffer.getvalue()


PDF = pdf_bytes()


def post_scan(client, report, name, data):
    return client.post(
        reverse("reporting:upload", args=[report.pk]), {"scan": SimpleUploadedFile(name, data)}
    )


def test_a_png_scan_is_stored_and_can_be_downloaded(world, client):
    client.force_login(world.filler)
    post_scan(client, world.report_a, "盖章件.png", png_bytes())
    stored = Attachment.objects.get(report=world.report_a)
    assert (stored.content_type, stored.extension) == ("image/png", "png")
    response = client.get(reverse("reporting:attachment", args=[world.report_a.pk, stored.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_bytes()


def test_a_pdf_scan_is_accepted():
    assert check_scan(PDF, LIMIT).content_type == "application/pdf"


def test_an_executable_named_pdf_is_refused(world, client):
    client.force_login(world.filler)
    response = post_scan(client, world.report_a, "盖章件.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    assert response.status_code == 302
    assert not Attachment.objects.exists()


def test_an_oversized_file_is_refused():
    with pytest.raises(UploadRejected, match="过大"):
        check_scan(PDF + b"0" * LIMIT, LIMIT)


def test_a_truncated_png_is_refused():
    with pytest.raises(UploadRejected, match="损坏"):
        check_scan(png_bytes()[:40], LIMIT)


def test_html_disguised_as_a_jpeg_is_refused():
    with pytest.raises(UploadRejected, match="只接受"):
        check_scan(b"<html><script>alert(1)</script></html>", LIMIT)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=4096))
def test_arbitrary_bytes_are_accepted_or_refused_with_a_reason(data):
    try:
        check_scan(data, LIMIT)
    except UploadRejected as exc:
        assert str(exc)


def test_someone_else_cannot_fetch_a_scan(world, client):
    client.force_login(world.filler)
    post_scan(client, world.report_a, "a.png", png_bytes())
    stored = Attachment.objects.get(report=world.report_a)
    client.force_login(world.outsider)
    assert client.get(reverse("reporting:attachment", args=[world.report_a.pk, stored.pk])).status_code == 404
    # nor by pairing the scan with their own report's id
    assert client.get(reverse("reporting:attachment", args=[world.report_b.pk, stored.pk])).status_code == 404


def test_an_upload_is_announced(world, client):
    from nianbao.web.reporting.signals import report_action

    heard = []

    def listen(sender, report, action, actor, outcome, detail, **kwargs):
        heard.append((action, outcome, detail.get("size")))

    report_action.connect(listen)
    try:
        client.force_login(world.filler)
        post_scan(client, world.report_a, "a.png", png_bytes())
    finally:
        report_action.disconnect(listen)
    assert heard == [("attach", "ok", len(png_bytes()))]


def test_an_oversized_upload_is_stopped_while_it_is_read(world, client):
    client.force_login(world.filler)
    response = post_scan(client, world.report_a, "big.pdf", PDF + b"0" * (LIMIT + 10))
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("文件过大" in m for m in messages)
    assert not Attachment.objects.exists()


def test_an_upload_without_the_csrf_token_is_refused(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.filler)
    response = post_scan(client, world.report_a, "a.png", png_bytes())
    assert response.status_code == 403
    assert not Attachment.objects.exists()

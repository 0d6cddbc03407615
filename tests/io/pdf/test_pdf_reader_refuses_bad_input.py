"""A scanned, corrupt, encrypted or empty PDF gets a clear Chinese message naming the file."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from nianbao.io.base import ReadError
from nianbao.io.pdf import PdfReader, PdfWriter
from nianbao.io.registry import read_bytes
from tests.io.samples import seed_like


def _scanned_pdf() -> bytes:
    """Return a PDF whose only page is a picture of a table, as a scanner makes it."""
    picture = Image.new("L", (600, 800), 255)
    draw = ImageDraw.Draw(picture)
    for y in range(100, 700, 40):
        draw.line((50, y, 550, y), fill=0, width=2)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.drawImage(ImageReader(picture), 0, 0, width=A4[0], height=A4[1])
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _read(data: bytes, name: str = "年报.pdf"):
    return PdfReader().read(data, name=name)


def test_a_scanned_pdf_says_it_has_no_text_layer():
    with pytest.raises(ReadError) as caught:
        _read(_scanned_pdf(), "扫描件.pdf")
    assert str(caught.value) == (
        "扫描件.pdf：PDF 没有文字层（可能是扫描件），无法读取；请提供带文字的 PDF 或 Word/Excel 版本"
    )


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n%garbage that is not a PDF body\n",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
    ],
)
def test_a_corrupt_pdf_is_refused(data):
    with pytest.raises(ReadError, match=r"^坏的\.pdf：PDF 文件已损坏"):
        _read(data, "坏的.pdf")


def test_a_truncated_pdf_is_refused():
    whole = PdfWriter().write(seed_like())
    with pytest.raises(ReadError, match=r"^半截\.pdf：PDF 文件已损坏"):
        _read(whole[: len(whole) // 3], "半截.pdf")


def test_a_file_that_is_not_a_pdf_is_refused():
    with pytest.raises(ReadError, match=r"^改名\.pdf：不是 PDF 文件"):
        _read(b"PK\x03\x04 a zip renamed to pdf", "改名.pdf")


def test_an_encrypted_pdf_asks_for_an_unencrypted_one():
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, encrypt="secret")
    canvas.drawString(100, 700, "report")
    canvas.showPage()
    canvas.save()
    with pytest.raises(ReadError, match=r"^加密\.pdf：PDF 已加密"):
        _read(buffer.getvalue(), "加密.pdf")


def test_a_pdf_of_other_text_holds_no_report():
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.drawString(100, 700, "Minutes of the meeting")
    canvas.showPage()
    canvas.save()
    with pytest.raises(ReadError, match=r"^会议\.pdf："):
        read_bytes(buffer.getvalue(), "会议.pdf")

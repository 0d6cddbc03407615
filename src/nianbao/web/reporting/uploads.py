"""Checking an uploaded stamped scan by its content: PDF, JPEG or PNG, within the size limit."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from PIL import Image, UnidentifiedImageError

KINDS = {
    "pdf": ("application/pdf", b"%PDF-"),
    "jpg": ("image/jpeg", b"\xff\xd8\xff"),
    "png": ("image/png", b"\x89PNG\r\n\x1a\n"),
}
MAX_PDF_PAGES = 20  # the report is a few pages; a scan of it with annexes stays well below this
MAX_SCANS_PER_REPORT = 10  # re-uploads after corrections included
MAX_PIXELS = 60_000_000  # a 600 dpi A3 scan is about 70 MP in colour; larger is not a scan of one page


class UploadRejected(ValueError):
    """The file is not an acceptable scan; the message (Chinese) says why."""


@dataclass(frozen=True)
class CheckedUpload:
    extension: str
    content_type: str


def check_scan(data: bytes, limit: int) -> CheckedUpload:
    """Return the kind of a scan judged by its bytes; refuse anything else, whatever its file name says."""
    if not data:
        raise UploadRejected("文件为空")
    if len(data) > limit:
        raise UploadRejected(f"文件过大（{len(data) / 2**20:.1f} MB），上限为 {limit / 2**20:.0f} MB")
    extension = next((ext for ext, (_, magic) in KINDS.items() if data.startswith(magic)), None)
    if extension is None:
        raise UploadRejected("只接受 PDF、JPG、PNG 格式的盖章扫描件（按文件内容判断，与扩展名无关）")
    content_type = KINDS[extension][0]
    if extension == "pdf":
        if b"%%EOF" not in data[-2048:]:
            raise UploadRejected("PDF 文件不完整（缺少文件结束标记），请重新导出后上传")
        _check_pdf_opens(data)
        return CheckedUpload(extension, content_type)
    _check_image_decodes(data, extension)
    return CheckedUpload(extension, content_type)


def _check_pdf_opens(data: bytes) -> None:
    """The file must open in PDFium with at least one page ("%PDF-" … "%%EOF" around other content won't)."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise UploadRejected("PDF 文件已损坏或加密，无法打开，请重新导出后上传") from exc
    try:
        pages = len(document)
        if pages < 1:
            raise UploadRejected("PDF 文件没有任何页面，请重新导出后上传")
        if pages > MAX_PDF_PAGES:
            raise UploadRejected(f"PDF 有 {pages} 页，盖章扫描件不应超过 {MAX_PDF_PAGES} 页")
    finally:
        document.close()


def _check_image_decodes(data: bytes, extension: str) -> None:
    """The whole image must decode (not only its header): junk after or inside the data is refused."""
    broken = UploadRejected(f"图片文件已损坏或不是有效的 {extension.upper()} 图片")
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise UploadRejected("图片尺寸过大，请以 300 dpi 左右扫描后上传")
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()  # verify() does not decode the pixels; load() does, and fails on damaged data
            end = _image_end(data, extension)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise broken from exc
    if end is None or data[end:].strip(b"\x00\r\n"):
        raise UploadRejected(f"{extension.upper()} 图片的结束标记之后还有其他内容，请重新扫描后上传")


def _image_end(data: bytes, extension: str) -> int | None:
    """Where the image's data ends: after PNG's IEND chunk, or JPEG's last end-of-image marker."""
    if extension == "png":
        at = data.rfind(b"IEND")
        return at + 8 if at >= 0 else None  # the chunk type, then its 4-byte CRC
    at = data.rfind(b"\xff\xd9")
    return at + 2 if at >= 0 else None


class SizeLimitHandler(FileUploadHandler):
    """Stop reading an uploaded file as soon as it passes the limit, instead of spooling all of it to disk."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.exceeded = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.limit:
            self.exceeded = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None

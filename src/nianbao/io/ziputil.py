"""Check an Office file (DOCX, XLSX: a zip of XML parts) before any library parses it.

Published files come from anywhere, so a file is refused when it is not a zip, lacks the parts its format
needs, declares more members or more uncompressed bytes than any report needs (a zip bomb), or carries a
DTD in an XML part (entity expansion, "billion laughs"; Office never writes DTDs).

Limiting the declared sizes is enough: zipfile, which python-docx and openpyxl both use, never inflates a
member beyond its declared size (it stops there and then checks the CRC).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass

from nianbao.io.base import ReadError

MAX_MEMBERS = 2000
MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
# Deflate cannot compress beyond about 1:1032; above this ratio on a large member the member is built to
# inflate, not to hold a document.
MAX_RATIO = 500
RATIO_CHECK_FROM = 1024 * 1024
# A DTD must precede the root element, so the head of each part is enough to find one.
_HEAD_BYTES = 64 * 1024
_DTD_RE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class OfficeKind:
    """What a format needs: its Chinese name, the legacy suffix it replaced, and its required parts."""

    name: str
    legacy: str
    required: tuple[str, ...]


DOCX = OfficeKind("Word 文档（.docx）", ".doc", ("[Content_Types].xml", "word/document.xml"))
XLSX = OfficeKind("Excel 工作簿（.xlsx）", ".xls", ("[Content_Types].xml", "xl/workbook.xml"))


def check_office_zip(data: bytes, name: str, kind: OfficeKind) -> None:
    """Raise ReadError (Chinese, naming the file) unless `data` is a safe zip with the format's parts."""
    label = name or "文件"
    if data.startswith(_OLE_MAGIC):
        raise ReadError(
            f"{label}：这是旧版（{kind.legacy}）或加密的 Office 文件，不是 {kind.name}。"
            f"请去掉密码后另存为 {kind.name}再导入。"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, NotImplementedError) as exc:
        # NotImplementedError: a damaged header claiming a zip version the zipfile module does not know.
        raise ReadError(f"{label}：不是有效的 {kind.name}（文件已损坏或不是 zip 压缩格式）") from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise ReadError(
                f"{label}：压缩包内文件过多（{len(members)} 个，上限 {MAX_MEMBERS} 个），"
                "疑为恶意文件，已拒绝读取"
            )
        total = 0
        for info in members:
            total += info.file_size
            if info.file_size >= RATIO_CHECK_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise ReadError(
                    f"{label}：压缩包内“{info.filename}”的压缩比异常（解压后 {_mb(info.file_size)}），"
                    "疑为压缩炸弹，已拒绝读取"
                )
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise ReadError(
                f"{label}：解压后总大小 {_mb(total)}，超过 {_mb(MAX_TOTAL_UNCOMPRESSED)} 上限，"
                "疑为压缩炸弹，已拒绝读取"
            )
        names = {info.filename for info in members}
        missing = [part for part in kind.required if part not in names]
        if missing:
            raise ReadError(f"{label}：不是有效的 {kind.name}（缺少 {'、'.join(missing)}）")
        for info in members:
            # Every member is looked at, not only *.xml: parts such as VML drawings are XML too.
            if not info.filename.endswith("/"):  # is_dir() fails on a damaged, empty member name
                _check_no_dtd(archive, info, label)


def _check_no_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str) -> None:
    try:
        with archive.open(info) as member:
            head = member.read(_HEAD_BYTES)
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        NotImplementedError,
        RuntimeError,
        ValueError,
    ) as exc:
        # RuntimeError: an encrypted member; NotImplementedError: an unknown compression method;
        # zlib.error: damaged compressed data; ValueError: a member offset before the start of the file.
        raise ReadError(f"{label}：压缩包内“{info.filename}”无法解压（文件已损坏或已加密）") from exc
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return  # not XML (an image, a binary part)
    if _DTD_RE.search(head):
        raise ReadError(
            f"{label}：压缩包内“{info.filename}”含有 DTD/实体声明（Office 文件不会有），"
            "疑为 XML 实体炸弹，已拒绝读取"
        )


def _mb(size: int) -> str:
    return f"{size / 2**20:.0f} MB" if size >= 2**20 else f"{size / 1024:.0f} KB"


# -- Zips of documents (a folder of published reports uploaded as one .zip) ------------------------------

MAX_MEMBER_BYTES = 50 * 1024 * 1024  # the same bound as one uploaded report (nianbao.io.base.MAX_INPUT_BYTES)


def zip_members(data: bytes, name: str, suffixes: set[str]) -> list[tuple[str, bytes]]:
    """Return (member name, bytes) of each file in a zip of documents whose suffix is one of `suffixes`.

    The same bomb checks as for Office files are made on the declared sizes before anything is inflated
    (member count, total size, compression ratio), and each member is bounded again while it is read.
    Folders, hidden files and other suffixes are skipped; a zip inside the zip is not opened.
    """
    label = name or "压缩包"
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, NotImplementedError) as exc:
        raise ReadError(f"{label}：不是有效的 zip 压缩包（文件已损坏）") from exc
    with archive:
        members = [i for i in archive.infolist() if not i.filename.endswith("/")]
        if len(members) > MAX_MEMBERS:
            raise ReadError(
                f"{label}：压缩包内文件过多（{len(members)} 个，上限 {MAX_MEMBERS} 个），已拒绝读取"
            )
        if sum(i.file_size for i in members) > MAX_TOTAL_UNCOMPRESSED:
            raise ReadError(
                f"{label}：解压后总大小超过 {_mb(MAX_TOTAL_UNCOMPRESSED)} 上限，疑为压缩炸弹，已拒绝读取"
            )
        found = []
        for info in members:
            base = info.filename.rsplit("/", 1)[-1]
            suffix = "." + base.rsplit(".", 1)[-1].lower() if "." in base else ""
            if (
                not base
                or base.startswith((".", "~$"))
                or "__MACOSX" in info.filename
                or suffix not in suffixes
            ):
                continue
            if info.file_size > MAX_MEMBER_BYTES or (
                info.file_size >= RATIO_CHECK_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1)
            ):
                raise ReadError(
                    f"{label}：压缩包内“{info.filename}”过大或压缩比异常，疑为压缩炸弹，已拒绝读取"
                )
            try:
                with archive.open(info) as member:
                    content = member.read(MAX_MEMBER_BYTES + 1)
            except (
                zipfile.BadZipFile,
                zlib.error,
                OSError,
                EOFError,
                NotImplementedError,
                RuntimeError,
            ) as exc:
                raise ReadError(f"{label}：压缩包内“{info.filename}”无法解压（文件已损坏或已加密）") from exc
            found.append((_member_name(info), content))
        return found


def _member_name(info: zipfile.ZipInfo) -> str:
    """Return a member's name; zips made on Chinese Windows store GBK names without saying so."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename

"""Check an Office file (DOCX, XLSX: a zip of XML parts) before any library parses it.

Published files come from anywhere, so a file is refused when it is not a zip, lacks the parts its format
needs, declares more members or more uncompressed bytes than any report needs (a zip bomb), or carries a
DTD in an XML part (entity expansion, "billion laughs"; Office never writes DTDs).

Limiting the declared sizes is enough: zipfile, which python-docx and openpyxl both use, never inflates a
member beyond its declared size (it stops there and then checks the CRC).

A workbook can also be small on disk and within every size limit and still take minutes and gigabytes to
parse: one row of millions of cells, a cell at row 1,000,000 (a read-only sheet yields every empty row
before it), millions of shared strings (loaded whole when the workbook opens). So the XML parts of a
workbook are streamed once, in chunks, counting cells, rows, the highest row and column, and shared strings,
and the file is refused at the first limit passed; this costs a fraction of a second, where the parse would
cost minutes. Every path that opens a workbook — `nianbao import`, the website-directory import, evidence
exports — goes through these checks (`nianbao.io.xlsx.reader.open_workbook`), each with limits to suit.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
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
class SheetLimits:
    """What a workbook may hold, checked before it is parsed; a caller with bigger files passes its own."""

    max_cells: int = 1_000_000
    max_rows: int = 100_000  # both the number of rows and the highest row number
    max_column_letters: int = 2  # up to column ZZ (702 columns); no form or export comes near
    max_shared_strings: int = 200_000
    max_part_bytes: int = 64 * 1024 * 1024  # uncompressed size of any one part
    max_total_bytes: int | None = None  # None: MAX_TOTAL_UNCOMPRESSED


REPORT_SHEETS = SheetLimits()


@dataclass(frozen=True)
class OfficeKind:
    """What a format needs: its Chinese name, the legacy suffix it replaced, and its required parts."""

    name: str
    legacy: str
    required: tuple[str, ...]


DOCX = OfficeKind("Word 文档（.docx）", ".doc", ("[Content_Types].xml", "word/document.xml"))
XLSX = OfficeKind("Excel 工作簿（.xlsx）", ".xls", ("[Content_Types].xml", "xl/workbook.xml"))


def check_office_zip(data: bytes, name: str, kind: OfficeKind, sheets: SheetLimits | None = None) -> None:
    """Raise ReadError (Chinese, naming the file) unless `data` is a safe zip with the format's parts.

    For a workbook (`kind` XLSX) the content is counted too, against `sheets` (default REPORT_SHEETS).
    """
    label = name or "文件"
    sheets = sheets or REPORT_SHEETS
    max_total = sheets.max_total_bytes or MAX_TOTAL_UNCOMPRESSED
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
        if total > max_total:
            raise ReadError(
                f"{label}：解压后总大小 {_mb(total)}，超过 {_mb(max_total)} 上限，疑为压缩炸弹，已拒绝读取"
            )
        names = {info.filename for info in members}
        missing = [part for part in kind.required if part not in names]
        if missing:
            raise ReadError(f"{label}：不是有效的 {kind.name}（缺少 {'、'.join(missing)}）")
        for info in members:
            # Every member is looked at, not only *.xml: parts such as VML drawings are XML too.
            if not info.filename.endswith("/"):  # is_dir() fails on a damaged, empty member name
                _check_no_dtd(archive, info, label)
        if kind is XLSX:
            _check_sheet_content(archive, members, label, sheets)


# What reading one member of a zip raises when the member cannot be read: RuntimeError for an encrypted
# member, NotImplementedError for an unknown compression method, zlib.error for damaged compressed data,
# ValueError for a member offset before the start of the file.
MEMBER_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    NotImplementedError,
    RuntimeError,
    ValueError,
)


def _unreadable(label: str, info: zipfile.ZipInfo) -> ReadError:
    return ReadError(f"{label}：压缩包内“{info.filename}”无法解压（文件已损坏或已加密）")


def _check_no_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str) -> None:
    try:
        with archive.open(info) as member:
            head = member.read(_HEAD_BYTES)
    except MEMBER_ERRORS as exc:
        raise _unreadable(label, info) from exc
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return  # not XML (an image, a binary part)
    if _DTD_RE.search(head):
        raise ReadError(
            f"{label}：压缩包内“{info.filename}”含有 DTD/实体声明（Office 文件不会有），"
            "疑为 XML 实体炸弹，已拒绝读取"
        )


# Counting is done with bytes.count, which runs at memory speed, over-counting on purpose: "<c" also
# counts <col> and <color>, ":c" a cell under any namespace prefix (openpyxl matches the namespace, not the
# prefix a file happens to use). No genuine file comes near the limits either way.
_CELL_TAGS = (b"<c", b":c")
_ROW_TAGS = (b"<row", b":row")
_STRING_TAGS = (b"<si", b":si")
# The r attribute of a row (digits) or a cell (letters and digits): the highest row and the widest column.
# Any r attribute is looked at first (fast); when one is out of bounds, only those on <row> and <c> count,
# since drawing parts (the theme, too) have r attributes of their own.
_ANY_REF_RE = re.compile(rb"\sr\s*=\s*[\"']([A-Za-z]*)(\d+)")
_REF_RE = re.compile(rb"<(?:[\w.-]+:)?(?:c|row)\b[^>]*\sr\s*=\s*[\"']([A-Za-z]*)(\d+)")
_CHUNK = 1024 * 1024


def _check_sheet_content(
    archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], label: str, limits: SheetLimits
) -> None:
    """Count cells, rows and shared strings in every XML part, refusing at the first limit passed.

    Every member is counted, not only xl/worksheets/*: a workbook's relationships may put a sheet anywhere.
    """
    cells = rows = strings = 0
    for info in members:
        if info.filename.endswith("/"):
            continue
        if info.file_size > limits.max_part_bytes:
            raise ReadError(
                f"{label}：压缩包内“{info.filename}”解压后 {_mb(info.file_size)}，超过单个部件 "
                f"{_mb(limits.max_part_bytes)} 的上限，疑为恶意文件，已拒绝读取"
            )
        for chunk in _xml_chunks(archive, info, label):
            cells += sum(chunk.count(tag) for tag in _CELL_TAGS)
            rows += sum(chunk.count(tag) for tag in _ROW_TAGS)
            strings += sum(chunk.count(tag) for tag in _STRING_TAGS)
            if cells > limits.max_cells:
                raise ReadError(
                    f"{label}：单元格超过 {limits.max_cells:,} 个，远多于任何报表或名录，疑为恶意文件，"
                    "已拒绝读取"
                )
            if rows > limits.max_rows:
                raise ReadError(f"{label}：行数超过 {limits.max_rows:,}，疑为恶意文件，已拒绝读取")
            if _out_of_bounds(_ANY_REF_RE.findall(chunk), limits):
                refs = _REF_RE.findall(chunk)
                if _highest_row(refs) > limits.max_rows:
                    raise ReadError(f"{label}：行号超过 {limits.max_rows:,}，疑为恶意文件，已拒绝读取")
                if _out_of_bounds(refs, limits):
                    raise ReadError(
                        f"{label}：列号超出上限（远多于任何报表或名录的列数），疑为恶意文件，已拒绝读取"
                    )
            if strings > limits.max_shared_strings:
                raise ReadError(
                    f"{label}：共享字符串超过 {limits.max_shared_strings:,} 个，疑为恶意文件，已拒绝读取"
                )


def _xml_chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str) -> Iterator[bytes]:
    """Yield an XML member in pieces that end at a '>', so that no tag is cut in two."""
    carry = b""
    try:
        with archive.open(info) as member:
            first = True
            while True:
                piece = member.read(_CHUNK)
                if first and not piece.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
                    return  # not XML (an image, a binary part)
                first = False
                if not piece:
                    break
                data = carry + piece
                cut = data.rfind(b">") + 1
                if cut == 0 and len(data) < 4 * _CHUNK:
                    carry = data
                    continue
                cut = cut or len(data)
                carry = data[cut:]
                yield data[:cut]
    except MEMBER_ERRORS as exc:
        raise _unreadable(label, info) from exc
    if carry:
        yield carry


def _out_of_bounds(refs: list[tuple[bytes, bytes]], limits: SheetLimits) -> bool:
    widest = max((len(letters) for letters, _ in refs), default=0)
    return widest > limits.max_column_letters or _highest_row(refs) > limits.max_rows


def _highest_row(refs: list[tuple[bytes, bytes]]) -> int:
    """The highest row number named in a chunk (by a row's r, or a cell's reference)."""
    numbers = [number for _, number in refs]
    # Compare lengths first: a number thousands of digits long must not be converted to int.
    longest = max(numbers, key=lambda n: (len(n), n), default=b"0")
    return int(longest) if len(longest) < 12 else 10**12


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
            except MEMBER_ERRORS as exc:
                raise _unreadable(label, info) from exc
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

"""Finding the report on a fetched page: the page itself, or a DOCX/PDF/XLSX (or framed page) it links.

Sites publish the report in many ways: the official HTML table in the article, a Word or Excel file or a
PDF attached to a short article, or the form inside an iframe. The page is read first; when it holds no
report, its links are ranked (those whose text or file name says 年报/年度报表 first) and the first few
documents are fetched through the same guarded fetcher and read.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from nianbao.io.base import ReadError, ReadResult
from nianbao.io.registry import read_bytes
from nianbao.publication.fetch import Fetched, FetchError

DOCUMENT_SUFFIXES = (".docx", ".pdf", ".xlsx")
HTML_SUFFIXES = (".html", ".htm", ".shtml", ".jhtml", ".jsp", ".php", ".aspx", "")
CONTENT_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}
REPORT_WORDS = re.compile(r"年报|年度报表|工作年度|年度工作报表")
UNREADABLE_SUFFIXES = (".doc", ".xls", ".wps", ".et", ".rar", ".zip", ".jpg", ".png")


@dataclass
class Located:
    """What was found: the report read (or None), the document it came from, and what else was seen."""

    result: ReadResult | None
    document: Fetched | None
    found: list[str] = field(default_factory=list)


def document_format(fetched: Fetched) -> str:
    """Return the format of a fetched body: by Content-Type, then by its first bytes, then by its name."""
    mime = fetched.content_type.split(";", 1)[0].strip().lower()
    if mime in CONTENT_TYPES:
        return CONTENT_TYPES[mime]
    head = fetched.body[:8]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK"):
        try:
            names = zipfile.ZipFile(io.BytesIO(fetched.body)).namelist()
        except zipfile.BadZipFile:
            names = []
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
    suffix = PurePosixPath(urlsplit(fetched.final_url).path).suffix.lower()
    if suffix in DOCUMENT_SUFFIXES:
        return suffix[1:]
    if mime.startswith("text/") or suffix in HTML_SUFFIXES:
        return "html"
    return "unknown"


def read_document(fetched: Fetched) -> ReadResult:
    """Read a report from a fetched body with the layout readers; ReadError when it holds none."""
    fmt = document_format(fetched)
    if fmt == "unknown":
        raise ReadError(f"{fetched.final_url}：无法识别的文件类型（{fetched.content_type or '未声明'}）")
    name = f"{_file_name(fetched.final_url)}.{fmt}"
    try:
        return read_bytes(fetched.body, name)
    except ReadError:
        raise
    except Exception as exc:  # a site's file must never stop a check; the reader's failure is the finding
        raise ReadError(f"{name}：无法读取（{type(exc).__name__}）") from exc


def _file_name(url: str) -> str:
    name = PurePosixPath(unquote(urlsplit(url).path)).stem
    return (name or "page")[:60]


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    kind: str  # "document" (a DOCX/PDF/XLSX), "frame" (an iframe), "page" (a page named like a report)

    @property
    def rank(self) -> tuple[int, int]:
        named = bool(REPORT_WORDS.search(self.text) or REPORT_WORDS.search(unquote(self.url)))
        order = {"document": 0, "frame": 1, "page": 2}[self.kind]
        return (0 if named else 1, order)


def page_links(fetched: Fetched) -> list[Link]:
    """Return the links of an HTML page with their text, resolved against the page's final URL."""
    try:
        root = lxml_html.fromstring(fetched.body)
    except (etree.ParserError, ValueError):
        return []
    base = fetched.final_url
    for href in root.xpath("//base/@href")[:1]:
        base = urljoin(base, str(href).strip())
    links: list[Link] = []
    for element in root.iter("a", "iframe", "frame", "embed", "object"):
        attr = "href" if element.tag == "a" else "data" if element.tag == "object" else "src"
        raw = (element.get(attr) or "").strip()
        if not raw or raw.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        url = urljoin(base, raw).split("#", 1)[0]
        if urlsplit(url).scheme not in ("http", "https"):
            continue
        text = element.text_content() if element.tag == "a" else element.get("title") or ""
        text = " ".join(text.split())
        suffix = PurePosixPath(urlsplit(url).path).suffix.lower()
        if suffix in DOCUMENT_SUFFIXES or element.tag in ("embed", "object"):
            kind = "document"
        elif element.tag in ("iframe", "frame"):
            kind = "frame"
        else:
            kind = "page"
        links.append(Link(url, text[:200], kind))
    return links


def candidates(fetched: Fetched, limit: int) -> tuple[list[Link], list[str]]:
    """Return the links worth fetching (ranked, at most `limit`), and notes on documents not readable."""
    notes = []
    chosen: list[Link] = []
    seen = {fetched.final_url}
    for link in sorted(page_links(fetched), key=lambda link: link.rank):
        if link.url in seen:
            continue
        seen.add(link.url)
        suffix = PurePosixPath(urlsplit(link.url).path).suffix.lower()
        if suffix in UNREADABLE_SUFFIXES and REPORT_WORDS.search(link.text + unquote(link.url)):
            notes.append(f"链接“{link.text or link.url}”指向 {suffix} 文件，暂不能自动读取：{link.url}")
            continue
        if link.kind == "page" and not REPORT_WORDS.search(link.text):
            continue
        chosen.append(link)
    return chosen[:limit], notes


def locate(page: Fetched, fetch_link: Callable[[str], Fetched], max_attachments: int) -> Located:
    """Find the report on a page or in what it links; `fetch_link` fetches a link with the same guards."""
    found: list[str] = []
    try:
        result = read_document(page)
        return Located(result, page, found)
    except ReadError as exc:
        found.append(f"页面本身：{exc}")
    if document_format(page) != "html":
        return Located(None, page, found)
    links, notes = candidates(page, max_attachments)
    found.extend(notes)
    if not links:
        found.append("页面上没有指向 DOCX、PDF、XLSX 文件或年报页面的链接")
    for link in links:
        label = f"链接“{link.text}”" if link.text else "链接"
        try:
            document = fetch_link(link.url)
        except FetchError as exc:
            found.append(f"{label}（{link.url}）无法获取：{exc.message}")
            continue
        try:
            result = read_document(document)
        except ReadError as exc:
            found.append(f"{label}（{document.final_url}）：{exc}")
            continue
        found.append(f"报表读自{label}：{document.final_url}")
        return Located(result, document, found)
    return Located(None, page, found)

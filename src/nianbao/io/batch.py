"""Read many published reports at once (a folder or a zip of them): each file's report, or why not.

Used by the history import: every file is read on its own, so one unreadable file never stops the others;
a file that cannot be read is kept with its reason. Results are plain data (template id, region, encoded
values, findings), so they cross process boundaries and can be stored as they are.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from nianbao.io.base import MAX_INPUT_BYTES, ReadError
from nianbao.io.registry import READERS, get_reader, read_bytes
from nianbao.io.wide import wide_documents
from nianbao.io.ziputil import zip_members
from nianbao.report.codec import encode_report
from nianbao.report.validate import validate

# Below this many files the pool's start-up costs more than it saves.
POOL_FROM = 24
# The items a document is matched to a registry website by.
IDENTITY_KEYS = ("basic.site_code", "basic.home_url", "basic.site_name", "header.year")


@dataclass
class Document:
    """One uploaded file: its name as uploaded (a path inside a folder or zip) and its bytes."""

    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class ReadDocument:
    """What reading one document gave: its report as plain data and findings, or the reason it failed."""

    name: str
    sha256: str
    size: int
    error: str = ""
    template_id: str = ""
    region: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    findings: list[dict[str, Any]] = field(default_factory=list)
    identity: dict[str, str] = field(default_factory=dict)
    cpu_seconds: float = 0.0  # CPU time spent reading it (readers run in other processes)

    @property
    def year(self) -> int | None:
        text = self.identity.get("header.year", "")
        return int(text) if text.isdigit() and len(text) == 4 else None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def readable_suffixes() -> set[str]:
    """Return the suffixes of the published layouts a document may have (JSON and CSV included)."""
    return {suffix for fmt in READERS for suffix in get_reader(fmt).suffixes}


def expand(name: str, data: bytes) -> list[Document]:
    """Return the documents in one upload: the file itself, the readable files inside a zip, or one JSON
    document per row of a spreadsheet with a row per site.

    ReadError when a zip is damaged or built to exhaust memory (the guarded zip reader says why).
    """
    if name.lower().endswith((".xlsx", ".xlsm", ".csv")):
        rows = wide_documents(name, data)  # one spreadsheet with a row per site
        if rows is not None:
            return [Document(row_name, content) for row_name, content in rows]
    if name.lower().endswith(".zip"):
        prefix = Path(name).name
        return [
            Document(f"{prefix}/{member}", content)
            for member, content in zip_members(data, name, readable_suffixes())
        ]
    return [Document(name, data)]


def read_document(document: Document) -> ReadDocument:
    """Read one document; never raises: an unreadable file comes back with its reason in Chinese."""
    started = time.process_time()
    result = _read(document)
    result.cpu_seconds = time.process_time() - started
    return result


def _read(document: Document) -> ReadDocument:
    result = ReadDocument(document.name, document.sha256, len(document.data))
    label = Path(document.name).name
    if len(document.data) > MAX_INPUT_BYTES:
        result.error = f"{label}：文件过大（超过 {MAX_INPUT_BYTES // 2**20} MB）"
        return result
    try:
        read = read_bytes(document.data, label)
    except ReadError as exc:
        result.error = str(exc)
        return result
    except Exception as exc:  # one broken file must not stop the batch; its reason is kept
        result.error = f"{label}：无法读取（{type(exc).__name__}）"
        return result
    report = read.report
    if report is None:
        result.error = f"{label}：没有读出报表内容"
        return result
    result.template_id = report.template.id
    result.region = report.template.region
    result.values = encode_report(report)
    for item_key in IDENTITY_KEYS:
        value = report.get(item_key) if report.template.has_item(item_key) else None
        if value is not None and value.data is not None and not value.is_none:
            result.identity[item_key] = str(value.data).strip()
    seen = set()
    for finding in [*read.findings, *validate(report)]:
        key = (finding.code, finding.items, finding.message)
        if key not in seen:
            seen.add(key)
            result.findings.append(
                {"code": finding.code, "severity": finding.severity.value, "message": finding.message}
            )
    return result


def read_documents(
    documents: list[Document],
    workers: int = 2,
    progress: Callable[[int], None] | None = None,
) -> list[ReadDocument]:
    """Read every document, in a process pool when there are many; `progress(done)` after each one."""
    results: list[ReadDocument] = []
    if len(documents) < POOL_FROM or workers < 2:
        for document in documents:
            results.append(read_document(document))
            if progress:
                progress(len(results))
        return results
    # forkserver: the web server that calls this runs threads, and forking a threaded process is unsafe.
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for result in pool.map(read_document, documents, chunksize=4):
            results.append(result)
            if progress:
                progress(len(results))
    return results


def documents_from(uploads: Iterable[tuple[str, bytes]]) -> tuple[list[Document], list[ReadDocument]]:
    """Expand uploads (zips opened) into documents; a zip that cannot be opened is an unreadable entry."""
    documents: list[Document] = []
    refused: list[ReadDocument] = []
    for name, data in uploads:
        try:
            documents.extend(expand(name, data))
        except ReadError as exc:
            entry = Document(name, data)
            refused.append(ReadDocument(name, entry.sha256, len(data), error=str(exc)))
    return documents, refused

"""The one place that knows every format: adding a format is adding a folder and a line here.

Entries are import paths, so that a format's heavy dependencies load only when it is used.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from nianbao.forms.template import Template
from nianbao.io.base import MAX_INPUT_BYTES, Reader, ReadError, ReadResult, Writer

READERS: dict[str, str] = {
    "text": "nianbao.io.text:TextReader",
    "json": "nianbao.io.json:JsonReader",
    "csv": "nianbao.io.csv:CsvReader",
    "pdf": "nianbao.io.pdf:PdfReader",
    "html": "nianbao.io.html:HtmlReader",
    "docx": "nianbao.io.docx:DocxReader",
    "xlsx": "nianbao.io.xlsx:XlsxReader",
}
WRITERS: dict[str, str] = {
    "text": "nianbao.io.text:TextWriter",
    "json": "nianbao.io.json:JsonWriter",
    "csv": "nianbao.io.csv:CsvWriter",
    "pdf": "nianbao.io.pdf:PdfWriter",
    "html": "nianbao.io.html:HtmlWriter",
    "docx": "nianbao.io.docx:DocxWriter",
    "xlsx": "nianbao.io.xlsx:XlsxWriter",
}


def _load(path: str) -> object:
    module_name, _, attr = path.partition(":")
    return getattr(importlib.import_module(module_name), attr)()


def writer_formats() -> list[str]:
    """Return the formats that can be written, in registry order."""
    return list(WRITERS)


def get_writer(fmt: str) -> Writer:
    """Return the writer of a format; KeyError with a Chinese message if there is none."""
    if fmt not in WRITERS:
        raise KeyError(f"不支持输出格式“{fmt}”，可用格式：{'、'.join(WRITERS)}")
    return _load(WRITERS[fmt])  # type: ignore[return-value]


def get_reader(fmt: str) -> Reader:
    """Return the reader of a format; KeyError with a Chinese message if there is none."""
    if fmt not in READERS:
        raise KeyError(f"不支持读取格式“{fmt}”，可用格式：{'、'.join(READERS)}")
    return _load(READERS[fmt])  # type: ignore[return-value]


def reader_for(name: str) -> Reader:
    """Return the reader for a file name by its suffix; ReadError when no reader takes it."""
    suffix = Path(name).suffix.lower()
    for fmt in READERS:
        reader = get_reader(fmt)
        if suffix in reader.suffixes:
            return reader
    known = sorted({s for fmt in READERS for s in get_reader(fmt).suffixes})
    kind = suffix or "无扩展名"
    raise ReadError(f"{Path(name).name}：不支持的文件类型“{kind}”，可读取：{'、'.join(known)}")


def read_bytes(
    data: bytes, name: str, template: Template | None = None, *, keep_traditional: bool = False
) -> ReadResult:
    """Read a report from bytes, choosing the reader by the file name; ReadError for unusable input.

    `template` overrides the one the reader would choose from the document's labels, title and year line.
    Values in traditional characters are converted to simplified (with a warning) unless
    `keep_traditional`.
    """
    from nianbao.io.placement import keep_traditional as keeping

    label = Path(name).name
    if not data.strip():
        raise ReadError(f"{label}：文件为空")
    if len(data) > MAX_INPUT_BYTES:
        size_mb, limit_mb = len(data) // 2**20, MAX_INPUT_BYTES // 2**20
        raise ReadError(f"{label}：文件过大（{size_mb} MB），超过 {limit_mb} MB 上限")
    with keeping(keep_traditional):
        result = reader_for(name).read(data, name=label, template=template)
    result.source = label
    return result


def read_path(
    path: str | Path, template: Template | None = None, *, keep_traditional: bool = False
) -> ReadResult:
    """Read a report from a file on disk; ReadError with a Chinese message for any unusable input."""
    path = Path(path)
    if not path.exists():
        raise ReadError(f"{path}：文件不存在")
    if path.is_dir():
        raise ReadError(f"{path}：这是一个文件夹，不是文件")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"{path}：无法读取文件（{exc.strerror}）") from exc
    return read_bytes(data, path.name, template, keep_traditional=keep_traditional)

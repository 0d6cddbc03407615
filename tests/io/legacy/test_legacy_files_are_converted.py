"""Legacy .doc and .xls files (and RTF or HTML saved under those names) are converted by LibreOffice and
read like .docx and .xlsx."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from nianbao.io import ReadError
from nianbao.io.docx import DocxWriter
from nianbao.io.html import HtmlWriter
from nianbao.io.legacy import DocReader, XlsReader
from nianbao.io.xlsx import XlsxWriter
from tests.io.samples import seed_like

pytestmark = pytest.mark.slow


def legacy_copy(tmp_path, data: bytes, suffix: str, target: str) -> bytes:
    """Save a file the way an old office suite would, with LibreOffice (as the test's own tool)."""
    source = tmp_path / f"报表{suffix}"
    source.write_bytes(data)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    return (tmp_path / f"报表.{target}").read_bytes()


def test_a_doc_file_reads_as_the_report_it_holds(tmp_path):
    report = seed_like()
    data = legacy_copy(tmp_path, DocxWriter().write(report), ".docx", "doc")
    assert data.startswith(b"\xd0\xcf\x11\xe0")  # a real legacy Word file
    assert DocReader().read(data, name="报表.doc").report == report


def test_an_xls_file_reads_as_the_report_it_holds(tmp_path):
    report = seed_like()
    data = legacy_copy(tmp_path, XlsxWriter().write(report), ".xlsx", "xls")
    assert data.startswith(b"\xd0\xcf\x11\xe0")
    assert XlsReader().read(data, name="报表.xls").report == report


def test_an_html_table_saved_as_xls_is_read():
    report = seed_like()
    assert XlsReader().read(HtmlWriter().write(report), name="导出.xls").report == report


def test_a_docx_only_named_doc_is_read_without_conversion(monkeypatch):
    from nianbao.io.legacy import convert

    monkeypatch.setattr(convert, "soffice", lambda: None)
    report = seed_like()
    assert DocReader().read(DocxWriter().write(report), name="报表.doc").report == report


def test_without_libreoffice_the_message_says_how_to_help_oneself(monkeypatch):
    from nianbao.io.legacy import convert

    monkeypatch.setattr(convert, "soffice", lambda: None)
    with pytest.raises(ReadError, match=r"^报表\.doc：读取旧版Word 文档（\.doc）需要 LibreOffice"):
        DocReader().read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, name="报表.doc")


def test_a_conversion_that_takes_too_long_is_stopped(monkeypatch):
    from nianbao.io.legacy import convert

    monkeypatch.setattr(convert, "CONVERT_TIMEOUT", 0.05)
    with pytest.raises(ReadError, match="超时"):
        DocReader().read(b"{\\rtf1 hello}", name="报表.doc")

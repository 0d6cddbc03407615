"""Legacy Word (.doc) and Excel (.xls) files, converted by LibreOffice and read as .docx and .xlsx.

Not in nianbao.io.registry yet: a conversion takes seconds, and the hostile-input tests feed random bytes
to every registered reader, so registering these needs those tests to treat converting readers apart.
"""

from __future__ import annotations

from typing import ClassVar

from nianbao.forms.template import Template
from nianbao.io.base import ReadResult
from nianbao.io.docx import DocxReader
from nianbao.io.legacy.convert import convert_legacy, is_zip
from nianbao.io.xlsx import XlsxReader


class DocReader:
    """Read a report from a legacy .doc file."""

    format: ClassVar[str] = "doc"
    suffixes: ClassVar[tuple[str, ...]] = (".doc",)

    def read(self, data: bytes, *, name: str = "", template: Template | None = None) -> ReadResult:
        """Read a .doc (or RTF/HTML so named) through a conversion to .docx; ReadError when impossible."""
        if not is_zip(data):
            data = convert_legacy(data, name, "docx", "Word 文档（.doc）")
        return DocxReader().read(data, name=name, template=template)


class XlsReader:
    """Read a report from a legacy .xls workbook."""

    format: ClassVar[str] = "xls"
    suffixes: ClassVar[tuple[str, ...]] = (".xls",)

    def read(self, data: bytes, *, name: str = "", template: Template | None = None) -> ReadResult:
        """Read an .xls (or HTML table so named) through a conversion to .xlsx; ReadError when impossible."""
        if not is_zip(data):
            data = convert_legacy(data, name, "xlsx", "Excel 工作簿（.xls）")
        return XlsxReader().read(data, name=name, template=template)


__all__ = ["DocReader", "XlsReader"]

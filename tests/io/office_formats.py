"""The two zip-based office formats, described once so their hostile-input tests can be shared."""

from __future__ import annotations

from dataclasses import dataclass

from nianbao.io.docx import DocxReader, DocxWriter
from nianbao.io.xlsx import XlsxReader, XlsxWriter


@dataclass(frozen=True)
class OfficeFormat:
    suffix: str
    reader: type
    writer: type
    main_part: str
    not_valid: str  # what the refusal of a non-zip says
    legacy_suffix: str

    def __str__(self) -> str:
        return self.suffix


OFFICE_FORMATS = [
    OfficeFormat(".docx", DocxReader, DocxWriter, "word/document.xml", "不是有效的 Word 文档", ".doc"),
    OfficeFormat(".xlsx", XlsxReader, XlsxWriter, "xl/workbook.xml", "不是有效的 Excel 工作簿", ".xls"),
]

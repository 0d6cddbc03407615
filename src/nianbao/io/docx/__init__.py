"""The official form as a Word file (.docx): writer and tolerant reader."""

from nianbao.io.docx.reader import DocxReader
from nianbao.io.docx.writer import DocxWriter

__all__ = ["DocxReader", "DocxWriter"]

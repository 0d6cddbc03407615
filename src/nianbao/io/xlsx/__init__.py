"""The official form as an Excel workbook (.xlsx): writer and tolerant reader."""

from nianbao.io.xlsx.reader import XlsxReader
from nianbao.io.xlsx.writer import XlsxWriter

__all__ = ["XlsxReader", "XlsxWriter"]

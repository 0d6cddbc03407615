"""PDF: the printed form (writer) and published PDFs with a text layer read back (reader)."""

from nianbao.io.pdf.reader import PdfReader
from nianbao.io.pdf.writer import PdfWriter

__all__ = ["PdfReader", "PdfWriter"]

"""Text: the tab-separated dump of the Word table that the seed report is (reader and writer)."""

from nianbao.io.text.reader import TextReader, decode_text, text_cells
from nianbao.io.text.writer import TextWriter

__all__ = ["TextReader", "TextWriter", "decode_text", "text_cells"]

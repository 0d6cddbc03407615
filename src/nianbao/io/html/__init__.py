"""HTML: the page a site publishes (writer) and published pages read back (reader)."""

from nianbao.io.html.reader import HtmlReader
from nianbao.io.html.writer import HtmlWriter

__all__ = ["HtmlReader", "HtmlWriter"]

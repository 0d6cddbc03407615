"""Write the text layout: the official form as a tab-separated dump of its table, as the seed is written.

Each cell is a line starting with a tab, rows are separated by a blank line, and a cell covered by a merged
cell above it is written empty, so the columns of a row of values line up with the row of labels above.
"""

from __future__ import annotations

from typing import ClassVar

from nianbao.io.layout import FormLayout, build_layout
from nianbao.report.report import Report


def _table_lines(layout: FormLayout) -> list[str]:
    lines: list[str] = []
    covered: dict[int, int] = {}  # column -> rows still covered by a merged cell above
    for row in layout.rows:
        entries = [(col, "") for col, left in covered.items() if left > 0]
        covered = {col: left - 1 for col, left in covered.items() if left > 1}
        for cell in row:
            entries.append((cell.col, cell.text))
            if cell.rowspan > 1:
                covered[cell.col] = cell.rowspan - 1
        lines.extend("\t" + text for _, text in sorted(entries, key=lambda e: e[0]))
        lines.append("")
    return lines


def write_layout(layout: FormLayout) -> bytes:
    """Return a form layout as UTF-8 text: header lines, the table, signature, notes, 填写说明."""
    lines = [f"  {layout.title}", "", layout.year_line, f"{layout.unit.label}：{layout.unit.text}", ""]
    lines.extend(_table_lines(layout))
    lines.extend(["", layout.signature_line, ""])
    if layout.notes:
        lines.extend(["".join(layout.notes), ""])
    if layout.appendix:
        lines.extend(["填写说明", ""])
        for chapter in layout.appendix:
            lines.extend([chapter.heading, ""])
            for paragraph in chapter.paragraphs:
                lines.extend([paragraph, ""])
    return "\n".join(lines).encode("utf-8")


class TextWriter:
    format: ClassVar[str] = "text"
    suffix: ClassVar[str] = ".txt"
    mimetype: ClassVar[str] = "text/plain; charset=utf-8"

    def write(self, report: Report, *, appendix: bool = False) -> bytes:
        """Return the report as UTF-8 text in the seed's layout; `appendix` adds the 填写说明."""
        return write_layout(build_layout(report, appendix=appendix))

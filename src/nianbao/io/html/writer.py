"""Write a report as one standalone HTML page that a site can publish as is.

The page is built by direct string building from the shared layout model: a template engine would add
nothing for one fixed page and would cost time on a province's worth of reports.
"""

from __future__ import annotations

from functools import cache
from html import escape
from importlib import resources
from typing import ClassVar

from nianbao.io.layout import FormLayout, Kind, LayoutCell, build_layout
from nianbao.report.report import Report


@cache
def stylesheet() -> str:
    """Return the page's inline stylesheet."""
    return resources.files("nianbao.io.html").joinpath("style.css").read_text(encoding="utf-8")


def _cell(cell: LayoutCell, scope: str, label: str = "") -> str:
    spans = ""
    if cell.colspan > 1:
        spans += f' colspan="{cell.colspan}"'
    if cell.rowspan > 1:
        spans += f' rowspan="{cell.rowspan}"'
    text = escape(cell.text)
    if cell.kind is Kind.VALUE:
        # A value under a row of labels carries its label, shown beside it on a phone (style.css).
        data = f' data-label="{escape(label, quote=True)}"' if label else ""
        return f"<td{spans}{data}>{text}</td>"
    css = "" if cell.kind is Kind.LABEL else f' class="{cell.kind.value}"'
    return f'<th scope="{scope}"{css}{spans}>{text}</th>'


def _row_scope(row: tuple[LayoutCell, ...], next_row: tuple[LayoutCell, ...] | None) -> str:
    """Say whether the labels of a row head their row (pairs) or the row below (a row-layout group)."""
    labels = [c for c in row if c.kind is Kind.LABEL]
    values = [c for c in row if c.kind is Kind.VALUE]
    if labels and not values and next_row is not None:
        return "col"
    return "row"


def render_html(layout: FormLayout) -> str:
    """Return the page of a laid-out report."""
    title = escape(layout.title)
    year = escape(layout.year_line)
    unit = escape(layout.unit.text)
    parts = [
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        '<meta name="generator" content="nianbao">\n',
        f"<title>{title}{year}{(' — ' + unit) if unit else ''}</title>\n",
        f"<style>\n{stylesheet()}</style>\n</head>\n<body>\n<main>\n",
        '<table class="form">\n<caption>',
        f"<h1>{title}</h1>",
        f'<p class="year">{year}</p>',
        f'<p class="unit">{escape(layout.unit.label)}：<span>{unit}</span></p>',
        "</caption>\n",
        "<colgroup>" + "<col>" * layout.columns + "</colgroup>\n",
    ]
    for group in layout.groups:
        parts.append(f'<tbody data-section="{escape(group.key)}">\n')
        rows = group.rows
        above: dict[str, str] = {}  # the labels of a row of labels, by item, for the values below
        for n, row in enumerate(rows):
            scope = _row_scope(row, rows[n + 1] if n + 1 < len(rows) else None)
            cells = "".join(
                _cell(
                    c,
                    "rowgroup" if c.kind in (Kind.SECTION, Kind.SUBSECTION) else scope,
                    above.get(c.key, ""),
                )
                for c in row
            )
            above = {c.key: c.text for c in row if c.kind is Kind.LABEL} if scope == "col" else {}
            css = ' class="labels"' if scope == "col" else ""
            parts.append(f"<tr{css}>{cells}</tr>\n")
        parts.append("</tbody>\n")
    parts.append("</table>\n")
    if layout.signature:
        parts.append('<dl class="signature">')
        for f in layout.signature:
            parts.append(f"<div><dt>{escape(f.label)}</dt><dd>{escape(f.text)}</dd></div>")
        parts.append("</dl>\n")
    if layout.notes:
        parts.append('<div class="notes">')
        parts.extend(f"<p>{escape(note)}</p>" for note in layout.notes)
        parts.append("</div>\n")
    if layout.appendix:
        parts.append('<section class="appendix" aria-labelledby="appendix-title">\n')
        parts.append('<h2 id="appendix-title">填写说明</h2>\n')
        for chapter in layout.appendix:
            parts.append(f"<h3>{escape(chapter.heading)}</h3>\n")
            parts.extend(f"<p>{escape(p)}</p>\n" for p in chapter.paragraphs)
        parts.append("</section>\n")
    parts.append("</main>\n</body>\n</html>\n")
    return "".join(parts)


class HtmlWriter:
    """Write the official form as a standalone, accessible HTML page (A4 when printed)."""

    format: ClassVar[str] = "html"
    suffix: ClassVar[str] = ".html"
    mimetype: ClassVar[str] = "text/html; charset=utf-8"

    def write(self, report: Report, *, appendix: bool = False) -> bytes:
        """Return the report as an HTML page in UTF-8."""
        return render_html(build_layout(report, appendix=appendix)).encode("utf-8")

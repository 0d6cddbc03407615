"""Write a report as an A4 PDF in the official layout, with the CJK font embedded (subset).

ReportLab embeds TrueType outlines only, so the font is WenQuanYi Zen Hei (Debian fonts-wqy-zenhei, a
TrueType collection); Noto CJK is CFF-based and cannot be embedded by ReportLab. Every group of the form
is its own ruled table, so a page break falls between sections and the PDF reader finds ruled cells.
Values are printed on one line (the font shrinks to fit) so that reading them back never has to guess
whether a line break stood for a space.
"""

from __future__ import annotations

import io
import os
import re
from functools import cache
from pathlib import Path
from typing import ClassVar
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from nianbao.io.layout import VALUE_COL, FormLayout, Group, Kind, build_layout
from nianbao.report.report import Report

FONT_NAME = "NianbaoCJK"
# Zen Hei has □ but no ☑: the tick boxes are drawn in DejaVu Sans (Debian fonts-dejavu-core).
SYMBOL_FONT_NAME = "NianbaoSymbols"
SYMBOL_FONT_CANDIDATES = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",)
BOXES = "☑□"
# Where Debian's fonts-wqy-zenhei puts the font; NIANBAO_PDF_FONT may name another TrueType font.
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
)
MARGIN = 15 * mm
# Column widths of the grid (nianbao.io.layout.COLUMNS), in mm; they add up to the A4 text width.
# The section column holds （单位：条） on one line, so 信息发布（单位：条） prints on two lines as on paper.
COLUMN_WIDTHS_MM = (22, 21, 20, 19, 24.5, 24.5, 24.5, 24.5)
FONT_SIZE = 9.0
MIN_FONT_SIZE = 4.0
PADDING = 3.0


class FontMissing(RuntimeError):
    """No CJK TrueType font is installed; the message says which package to install."""


def _register(name: str, candidates: tuple[str, ...], package: str) -> None:
    for candidate in candidates:
        path = Path(candidate)
        if path.is_file():
            # A TrueType collection (.ttc) holds several faces; the first is the regular one.
            pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
            return
    raise FontMissing(
        f"未找到 PDF 所需的字体：请安装 Debian 软件包 {package}，或用 NIANBAO_PDF_FONT 指定中文字体文件"
    )


@cache
def register_font() -> str:
    """Register the CJK and symbol fonts with ReportLab once per process and return the CJK font's name."""
    override = os.environ.get("NIANBAO_PDF_FONT")
    _register(FONT_NAME, (override,) if override else FONT_CANDIDATES, "fonts-wqy-zenhei")
    _register(SYMBOL_FONT_NAME, SYMBOL_FONT_CANDIDATES, "fonts-dejavu-core")
    return FONT_NAME


def _markup(text: str) -> str:
    """Return text as Paragraph markup, the tick boxes set in the symbol font."""
    out = escape(text)
    for box in BOXES:
        out = out.replace(box, f'<font name="{SYMBOL_FONT_NAME}">{box}</font>')
    return out


@cache
def _styles() -> dict[str, ParagraphStyle]:
    font = register_font()
    base = ParagraphStyle("base", fontName=font, fontSize=FONT_SIZE, leading=FONT_SIZE * 1.35, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", base, fontSize=18, leading=24, alignment=TA_CENTER),
        "year": ParagraphStyle("year", base, fontSize=11, leading=16, alignment=TA_CENTER, spaceAfter=4),
        "line": ParagraphStyle("line", base, fontSize=10.5, leading=15, spaceAfter=4),
        # The CJK line breaker keeps a closing bracket on the line it ends, past the cell's edge; the
        # right indent leaves room for it so it never spills into the value cell.
        "cell": ParagraphStyle("cell", base, rightIndent=FONT_SIZE),
        "head": ParagraphStyle("head", base, alignment=TA_CENTER),
        "note": ParagraphStyle("note", base, fontSize=8.5, leading=12),
        "h2": ParagraphStyle("h2", base, fontSize=14, leading=20, alignment=TA_CENTER, spaceAfter=6),
        "h3": ParagraphStyle("h3", base, fontSize=10.5, leading=16, spaceBefore=6),
        "help": ParagraphStyle("help", base, fontSize=9, leading=13, firstLineIndent=18),
    }


def _fit(text: str, width: float) -> float:
    """Return the font size at which a value fits on one line of a cell of this width."""
    available = width - 2 * PADDING
    size = FONT_SIZE
    measured = pdfmetrics.stringWidth(text, FONT_NAME, size)
    if measured > available:
        size = max(MIN_FONT_SIZE, size * available / measured)
    return size


# No line starts with closing punctuation nor ends with an opening bracket (办件量（单位 / ：件） is wrong).
_NO_LINE_START = "）)：:，,。.、；;！!？?%％』」》"
_NO_LINE_END = "（(『「《"


def _label_lines(text: str, width: float) -> str:
    """Return a label as Paragraph markup broken into lines that fit `width`, following the rules of
    Chinese line breaking above; runs of Latin letters and digits (ICP, UV) are never broken."""
    tokens = re.findall(r"[0-9A-Za-z]+|.", text, flags=re.S)
    lines: list[str] = []
    line = ""
    for token in tokens:
        if token == "\n":
            lines.append(line)
            line = ""
            continue
        candidate = line + token
        if line and pdfmetrics.stringWidth(candidate, FONT_NAME, FONT_SIZE) > width:
            # Move the last character along when the break would leave it ending or starting badly.
            while line and (token[0] in _NO_LINE_START or line[-1] in _NO_LINE_END) and len(line) > 1:
                token, line = line[-1] + token, line[:-1]
                if token[0] not in _NO_LINE_START and line[-1] not in _NO_LINE_END:
                    break
            lines.append(line)
            line = token
        else:
            line = candidate
    lines.append(line)
    return "<br/>".join(escape(part) for part in lines if part)


def _option_lines(text: str, width: float) -> str:
    """Return ☑/□ options on one line when they fit the cell, else one option a line (never broken
    inside an option: □专 / 项网站)."""
    if pdfmetrics.stringWidth(text, FONT_NAME, FONT_SIZE) <= width - 2 * PADDING:
        return _markup(text)
    options = [part for part in re.split(r"(?=[☑□])", text) if part.strip()]
    return "<br/>".join(_markup(option.strip()) for option in options)


def _group_table(group: Group, widths: list[float], columns: int) -> Table:
    styles = _styles()
    rows = group.rows
    grid: list[list[object]] = [["" for _ in range(columns)] for _ in rows]
    commands: list[tuple[object, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),
        ("FONTSIZE", (0, 0), (-1, -1), FONT_SIZE),
        ("ALIGN", (VALUE_COL, 0), (-1, -1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
    ]
    for r, row in enumerate(rows):
        for cell in row:
            c = cell.col
            width = sum(widths[c : c + cell.colspan])
            if cell.kind is Kind.VALUE and any(box in cell.text for box in BOXES):
                grid[r][c] = Paragraph(_option_lines(cell.text, width), styles["head"])
            elif cell.kind is Kind.VALUE:
                grid[r][c] = cell.text
                size = _fit(cell.text, width)
                if size != FONT_SIZE:
                    commands.append(("FONTSIZE", (c, r), (c, r), size))
                commands.append(("ALIGN", (c, r), (c, r), "CENTER"))
            else:
                style = styles["cell"] if cell.kind is Kind.LABEL else styles["head"]
                # 信息发布 above （单位：条）, as on paper, rather than broken inside the bracket.
                text = cell.text if cell.kind is Kind.LABEL else cell.text.replace("（单位", "\n（单位", 1)
                grid[r][c] = Paragraph(_label_lines(text, width - 2 * PADDING - style.rightIndent), style)
                if cell.kind is not Kind.LABEL:
                    commands.append(("BACKGROUND", (c, r), (c, r), colors.HexColor("#f0f0f0")))
            if cell.colspan > 1 or cell.rowspan > 1:
                commands.append(("SPAN", (c, r), (c + cell.colspan - 1, r + cell.rowspan - 1)))
    # The section's name heads its first row; should a section ever outgrow a page, it is repeated.
    return Table(grid, colWidths=widths, style=TableStyle(commands), repeatRows=1)


def build_story(layout: FormLayout) -> list[object]:
    """Return the flowables of the form: header lines, one ruled table per group, signature, notes."""
    styles = _styles()
    widths = [w * mm for w in COLUMN_WIDTHS_MM]
    story: list[object] = [
        Paragraph(escape(layout.title), styles["title"]),
        Paragraph(escape(layout.year_line), styles["year"]),
        Paragraph(f"{escape(layout.unit.label)}：{escape(layout.unit.text)}", styles["line"]),
    ]
    tables = [_group_table(group, widths, layout.columns) for group in layout.groups]
    # A section is never split over two pages (a table longer than a page would be, repeating its
    # section's name at the top: repeatRows is set in _group_table for that case).
    story.extend(KeepTogether([table]) for table in tables[:-1])
    signature = "　　".join(f"{f.label}：{f.text}" for f in layout.signature)
    # One line, as on paper, so that no field is broken across lines: the font shrinks to fit.
    size = min(styles["line"].fontSize, _fit(signature, A4[0] - 2 * MARGIN))
    line_style = ParagraphStyle("signature", styles["line"], fontSize=size, leading=size * 1.4)
    # The signature and the notes sign the table: they stay on the page of its last section.
    story.append(
        KeepTogether(
            [
                *tables[-1:],
                Spacer(1, 4 * mm),
                Paragraph(escape(signature), line_style),
                Spacer(1, 2 * mm),
                *(Paragraph(escape(note), styles["note"]) for note in layout.notes),
            ]
        )
    )
    if layout.appendix:
        story.append(PageBreak())
        story.append(Paragraph("填写说明", styles["h2"]))
        for chapter in layout.appendix:
            story.append(Paragraph(escape(chapter.heading), styles["h3"]))
            story.extend(Paragraph(escape(p), styles["help"]) for p in chapter.paragraphs)
    return story


def render_pdf(layout: FormLayout) -> bytes:
    """Return the PDF of a laid-out report."""
    buffer = io.BytesIO()
    title = f"{layout.title}{layout.year_line}"
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        subject=layout.unit.text,
        creator="nianbao",
        lang="zh-CN",
        invariant=True,
        # The canvas would otherwise name Helvetica, a font no page uses and that is never embedded.
        initialFontName=register_font(),
        initialFontSize=FONT_SIZE,
    )
    doc.build(build_story(layout))
    return buffer.getvalue()


class PdfWriter:
    """Write the official form as an A4 PDF with the CJK font embedded."""

    format: ClassVar[str] = "pdf"
    suffix: ClassVar[str] = ".pdf"
    mimetype: ClassVar[str] = "application/pdf"

    def write(self, report: Report, *, appendix: bool = False) -> bytes:
        """Return the report as PDF bytes."""
        return render_pdf(build_layout(report, appendix=appendix))

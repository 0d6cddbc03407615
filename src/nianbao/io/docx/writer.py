"""Write a report as the Word file units print, stamp and publish: the official form as a real Word table.

The layout comes from nianbao.io.layout, so Word agrees with the HTML, XLSX and PDF. The table is written
as WordprocessingML directly (one parse per document): python-docx's cell-by-cell API and merge calls are
far too slow for a form of some eighty rows, and the XML is what Word and LibreOffice read anyway.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from functools import cache
from typing import ClassVar
from xml.sax.saxutils import escape

from nianbao.io.layout import APPENDIX_TITLE, COLUMNS, FormLayout, Kind, LayoutCell, build_layout
from nianbao.report.report import Report

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# A4 in twentieths of a point, and margins that leave room above the title and beside the unit line
# for the seal (盖章) without pushing the table off the page.
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 1701, 1417, 1474, 1361
TABLE_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
# Column widths of the 8-column grid: section, sub-section, two label columns, four value columns. The
# section column takes （单位：条） on one line, so 信息发布（单位：条） prints on two lines as on paper.
_WEIGHTS = (118, 98, 96, 96, 83, 83, 83, 83)
COL_WIDTHS = tuple(TABLE_WIDTH * w // sum(_WEIGHTS) for w in _WEIGHTS)

# Printed labels in 宋体; the title in 宋体 bold; values and the lines outside the table in 仿宋_GB2312,
# as official forms set them. Latin text and digits use Times New Roman.
SONG = "宋体"
FANGSONG = "仿宋_GB2312"
LATIN = "Times New Roman"
# Word falls back through the font table's altName when a font is missing (仿宋_GB2312 is not shipped
# with current Windows; 仿宋 is), and LibreOffice through its own substitution table and fontconfig.
_FONT_TABLE_ENTRIES = (
    (SONG, "SimSun", "02010600030101010101"),
    (FANGSONG, "仿宋", "02010609030101010101"),
    ("仿宋", "FangSong", "02010609060101010101"),
)
_KEPT_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "TableGrid"}
_DROPPED_PACKAGE_PARTS = {"thumbnail"}
_DROPPED_PARTS = {"stylesWithEffects", "customXml", "webSettings", "numbering"}
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class DocxWriter:
    """Write the official form as a .docx file."""

    format: ClassVar[str] = "docx"
    suffix: ClassVar[str] = ".docx"
    mimetype: ClassVar[str] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def write(self, report: Report, *, appendix: bool = False) -> bytes:
        """Return the report as a Word document; `appendix` adds the 填写说明 on a new page."""
        import docx  # deferred: only reading or writing Word files needs it
        from docx.oxml import parse_xml

        layout = build_layout(report, appendix=appendix)
        document = docx.Document(io.BytesIO(_base_document()))
        # One parse of the whole main part, swapped in for the base one: moving parsed elements from
        # one tree to another costs more than parsing them in place.
        head, tail = _document_xml_halves()
        document.part._element = parse_xml(head + _body_xml(layout) + tail)
        document = document.part.document
        props = document.core_properties
        props.title = layout.title
        props.subject = _ILLEGAL_XML.sub("", layout.unit.text)[:255]
        props.language = "zh-CN"
        props.author = ""
        props.last_modified_by = ""
        props.revision = 1
        now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
        props.created = props.modified = now
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()


@cache
def _document_xml_halves() -> tuple[str, str]:
    """Return the base main part's XML split where the body's content goes (before w:sectPr)."""
    import docx
    from lxml import etree

    element = docx.Document(io.BytesIO(_base_document())).element
    text = etree.tostring(element, encoding="unicode")
    cut = text.index("<w:sectPr")
    return text[:cut], text[cut:]


@cache
def _base_document() -> bytes:
    """Return an empty document with the form's page, fonts and spacing set, built once per process."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from docx.shared import Twips

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Twips(PAGE_WIDTH), Twips(PAGE_HEIGHT)
    section.top_margin, section.bottom_margin = Twips(MARGIN_TOP), Twips(MARGIN_BOTTOM)
    section.left_margin, section.right_margin = Twips(MARGIN_LEFT), Twips(MARGIN_RIGHT)
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    defaults.getparent().replace(
        defaults,
        parse_xml(
            f'<w:docDefaults xmlns:w="{W_NS}"><w:rPrDefault><w:rPr>'
            f"{_fonts_xml(SONG)}"
            '<w:kern w:val="2"/><w:sz w:val="21"/><w:szCs w:val="21"/>'
            '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
            "</w:rPr></w:rPrDefault>"
            '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
            "</w:pPrDefault>"
            "</w:docDefaults>"
        ),
    )
    normal = document.styles["Normal"].element
    for old in normal.findall(qn("w:rPr")):
        normal.remove(old)
    # The stock template carries hundreds of styles the form never uses; parsing them on every write
    # would cost more than the form itself.
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in _KEPT_STYLES:
            styles.remove(style)
    for latent in styles.findall(qn("w:latentStyles")):
        styles.remove(latent)
    for rels, kinds in (
        (document.part.package.rels, _DROPPED_PACKAGE_PARTS),
        (document.part.rels, _DROPPED_PARTS),
    ):
        for rid, rel in list(rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in kinds:
                rels.pop(rid)
    font_part = next(p for p in document.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
    fonts = parse_xml(font_part.blob)
    for name, alt, panose in _FONT_TABLE_ENTRIES:
        fonts.append(
            parse_xml(
                f'<w:font xmlns:w="{W_NS}" w:name="{name}"><w:altName w:val="{alt}"/>'
                f'<w:panose1 w:val="{panose}"/><w:charset w:val="86"/><w:family w:val="modern"/>'
                '<w:pitch w:val="variable"/></w:font>'
            )
        )
    from lxml import etree

    # python-docx keeps parts it does not model (the font table among them) as plain bytes.
    font_part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _fonts_xml(east_asia: str) -> str:
    latin = f'w:ascii="{LATIN}" w:hAnsi="{LATIN}" w:cs="{LATIN}"'
    return f'<w:rFonts {latin} w:eastAsia="{east_asia}" w:hint="eastAsia"/>'


def _text(text: str) -> str:
    return escape(_ILLEGAL_XML.sub("", text))


def _run(text: str, *, font: str = SONG, size: int = 21, bold: bool = False) -> str:
    """Return a w:r in the given east-asian font and size (half-points); tabs and line breaks kept."""
    props = f"<w:rPr>{_fonts_xml(font)}{'<w:b/><w:bCs/>' if bold else ''}"
    props += f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
    parts = []
    for n, line in enumerate(text.split("\n")):
        if n:
            parts.append("<w:br/>")
        for m, chunk in enumerate(line.split("\t")):
            if m:
                parts.append("<w:tab/>")
            if chunk:
                parts.append(f'<w:t xml:space="preserve">{_text(chunk)}</w:t>')
    return f"<w:r>{props}{''.join(parts)}</w:r>"


def _paragraph(
    runs: str,
    *,
    align: str = "left",
    before: int = 0,
    after: int = 0,
    page_break: bool = False,
    keep_next: bool = False,
) -> str:
    brk = "<w:pageBreakBefore/>" if page_break else ""
    # keepNext holds a section's rows together and the signature with the end of the table.
    keep = "<w:keepNext/>" if keep_next else ""
    return (
        f"<w:p><w:pPr>{brk}{keep}"
        f'<w:spacing w:before="{before}" w:after="{after}"/><w:jc w:val="{align}"/></w:pPr>'
        f"{runs}</w:p>"
    )


# Half-points: values print at 10.5 pt, shrinking to no less than 7 pt for a code or address that would
# otherwise break inside (CA213280000409846310003, 桂公网安备45070302000630号).
VALUE_SIZE, MIN_VALUE_SIZE = 21, 14
_CELL_MARGINS = 2 * 85


def _value_size(text: str, width: int) -> int:
    """Return the font size (half-points) at which the longest code or address of a value fits its cell.

    Chinese text wraps anywhere, as it does on paper; only runs with many Latin letters or digits (codes,
    addresses) would break inside, so only they shrink the text.
    """
    tokens = [t for t in re.split(r"[\s　]+", text) if len(re.findall(r"[0-9A-Za-z]", t)) >= 8]
    longest = max((_text_width(token) for token in tokens), default=0.0)  # in ems
    if not longest:
        return VALUE_SIZE
    room = (width - _CELL_MARGINS) / 10  # twips → half-points per em of text
    return max(MIN_VALUE_SIZE, min(VALUE_SIZE, int(room / longest)))


def _too_wide_options(text: str, width: int) -> bool:
    """Return True for ☑/□ options that do not fit on one line of their cell."""
    if "☑" not in text and "□" not in text:
        return False
    return _text_width(text) * VALUE_SIZE * 10 > width - _CELL_MARGINS


def _text_width(text: str) -> float:
    """Return a text's width in ems: Latin letters and digits about two thirds of an em (DejaVu Serif, which
    LibreOffice uses for Times New Roman where that is not installed, is that wide), Chinese one."""
    return sum(0.68 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def _body_xml(layout: FormLayout) -> str:
    parts = [
        _paragraph(_run(layout.title, size=36, bold=True), align="center", after=120),
        _paragraph(_run(layout.year_line, font=FANGSONG, size=28), align="center", after=120),
        _paragraph(
            _run(f"{layout.unit.label}：", font=FANGSONG, size=24)
            + _run(layout.unit.text, font=FANGSONG, size=24),
            after=120,
        ),
        _table_xml(layout),
        *_signature_paragraphs(layout),
    ]
    last = len(layout.notes) - 1
    parts.extend(
        _paragraph(_run(note, size=18), after=0, keep_next=n < last) for n, note in enumerate(layout.notes)
    )
    if layout.appendix:
        parts.append(
            _paragraph(_run(APPENDIX_TITLE, size=32, bold=True), align="center", page_break=True, after=240)
        )
        for chapter in layout.appendix:
            parts.append(_paragraph(_run(chapter.heading, size=24, bold=True), before=120, after=60))
            parts.extend(
                _paragraph(_run(text, font=FANGSONG, size=21), after=60) for text in chapter.paragraphs
            )
    return "".join(parts)


# The signature fields do not fit on one line of A4: the people on the first line, the telephone and the
# date on the second, so no field is broken or pushed onto an indented continuation.
SIGNATURE_LINES = 3


def _signature_paragraphs(layout: FormLayout) -> list[str]:
    fields = layout.signature
    lines = [fields[:SIGNATURE_LINES], fields[SIGNATURE_LINES:]]
    out = []
    for n, line in enumerate(part for part in lines if part):
        out.append(_paragraph(_signature_runs(line), before=240 if n == 0 else 0, after=60, keep_next=True))
    return out


def _signature_runs(fields: tuple) -> str:
    # Fields are separated by a tab, so a reader can tell them apart even when a name holds a space.
    runs = []
    for n, field in enumerate(fields):
        runs.append(_run(("\t\t" if n else "") + f"{field.label}：", font=FANGSONG, size=24))
        runs.append(_run(field.text, font=FANGSONG, size=24))
    return "".join(runs)


def _grid(layout: FormLayout) -> list[list[tuple[str, LayoutCell | None]]]:
    """Return each row as (role, cell) per starting column: "start", "cont" (merged from above) or "gap"."""
    covered: dict[tuple[int, int], LayoutCell] = {}
    grid = []
    for r, row in enumerate(layout.rows):
        starts = {cell.col: cell for cell in row}
        out: list[tuple[str, LayoutCell | None]] = []
        col = 0
        while col < COLUMNS:
            if col in starts:
                cell = starts[col]
                out.append(("start", cell))
                for extra in range(1, cell.rowspan):
                    covered[(r + extra, col)] = cell
                col += cell.colspan
            elif (r, col) in covered:
                cell = covered[(r, col)]
                out.append(("cont", cell))
                col += cell.colspan
            else:
                out.append(("gap", None))
                col += 1
        grid.append(out)
    return grid


def _table_xml(layout: FormLayout) -> str:
    border = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    borders = "".join(
        border.format(side) for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    grid_cols = "".join(f'<w:gridCol w:w="{w}"/>' for w in COL_WIDTHS)
    rows = []
    # The last row of each section: a section's other rows keep with the next, so a page break falls
    # only between sections (the last row of the table keeps with the signature below it).
    ends: set[int] = set()
    count = 0
    for group in layout.groups:
        count += len(group.rows)
        ends.add(count - 1)
    ends.discard(count - 1)
    for r, row in enumerate(_grid(layout)):
        cells = []
        col = 0
        for role, cell in row:
            span = cell.colspan if cell is not None else 1
            width = sum(COL_WIDTHS[col : col + span])
            col += span
            props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
            if span > 1:
                props += f'<w:gridSpan w:val="{span}"/>'
            if cell is not None and cell.rowspan > 1:
                props += '<w:vMerge w:val="restart"/>' if role == "start" else "<w:vMerge/>"
            props += '<w:vAlign w:val="center"/>'
            content = ""
            align = "left"
            if role == "start" and cell is not None:
                is_value = cell.kind is Kind.VALUE
                size = _value_size(cell.text, width) if is_value else 21
                text = cell.text
                if is_value and _too_wide_options(text, width):
                    # □政府门户网站 ☑部门网站 □专项网站: one option a line rather than one broken inside.
                    text = re.sub(r"\s+(?=[☑□])", "\n", text)
                if cell.kind in (Kind.SECTION, Kind.SUBSECTION):
                    # 信息发布 above （单位：条）, as on paper, rather than broken inside the bracket.
                    text = text.replace("（单位", "\n（单位", 1)
                content = _run(text, font=FANGSONG if is_value else SONG, size=size)
                align = "left" if is_value or cell.kind is Kind.LABEL else "center"
            paragraph = _paragraph(content, align=align, keep_next=r not in ends)
            cells.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraph}</w:tc>")
        rows.append(f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="397"/></w:trPr>{"".join(cells)}</w:tr>')
    return (
        "<w:tbl><w:tblPr>"
        f'<w:tblW w:w="{TABLE_WIDTH}" w:type="dxa"/><w:jc w:val="center"/>'
        f"<w:tblBorders>{borders}</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0"'
        ' w:noHBand="0" w:noVBand="0"/>'
        f"</w:tblPr><w:tblGrid>{grid_cols}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )

"""Published pages vary; each reading case below is tried over generated variations of such pages.

- full-width punctuation in a text value stays as written (folding is for labels and numbers only);
- glyphs merely spaced in a PDF (i 桂川, 326 条) are read without spaces;
- a row section whose labels end one PDF page and whose values start the next gets its values, even when
  the page break splits the section's name (征集调 / 查);
- a signature written as one paragraph, 填报单位 first, fields separated by full-width spaces, is read;
- names in traditional characters become simplified with a warning naming the item, unless kept.
"""

from __future__ import annotations

import io
import re
import zipfile

import opencc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from nianbao.io.docx import DocxReader, DocxWriter
from nianbao.io.html import HtmlReader, HtmlWriter
from nianbao.io.pdf import PdfReader
from nianbao.io.pdf.writer import register_font
from nianbao.io.placement import keep_traditional
from nianbao.report.values import Value
from tests.io.samples import TEMPLATE, seed_like

QUICK = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HANZI = "示例市城管执法发布桂川新闻政务钦州网站中心"
PUNCTUATION = "，：；、“”（）！？《》—…"
_S2T = opencc.OpenCC("s2t")

names = st.text(alphabet=HANZI + PUNCTUATION + "ab12", min_size=2, max_size=16).filter(
    lambda t: any(c in HANZI for c in t) and t.strip(PUNCTUATION) and t[0] in HANZI
)


# -- full-width punctuation -------------------------------------------------------------------------


@QUICK
@given(name=names, other=names)
def test_full_width_punctuation_in_text_is_stored_as_written(name, other):
    report = seed_like()
    report.set("basic.site_name", Value.of(name))
    report.set("media.weibo.name", Value.of(other))
    for writer, reader, file in (
        (HtmlWriter(), HtmlReader(), "a.html"),
        (DocxWriter(), DocxReader(), "a.docx"),
    ):
        read = reader.read(writer.write(report), name=file).report
        assert read.get("basic.site_name").data == name
        assert read.get("media.weibo.name").data == other


def test_numbers_written_with_full_width_digits_still_read_as_numbers():
    page = HtmlWriter().write(seed_like()).decode("utf-8").replace(">551<", ">５５１条<")
    assert HtmlReader().read(page.encode(), name="a.html").report.get("info.total").data == 551


# -- PDF glyph spacing ------------------------------------------------------------------------------


def _ruled_pdf(rows: list[list[str]], spacing: float, pages: list[int] | None = None) -> bytes:
    """Draw rows of cells in a ruled grid (each cell 130 points wide), text set with extra spacing."""
    font = register_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    top, height, width = 780, 28, 130
    y = top
    page_of_row = pages or [0] * len(rows)
    for r, row in enumerate(rows):
        if r and page_of_row[r] != page_of_row[r - 1]:
            canvas.showPage()
            y = top
        canvas.setFont(font, 9)
        for c, text in enumerate(row):
            x0 = 30 + c * width
            canvas.rect(x0, y - height, width, height, stroke=1, fill=0)
            _spaced_string(canvas, font, x0 + 3, y - height + 9, text, spacing)
        y -= height
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _spaced_string(canvas: Canvas, font: str, x: float, y: float, text: str, spacing: float) -> None:
    """Set each run of Latin letters or digits and each Chinese character as its own piece of text, a
    gap apart, as Word does between 326 and 条 or in a letter-spaced cell."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for piece in re.findall(r"[A-Za-z0-9:/.\-]+|.", text):
        canvas.drawString(x, y, piece)
        x += stringWidth(piece, font, 9) + spacing


@QUICK
@given(
    # Up to a fifth of an em, as Word and LibreOffice space Chinese from Latin text (a wider gap is
    # taken for a space: PDFium reports some real spaces as gaps too).
    spacing=st.floats(min_value=1.0, max_value=1.9),
    total=st.integers(0, 99_999),
    name=names.filter(lambda t: len(t) <= 7),  # short enough to stay inside its cell
)
def test_spaced_glyphs_in_a_pdf_are_read_without_spaces(spacing, total, name):
    name = re.sub(r"\s", "", name)
    rows = [
        ["网站名称", name, "公开时间", "2021年1月15日"],
        ["首页网址", "http://a.example.gov.cn/", "政府网站标识码", "4507000026"],
        ["信息发布", "总数", f"{total}条", ""],
        ["微博", "名称", f"i{name}", ""],
    ]
    result = PdfReader().read(_ruled_pdf(rows, spacing), name="spaced.pdf", template=TEMPLATE)
    report = result.report
    assert report.get("basic.site_name").data == name
    assert report.get("info.total").data == total
    assert report.get("media.weibo.name").data == f"i{name}"


# -- a row section over a page break ----------------------------------------------------------------

LABELS = [
    "征集调查期数（单位：期）",
    "收到意见数量（单位：条）",
    "公布调查结果数量（单位：条）",
    "参与人数（单位：人次）",
]


@QUICK
@given(
    cut_section=st.integers(0, 3),
    cut_sub=st.integers(0, 3),
    values=st.lists(st.integers(0, 9999), min_size=4, max_size=4),
)
def test_row_values_on_the_next_pdf_page_belong_to_the_labels_above(cut_section, cut_sub, values):
    # The merged section and sub-section cells go on over the page break; a name may be cut anywhere.
    section, sub = "互动交流", "征集调查"
    pdf = _two_page_row_section(section, sub, cut_section, cut_sub, values)
    result = PdfReader().read(pdf, name="split.pdf", template=TEMPLATE)
    report = result.report
    keys = [
        "interaction.survey.periods",
        "interaction.survey.opinions",
        "interaction.survey.results",
        "interaction.survey.participants",
    ]
    assert [report.get(k).data for k in keys] == values
    assert not [f for f in result.findings if f.code == "W-READ-UNPLACED"]


def _two_page_row_section(section: str, sub: str, cut_section: int, cut_sub: int, values: list[int]) -> bytes:
    """Page 1 ends with the labels of 征集调查, page 2 starts with its values (six ruled columns)."""
    font = register_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    widths = [50, 60, 110, 110, 110, 110]
    xs = [30 + sum(widths[:n]) for n in range(len(widths) + 1)]

    def row(y: float, texts: list[str], height: float = 40) -> None:
        for n, text in enumerate(texts):
            canvas.rect(xs[n], y - height, widths[n], height, stroke=1, fill=0)
            canvas.setFont(font, 7)
            canvas.drawString(xs[n] + 2, y - height / 2, text)

    def pairs(y: float, label: str, value: str, other_label: str, other_value: str) -> None:
        row(y, ["", "", label, value, other_label, other_value], 28)

    pairs(800, "网站名称", "示例网站", "公开时间", "2021年1月15日")
    pairs(772, "首页网址", "http://a.example.gov.cn/", "政府网站标识码", "4507000026")
    head_section = section[:cut_section] if cut_section else section
    head_sub = sub[:cut_sub] if cut_sub else sub
    row(744, [head_section, head_sub, *LABELS])
    canvas.showPage()
    tail_section = section[cut_section:] if cut_section else ""
    tail_sub = sub[cut_sub:] if cut_sub else ""
    row(800, [tail_section, tail_sub, *map(str, values)])
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# -- signature paragraph --------------------------------------------------------------------------

SIGNATURE = [
    ("单位负责人", "张示例"),
    ("审核人", "李示例"),
    ("填报人", "王示例"),
    ("联系电话", "0777-2862235"),
]


@QUICK
@given(
    gaps=st.lists(st.sampled_from(["　", "　　", "　 ", "  　"]), min_size=5, max_size=5),
    colon=st.sampled_from(["：", ":"]),
    unit=st.sampled_from(["填报单位", "填报单位（盖章）"]),
)
def test_a_signature_paragraph_headed_by_the_unit_is_read(gaps, colon, unit):
    fields = [(unit, "示例市城市管理局"), *SIGNATURE, ("填报时间", "2021年1月15日")]
    line = "".join(
        f"{label}{colon}{value}{gaps[n] if n < 5 else ''}" for n, (label, value) in enumerate(fields)
    )
    page = HtmlWriter().write(seed_like()).decode("utf-8")
    page = re.sub(r"<dl.*?</dl>", f"<p>{line}</p>", page, flags=re.S)
    docx = _docx_with_signature(line)
    for data, reader, file in ((page.encode(), HtmlReader(), "a.html"), (docx, DocxReader(), "a.docx")):
        result = reader.read(data, name=file)
        report = result.report
        assert report.get("signature.head").data == "张示例", file
        assert report.get("signature.reviewer").data == "李示例"
        assert report.get("signature.filler").data == "王示例"
        assert report.get("signature.phone").data == "0777-2862235"
        assert report.get("signature.date").data.isoformat() == "2021-01-15"
        assert report.get("header.unit").data == "示例市城市管理局"


def _docx_with_signature(line: str) -> bytes:
    data = DocxWriter().write(seed_like())
    source = zipfile.ZipFile(io.BytesIO(data))
    xml = source.read("word/document.xml").decode("utf-8")
    start = xml.rindex("<w:p>", 0, xml.index("单位负责人"))
    end = xml.index("</w:p>", start) + len("</w:p>")
    xml = xml[:start] + f'<w:p><w:r><w:t xml:space="preserve">{line}</w:t></w:r></w:p>' + xml[end:]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            target.writestr(
                entry, xml if entry.filename == "word/document.xml" else source.read(entry.filename)
            )
    return out.getvalue()


# -- traditional characters -----------------------------------------------------------------------

simple_names = st.sampled_from(
    ["示例市网站", "钦州市城市管理局", "每周发布", "示例县备案号说明", "广西网络中心"]
)


@QUICK
@given(name=simple_names)
def test_traditional_names_become_simplified_with_a_warning_naming_the_item(name):
    written = _S2T.convert(name)
    assert written != name
    report = seed_like()
    report.set("basic.sponsor", Value.of(written))
    data = HtmlWriter().write(report)
    result = HtmlReader().read(data, name="繁.html")
    assert result.report.get("basic.sponsor").data == name
    warnings = [f for f in result.findings if f.code == "W-READ-TRADITIONAL"]
    assert [f.items for f in warnings] == [("basic.sponsor",)]
    assert "主办单位" in warnings[0].message and written in warnings[0].message
    with keep_traditional():
        kept = HtmlReader().read(data, name="繁.html")
    assert kept.report.get("basic.sponsor").data == written
    assert not [f for f in kept.findings if f.code == "W-READ-TRADITIONAL"]

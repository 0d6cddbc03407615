"""Unruled tables: cells rebuilt from column positions and the spacing of a cell's wrapped lines.

The layouts are generated: where the label column ends, how far apart the columns stand, where a label
wraps, how tight the rows are and whether a cell's text sits at its top (Word) or its middle (a browser).
"""

from __future__ import annotations

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from nianbao.forms.template import get_template
from nianbao.io.pdf import PdfReader
from nianbao.io.pdf.writer import register_font
from nianbao.report.values import Value

# (label, item, a value a fictional site might print) for each pair of the 基本信息 rows.
PAIRS = [
    ("网站名称", "basic.site_name", "示例乡人民政府网"),
    ("首页网址", "basic.home_url", "http://www.shilixiang.gov.cn/"),
    ("主办单位", "basic.sponsor", "示例乡人民政府"),
    ("政府网站标识码", "basic.site_code", "4508210099"),
    ("承办单位", "basic.organizer", "示例乡党政办"),
    ("公安机关备案号", "basic.psb", "桂公网安备45082102000999号"),
]
SIZE = 10.0


@st.composite
def layouts(draw):
    return {
        "label_extra": draw(st.floats(min_value=0.0, max_value=2 * SIZE)),  # beyond the longest line
        "padding": draw(st.floats(min_value=6.0, max_value=14.0)),
        "line": draw(st.floats(min_value=1.1 * SIZE, max_value=1.4 * SIZE)),
        "row_extra": draw(st.floats(min_value=0.45, max_value=1.0)),  # beyond two lines, in lines
        "middle": draw(st.booleans()),
        # Where each label wraps (0: it does not).
        "breaks": [draw(st.integers(min_value=0, max_value=len(label) - 1)) for label, _, _ in PAIRS],
    }


def _pdf(layout: dict, note: str = "") -> bytes:
    """Draw the pairs two to a row with no rulings, each label wrapped where the layout says; the label
    column is as wide as its longest line (as a table sizes it), and `note` stands between the rows."""
    font = register_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setFont(font, 12)
    canvas.drawString(200, 800, "（2020年度）")
    canvas.drawString(40, 780, "填报单位（盖章）：示例乡人民政府")
    canvas.setFont(font, SIZE)
    line, padding = layout["line"], layout["padding"]
    row_height = line * (2 + layout["row_extra"])
    parts = [
        [label[:cut], label[cut:]] if cut else [label]
        for (label, _, _), cut in zip(PAIRS, layout["breaks"], strict=True)
    ]
    label_width = max(canvas.stringWidth(part, font, SIZE) for lines in parts for part in lines)
    label_width += layout["label_extra"]
    columns = [40.0, 40 + label_width + padding]
    columns += [columns[1] + 170 + padding, columns[1] + 170 + 2 * padding + label_width]
    top = 750.0
    for n, ((_, _, value), lines) in enumerate(zip(PAIRS, parts, strict=True)):
        row_top = top - (n // 2) * row_height
        x = columns[(n % 2) * 2]
        # Word sets a cell's text at its top; a browser centres it on the row (baselines here).
        middle = row_top - row_height / 2
        first = middle + (len(lines) - 2) * line / 2 if layout["middle"] else row_top - line
        for k, part in enumerate(lines):
            canvas.drawString(x, first - k * line, part)
        value_y = middle - line / 2 if layout["middle"] else row_top - line
        canvas.drawString(columns[(n % 2) * 2 + 1], value_y, value)
    if note:
        canvas.drawString(columns[1], top - 3 * row_height - line, note)
    canvas.drawString(40, top - 4 * row_height, "单位负责人：甲某  审核人：乙某  填报人：丙某")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layouts())
def test_wrapped_labels_find_their_values_in_any_unruled_layout(layout):
    result = PdfReader().read(_pdf(layout), name="unruled.pdf")
    report = result.report
    assert report is not None, result.findings
    for _, key, value in PAIRS:
        assert report.get(key) == Value.of(value), (key, layout, [str(f) for f in result.findings])


def test_text_that_is_no_label_is_reported_where_it_stands():
    layout = {"label_extra": 4.0, "padding": 8.0, "line": 12.0, "row_extra": 0.6, "middle": False}
    layout["breaks"] = [0] * len(PAIRS)
    result = PdfReader().read(_pdf(layout, note="此处另附说明见附件"), name="unruled.pdf")
    unplaced = [str(f) for f in result.findings if f.code == "W-READ-UNPLACED"]
    assert any("此处另附说明见附件" in f and "第1页" in f for f in unplaced), unplaced
    assert result.report.get("basic.site_name") == Value.of("示例乡人民政府网")


@settings(max_examples=20, deadline=None)
@given(
    offset=st.floats(min_value=0.0, max_value=1.5),
    size=st.floats(min_value=7.0, max_value=12.0),
    first_drawn=st.booleans(),
)
def test_text_printed_over_other_text_is_not_interleaved(offset, size, first_drawn):
    """A workbook cell whose text overflows lands on its neighbour's line (识码 over 网站中文域)."""
    font = register_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setFont(font, size)
    runs = [("网站中文域", 300.0), ("识码", 300.0 + offset * size)]
    for text, x in runs if first_drawn else reversed(runs):
        canvas.drawString(x, 600, text)
    canvas.drawString(40, 600, "主办单位")
    canvas.showPage()
    canvas.save()
    texts = [cell.text for cell in PdfReader().cells(buffer.getvalue())]
    assert "网站中文域" in texts and "识码" in texts, texts


@settings(max_examples=20, deadline=None)
@given(
    line=st.floats(min_value=1.05 * SIZE, max_value=1.4 * SIZE),
    maintained=st.integers(min_value=0, max_value=99999),
    new=st.integers(min_value=0, max_value=99999),
)
def test_rows_as_tight_as_lines_are_not_stacked_into_one_cell(line, maintained, new):
    """A workbook's rows can stand as close as a cell's lines: only the text may join them (a unit note
    under its label), never two labels one under the other."""
    font = register_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setFont(font, 12)
    canvas.drawString(200, 800, "（2020年度）")
    canvas.setFont(font, SIZE)
    y = 700.0
    canvas.drawString(40, y - line, "专题专栏")
    for n, (label, value) in enumerate((("维护数量", maintained), ("新开设数量", new))):
        top = y - 2 * n * line
        canvas.drawString(110, top, label)
        canvas.drawString(110, top - line, "（单位：个）")
        canvas.drawString(260, top, str(value))
    canvas.showPage()
    canvas.save()
    result = PdfReader().read(buffer.getvalue(), name="tight.pdf", template=get_template("gx-2020"))
    assert result.report is not None, result.findings
    assert result.report.get("columns.maintained") == Value.of(maintained), [str(f) for f in result.findings]
    assert result.report.get("columns.new") == Value.of(new)

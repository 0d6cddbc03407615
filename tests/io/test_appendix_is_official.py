"""`--appendix` prints the official 填写说明 exactly as published, in every layout.

The expected text is the one printed after the seed report (tests/fixtures/seed-gx-2020.txt, a copy of the
published form), not the template's file: the two are compared line by line.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile

import pytest
from lxml import etree, html
from openpyxl import load_workbook

from nianbao.forms.template import get_template
from nianbao.io.docx.writer import DocxWriter
from nianbao.io.html.writer import HtmlWriter
from nianbao.io.pdf.writer import PdfWriter
from nianbao.io.text.writer import TextWriter
from nianbao.io.xlsx.writer import XlsxWriter
from tests.io.samples import seed_like
from tests.seed_fixture import seed_bytes


def _published_lines() -> list[str]:
    text = seed_bytes().decode("utf-8")
    tail = text[text.index("\n填写说明\n") + 1 :]
    return [line.rstrip() for line in tail.splitlines() if line.strip()]


PUBLISHED = _published_lines()


def test_the_published_text_is_the_one_with_nine_chapters():
    # Guard on the specimen itself, so the comparisons below compare against the right text.
    chapters = [line for line in PUBLISHED if re.match(r"^[一二三四五六七八九十]+、", line)]
    assert len(chapters) == 9
    assert chapters[2] == "三、专栏专题"


def test_the_template_holds_the_official_text():
    lines = [line for line in get_template("gx-2020").instructions.splitlines() if line.strip()]
    assert lines == PUBLISHED


def test_text_layout_prints_it_line_for_line():
    text = TextWriter().write(seed_like(), appendix=True).decode("utf-8")
    tail = text[text.index("\n填写说明\n") + 1 :]
    assert [line for line in tail.splitlines() if line.strip()] == PUBLISHED


def test_html_prints_it_paragraph_for_paragraph():
    page = html.fromstring(HtmlWriter().write(seed_like(), appendix=True))
    section = page.xpath("//section[@class='appendix']")[0]
    texts = [el.text_content() for el in section.iter("h2", "h3", "p")]
    assert texts == PUBLISHED


def test_docx_prints_it_paragraph_for_paragraph():
    data = DocxWriter().write(seed_like(), appendix=True)
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    paragraphs = [
        "".join(p.xpath(".//w:t/text()", namespaces=ns))
        for p in body.xpath("/w:document/w:body/w:p", namespaces=ns)
    ]
    start = paragraphs.index("填写说明")
    assert [p for p in paragraphs[start:] if p.strip()] == PUBLISHED


def test_xlsx_prints_it_on_its_own_sheet_row_for_row():
    book = load_workbook(io.BytesIO(XlsxWriter().write(seed_like(), appendix=True)))
    sheet = book.worksheets[-1]
    assert [row[0] for row in sheet.iter_rows(values_only=True) if row[0]] == PUBLISHED


def test_pdf_prints_the_same_words_in_the_same_order(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(PdfWriter().write(seed_like(), appendix=True))
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    squeezed = re.sub(r"\s+", "", text)
    expected = re.sub(r"\s+", "", "".join(PUBLISHED))
    assert expected in squeezed


@pytest.mark.parametrize("wrong", ["专题专栏个数", "信息公开目录信息公开量", "关注量：请填写微信", "十、"])
def test_the_wordings_of_the_old_generated_text_are_gone(wrong):
    text = TextWriter().write(seed_like(), appendix=True).decode("utf-8")
    assert wrong not in text[text.index("\n填写说明\n") :]

"""PDFs made by other programs are read: borders drawn as thin boxes, unruled tables, LibreOffice exports."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from nianbao.io.pdf import PdfReader
from nianbao.io.pdf.writer import register_font
from nianbao.io.registry import get_writer
from nianbao.report.values import NONE, Value
from tests.io.samples import seed_like

# (text, first column, columns spanned) per row; a column is 60 points wide.
ROWS = [
    [("網站名稱", 0, 2), ("示例市統計局網站", 2, 2), ("公開時間", 4, 2), ("2021年1月20日", 6, 2)],
    [("用戶訪問", 0, 1), ("獨立用戶訪問總量（UV 單位：個）", 1, 4), ("網站總訪問量（PV 單位：次）", 5, 3)],
    [("", 0, 1), ("１.２万", 1, 4), ("126,457", 5, 3)],
    [("信息發布", 0, 1), ("總數", 1, 3), ("551條", 4, 4)],
    [("", 0, 1), ("政務動態信息更新量", 1, 3), ("/", 4, 4)],
    [("辦事服務", 0, 1), ("是否發布服務事項目錄", 1, 3), ("√是 □否", 4, 4)],
]
MERGED_DOWN = {(1, 0), (3, 0)}  # cells whose box runs over the row below (rowspan 2)


def _pdf(*, ruled: bool) -> bytes:
    """Draw the rows as another producer might: borders as thin filled boxes, or no borders at all."""
    font = register_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setFont(font, 12)
    canvas.drawString(200, 800, "（2020年度）")
    canvas.drawString(40, 780, "填报单位（盖章）：示例市统计局")
    top, height, width = 760, 30, 60
    for r, row in enumerate(ROWS):
        y = top - (r + 1) * height
        for text, col, span in row:
            if (r - 1, col) in MERGED_DOWN:
                continue
            rows_down = 2 if (r, col) in MERGED_DOWN else 1
            x0, x1 = 40 + col * width, 40 + (col + span) * width
            y0 = y - (rows_down - 1) * height
            if ruled:
                for box in (
                    (x0, y0, x1 - x0, 0.6),
                    (x0, y0 + rows_down * height, x1 - x0, 0.6),
                    (x0, y0, 0.6, rows_down * height),
                    (x1, y0, 0.6, rows_down * height),
                ):
                    canvas.rect(*box, stroke=0, fill=1)
            canvas.setFont(font, 9)
            canvas.drawString(x0 + 4, y0 + rows_down * height / 2 - 3, text)
    canvas.drawString(40, top - 8 * height, "单位负责人：甲某  审核人：乙某  填报人：丙某")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_it_reads_borders_drawn_as_boxes_with_traditional_characters_and_other_spellings():
    result = PdfReader().read(_pdf(ruled=True), name="other.pdf")
    report = result.report
    assert report is not None, result.findings
    assert report.get("basic.site_name") == Value.of("示例市统计局网站")
    assert any(f.code == "W-READ-TRADITIONAL" and f.items == ("basic.site_name",) for f in result.findings)
    assert report.get("header.unit") == Value.of("示例市统计局")
    assert report.get("access.uv") == Value.of(12000)
    assert report.get("access.pv") == Value.of(126457)
    assert report.get("info.total") == Value.of(551)
    assert report.get("info.news") == NONE
    assert report.get("service.catalogue_published") == Value.of(True)
    assert report.get("signature.head") == Value.of("甲某")


def test_it_reads_pairs_of_an_unruled_table_from_the_gaps_between_them():
    result = PdfReader().read(_pdf(ruled=False), name="plain.pdf")
    report = result.report
    assert report is not None, result.findings
    assert report.get("basic.site_name") == Value.of("示例市统计局网站")
    assert any(f.code == "W-READ-TRADITIONAL" and f.items == ("basic.site_name",) for f in result.findings)
    assert report.get("info.total") == Value.of(551)
    assert report.get("service.catalogue_published") == Value.of(True)


@pytest.mark.slow
def test_it_reads_what_libreoffice_exports_from_the_word_file(tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is installed by scripts/install-system-packages.sh"
    source = tmp_path / "report.docx"
    source.write_bytes(get_writer("docx").write(seed_like()))
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    result = PdfReader().read((tmp_path / "report.pdf").read_bytes(), name="report.pdf")
    assert result.report is not None, result.findings
    expected = seed_like()
    assert [k for k in expected.template.keys if expected.get(k) != result.report.get(k)] == []


@pytest.mark.browser
def test_it_reads_the_html_page_printed_to_pdf_by_chromium(chromium):
    page_html = get_writer("html").write(seed_like()).decode("utf-8")
    page = chromium.new_page()
    page.set_content(page_html)
    printed = page.pdf(format="A4")
    page.close()
    result = PdfReader().read(printed, name="printed.pdf")
    assert result.findings == []
    assert result.report == seed_like()

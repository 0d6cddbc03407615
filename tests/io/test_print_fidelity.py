"""The printed form as a clerk would print it: each layout rendered to PDF pages (DOCX and XLSX through
LibreOffice, the PDF as written), then each page's text read with pdftotext.

On paper no section is split over two pages, the signature and the notes stay with the end of the table,
the workbook prints only the form, options are never broken inside, and a phone shows each value of a
row of values beside its label. One conversion per format is shared by the tests (session fixtures).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from nianbao.io.docx import DocxWriter
from nianbao.io.html import HtmlWriter
from nianbao.io.layout import Kind, build_layout
from nianbao.io.pdf import PdfWriter
from nianbao.io.xlsx import XlsxWriter
from tests.io.office import convert_to_pdf
from tests.io.samples import seed_like

REPORT = seed_like()
LAYOUT = build_layout(REPORT)


def _raw(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _pages(pdf: Path) -> list[str]:
    """Return the text of each page, whitespace removed (cells wrap their text over several lines)."""
    return [re.sub(r"\s+", "", page) for page in _raw(pdf).split("\f") if page.strip()]


@pytest.fixture(scope="session")
def printed(tmp_path_factory) -> dict[str, list[str]]:
    """The pages of the form printed from each layout: LibreOffice for DOCX and XLSX, the PDF itself."""
    work = tmp_path_factory.mktemp("printed")
    pages: dict[str, list[str]] = {}
    for fmt, writer in (("docx", DocxWriter()), ("xlsx", XlsxWriter())):
        document = work / f"form.{fmt}"
        document.write_bytes(writer.write(REPORT))
        outdir = work / fmt
        outdir.mkdir()
        conversion = convert_to_pdf(document, outdir)
        assert conversion.pdf.exists(), conversion.stderr
        pages[fmt] = _pages(conversion.pdf)
        pages[f"{fmt}-lines"] = _raw(conversion.pdf).splitlines()
    pdf = work / "form.pdf"
    pdf.write_bytes(PdfWriter().write(REPORT))
    pages["pdf"] = _pages(pdf)
    pages["pdf-lines"] = _raw(pdf).splitlines()
    return pages


def _labels(group) -> list[str]:
    return [re.sub(r"\s+", "", c.text) for row in group.rows for c in row if c.kind is Kind.LABEL]


def _page_of(pages: list[str], text: str) -> list[int]:
    return [n for n, page in enumerate(pages) if text in page]


FORMATS = ["docx", "xlsx", "pdf"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_section_is_on_one_page(printed, fmt):
    pages = printed[fmt]
    assert len(pages) >= 2  # the form does not fit on one page, so breaks must fall somewhere
    for group in LAYOUT.groups:
        labels = _labels(group)
        first = _page_of(pages, labels[0])
        assert first, (fmt, group.key, labels[0])
        page = pages[first[0]]
        missing = [label for label in labels if label not in page]
        assert not missing, f"{fmt}: {group.key} is split; not on page {first[0] + 1}: {missing}"


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_signature_and_notes_are_on_the_page_of_the_tables_end(printed, fmt):
    pages = printed[fmt]
    last_label = _labels(LAYOUT.groups[-1])[-1]
    end = max(_page_of(pages, last_label))
    page = pages[end]
    for field in LAYOUT.signature:
        assert f"{field.label}：{field.text}".replace(" ", "") in page, (fmt, field.label)
    for note in LAYOUT.notes:
        assert re.sub(r"\s+", "", note) in page, (fmt, note[:10])


def test_printing_the_workbook_prints_only_the_form(printed):
    text = "".join(printed["xlsx"])
    assert "basic.site_name" not in text and "键" not in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_options_are_never_broken_inside(printed, fmt):
    # Each option whole on one printed line (a line may hold several options).
    lines = [re.sub(r"\s+", "", line) for line in printed[f"{fmt}-lines"]]
    options = ["□政府门户网站", "☑部门网站", "□专项网站", "☑二级", "□未定级"]
    if fmt == "xlsx":
        # LibreOffice's PDF of a sheet draws the first ☑ of a cell but leaves it out of the text layer
        # (seen in the page image): the options' names are checked there.
        options = [option[1:] for option in options]
    for option in options:
        assert any(option in line for line in lines), (fmt, option)


def test_pdf_lines_never_start_with_closing_punctuation(tmp_path):
    path = tmp_path / "form.pdf"
    path.write_bytes(PdfWriter().write(REPORT))
    raw = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    starts = [line for line in raw.splitlines() if line and line[0] in "）)：，、。；"]
    assert not starts


def test_on_a_phone_each_value_of_a_row_section_stands_beside_its_label(tmp_path):
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "form.html"
    page_file.write_bytes(HtmlWriter().write(REPORT))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 390, "height": 800})
            page.goto(page_file.resolve().as_uri())
            cells = page.evaluate(
                """() => [...document.querySelectorAll('tbody[data-section="interaction"] td[data-label]')]
                    .map(td => ({label: td.dataset.label,
                                 shown: getComputedStyle(td, '::before').content,
                                 width: td.getBoundingClientRect().width}))"""
            )
            headers = page.evaluate(
                """() => [...document.querySelectorAll('tr.labels th[scope="col"]')]
                    .map(th => th.getBoundingClientRect().width)"""
            )
        finally:
            browser.close()
    row_labels = [
        c.text
        for g in LAYOUT.groups
        if g.key == "interaction"
        for row in g.rows
        for c in row
        if c.kind is Kind.LABEL
        and c.key.startswith(("interaction.survey", "interaction.interview", "interaction.messages"))
    ]
    assert sorted(c["label"] for c in cells) == sorted(row_labels)
    for cell in cells:
        assert cell["shown"] == f'"{cell["label"]}"'
        assert cell["width"] > 300  # the value's line holds its label: one item per line
    assert headers and all(width <= 1 for width in headers)  # the row of labels is for screen readers

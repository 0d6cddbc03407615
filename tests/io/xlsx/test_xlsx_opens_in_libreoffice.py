"""LibreOffice Calc opens the workbook and prints both sheets with the form's labels and values."""

from __future__ import annotations

import pytest

from nianbao.io.xlsx import XlsxWriter
from nianbao.report import Value
from tests.io.office import complaints, convert_to_pdf
from tests.io.samples import seed_like

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("xlsx-pdf")
    report = seed_like()
    report.set("media.other", Value.of('=HYPERLINK("http://example.com/x","点此")'))
    document = workdir / "报表.xlsx"
    document.write_bytes(XlsxWriter().write(report))
    return convert_to_pdf(document, workdir)


def test_libreoffice_converts_it_without_complaint(converted):
    assert converted.returncode == 0, converted.stderr
    assert complaints(converted.stderr) == []
    assert converted.pdf.exists()


@pytest.mark.parametrize(
    "text",
    [
        "广西政府网站工作年度报表",
        "填报单位（盖章）：示例市城市管理局",
        "独立用户访问总量（单位：个）",
        "23324",
        "☑二级",
    ],
)
def test_the_pdf_holds_the_labels_and_values(converted, text):
    assert text in converted.text


@pytest.mark.parametrize("text", ["interaction.messages.avg_days", "有值"])
def test_the_long_form_is_not_printed(converted, text):
    # The long form is for programs: printing the workbook gives the form only.
    assert text not in converted.text


def test_a_formula_payload_is_printed_as_typed_not_run(converted):
    assert '=HYPERLINK("http://example.com/x","点此")' in converted.text

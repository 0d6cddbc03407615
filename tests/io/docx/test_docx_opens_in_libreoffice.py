"""LibreOffice opens the Word file and turns it into a PDF that holds the form's labels and values."""

from __future__ import annotations

import pytest

from nianbao.io.docx import DocxWriter
from tests.io.office import complaints, convert_to_pdf
from tests.io.samples import seed_like

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("docx-pdf")
    document = workdir / "报表.docx"
    document.write_bytes(DocxWriter().write(seed_like(), appendix=True))
    return convert_to_pdf(document, workdir)


def test_libreoffice_converts_it_without_complaint(converted):
    assert converted.returncode == 0, converted.stderr
    assert complaints(converted.stderr) == []
    assert converted.pdf.stat().st_size > 10_000


@pytest.mark.parametrize(
    "text",
    [
        "广西政府网站工作年度报表",
        "（2020年度）",
        "填报单位（盖章）：示例市城市管理局",
        "网站名称",
        "示例市城市管理局网站",
        "独立用户访问总量（单位：个）",
        "23324",
        "126457",
        "☑部门网站",
        "☑否",
        "单位负责人：张示例",
        "填报时间：2021年1月15日",
        "注：1．各级各类政府网站",
        "填写说明",
    ],
)
def test_the_pdf_holds_the_labels_and_values(converted, text):
    assert text in converted.text

"""The PDF is A4, embeds every font, and pdftotext gets every glyph back in reading order."""

from __future__ import annotations

import subprocess

import pytest

from nianbao.io.layout import build_layout
from nianbao.io.pdf import PdfWriter
from tests.io.samples import seed_like


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    path.write_bytes(PdfWriter().write(seed_like(), appendix=True))
    return path


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def test_every_font_is_embedded(pdf_path):
    lines = _run("pdffonts", str(pdf_path)).splitlines()[2:]
    assert lines, "the PDF names no font"
    for line in lines:
        # Columns: name, type, encoding, emb, sub, uni, object, generation; name and type have no spaces here.
        emb = line.split()[-5]
        assert emb == "yes", line


def test_pages_are_a4(pdf_path):
    info = _run("pdfinfo", str(pdf_path))
    assert "Page size:       595.276 x 841.89 pts (A4)" in info


def test_every_printed_text_is_extracted_including_ticks(pdf_path):
    text = _run("pdftotext", "-raw", str(pdf_path), "-").replace("\n", "")
    layout = build_layout(seed_like(), appendix=True)
    expected = [layout.title, layout.year_line, layout.unit.text]
    expected += [c.text for row in layout.rows for c in row if c.text and "（" not in c.text]
    expected += [f.text for f in layout.signature]
    missing = [t for t in expected if t.replace("　", " ").replace(" ", "") not in text.replace(" ", "")]
    assert missing == []
    assert "☑部门网站" in text.replace(" ", "")
    assert "填写说明" in text


def test_labels_come_before_their_values_and_sections_in_order(pdf_path):
    text = _run("pdftotext", "-raw", str(pdf_path), "-")
    lines = [line.replace(" ", "") for line in text.splitlines()]
    assert "网站名称示例市城市管理局网站公开时间2021年1月15日" in lines
    assert "政务动态信息更新量427" in lines
    assert "独立用户访问总量（单位：个）网站总访问量（单位：次）" in lines
    assert "23324126457" in lines
    flat = "".join(lines)
    order = "广西政府网站工作年度报表 填报单位 网站名称 用户访问 信息发布 解读回应 办事服务 互动交流 安全防护"
    order += " 移动新媒体 创新发展 单位负责人 注： 填写说明"
    positions = [flat.index(word) for word in order.split()]
    assert positions == sorted(positions)


def test_the_layout_mode_keeps_each_label_on_its_values_line(pdf_path):
    text = _run("pdftotext", "-layout", str(pdf_path), "-")
    line = next(line for line in text.splitlines() if "政务动态信息更新量" in line)
    assert line.split()[-1] == "427"

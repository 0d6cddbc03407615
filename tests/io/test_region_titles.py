"""Every province's title, and the national one, is read from the document and written out again."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from nianbao.cli.main import cli
from nianbao.forms import get_template
from nianbao.io.labels import title_region
from nianbao.io.registry import get_writer, read_bytes, read_path, writer_formats
from nianbao.report import Report
from nianbao.report.validate import validate
from tests.io.samples import seed_like

SEED = Path(__file__).parents[1] / "fixtures" / "seed-gx-2020.txt"


def retitled(region: str) -> Report:
    report = seed_like()
    return Report(report.template.titled(region), dict(report.values))


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("广东政府网站工作年度报表", "广东"),
        ("北京市政府网站工作年度报表", "北京市"),
        ("内蒙古政府网站工作年度报表（2021年度）", "内蒙古"),
        ("政府网站工作年度报表", ""),
        ("廣東政府網站工作年度報表", "广东"),
        ("关于印发政府网站工作年度报表的通知", None),
        ("网站名称", None),
    ],
)
def test_the_region_is_taken_from_the_title(text, region):
    assert title_region(text) == region


def test_a_second_provinces_seed_text_is_read_and_written_with_its_title(tmp_path):
    source = tmp_path / "广东.txt"
    text = SEED.read_text(encoding="utf-8").replace("广西政府网站", "广东政府网站")
    source.write_text(text, encoding="utf-8")
    report = read_path(source).report
    assert report is not None
    assert report.template.title == "广东政府网站工作年度报表"
    assert report.template.id == "gx-2020"  # the same form: only the title differs
    assert validate(report) == []
    target = tmp_path / "out.html"
    result = CliRunner().invoke(cli, ["render", str(source), "--to", "html", "-o", str(target)])
    assert result.exit_code == 0, result.output
    html = target.read_text(encoding="utf-8")
    assert "广东政府网站工作年度报表" in html and "广西政府网站" not in html


@pytest.mark.parametrize("region", ["广东", ""])
def test_every_layout_keeps_the_title(region):
    report = retitled(region)
    expected = f"{region}政府网站工作年度报表"
    for fmt in writer_formats():
        writer = get_writer(fmt)
        back = read_bytes(writer.write(report), f"r{writer.suffix}").report
        assert back is not None, fmt
        if fmt == "csv":  # the long form (key, section, label, unit, value) has no title line
            assert back.values == report.values
            continue
        assert back.template.title == expected, fmt
        assert back == report, fmt


def test_template_option_overrides_and_is_refused_in_chinese_when_unknown(tmp_path):
    source = tmp_path / "年报.txt"
    source.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    ok = CliRunner().invoke(cli, ["validate", str(source), "--template", "gx-2020"])
    assert ok.exit_code == 0, ok.output
    bad = CliRunner().invoke(cli, ["validate", str(source), "--template", "gx-1999"])
    assert bad.exit_code == 2
    assert "未知的报表模板“gx-1999”" in bad.output


def test_the_bundled_form_keeps_its_own_title():
    assert get_template("gx-2020").title == "广西政府网站工作年度报表"
    assert get_template("gx-2020").titled("广西") is get_template("gx-2020")

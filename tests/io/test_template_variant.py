"""A province's variant of the form, written as a data file only, used end to end.

tests/fixtures/templates/gd-2024.toml names gx-2020 as its base, adds 政策文件发布量 with a rule, and renames
信息公开目录信息公开量. No code knows about it: it is loaded, checked, compared, filled, validated, written in
every layout and read back.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from core.seed_values import SEED_VALUES
from nianbao.cli.main import cli
from nianbao.forms import get_template, load_template_file
from nianbao.forms.template import TemplateError
from nianbao.io.registry import get_writer, read_bytes, writer_formats
from nianbao.report import Report
from nianbao.report.coerce import parse_value
from nianbao.report.validate import validate

VARIANT_FILE = Path(__file__).parents[1] / "fixtures" / "templates" / "gd-2024.toml"
VARIANT = load_template_file(VARIANT_FILE)
GX = get_template("gx-2020")


def filled(policy_docs: str) -> Report:
    """The seed's figures as a 2024 report on the variant, with the new item filled."""
    values = dict(SEED_VALUES)
    for key, text in {
        "header.year": "2024",
        "basic.publish_date": "2025-01-15",
        "signature.date": "2025-01-10",
        "info.policy_docs": policy_docs,
    }.items():
        values[key] = parse_value(VARIANT.item(key), text).value
    return Report(VARIANT, values)


def test_the_variant_is_the_base_form_with_its_changes():
    assert VARIANT.id == "gd-2024" and VARIANT.title == "广东政府网站工作年度报表"
    assert VARIANT.years == (2024, 2026)
    assert len(VARIANT.items) == len(GX.items) + 1
    keys = list(VARIANT.keys)
    assert keys[keys.index("info.catalogue") + 1] == "info.policy_docs"  # printed where `after` says
    assert VARIANT.item("info.catalogue").label == "信息公开目录信息更新量"
    assert VARIANT.item("info.catalogue").unit == GX.item("info.catalogue").unit  # the rest kept
    assert [r.code for r in VARIANT.rules] == [*(r.code for r in GX.rules), "R-INFO-POLICY-LE-TOTAL"]


def test_its_new_rule_fires_and_is_quiet_when_kept():
    assert validate(filled("50")) == []
    [finding] = validate(filled("600"))
    assert finding.code == "R-INFO-POLICY-LE-TOTAL"
    assert finding.message.startswith("信息发布 › 政策文件发布量（600）大于信息发布总数（551）。")


def test_every_layout_writes_it_and_reads_it_back():
    report = filled("50")
    for fmt in writer_formats():
        writer = get_writer(fmt)
        data = writer.write(report)
        back = read_bytes(data, f"gd{writer.suffix}", VARIANT).report
        assert back is not None, fmt
        assert back.values == report.values, fmt
        assert back.get("info.policy_docs").data == 50, fmt
        if fmt in ("html", "docx", "pdf", "text", "xlsx"):
            assert back.template.title == "广东政府网站工作年度报表", fmt


def test_the_cli_checks_diffs_and_uses_it(tmp_path):
    runner = CliRunner()
    checked = runner.invoke(cli, ["template", "check", str(VARIANT_FILE)])
    assert checked.exit_code == 0, checked.output
    assert "模板有效：gd-2024，广东政府网站工作年度报表，适用于2024–2026年度" in checked.output
    assert "80个项目，30条规则" in checked.output

    diff = runner.invoke(cli, ["template", "diff", "gx-2020", str(VARIANT_FILE)])
    assert diff.exit_code == 0, diff.output
    lines = diff.output.splitlines()
    assert "新增项目  info.policy_docs  信息发布 › 政策文件发布量（数量）" in lines
    assert "改名      info.catalogue  信息公开目录信息公开量 → 信息公开目录信息更新量" in lines
    assert "新增规则  R-INFO-POLICY-LE-TOTAL（错误）info.policy_docs <= info.total" in lines
    assert not any(line.startswith("删除") for line in lines)

    source = tmp_path / "广东.docx"
    source.write_bytes(get_writer("docx").write(filled("600")))
    result = runner.invoke(cli, ["validate", str(source), "--template", str(VARIANT_FILE)])
    assert result.exit_code == 1
    assert "R-INFO-POLICY-LE-TOTAL" in result.output


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'base = "gx-2020"\nid = "x"\n[[items]]\nkey = "a.b"\nlabel = "甲"\nsection = "nowhere"\n'
            'type = "count"\n',
            "item a.b 所属 section nowhere 未定义",
        ),
        (
            'base = "gx-2020"\nid = "x"\n[[items]]\nkey = "access.uv"\nrequired = "yes"\n',
            "字段 required 应为true 或 false",
        ),
        ('base = "gx-2020"\nid = "x"\nremove_items = ["no.such"]\n', "remove_items 中的“no.such”在基础模板"),
        ('base = "gx-1999"\nid = "x"\n', "基础模板“gx-1999”不存在"),
        (
            'base = "gx-2020"\nid = "x"\n[[rules]]\ncode = "R-X"\nseverity = "error"\ncheck = "access.uv <"\n'
            'message = "m"\n',
            "R-X",
        ),
        (
            'base = "gx-2020"\nid = "x"\n[[rules]]\ncode = "R-ACCESS-UV-LE-PV"\nseverity = "fatal"\n',
            "规则 R-ACCESS-UV-LE-PV 的 severity 应为 error 或 warning",
        ),
        ('id = "x"\ntitle = "t"\nyear = 2024\n[[items]\n', "TOML 格式错误"),
    ],
)
def test_a_broken_variant_is_refused_in_chinese(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError, match=message.replace("(", r"\(")):
        load_template_file(path)
    result = CliRunner().invoke(cli, ["template", "check", str(path)])
    assert result.exit_code == 2
    assert result.output.startswith("错误：无法读取模板：bad.toml")


@pytest.mark.parametrize(
    ("region", "year", "chosen"),
    [("广东", 2025, "gd-2024"), ("广西", 2025, "gx-2020"), ("广东", 2020, "gx-2020")],
)
def test_readers_choose_the_template_from_title_and_year(region, year, chosen):
    """With the variant deployed beside the bundled form, a document's title and year pick between them."""
    from nianbao.forms import add_template_dir
    from nianbao.forms.template import remove_template_dir

    values = dict(SEED_VALUES) | {"header.year": parse_value(GX.item("header.year"), str(year)).value}
    text = get_writer("text").write(Report(GX.titled(region), values))
    add_template_dir(VARIANT_FILE.parent)
    try:
        report = read_bytes(text, "年报.txt").report
    finally:
        remove_template_dir(VARIANT_FILE.parent)
    assert report is not None
    assert (report.template.id, report.template.region) == (chosen, region)

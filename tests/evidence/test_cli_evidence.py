"""`nianbao cms` and `nianbao messages`: figures printed or as JSON, and Chinese errors without tracebacks."""

import json

from click.testing import CliRunner

from nianbao.cli.main import cli
from nianbao.evidence.provenance import Evidence
from nianbao.forms import get_template
from nianbao.io.json import read_report, write_report
from nianbao.report import NONE, Report, Value

from .exports import write_export

CMS_HEADERS = ["title", "url", "column", "published", "external"]
CMS_ROWS = [
    ["甲", "http://a/1", "动态", "2020-02-03 10:00", "否"],
    ["乙", "http://a/2", "动态", "2020-02-04 10:00", "是"],
    ["丙", "http://a/3", "专题/甲", "2020-02-05 10:00", "否"],
]
MAPPING = '[categories]\nnews = ["动态"]\n\n[[topics]]\ncolumn = "专题/甲"\nopened = 2020-01-10\n'
MESSAGES = [["2020-09-30 10:00", "2020-10-14 17:00", "是"], ["2020-09-30 10:00", "2020-10-15 09:00", "否"]]


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def cms_files(tmp_path):
    mapping = tmp_path / "map.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    return write_export(tmp_path / "cms.csv", CMS_HEADERS, CMS_ROWS), mapping


def test_cms_prints_the_figures_and_what_was_left_out(tmp_path):
    export, mapping = cms_files(tmp_path)
    result = run("cms", export, "--mapping", mapping, "--year", 2020)
    assert result.exit_code == 0, result.output
    assert "信息发布 › 总数：2条" in result.output
    assert "信息发布 › 政务动态信息更新量：1条" in result.output
    assert "专题专栏 › 新开设数量：1个" in result.output
    assert "外链信息（填写说明：不包括外链信息）：1 条（第3行：乙）" in result.output


def test_cms_json_is_an_evidence_record(tmp_path):
    export, mapping = cms_files(tmp_path)
    result = run("cms", export, "--mapping", mapping, "--year", 2020, "--json")
    assert result.exit_code == 0, result.output
    record = Evidence.from_json(result.stdout)
    assert record.figures["info.total"] == 2
    assert record.inputs[0].name == "cms.csv"
    assert json.loads(result.stdout)["config"]["topics"] == [{"column": "专题/甲", "opened": "2020-01-10"}]


def test_cms_unknown_mapping_column_is_a_chinese_error(tmp_path):
    export, mapping = cms_files(tmp_path)
    mapping.write_text('[categories]\nnews = ["没有这个栏目"]\n', encoding="utf-8")
    result = run("cms", export, "--mapping", mapping, "--year", 2020)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "错误：映射文件 map.toml 中的栏目在导出文件 cms.csv 中不存在：政务动态“没有这个栏目”"
    )
    assert "Traceback" not in result.output


def test_cms_missing_export_is_a_chinese_error(tmp_path):
    _, mapping = cms_files(tmp_path)
    result = run("cms", tmp_path / "none.csv", "--mapping", mapping, "--year", 2020)
    assert result.exit_code == 2
    assert "错误：无法读取文件" in result.stderr


def test_messages_prints_the_figures(tmp_path):
    export = write_export(tmp_path / "m.csv", ["收到时间", "办结时间", "是否公开答复"], MESSAGES)
    result = run("messages", export, "--year", 2020)
    assert result.exit_code == 0, result.output
    assert "留言办理 › 按时办结留言数量：1条" in result.output
    assert "留言办理 › 按时办结率：50.0%" in result.output
    assert "留言办理 › 平均办理时间：14.5天" in result.output


def test_messages_workdays_option_overrides_the_site_config(tmp_path):
    export = write_export(tmp_path / "m.csv", ["收到时间", "办结时间", "是否公开答复"], MESSAGES)
    site = tmp_path / "site.toml"
    site.write_text("[messages]\non_time_workdays = 3\n", encoding="utf-8")
    from_config = Evidence.from_json(
        run("messages", export, "--year", 2020, "--site-config", site, "--json").stdout
    )
    assert from_config.figures["interaction.messages.on_time"] == 0
    assert from_config.config["on_time_workdays"] == 3
    overridden = run("messages", export, "--year", 2020, "--site-config", site, "--workdays", 6, "--json")
    assert Evidence.from_json(overridden.stdout).figures["interaction.messages.on_time"] == 2


def test_messages_bad_file_is_a_chinese_error(tmp_path):
    path = tmp_path / "m.csv"
    path.write_bytes(b"\x00\x01\x02\xff\xfe")
    result = run("messages", path, "--year", 2020)
    assert result.exit_code == 2
    assert result.stderr.startswith("错误：m.csv：不是 UTF-8 或 GBK/GB18030 编码的文本")


def test_into_fills_a_report_file_and_warns_about_a_replaced_value(tmp_path):

    existing = Report(get_template("gx-2020"))
    existing.set("header.year", Value.of("2020"))
    existing.set("info.total", Value.of(500))
    existing.set("basic.site_name", Value.of("示例网站"))
    target = tmp_path / "report.json"
    write_report(existing, target)
    export, mapping = cms_files(tmp_path)
    result = run("cms", export, "--mapping", mapping, "--year", 2020, "--into", target)
    assert result.exit_code == 0, result.output
    assert "原填“500”" in result.stderr
    filled = read_report(target)
    assert filled.get("info.total") == Value.of(2)
    assert filled.get("info.news") == Value.of(1)
    assert filled.get("basic.site_name") == Value.of("示例网站")


def test_into_a_new_file_creates_the_report(tmp_path):

    export = write_export(
        tmp_path / "m.csv", ["收到时间", "办结时间", "是否公开答复"], [["2020-05-06", "", "否"]]
    )
    target = tmp_path / "new.json"
    result = run("messages", export, "--year", 2020, "--into", target)
    assert result.exit_code == 0, result.output
    report = read_report(target)
    assert report.get("interaction.messages.received") == Value.of(1)
    assert report.get("interaction.messages.avg_days") == NONE


def test_into_a_report_of_another_year_writes_nothing(tmp_path):

    other = Report(get_template("gx-2020"))
    other.set("header.year", Value.of("2021"))
    target = tmp_path / "report.json"
    write_report(other, target)
    before = target.read_bytes()
    export, mapping = cms_files(tmp_path)
    result = run("cms", export, "--mapping", mapping, "--year", 2020, "--into", target)
    assert result.exit_code == 1
    assert "报表是2021年度" in result.stderr
    assert target.read_bytes() == before


def test_into_an_unreadable_report_is_a_chinese_error(tmp_path):
    target = tmp_path / "report.json"
    target.write_text("{", encoding="utf-8")
    export, mapping = cms_files(tmp_path)
    result = run("cms", export, "--mapping", mapping, "--year", 2020, "--into", target)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith("错误：report.json：不是有效的 JSON")


def test_json_output_writes_no_data_as_the_word_like_the_text_output(tmp_path):
    export = write_export(
        tmp_path / "m.csv", ["收到时间", "办结时间", "是否公开答复"], [["2020-06-01", "", "否"]]
    )
    text = run("messages", export, "--year", 2020)
    as_json = run("messages", export, "--year", 2020, "--json")
    assert "平均办理时间：无" in text.output.replace("（天）", "")
    figures = json.loads(as_json.stdout)["figures"]
    assert figures["interaction.messages.avg_days"] == "无"
    assert figures["interaction.messages.on_time_rate"] == "无"
    assert figures["interaction.messages.received"] == 1

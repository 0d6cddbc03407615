"""`nianbao logstats` prints the figures, the exclusions and the rules in force, or JSON; errors in Chinese."""  # noqa: E501

from __future__ import annotations

import json

from click.testing import CliRunner

from nianbao.cli.main import cli

from .logmaker import KINDS, MadeLog, write


def _log(tmp_path):
    made = MadeLog()
    for i in range(70):
        made.add(KINDS[i % len(KINDS)], i, i, i // len(KINDS))
    return made, write(tmp_path / "access.log", made.lines)


def test_text_output_has_pv_uv_exclusions_examples_and_rules(tmp_path):
    made, path = _log(tmp_path)
    result = CliRunner().invoke(cli, ["logstats", str(path), "--year", "2020"])
    assert result.exit_code == 0, result.output
    assert f"网站总访问量（PV）：{made.pv:,}" in result.output
    assert f"独立用户访问总量（UV）：{made.uv:,}" in result.output
    assert "格式不符（无法按日志格式解析）：10 行" in result.output
    assert "爬虫、监测与脚本" in result.output
    assert "格式不符的行（示例）" in result.output
    assert "计算规则（当前配置）" in result.output and "baiduspider" in result.output
    assert "逐日：日期" in result.output
    assert "SHA-256" in result.output


def test_json_output_is_machine_readable(tmp_path):
    made, path = _log(tmp_path)
    result = CliRunner().invoke(cli, ["logstats", str(path), "--year", "2020", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["pv"], data["uv"], data["lines"]) == (made.pv, made.uv, 70)
    assert data["reasons"]["malformed"] == 10
    assert data["rules"]["methods"] == ["GET"]
    assert sum(d["pv"] for d in data["days"]) == made.pv
    assert data["files"][0]["sha256"]


def test_a_config_file_changes_the_rules_and_is_shown(tmp_path):
    made, path = _log(tmp_path)  # noqa: RUF059
    config = tmp_path / "rules.toml"
    config.write_text('[request]\nmethods = ["GET", "POST", "HEAD"]\n', encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["logstats", str(path), "--year", "2020", "--json", "--config", str(config)]
    )
    data = json.loads(result.output)
    assert data["rules"]["methods"] == ["GET", "POST", "HEAD"]
    # Of the ten "method" lines, POST /login.do and HEAD / now pass the method rule.
    assert data["reasons"]["method"] < 10


def test_bad_input_is_a_chinese_message_not_a_traceback(tmp_path):
    result = CliRunner().invoke(cli, ["logstats", str(tmp_path / "missing.log"), "--year", "2020"])
    assert result.exit_code == 2
    assert "不存在" in result.output
    assert "Traceback" not in result.output
    config = tmp_path / "bad.toml"
    config.write_text("[pages\n", encoding="utf-8")
    _, path = _log(tmp_path)
    result = CliRunner().invoke(cli, ["logstats", str(path), "--year", "2020", "--config", str(config)])
    assert result.exit_code == 2
    assert "不是有效的 TOML" in result.output


def test_into_writes_pv_and_uv_into_a_report(tmp_path):
    from nianbao.io import json as report_json

    made, path = _log(tmp_path)
    report = tmp_path / "report.json"
    result = CliRunner().invoke(cli, ["logstats", str(path), "--year", "2020", "--into", str(report)])
    assert result.exit_code == 0, result.output
    filled = report_json.read_report(report)
    assert filled.get("access.pv").data == made.pv
    assert filled.get("access.uv").data == made.uv


def test_spark_engine_without_pyspark_says_in_chinese_how_to_install_it(tmp_path, monkeypatch):
    import sys

    from nianbao.evidence.logs import engine_spark

    path = tmp_path / "not-yet-read.log"
    path.write_text("not a log line\n", encoding="utf-8")  # the missing engine is named before any reading
    monkeypatch.setattr(engine_spark, "_SESSIONS", {})
    monkeypatch.setitem(sys.modules, "pyspark", None)  # what `import pyspark` meets when it is not installed
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    result = CliRunner().invoke(cli, ["logstats", str(path), "--year", "2020", "--engine", "spark"])
    assert result.exit_code == 2, result.output
    assert "未安装 pyspark" in result.output
    assert "pip install -e '.[spark]'" in result.output
    assert "Traceback" not in result.output

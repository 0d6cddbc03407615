import json
from pathlib import Path

from click.testing import CliRunner

from nianbao.cli.main import cli
from nianbao.forms import get_template, parse_template

GX_2021_FILE = Path(__file__).parent / "templates" / "gx-2021.toml"


def run(*args: str):
    return CliRunner().invoke(cli, ["template", *args])


def test_list_names_each_bundled_template_with_its_counts():
    result = run("list")
    assert result.exit_code == 0
    assert "gx-2020\t广西政府网站工作年度报表（适用于2018–2026年度）\t79个项目\t29条规则" in result.output


def test_show_prints_sections_items_and_rules():
    result = run("show", "gx-2020")
    assert result.exit_code == 0
    out = result.output
    assert "【互动交流】 interaction" in out
    assert "\n  【留言办理】 interaction.messages\n" in out
    assert "interaction.messages.on_time_rate  按时办结率  〔百分比；单位：%；计算：" in out
    assert "info.catalogue  信息公开目录信息公开量  〔数量；单位：条；又称：信息公开目录信息更新量〕" in out
    assert "basic.site_type  网站类型  〔单选；必填；可选：政府门户网站、部门网站、专项网站〕" in out
    assert "R-MESSAGES-ON-TIME-LE-CLOSED（错误）按时办结留言数量大于办结留言数量" in out
    assert "要求 interaction.messages.on_time <= interaction.messages.closed" in out
    for item in get_template("gx-2020").items:
        assert f"{item.key}  {item.label}" in out


def test_show_shortens_long_instructions():
    out = run("show", "gx-2020").output
    # 办件量 › 总数 has a long 填写说明; it is cut to 40 characters, the ellipsis included
    cut = "请填写本年度本单位针对可在线预约、在线申报、在线查询、在线办理的办事服务事项，…"
    assert f"填写说明：{cut}（完整说明：加 --full）\n" in out


def test_show_full_prints_every_instruction_whole():
    result = run("show", "gx-2020", "--full")
    assert result.exit_code == 0
    out = result.output
    assert "…（完整说明" not in out
    helped = [item for item in get_template("gx-2020").items if item.help]
    assert any(len(item.help) > 80 for item in helped)  # there is something to cut
    for item in helped:
        first, *rest = item.help.strip().splitlines()
        block = "\n".join([f"填写说明：{first}", *(f"              {line}" for line in rest)])
        assert block in out, item.key


def test_show_json_reads_back_as_the_same_template():
    result = run("show", "gx-2020", "--json")
    assert result.exit_code == 0
    assert parse_template(json.loads(result.output), "gx-2020.json") == get_template("gx-2020")


def test_show_accepts_a_template_file():
    result = run("show", str(GX_2021_FILE))
    assert result.exit_code == 0
    assert "interaction.messages.satisfied  满意留言数量" in result.output
    assert "R-MESSAGES-SATISFIED-LE-CLOSED" in result.output


def test_an_unknown_template_is_a_chinese_message_and_exit_2():
    result = run("show", "gx-1999")
    assert result.exit_code == 2
    assert "未知的报表模板“gx-1999”" in result.output
    assert "Traceback" not in result.output


def test_a_bad_template_file_is_a_chinese_message_and_exit_2(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        GX_2021_FILE.read_text(encoding="utf-8").replace("<= interaction.messages.closed", "<= open('x')")
    )
    result = run("show", str(bad))
    assert result.exit_code == 2
    assert "无法读取模板" in result.output and "open" in result.output
    missing = run("show", str(tmp_path / "missing.toml"))
    assert missing.exit_code == 2
    assert "找不到模板文件" in missing.output

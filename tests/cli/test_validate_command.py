"""`nianbao validate FILE`: findings listed with line numbers; exit 1 on errors, 0 otherwise."""

from click.testing import CliRunner

from nianbao.cli.main import cli
from seed_fixture import SEED_PATH, seed_bytes


def _validate(path) -> object:
    return CliRunner().invoke(cli, ["validate", str(path)])


def test_the_seed_has_only_a_warning_and_exits_0():
    result = _validate(SEED_PATH)
    assert result.exit_code == 0, result.output
    assert "第221行：[W-NORMALISED] 警告" in result.stdout
    assert result.stdout.splitlines()[-1] == "seed-gx-2020.txt（模板 gx-2020）：0 个错误，1 个警告。"


def test_errors_exit_1_and_reader_findings_keep_their_line(tmp_path):
    text = seed_bytes().decode("utf-8")
    # UV above PV breaks a rule; a second 网站名称 with another name is a reading error on its line.
    twice = "\t网站名称\n\t甲网站\n\t网站名称\n"  # lines 6-8; the seed's own name moves to line 9
    text = text.replace("\u00a0126457", "100").replace("\t网站名称\n", twice, 1)
    path = tmp_path / "有错.txt"
    path.write_text(text, encoding="utf-8")
    result = _validate(path)
    assert result.exit_code == 1
    assert "有错.txt：第9行：[E-READ-DUPLICATE] 错误" in result.stdout
    assert "（第7行）" in result.stdout
    # The rule knows only its items: it is shown where UV was read (line 41, two lines inserted above).
    assert "有错.txt：第43行：[R-ACCESS-UV-LE-PV] 错误" in result.stdout
    assert "错误" in result.stdout.splitlines()[-1]


def test_json_output_lists_findings_with_codes_lines_and_descriptions():
    import json

    result = CliRunner().invoke(cli, ["validate", str(SEED_PATH), "--json"])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert (document["template"], document["errors"], document["warnings"]) == ("gx-2020", 0, 1)
    [finding] = document["findings"]
    assert finding["code"] == "W-NORMALISED" and finding["line"] == 221
    assert finding["items"] == ["security.inspection.period"]
    assert "规定格式" in finding["description"]

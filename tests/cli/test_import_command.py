"""`nianbao import FILE --to json|csv`: the report on stdout or in a file, findings on stderr."""

import csv
import io
import json

from click.testing import CliRunner

from nianbao.cli.main import cli
from nianbao.io.json import read_report
from seed_fixture import SEED_PATH, seed_report


def _run(*args: str):
    return CliRunner().invoke(cli, ["import", *args])


def test_json_goes_to_stdout_and_reads_back_as_the_seed():
    result = _run(str(SEED_PATH), "--to", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["template"] == "gx-2020"
    assert document["values"]["media.wechat.followers"] == 884
    assert read_report(result.stdout_bytes) == seed_report()


def test_csv_goes_to_stdout_with_a_byte_order_mark():
    result = _run(str(SEED_PATH), "--to", "csv")
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"))))
    assert rows[0] == ["key", "section", "label", "unit", "value"]
    values = {row[0]: row[4] for row in rows[1:]}
    assert (values["interpret.products"], values["access.uv"]) == ("无", "23324")


def test_findings_go_to_stderr_with_the_line_number():
    result = _run(str(SEED_PATH))
    assert "seed-gx-2020.txt：第221行：[W-NORMALISED] 警告：巡检周期" in result.stderr


def test_output_goes_to_the_file_given(tmp_path):
    out = tmp_path / "报表.json"
    result = _run(str(SEED_PATH), "--to", "json", "-o", str(out))
    assert result.exit_code == 0
    assert read_report(out) == seed_report()
    assert result.stdout == ""

"""Every finding code that validation can emit, and every rule code of every template, is catalogued."""

import ast
import re
from importlib import resources
from pathlib import Path

import pytest

import nianbao.report
from nianbao.forms import get_template, load_template_file, template_ids
from nianbao.report.catalogue import CATALOGUE, describe

CODE_RE = re.compile(r"^[EW]-[A-Z]+(-[A-Z]+)*$")
TEST_TEMPLATES = Path(__file__).parent / "templates"


def codes_in_source() -> set[str]:
    """Return every string literal shaped like a finding code in the report package's source."""
    found = set()
    for path in resources.files(nianbao.report).iterdir():
        if not path.name.endswith(".py") or path.name == "catalogue.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE_RE.match(node.value):
                found.add(node.value)
    return found


def test_the_source_scan_finds_the_codes_it_should():
    # guards the scan itself: if it found nothing, the next test would pass vacuously
    assert {"E-REQUIRED", "E-CODE-FORMAT", "E-COMPUTED-MISMATCH", "W-YEAR-MISMATCH"} <= codes_in_source()


def test_every_built_in_code_is_catalogued():
    assert codes_in_source() - set(CATALOGUE) == set()


@pytest.mark.parametrize("template_id", template_ids())
def test_every_bundled_rule_code_is_catalogued(template_id):
    assert {r.code for r in get_template(template_id).rules} - set(CATALOGUE) == set()


@pytest.mark.parametrize("path", sorted(TEST_TEMPLATES.glob("*.toml")), ids=lambda p: p.name)
def test_every_test_template_rule_code_is_catalogued(path):
    assert {r.code for r in load_template_file(path).rules} - set(CATALOGUE) == set()


def test_descriptions_are_one_chinese_line():
    for code, text in CATALOGUE.items():
        assert text and "\n" not in text, code
        assert re.search(r"[\u4e00-\u9fff]", text), code


def test_describe_falls_back_to_the_code():
    assert describe("R-ACCESS-UV-LE-PV") == "独立用户访问总量大于网站总访问量"
    assert describe("X-UNKNOWN") == "X-UNKNOWN"

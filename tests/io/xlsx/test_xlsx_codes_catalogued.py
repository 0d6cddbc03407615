"""Every finding code the workbook reader raises is described in the reading codes' catalogue."""

import ast
import re
from pathlib import Path

import nianbao.io.xlsx
from nianbao.io.codes import READ_CODES

CODE_RE = re.compile(r"^[EW]-[A-Z]+(-[A-Z]+)*$")


def test_every_workbook_code_is_catalogued():
    found = set()
    for path in Path(nianbao.io.xlsx.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE_RE.match(node.value):
                found.add(node.value)
    assert {"W-READ-SHEETS-DIFFER", "W-READ-LONGFORM-IGNORED", "W-READ-LONGFORM-STATE"} <= found
    assert found - set(READ_CODES) == set()

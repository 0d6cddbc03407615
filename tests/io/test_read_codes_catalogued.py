"""Every finding code raised by placement and the text, JSON and CSV formats has a description."""

import ast
import re
from pathlib import Path

import nianbao.io
from nianbao.io.codes import READ_CODES

CODE_RE = re.compile(r"^[EW]-[A-Z]+(-[A-Z]+)*$")
IO = Path(nianbao.io.__file__).parent
SOURCES = [IO / "labels.py", *(IO / d for d in ("placement", "text", "json", "csv"))]


def _codes() -> set[str]:
    found = set()
    files = [p for s in SOURCES for p in ([s] if s.is_file() else sorted(s.glob("*.py")))]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE_RE.match(node.value):
                found.add(node.value)
    return found


def test_the_scan_finds_the_placement_codes():
    assert {"W-READ-UNPLACED", "W-READ-NO-VALUE", "E-READ-DUPLICATE", "W-CSV-UNKNOWN-KEY"} <= _codes()


def test_every_code_is_described_in_chinese():
    assert _codes() - set(READ_CODES) == set()
    assert all(re.search(r"[\u4e00-\u9fff]", text) for text in READ_CODES.values())

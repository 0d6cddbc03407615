"""The fast XLSX export writer: what it writes reads back with openpyxl, cell for cell."""

from __future__ import annotations

import io
import re

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils.escape import unescape

from nianbao.analysis.xlsx import write_xlsx


def _read(data: bytes) -> list[tuple]:
    # Control characters such as CR are stored as _x000D_ escapes, which Excel decodes on opening;
    # openpyxl's read-only reader leaves them, so decode them here as Excel would.
    book = load_workbook(io.BytesIO(data), read_only=True)
    return [
        tuple(unescape(v) if isinstance(v, str) else v for v in row)
        for row in book.active.iter_rows(values_only=True)
    ]


def test_numbers_text_and_empty_cells_read_back():
    rows = [["标识码", "值", "比例"], ["'=SUM(A1)", 120000, 98.5], ["a<b & c>d", None, ""]]
    assert _read(write_xlsx(rows, "长表")) == [
        ("标识码", "值", "比例"),
        ("'=SUM(A1)", 120000, 98.5),
        ("a<b & c>d", None, None),
    ]


def test_the_sheet_gets_its_name():
    book = load_workbook(io.BytesIO(write_xlsx([["x"]], "宽表")))
    assert book.sheetnames == ["宽表"]


@given(st.lists(st.text(max_size=30), min_size=1, max_size=8))
def test_any_text_reads_back_without_the_characters_xml_cannot_hold(texts):
    expected = [re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", t) for t in texts]
    (row,) = _read(write_xlsx([texts]))
    assert [v or "" for v in row] == expected

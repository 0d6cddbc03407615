"""Text that a spreadsheet would run as a formula is stored as text, on both sheets."""

from __future__ import annotations

import io

import openpyxl
import pytest

from nianbao.io.xlsx import XlsxReader, XlsxWriter
from nianbao.report import Value
from tests.io.samples import seed_like

PAYLOADS = ['=HYPERLINK("http://example.com/x","点此")', "+1+1", "-2+3", "@SUM(A1)"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_formula_like_value_stays_text(payload):
    report = seed_like()
    report.set("media.other", Value.of(payload))
    data = XlsxWriter().write(report)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    found = [c for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.value == payload]
    assert len(found) == 2  # the form and the long form
    for cell in found:
        assert cell.data_type == "s"
        assert cell.quotePrefix
    assert XlsxReader().read(data, name="x.xlsx").report.get("media.other") == Value.of(payload)


def test_no_formula_is_written_anywhere():
    report = seed_like()
    report.set("media.other", Value.of(PAYLOADS[0]))
    with io.BytesIO(XlsxWriter().write(report)) as stream:
        import zipfile

        with zipfile.ZipFile(stream) as archive:
            sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert all(b"<f>" not in sheet and b"<f " not in sheet for sheet in sheets)

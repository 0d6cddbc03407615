"""Any report, written as a workbook, stripped of its long form and retyped (traditional labels, numbers
typed as text with separators or full-width digits, other spellings of 无 and of ticks), reads back as the
same report."""

from __future__ import annotations

import io

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao.io.xlsx import XlsxReader, XlsxWriter
from tests.io.retyping import label_texts, retype_number, retype_text
from tests.strategies import reports


# Each example loads and saves a workbook with openpyxl in full (slow with ~80 merged ranges): few examples.
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports(), st.randoms(use_true_random=False))
def test_a_retyped_form_sheet_reads_as_written(report, rnd):
    workbook = openpyxl.load_workbook(io.BytesIO(XlsxWriter().write(report)))
    del workbook["明细"]
    labels = label_texts(report)
    for row in workbook["报表"].iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.value = retype_text(cell.value, labels, rnd)
            elif isinstance(cell.value, int | float):
                cell.value = retype_number(cell.value, rnd)
    out = io.BytesIO()
    workbook.save(out)
    assert XlsxReader().read(out.getvalue(), name="转载.xlsx").report == report

"""The form sheet alone (as when a copy lost its long form) reads back to the same report."""

from __future__ import annotations

import io

import openpyxl
from hypothesis import HealthCheck, given, settings

from nianbao.io.placement import place_cells
from nianbao.io.xlsx import XlsxReader, XlsxWriter
from nianbao.io.xlsx.reader import open_workbook, workbook_cells
from nianbao.report import Report
from tests.core.seed_values import SEED_VALUES
from tests.io.samples import TEMPLATE, seed_like
from tests.strategies import reports


def form_only(report: Report) -> Report | None:
    workbook = open_workbook(XlsxWriter().write(report))
    try:
        cells = list(workbook_cells(workbook, skip=workbook["明细"]))
    finally:
        workbook.close()
    result = place_cells(cells, source="报表.xlsx")
    assert result.findings == []
    return result.report


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_the_form_sheet_round_trips_generated_reports(report):
    assert form_only(report) == report


def test_the_form_sheet_round_trips_the_seed():
    seed = Report(TEMPLATE, dict(SEED_VALUES))
    assert form_only(seed) == seed


def test_a_workbook_without_its_long_form_is_read_from_the_form():
    report = seed_like()
    workbook = openpyxl.load_workbook(io.BytesIO(XlsxWriter().write(report, appendix=True)))
    del workbook["明细"]
    out = io.BytesIO()
    workbook.save(out)
    result = XlsxReader().read(out.getvalue(), name="报表.xlsx")
    assert result.report == report
    assert result.findings == []

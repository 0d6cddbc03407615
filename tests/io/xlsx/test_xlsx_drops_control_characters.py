"""A control character pasted into a value cannot break the workbook: it is dropped, the rest is kept."""

from nianbao.io.xlsx import XlsxReader, XlsxWriter
from nianbao.report import Value
from tests.io.samples import seed_like


def test_control_characters_are_dropped_and_the_text_kept():
    report = seed_like()
    report.set("media.other", Value.of("甲\x01乙\x0b丙"))
    result = XlsxReader().read(XlsxWriter().write(report), name="x.xlsx")
    assert result.report.get("media.other") == Value.of("甲乙丙")


def test_a_control_character_in_the_unit_name_does_not_break_the_properties():
    report = seed_like()
    report.set("header.unit", Value.of("甲\x02局"))
    result = XlsxReader().read(XlsxWriter().write(report), name="x.xlsx")
    assert result.report.get("header.unit") == Value.of("甲局")
    assert result.findings == []

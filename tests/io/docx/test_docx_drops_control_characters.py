"""A control character pasted into a value cannot break the Word file: it is dropped, the rest is kept."""

from nianbao.io.docx import DocxReader, DocxWriter
from nianbao.report import Value
from tests.io.samples import seed_like


def test_control_characters_are_dropped_and_the_text_kept():
    report = seed_like()
    report.set("media.other", Value.of("甲\x01乙\x0b丙"))
    result = DocxReader().read(DocxWriter().write(report), name="x.docx")
    assert result.report.get("media.other") == Value.of("甲乙丙")


def test_markup_in_a_value_is_text():
    report = seed_like()
    report.set("media.other", Value.of('甲</w:t><w:t>"&amp;<乙>'))
    result = DocxReader().read(DocxWriter().write(report), name="x.docx")
    assert result.report.get("media.other") == Value.of('甲</w:t><w:t>"&amp;<乙>')


def test_a_control_character_in_the_unit_name_does_not_break_the_properties():
    report = seed_like()
    report.set("header.unit", Value.of("甲\x02局"))
    result = DocxReader().read(DocxWriter().write(report), name="x.docx")
    assert result.report.get("header.unit") == Value.of("甲局")

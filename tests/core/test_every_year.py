"""Every reporting year 2018–2026 has its form: the report's own year is printed and checked."""

import datetime as dt

import pytest

from core.builders import GX_2020, codes_for, seed_with
from nianbao.forms import parse_template, template_for_year
from nianbao.forms.template import TemplateError
from nianbao.io.layout import build_layout
from nianbao.io.registry import get_writer, read_bytes, writer_formats
from nianbao.report.validate import validate

YEARS = range(2018, 2027)


def filled_for(year: int, published: dt.date | None = None):
    """The seed retyped as the same site's report of `year`, published in the following January."""
    published = published or dt.date(year + 1, 1, 15)
    return seed_with(
        {
            "header.year": str(year),
            "basic.publish_date": published.isoformat(),
            "signature.date": published.isoformat(),
        },
        template_for_year(year),
    )


@pytest.mark.parametrize("year", YEARS)
def test_each_year_has_a_form_and_a_correct_report_validates_clean(year):
    template = template_for_year(year)
    assert template.covers(year)
    assert validate(filled_for(year)) == []


@pytest.mark.parametrize("year", [2017, 2027])
def test_a_year_without_a_form_is_named_in_chinese(year):
    with pytest.raises(KeyError) as caught:
        template_for_year(year)
    assert f"没有适用于{year}年度的报表模板" in caught.value.args[0]
    assert "2018–2026年度" in caught.value.args[0]


@pytest.mark.parametrize("year", [2018, 2021, 2026])
def test_every_output_prints_the_reports_year(year):
    report = filled_for(year)
    assert build_layout(report).year_line == f"（{year}年度）"
    for fmt in writer_formats():
        data = get_writer(fmt).write(report)
        result = read_bytes(data, f"report{get_writer(fmt).suffix}")
        assert result.report is not None, fmt
        assert result.report.get("header.year").data == str(year), fmt
        assert "W-YEAR-MISMATCH" not in [f.code for f in validate(result.report)], fmt


def test_2026_publication_deadline_is_31_january_2027():
    assert validate(filled_for(2026, dt.date(2027, 1, 31))) == []
    [late] = validate(filled_for(2026, dt.date(2027, 2, 1)))
    assert late.code == "R-PUBLISH-LATE"
    assert "晚于2026年度报表的公开期限（次年1月31日）" in late.message


def test_2026_publication_must_follow_the_year():
    codes = [f.code for f in validate(filled_for(2026, dt.date(2026, 12, 31)))]
    assert codes == ["R-PUBLISH-EARLY"]
    # The seed's own 2021-01-15 publication is far too early for 2026, and not a year warning.
    assert codes_for({"header.year": "2026"}) == ["R-PUBLISH-EARLY"]


def test_a_later_form_wins_for_the_years_it_serves():
    """A new form for one year is a data file: the newest version serving a year is chosen."""
    newer = parse_template(
        {
            "id": "gx-2025",
            "title": GX_2020.title,
            "region": GX_2020.region,
            "year": 2025,
            "years": [2025, 2026],
            "sections": [{"key": "header", "label": "表头"}],
            "items": [{"key": "header.year", "label": "年度", "section": "header", "type": "code"}],
        },
        "gx-2025.toml",
    )
    assert newer.years_text == "2025–2026年度"
    assert not newer.covers(2024) and newer.covers(2026)
    assert GX_2020.years_text == "2018–2026年度"


@pytest.mark.parametrize("years", [[2026, 2018], [2018], "2018", [2018, "2026"]])
def test_a_bad_range_of_years_is_refused_in_chinese(years):
    with pytest.raises(TemplateError, match="years 应为"):
        parse_template(
            {"id": "x", "title": "x", "year": 2020, "years": years, "sections": [], "items": []}, "x.toml"
        )

"""Comparing a published copy with the approved values: what counts as the same, what is reported."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao.publication.check import normal_url
from nianbao.publication.compare import compare, same
from nianbao.report import Report
from nianbao.report.values import BLANK, NONE, Value
from seed_fixture import seed_report
from strategies import reports


@settings(max_examples=40, deadline=None)
@given(reports())
def test_a_report_never_differs_from_itself(report):
    assert compare(Report(report.template, dict(report.values)), report) == []


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=10**9))
def test_a_changed_count_is_the_one_difference(old, new):
    approved = seed_report()
    approved.set("access.uv", Value.of(old))
    published = Report(approved.template, dict(approved.values))
    published.set("access.uv", Value.of(new))
    differences = compare(published, approved)
    assert [d.key for d in differences] == ([] if old == new else ["access.uv"])
    if differences:
        assert (differences[0].published, differences[0].approved) == (str(new), str(old))


def test_values_that_mean_the_same_are_the_same():
    assert same(Value.of(Decimal("1.50")), Value.of(Decimal("1.5")))
    assert same(Value.of(Decimal("3")), Value.of(3))
    assert same(Value.of("钦州市 城管局"), Value.of("钦州市城管局"))
    assert same(Value.of("ＡＢＣ"), Value.of("ABC"))
    assert not same(NONE, BLANK)
    assert not same(NONE, Value.of(0))  # 0 is a value, not 无


def test_a_blank_in_the_published_copy_is_a_difference_named_未填():
    approved = seed_report()
    published = Report(approved.template, dict(approved.values))
    published.set("info.total", BLANK)
    (difference,) = compare(published, approved)
    assert difference.published == "未填"
    assert difference.approved == "551"


def test_publication_items_missing_from_the_published_copy_are_not_differences():
    approved = seed_report()
    published = Report(approved.template, dict(approved.values))
    published.set("basic.publish_url", BLANK)
    published.set("basic.publish_date", BLANK)
    assert compare(published, approved) == []


def test_urls_are_compared_without_case_default_port_fragment_or_trailing_slash():
    assert normal_url("HTTP://Example.ORG:80/a/#top") == normal_url("http://example.org/a")
    assert normal_url("https://example.org:8443/a") != normal_url("https://example.org/a")

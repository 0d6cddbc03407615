"""Whatever a report holds, validating it on a bundled template gives findings, never an exception."""

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao.forms import Item, ItemType, get_template, template_ids
from nianbao.report import BLANK, NONE, Finding, MultiChoice, Report, Value
from nianbao.report.catalogue import CATALOGUE
from nianbao.report.validate import compute_items, validate

TEMPLATES = [get_template(t) for t in template_ids()]
# What people leave in cells: words, numbers with stray units, impossible dates, double ticks.
junk = st.sampled_from(
    ["很多", "12条左右", "3.5", "2021年2月30日", "☑是 ☑否", "☑甲 ☑乙", "9999", "0000"]
).map(Value.of)


def data_for(item: Item) -> st.SearchStrategy[Value]:
    typed = {
        ItemType.COUNT: st.integers(-5, 10**7),
        ItemType.DECIMAL: st.decimals(-5, 10**4, places=2),
        ItemType.PERCENTAGE: st.decimals(-5, 150, places=1),
        ItemType.DATE: st.dates(dt.date(2019, 1, 1), dt.date(2023, 12, 31)),
        ItemType.YESNO: st.booleans(),
        ItemType.CHOICE: st.sampled_from(item.options or ("x",)),
        ItemType.MULTICHOICE: st.builds(
            MultiChoice, st.lists(st.sampled_from(item.options or ("x",)), unique=True).map(tuple), st.none()
        ),
        ItemType.URL: st.sampled_from(["http://www.gxzf.gov.cn/", "https://a.qinzhou.gov.cn/x", "gxzf"]),
    }.get(item.type, st.sampled_from(["钦州", "2020", "2021", "4500000123", "1周/次"]))
    return st.one_of(typed.map(Value.of), st.just(NONE), st.just(BLANK), junk)


# Strategies are built once per template: rebuilding them for every example is what makes drawing slow.
REPORTS = st.one_of(
    st.fixed_dictionaries({item.key: data_for(item) for item in t.items}).map(lambda v, t=t: Report(t, v))
    for t in TEMPLATES
)


@settings(max_examples=100, deadline=None)
@given(REPORTS)
def test_validation_returns_catalogued_findings_for_any_report(report):
    findings = validate(report)
    assert all(isinstance(f, Finding) and f.code in CATALOGUE and f.message for f in findings)
    assert all(report.template.has_item(k) for f in findings for k in f.items)
    for key, value in compute_items(report).items():
        assert report.template.item(key).compute
        assert value.is_none or isinstance(value.data, Decimal)

"""Exports: numbers stay numbers, text that would run as a formula is neutralised, every item has a cell."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from nianbao.analysis.tables import SiteRow, long_rows, safe_text, wide_rows
from nianbao.forms.template import get_template
from nianbao.report.values import NONE, Value

TEMPLATE = get_template("gx-2020")


def _row(name="示例网站", **values):
    return SiteRow("4501020001", name, "示例区", "部门网站", "已公开", values)


def test_formula_text_is_neutralised_and_numbers_are_kept():
    row = _row(
        name='=HYPERLINK("http://x")', **{"access.uv": Value.of(-5), "basic.site_name": Value.of("@SUM(1)")}
    )
    header, *rows = list(wide_rows(TEMPLATE, [row]))
    cells = dict(zip(header, rows[0], strict=True))
    assert cells["网站名称"] == '\'=HYPERLINK("http://x")'
    assert cells["用户访问·独立用户访问总量"] == -5
    assert cells["基本信息·网站名称"] == "'@SUM(1)"


@given(st.text(min_size=1, max_size=20))
def test_no_neutralised_cell_starts_with_a_formula_sign(text):
    assert not safe_text(text).startswith(("=", "+", "-", "@"))


def test_the_long_form_has_one_row_per_item_and_says_none_and_blank():
    rows = list(long_rows(TEMPLATE, [_row(**{"access.uv": NONE})]))
    assert len(rows) == 1 + len(TEMPLATE.items)
    by_key = {r[5]: r[-1] for r in rows[1:]}
    assert by_key["access.uv"] == "无"
    assert by_key["access.pv"] == ""

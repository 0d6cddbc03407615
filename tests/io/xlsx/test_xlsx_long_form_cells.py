"""Each state and type lands in the 值 and 状态 columns as a spreadsheet user expects, and reads back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from nianbao.io.xlsx.longform import cell_value, decode_cell
from nianbao.report import BLANK, NONE, MultiChoice, Value
from tests.io.samples import TEMPLATE

item = TEMPLATE.item
PICKED = MultiChoice(("搜索即服务", "千人千网"), "智能客服")


@pytest.mark.parametrize(
    ("key", "value", "stored"),
    [
        ("access.uv", Value.of(23324), 23324),
        ("access.uv", NONE, "无"),
        ("access.uv", BLANK, None),
        ("interaction.messages.avg_days", Value.of(Decimal("2.5")), 2.5),
        ("basic.publish_date", Value.of(dt.date(2021, 1, 15)), dt.date(2021, 1, 15)),
        ("service.catalogue_published", Value.of(False), "否"),
        ("basic.site_type", Value.of("部门网站"), "部门网站"),
        ("innovation.features", Value.of(PICKED), "搜索即服务、千人千网；其他：智能客服"),
        ("basic.site_code", Value.of("4507000026"), "4507000026"),
    ],
)
def test_it_stores_and_reads_each_type(key, value, stored):
    assert cell_value(item(key), value) == stored
    assert decode_cell(item(key), stored, None) == value


def test_a_text_that_reads_wu_stays_text_when_the_state_says_so():
    assert decode_cell(item("media.other"), "无", "有值") == Value.of("无")
    assert decode_cell(item("media.other"), "无", "无") == NONE


def test_digits_beyond_what_excel_keeps_are_stored_as_text_and_read_back():
    huge = 12345678901234567890
    assert cell_value(item("access.pv"), Value.of(huge)) == str(huge)
    assert decode_cell(item("access.pv"), str(huge), "有值") == Value.of(huge)


def test_a_decimal_that_a_float_would_round_is_kept_exactly():
    exact = Decimal("0.12345678901234567890123")
    stored = cell_value(item("interaction.messages.avg_days"), Value.of(exact))
    assert stored == "0.12345678901234567890123"
    assert decode_cell(item("interaction.messages.avg_days"), stored, "有值") == Value.of(exact)


def test_a_number_typed_into_a_code_cell_reads_as_text():
    assert decode_cell(item("basic.site_code"), 4507000026, None) == Value.of("4507000026")


def test_typed_text_in_a_multichoice_that_lists_no_options_is_kept_as_typed():
    assert decode_cell(item("innovation.features"), "约三项", "有值") == Value.of("约三项")

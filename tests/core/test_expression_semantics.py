import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.builders import tiny_template
from nianbao.report import BLANK, NONE, Report, Value
from nianbao.report.expressions import compile_expression

T = tiny_template()


def truth(source: str, **values: Value) -> bool | None:
    report = Report(T, {f"n.{k}" if k != "year" else "header.year": v for k, v in values.items()})
    return compile_expression(source, T, "测试").truth(report)


def value_of(source: str, **values: Value):
    report = Report(T, {f"n.{k}": v for k, v in values.items()})
    return compile_expression(source, T, "测试").evaluate(report)


counts = st.integers(min_value=0, max_value=10**9)
three_state = st.one_of(counts.map(Value.of), st.just(NONE), st.just(BLANK))


@given(counts, counts)
def test_a_le_b_fails_exactly_when_a_exceeds_b(a, b):
    assert truth("n.a <= n.b", a=Value.of(a), b=Value.of(b)) is (a <= b)


@given(counts)
def test_none_counts_as_zero_in_comparisons(b):
    assert truth("n.a <= n.b", a=NONE, b=Value.of(b)) is True
    assert truth("n.b <= n.a", a=NONE, b=Value.of(b)) is (b == 0)


@given(three_state)
def test_a_blank_operand_makes_a_comparison_not_applicable(other):
    assert truth("n.a <= n.b", a=BLANK, b=other) is None
    assert truth("n.a <= n.b", a=other, b=BLANK) is None


@given(counts, counts, counts)
def test_sum_rule_compares_exact_integers(a, b, c):
    assert truth("n.a == n.b + n.c", a=Value.of(a), b=Value.of(b), c=Value.of(c)) is (a == b + c)


def test_unparsed_text_in_a_count_makes_the_rule_not_applicable():
    assert truth("n.a <= n.b", a=Value.of("十二"), b=Value.of(3)) is None


def test_none_in_a_non_numeric_item_makes_the_rule_not_applicable():
    assert truth("n.t == '甲'", t=NONE) is None
    assert truth("n.y == True", y=NONE) is None


@pytest.mark.parametrize(
    ("left", "right", "expected_and", "expected_or"),
    [
        (True, True, True, True),
        (True, False, False, True),
        (False, None, False, None),
        (None, False, False, None),
        (True, None, None, True),
        (None, True, None, True),
        (None, None, None, None),
    ],
)
def test_and_or_follow_three_valued_logic_in_any_order(left, right, expected_and, expected_or):
    def operand(name: str, v: bool | None) -> Value:
        # n.a <= 5 is True for 1, False for 9, not applicable when blank
        return {True: Value.of(1), False: Value.of(9), None: BLANK}[v]

    values = {"a": operand("a", left), "b": operand("b", right)}
    assert truth("n.a <= 5 and n.b <= 5", **values) is expected_and
    assert truth("n.a <= 5 or n.b <= 5", **values) is expected_or


def test_not_of_not_applicable_stays_not_applicable():
    assert truth("not n.a > 1", a=BLANK) is None
    assert truth("not n.a > 1", a=Value.of(0)) is True


def test_division_by_zero_is_undefined_not_an_error():
    assert truth("n.a / n.b * 100 >= 0", a=Value.of(0), b=NONE) is None


def test_division_is_exact_decimal():
    assert value_of("n.a / n.b * 100", a=Value.of(1), b=Value.of(3)) == Decimal(1) / Decimal(3) * 100


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("filled(n.a)", [True, False, False, True]),
        ("none(n.a)", [False, True, False, False]),
        ("blank(n.a)", [False, False, True, False]),
        ("empty(n.a)", [False, True, True, False]),
    ],
)
def test_state_functions_see_the_state_not_the_data(source, expected):
    states = [Value.of(0), NONE, BLANK, Value.of("abc")]
    assert [truth(source, a=s) for s in states] == expected


def test_counting_and_any_filled_over_several_items():
    assert value_of("count_filled(n.a, n.b, n.c)", a=Value.of(0), b=NONE, c=Value.of(3)) == 2
    assert truth("any_filled(n.a, n.b)", a=NONE, b=BLANK) is False
    assert truth("all_empty(n.a, n.b)", a=NONE, b=BLANK) is True
    assert truth("all_empty(n.a, n.b)", a=NONE, b=Value.of(0)) is False


def test_year_is_the_header_year_or_else_the_template_year():
    assert truth("n.day <= date(year + 1, 1, 31)", day=Value.of(dt.date(2022, 1, 31)), year=Value.of("2021"))
    assert not truth("n.day <= date(year + 1, 1, 31)", day=Value.of(dt.date(2022, 1, 31)))


def test_a_date_made_impossible_by_the_data_is_not_applicable():
    # 年度 9999 puts the deadline in year 10000, which no date can hold
    assert (
        truth("n.day <= date(year + 1, 1, 31)", day=Value.of(dt.date(2021, 1, 1)), year=Value.of("9999"))
        is None
    )


def test_dates_compare_with_dates():
    assert truth("n.day > date(2020, 12, 31)", day=Value.of(dt.date(2021, 1, 1))) is True
    assert truth("n.day > date(2020, 12, 31)", day=Value.of("2021年13月1日")) is None


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("round(n.d)", Decimal(2)),
        ("round(n.d, 1)", Decimal("2.5")),  # half up; half to even would give 2.4
        ("abs(0 - n.d)", Decimal("2.45")),
        ("min(n.d, 1)", Decimal(1)),
        ("max(n.d, 1)", Decimal("2.45")),
        ("-n.d", Decimal("-2.45")),
    ],
)
def test_numeric_functions_round_half_up(source, expected):
    assert value_of(source, d=Value.of(Decimal("2.45"))) == expected


def test_host_ignores_case_and_www():
    assert truth("host(n.u) == 'gxzf.gov.cn'", u=Value.of("https://WWW.gxzf.gov.cn/a/b")) is True
    assert truth("host(n.u) == 'gxzf.gov.cn'", u=Value.of("gxzf")) is None


def test_in_against_a_tuple_of_options():
    assert truth("n.ch in ('甲类', '乙类')", ch=Value.of("乙类")) is True
    assert truth("n.ch not in ('甲类',)", ch=Value.of("乙类")) is True
    # a choice that is not an option did not parse to its type: not applicable
    assert truth("n.ch in ('甲类',)", ch=Value.of("丙类")) is None


def test_a_multiple_choice_is_the_list_of_its_ticked_options():
    from core.builders import GX_2020, seed_with

    seed = seed_with({})
    ticked = compile_expression("'无障碍浏览' in innovation.features", GX_2020, "测试")
    unticked = compile_expression("'千人千网' in innovation.features", GX_2020, "测试")
    assert (ticked.truth(seed), unticked.truth(seed)) == (True, False)


@pytest.mark.parametrize(
    "source",
    [
        "n.t < '乙'",
        "max(n.day, date(2021, 1, 1)) >= n.day",
        "n.t in ('甲', '乙')",
        "'甲' in n.t",
        "round(n.d, 2) > 0",
    ],
)
def test_kinds_that_combine_compile(source):
    assert compile_expression(source, T, "测试").kind == "真假值"

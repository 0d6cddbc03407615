"""Per-item checks driven by the template: required items, types, ranges and formats."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import cache
from urllib.parse import urlsplit

from nianbao.forms.template import Item, ItemType, Template
from nianbao.report.coerce import read_number, ticked_options
from nianbao.report.findings import Finding, Severity
from nianbao.report.values import MultiChoice, Value

E, W = Severity.ERROR, Severity.WARNING
# Dot-separated labels of letters (any script, for 中文域名), digits and hyphens; at least two labels.
_HOST_RE = re.compile(r"^(?:[\w-]+\.)+[\w-]+$")


def where(template: Template, item: Item) -> str:
    """Return the item named as a person finds it on the form: "互动交流 › 留言办理 › 收到留言数量"."""
    return f"{template.section_label(item)} › {item.label}"


def _unit(item: Item) -> str:
    return f"（单位：{item.unit}）" if item.unit else ""


def check_value(template: Template, item: Item, value: Value) -> list[Finding]:
    """Return what is wrong with one item's value on its own."""
    name = where(template, item)
    if value.is_blank:
        if item.required:
            return [
                Finding(
                    "E-REQUIRED",
                    E,
                    f"{name}：必填项未填写。请填写；确无相关内容时写“无”。",
                    (item.key,),
                )
            ]
        return []
    if value.is_none:
        return []
    data = value.data
    problem = _CHECKS[item.type](item, data)
    if problem is None:
        return []
    code, message = problem
    if code == "E-CHOICE-COUNT":
        # Word for word what reading the ticks reports, so a caller merging both lists drops the duplicate.
        name = item.label
    return [Finding(code, E, f"{name}：{message}", (item.key,))]


Problem = tuple[str, str] | None


def _typed_as(data: object) -> str:
    return f"“{data}”"


def _check_count(item: Item, data: object) -> Problem:
    if isinstance(data, str):
        number = read_number(data, item.unit)
        if number is not None:
            return (
                "E-COUNT-NOT-INTEGER",
                f"{_typed_as(data)}不是整数。请填写整数{_unit(item)}，没有数据时写“无”。",
            )
        return "E-NOT-NUMBER", f"{_typed_as(data)}不是数字。请填写非负整数{_unit(item)}，没有数据时写“无”。"
    if not isinstance(data, int) or isinstance(data, bool):
        return _wrong_type(item, data)
    if data < 0:
        return "E-COUNT-NEGATIVE", f"数量不能为负数（现为{data}）。请填写非负整数，没有数据时写“无”。"
    return _above_limit(item, data)


def _check_decimal(item: Item, data: object) -> Problem:
    if isinstance(data, str):
        return "E-NOT-NUMBER", f"{_typed_as(data)}不是数字。请填写数字{_unit(item)}，没有数据时写“无”。"
    if not isinstance(data, Decimal):
        return _wrong_type(item, data)
    if data < 0:
        return "E-NUMBER-NEGATIVE", f"不能为负数（现为{data}）。请填写非负数，没有数据时写“无”。"
    return _above_limit(item, data)


TOO_LARGE = "E-NUMBER-TOO-LARGE"


def _above_limit(item: Item, data: int | Decimal) -> Problem:
    """A figure above the item's upper bound (see the template's [limits]); digits counted, not printed."""
    if item.max_value is None or data <= item.max_value:
        return None
    # Decimal(...).adjusted(), not len(str(...)): str() of an int over 4,300 digits raises ValueError.
    digits = Decimal(data).adjusted() + 1
    limit = f"{item.max_value:,.0f}" if float(item.max_value).is_integer() else str(item.max_value)
    return (
        TOO_LARGE,
        f"数值过大（{digits} 位数），超过本项上限 {limit}{_unit(item)}。请核对是否多输入了数字。",
    )


def _check_percentage(item: Item, data: object) -> Problem:
    problem = _check_decimal(item, data)
    if problem is not None:
        return problem
    assert isinstance(data, Decimal)
    if data > 100:
        return "E-PERCENT-RANGE", f"百分比应在0到100之间（现为{data}）。请填写不带%号的数值，如98.5。"
    return None


def _check_date(item: Item, data: object) -> Problem:
    if isinstance(data, dt.date):
        return None
    if isinstance(data, str):
        return (
            "E-DATE-INVALID",
            f"{_typed_as(data)}不是有效日期。请按“2021年1月15日”或“2021-01-15”的格式填写年月日。",
        )
    return _wrong_type(item, data)


def _check_url(item: Item, data: object) -> Problem:
    if not isinstance(data, str):
        return _wrong_type(item, data)
    try:
        parts = urlsplit(data)
        host = parts.hostname or ""
    except ValueError:
        parts, host = None, ""
    if parts is not None and parts.scheme.lower() in ("http", "https") and _HOST_RE.match(host):
        return None
    return (
        "E-URL-INVALID",
        f"{_typed_as(data)}不是有效网址。请填写以 http:// 或 https:// 开头的完整地址，如“http://www.gxzf.gov.cn/”。",
    )


@cache
def _pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _check_code(item: Item, data: object) -> Problem:
    if not isinstance(data, str):
        return _wrong_type(item, data)
    if not item.pattern or _pattern(item.pattern).fullmatch(data):
        return None
    example = f"，如“{item.example}”" if item.example else ""
    return "E-CODE-FORMAT", f"{_typed_as(data)}格式不对。应为{item.pattern_hint or '规定格式'}{example}。"


def _ticks_chosen(data: str) -> int:
    pairs = ticked_options(data) or []
    return sum(1 for ticked, _ in pairs if ticked)


def _check_choice(item: Item, data: object) -> Problem:
    if not isinstance(data, str):
        return _wrong_type(item, data)
    if data in item.options:
        return None
    options = "、".join(item.options)
    if _ticks_chosen(data) > 1:
        return "E-CHOICE-COUNT", f"应只勾选一项（可选：{options}），现为“{data}”。请只保留一项。"
    return "E-CHOICE-INVALID", f"{_typed_as(data)}不是可选项。请勾选其中一项：{options}。"


def _check_yesno(item: Item, data: object) -> Problem:
    if isinstance(data, bool):
        return None
    if isinstance(data, str):
        if _ticks_chosen(data) > 1:
            return "E-CHOICE-COUNT", f"“是”和“否”只能勾选一项，现为“{data}”。"
        return "E-YESNO-INVALID", f"{_typed_as(data)}无法识别。请勾选“是”或“否”。"
    return _wrong_type(item, data)


def _check_multichoice(item: Item, data: object) -> Problem:
    options = "、".join((*item.options, item.other_label or "其他"))
    if isinstance(data, str):
        return "E-MULTICHOICE-INVALID", f"{_typed_as(data)}无法识别为选项。可勾选：{options}。"
    if not isinstance(data, MultiChoice):
        return _wrong_type(item, data)
    unknown = [s for s in data.selected if s not in item.options]
    if unknown:
        return "E-MULTICHOICE-INVALID", f"“{'、'.join(unknown)}”不是可选项。可勾选：{options}。"
    limit = item.other_max_chars
    if data.other and limit and len(data.other) > limit:
        return (
            "E-OTHER-TOO-LONG",
            f"“{item.other_label or '其他'}”的说明有{len(data.other)}字，超过{limit}字的上限。"
            f"请精简到{limit}字以内。",
        )
    return None


def _check_text(item: Item, data: object) -> Problem:
    return None if isinstance(data, str) else _wrong_type(item, data)


def _wrong_type(item: Item, data: object) -> Problem:
    return "E-VALUE-TYPE", f"值“{data}”的类型与本项不符。请按本项要求重新填写。"


_CHECKS = {
    ItemType.COUNT: _check_count,
    ItemType.DECIMAL: _check_decimal,
    ItemType.PERCENTAGE: _check_percentage,
    ItemType.TEXT: _check_text,
    ItemType.URL: _check_url,
    ItemType.DATE: _check_date,
    ItemType.CODE: _check_code,
    ItemType.CHOICE: _check_choice,
    ItemType.YESNO: _check_yesno,
    ItemType.MULTICHOICE: _check_multichoice,
}


def check_year(template: Template, value: Value) -> list[Finding]:
    """Warn when the 年度 written in the header is not a year this version of the form serves."""
    data = value.data
    if not (isinstance(data, str) and data.isdigit()) or template.covers(int(data)):
        return []
    item = template.item("header.year")
    return [
        Finding(
            "W-YEAR-MISMATCH",
            W,
            f"{where(template, item)}：填写的年度{data}不在报表模板 {template.id} 的适用年度"
            f"（{template.years_text}）之内。请核对年度，或改用{data}年度的报表模板。",
            (item.key,),
        )
    ]

"""HTML of one item on the entry page, built in Python: the page has ~80 items and the template engine's
per-variable cost made rendering the slowest part of the request (see benchmarks/web_bench.py)."""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe

from nianbao.forms.template import ItemType
from nianbao.web.reporting.core import PUBLICATION_ITEMS
from nianbao.web.reporting.entryform import Row


def _attr(name: str, on: bool) -> str:
    return f" {name}" if on else ""


def _input(row: Row, key: str, disabled: str) -> str:
    item = row.item
    if item.compute:
        shown = escape(row.text) or "（自动计算）"
        return (
            f'<output id="v-{key}" class="computed" data-computed="{key}">{shown}</output>'
            '<span class="hint">自动计算</span>'
        )
    if item.type is ItemType.CHOICE:
        options = "".join(
            f"<option{_attr('selected', o == row.text)}>{escape(o)}</option>" for o in row.options
        )
        blank = '<option value="">（未选择）</option>'
        return f'<select name="v:{key}" id="v-{key}"{disabled}>{blank}{options}</select>'
    if item.type is ItemType.YESNO:
        radios = "".join(
            f'<label><input type="radio" name="v:{key}" value="{v}"'
            f"{_attr('checked', checked)}{disabled}> {label}</label>"
            for v, label, checked in (
                ("是", "是", row.text == "是"),
                ("否", "否", row.text == "否"),
                ("", "未选", row.text not in ("是", "否")),
            )
        )
        legend = f'<legend class="sr">{escape(item.label)}</legend>'
        return f'<fieldset class="radios" id="v-{key}">{legend}{radios}</fieldset>'
    if item.type is ItemType.MULTICHOICE:
        boxes = "".join(
            f'<label><input type="checkbox" name="sel:{key}" value="{escape(o)}"'
            f"{_attr('checked', o in row.selected)}{disabled}> {escape(o)}</label>"
            for o in item.options
        )
        limit = item.other_max_chars or 200
        other = (
            f'<label>{escape(item.other_label or "其他")}：<input type="text" name="other:{key}" '
            f'value="{escape(row.other)}" maxlength="{limit}"{disabled}></label>'
        )
        kept = f'<input type="hidden" name="v:{key}" value="{escape(row.text)}">' if row.text else ""
        legend = f'<legend class="sr">{escape(item.label)}</legend>'
        return f'<fieldset class="checks" id="v-{key}">{legend}{boxes}{other}{kept}</fieldset>'
    if item.example:
        placeholder = f' placeholder="例：{escape(item.example)}"'
    elif item.type is ItemType.DATE:
        placeholder = ' placeholder="例：2021年1月20日"'
    else:
        placeholder = ""
    return (
        f'<input type="text" name="v:{key}" id="v-{key}" value="{escape(row.text)}" '
        f'inputmode="{row.input_mode}"{placeholder} aria-describedby="f-{key}"{disabled}>'
    )


def render_row(row: Row, editable: bool, can_comment: bool) -> SafeString:
    """Return the HTML of one item: label, unit, 填写说明, input, 无 toggle, state, last year, findings."""
    item = row.item
    key = escape(item.key)
    disabled = "" if editable and not row.none else " disabled"
    marked = " has-comment" if row.comments else ""
    parts = [f'<div class="item s-{row.state}{marked}" id="item-{key}" data-key="{key}">']
    if not item.compute:
        parts.append(f'<input type="hidden" name="k" value="{key}">')
    abbr = f"（{escape(item.abbr)}）" if item.abbr else ""
    if item.type in (ItemType.YESNO, ItemType.MULTICHOICE) and not item.compute:
        # A group of boxes is named by its legend; a <label for> may only point at one control.
        parts.append(f'<div class="label"><span class="label-text">{escape(item.label)}{abbr}</span>')
    else:
        parts.append(f'<div class="label"><label for="v-{key}">{escape(item.label)}{abbr}</label>')
    if item.unit:
        parts.append(f'<span class="unit">单位：{escape(item.unit)}</span>')
    if item.help:
        extra = "".join(f"<p>{escape(text)}</p>" for text in item.option_help.values())
        parts.append(f"<details><summary>填写说明</summary><p>{escape(item.help)}</p>{extra}</details>")
    parts.append('</div><div class="field">')
    parts.append(_input(row, key, disabled))
    if not item.compute:
        parts.append(
            f'<label class="none-toggle"><input type="checkbox" name="none:{key}" value="1" data-none="{key}"'
            f"{_attr('checked', row.none)}{_attr('disabled', not editable)}> 无</label>"
        )
    parts.append(f'<span class="state-tag" data-state="{key}">{row.state_label}</span></div>')
    if item.key in PUBLICATION_ITEMS:
        parts.append('<p class="prev">报表公开后，由登记公开的人员填入（登记公开时自动写入）。</p>')
    if row.last_year:
        parts.append(f'<p class="prev">上年：{escape(row.last_year)}</p>')
    if row.evidence:
        parts.append(f'<p class="prev evidence">{escape(row.evidence)}</p>')
    findings = "".join(
        f'<li class="finding {f.severity.value}">{f.severity.label}：{escape(f.message)}</li>'
        for f in row.findings
    )
    parts.append(f'<ul class="findings" id="f-{key}" aria-live="polite">{findings}</ul>')
    parts.extend(f'<p class="comment">退回意见：{escape(c)}</p>' for c in row.comments)
    if can_comment:
        parts.append(
            f'<label class="comment-input">对本项的退回意见（可选）'
            f'<input type="text" name="comment:{key}" form="return-form"></label>'
        )
    parts.append("</div>")
    return mark_safe("".join(parts))  # every interpolated text above is escaped

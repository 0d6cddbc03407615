"""`nianbao template`: list the bundled report templates and show one: sections, items and rules."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NoReturn

import click

from nianbao.forms import (
    Item,
    ItemType,
    Template,
    TemplateError,
    get_template,
    load_template_file,
    template_ids,
)
from nianbao.report.catalogue import describe

TYPE_LABELS = {
    ItemType.COUNT: "数量",
    ItemType.DECIMAL: "数值",
    ItemType.PERCENTAGE: "百分比",
    ItemType.TEXT: "文字",
    ItemType.URL: "网址",
    ItemType.DATE: "日期",
    ItemType.CODE: "编码",
    ItemType.CHOICE: "单选",
    ItemType.YESNO: "是/否",
    ItemType.MULTICHOICE: "多选",
}
HELP_CHARS = 40


@click.group("template")
def template() -> None:
    """报表模板：列出内置模板，查看模板的栏目、项目与校验规则。"""


@template.command("list")
def list_templates() -> None:
    """列出内置的报表模板。"""
    for template_id in template_ids():
        t = get_template(template_id)
        click.echo(f"{t.id}\t{t.title}（{t.year}年度）\t{len(t.items)}个项目\t{len(t.rules)}条规则")


@template.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出整个模板（与模板文件结构相同）。")
@click.option("--full", is_flag=True, help=f"完整显示每项的填写说明（默认每项只显示前 {HELP_CHARS} 个字）。")
def show(name: str, as_json: bool, full: bool) -> None:
    """显示模板 NAME（内置模板的编号，如 gx-2020，或一个 .toml 模板文件的路径）。"""
    t = _load(name)
    if as_json:
        click.echo(json.dumps(template_to_plain(t), ensure_ascii=False, indent=2))
        return
    for line in describe_template(t, full=full):
        click.echo(line)


def _load(name: str) -> Template:
    try:
        if name.endswith(".toml"):
            path = Path(name)
            if not path.is_file():
                raise TemplateError(f"找不到模板文件：{name}")
            return load_template_file(path)
        return get_template(name)
    except KeyError as exc:
        _fail(str(exc.args[0]))
    except (TemplateError, OSError, UnicodeDecodeError) as exc:
        _fail(f"无法读取模板：{exc}")


def _fail(message: str) -> NoReturn:
    click.echo(f"错误：{message}", err=True)
    sys.exit(2)


def _short(text: str) -> str:
    return text if len(text) <= HELP_CHARS else text[: HELP_CHARS - 1] + "…"


def describe_template(t: Template, full: bool = False) -> list[str]:
    """Return the template as lines of text: header, sections with their items, then the rules."""
    lines = [
        f"{t.title}（{t.id}，{t.year}年度，第{t.version}版）",
        f"{len(t.sections)}个栏目，{len(t.items)}个项目，{len(t.rules)}条规则",
    ]
    for section in t.sections:
        depth = section.key.count(".")
        lines.append("")
        lines.append("  " * depth + f"【{section.label}】 {section.key}")
        for item in t.items:
            if item.section == section.key:
                lines.extend("  " * (depth + 1) + line for line in _describe_item(item, full))
    lines.append("")
    lines.append(f"【校验规则】 共{len(t.rules)}条")
    for rule in t.rules:
        severity = "错误" if rule.severity == "error" else "警告"
        lines.append(f"  {rule.code}（{severity}）{describe(rule.code)}")
        if rule.when:
            lines.append(f"      当 {rule.when}")
        lines.append(f"      要求 {rule.check}")
    return lines


def _describe_item(item: Item, full: bool = False) -> list[str]:
    facts = [TYPE_LABELS[item.type]]
    if item.unit:
        facts.append(f"单位：{item.unit}")
    if item.required:
        facts.append("必填")
    if item.options:
        options = (*item.options, item.other_label) if item.other_label else item.options
        facts.append("可选：" + "、".join(options))
    if item.pattern_hint:
        facts.append(f"格式：{item.pattern_hint}")
    if item.compute:
        facts.append(f"计算：{item.compute}")
    if item.aliases:
        facts.append("又称：" + "、".join(item.aliases))
    lines = [f"{item.key}  {item.label}  〔{'；'.join(facts)}〕"]
    if item.help and full:  # every line of the official text, indented under the item
        help_lines = item.help.strip().splitlines() or [""]
        lines.append(f"    填写说明：{help_lines[0]}")
        lines.extend(f"              {line}" for line in help_lines[1:])
    elif item.help:
        lines.append(f"    填写说明：{_short(item.help)}（完整说明：加 --full）")
    return lines


def template_to_plain(t: Template) -> dict[str, Any]:
    """Return the template as plain JSON data shaped like its TOML file, so parse_template reads it back."""
    return {f.name: _plain(getattr(t, f.name)) for f in dataclasses.fields(t)}


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value

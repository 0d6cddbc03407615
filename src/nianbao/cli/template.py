"""`nianbao template`: list the bundled report templates and show one: sections, items and rules."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NoReturn

import click

from nianbao.cli.template_option import load_named_template
from nianbao.forms import (
    TYPE_LABELS,
    Item,
    Template,
    get_template,
    template_ids,
)
from nianbao.forms.compare import describe_diff, diff_templates
from nianbao.report.catalogue import CATALOGUE, describe

HELP_CHARS = 40


@click.group("template")
def template() -> None:
    """报表模板：列出内置模板，查看、检查模板文件，比较两个模板。"""


@template.command("list")
def list_templates() -> None:
    """列出内置的报表模板。"""
    for template_id in template_ids():
        t = get_template(template_id)
        click.echo(f"{t.id}\t{t.title}（适用于{t.years_text}）\t{len(t.items)}个项目\t{len(t.rules)}条规则")


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


@template.command("check")
@click.argument("file", metavar="FILE")
def check(file: str) -> None:
    """检查模板文件 FILE（完整模板，或以 base 引用基础模板的变体）：格式、项目、规则表达式。"""
    t = _load(file)
    click.echo(f"模板有效：{t.id}，{t.title}，适用于{t.years_text}")
    click.echo(f"{len(t.sections)}个栏目，{len(t.items)}个项目，{len(t.rules)}条规则")
    if file.endswith(".toml") and Path(file).stem != t.id:
        click.echo(f"提示：文件名与模板编号 {t.id} 不同；模板文件夹按文件名查找，请命名为 {t.id}.toml。")
    for rule in t.rules:
        if rule.code not in CATALOGUE:
            click.echo(f"提示：规则 {rule.code} 是本模板新增的，问题列表中按模板中的提示语显示。")


@template.command("diff")
@click.argument("old", metavar="A")
@click.argument("new", metavar="B")
def diff(old: str, new: str) -> None:
    """列出模板 A 到模板 B 的变化：新增、删除、改名的项目，新增、删除、修改的规则（按项目键对应）。"""
    a, b = _load(old), _load(new)
    for line in describe_diff(a, b, diff_templates(a, b)):
        click.echo(line)


def _load(name: str) -> Template:
    try:
        return load_named_template(name)
    except click.BadParameter as exc:
        _fail(exc.message)


def _fail(message: str) -> NoReturn:
    click.echo(f"错误：{message}", err=True)
    sys.exit(2)


def _short(text: str) -> str:
    return text if len(text) <= HELP_CHARS else text[: HELP_CHARS - 1] + "…"


def describe_template(t: Template, full: bool = False) -> list[str]:
    """Return the template as lines of text: header, sections with their items, then the rules."""
    lines = [
        f"{t.title}（{t.id}，适用于{t.years_text}，第{t.version}版）",
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

"""What the evidence commands share: printing an Evidence record, writing it into a report, errors."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from nianbao.evidence.errors import EvidenceError
from nianbao.evidence.provenance import Evidence, apply_evidence
from nianbao.forms import get_template
from nianbao.forms.template import Template
from nianbao.report import Report, Value

T = TypeVar("T")
DEFAULT_TEMPLATE = "gx-2020"
# Exit statuses, as the other commands use them: findings that block (1), input that cannot be used (2).
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


def guarded(action: Callable[[], T]) -> T:
    """Run an action; on unusable input print the Chinese message and exit with status 2, no traceback."""
    try:
        return action()
    except EvidenceError as exc:
        click.echo(f"错误：{exc.message}", err=True)
        sys.exit(EXIT_BAD_INPUT)


def _figure_text(template: Template, key: str, evidence: Evidence) -> tuple[str, str]:
    # The figure as computed (50.0, not the form's 50), so the printed number is the one defined.
    figure = evidence.figures[key]
    text = "无" if figure is None else str(figure)
    if not template.has_item(key):
        return key, text
    item = template.item(key)
    unit = item.unit if figure is not None else ""
    return f"{template.section_label(item)} › {item.label}", f"{text}{unit}"


def show(evidence: Evidence, title: str) -> None:
    """Print the figures with their provenance, in Chinese, for a person to check."""
    template = get_template(DEFAULT_TEMPLATE)
    click.echo(f"{title}（{evidence.year}年度）")
    for key in evidence.figures:
        label, text = _figure_text(template, key, evidence)
        click.echo(f"  {label}：{text}")
    click.echo("输入文件：")
    for f in evidence.inputs:
        click.echo(f"  {f.name}  {f.size} 字节  {f.records} 条记录  SHA-256 {f.sha256}")
    if evidence.exclusions:
        click.echo(f"未计入（共 {evidence.excluded} 条）：")
        for e in evidence.exclusions:
            examples = "；".join(e.examples)
            more = " 等" if e.count > len(e.examples) else ""
            click.echo(f"  {e.reason}：{e.count} 条（{examples}{more}）")
    else:
        click.echo("未计入：无")
    for note in evidence.notes:
        click.echo(f"说明：{note}")
    click.echo("定义：")
    for key, text in evidence.definitions.items():
        label = template.item(key).label if template.has_item(key) else key
        click.echo(f"  {label}：{text}")
    moment = evidence.computed_at.strftime("%Y-%m-%d %H:%M:%S UTC")
    took = f"用时 {evidence.elapsed_seconds:.3f} 秒"
    click.echo(f"引擎 {evidence.engine}；nianbao {evidence.version}；{took}；计算于 {moment}")


def write_into(evidence: Evidence, path: Path) -> None:
    """Fill the report JSON file at `path` (a new one of the default template if absent); exit on errors."""
    from nianbao.io import json as report_json
    from nianbao.io.base import ReadError

    if path.exists():
        try:
            report = report_json.read_report(path)
        except ReadError as exc:
            click.echo(f"错误：{exc}", err=True)
            sys.exit(EXIT_BAD_INPUT)
    else:
        report = Report(get_template(DEFAULT_TEMPLATE))
        report.set("header.year", Value.of(str(evidence.year)))
    filled, findings = apply_evidence(report, evidence)
    for finding in findings:
        click.echo(str(finding), err=True)
    if any(f.is_error for f in findings):
        click.echo(f"未写入 {path}。", err=True)
        sys.exit(EXIT_FINDINGS)
    try:
        report_json.write_report(filled, path)
    except OSError as exc:
        click.echo(f"错误：无法写入 {path}（{exc.strerror or exc}）", err=True)
        sys.exit(EXIT_BAD_INPUT)
    click.echo(f"已将 {len(evidence.figures)} 项计算结果写入 {path}。")

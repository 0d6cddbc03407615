"""`nianbao validate`: read a report and list what is wrong or doubtful; exit 1 when there are errors."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import click

from nianbao.cli.importing import fail, finding_line
from nianbao.cli.template_option import template_option
from nianbao.forms.template import Template
from nianbao.io.base import ReadError
from nianbao.io.codes import READ_CODES
from nianbao.io.registry import read_path
from nianbao.report.catalogue import CATALOGUE
from nianbao.report.findings import Finding
from nianbao.report.validate import validate as validate_report


def describe(code: str) -> str:
    """Return the one-line description of a finding code, from reading or from validation."""
    return READ_CODES.get(code) or CATALOGUE.get(code, code)


def _located(finding: Finding, lines: dict[str, int]) -> Finding:
    """Give a validation finding the line its first item was read from, when the reader knows it."""
    if finding.line is not None:
        return finding
    line = next((lines[key] for key in finding.items if key in lines), None)
    return replace(finding, line=line) if line is not None else finding


@click.command("validate")
@click.argument("source", metavar="FILE", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出：错误数、警告数与每条问题。")
@click.option("--keep-traditional", is_flag=True, help="保留繁体字原文（默认转换为简体并提示）。")
@template_option
def validate(source: Path, as_json: bool, keep_traditional: bool, template: Template | None = None) -> None:
    """校验报表 FILE：列出读取与校验发现的问题（能定位时注明行号）；有错误时退出码为 1。"""
    try:
        result = read_path(source, template, keep_traditional=keep_traditional)
    except ReadError as exc:
        fail(str(exc))
        return
    assert result.report is not None
    findings: list[Finding] = []
    seen: set[tuple[str, tuple[str, ...], str]] = set()
    checked = [_located(f, result.lines) for f in validate_report(result.report)]
    for finding in [*result.findings, *checked]:
        key = (finding.code, finding.items, finding.message)
        if key not in seen:
            seen.add(key)
            findings.append(finding)
    errors = sum(1 for f in findings if f.is_error)
    warnings = len(findings) - errors
    template = result.report.template
    if as_json:
        document = {
            "file": source.name,
            "template": template.id,
            "errors": errors,
            "warnings": warnings,
            "findings": [
                {
                    "code": f.code,
                    "severity": f.severity.value,
                    "message": f.message,
                    "items": list(f.items),
                    "line": f.line,
                    "description": describe(f.code),
                }
                for f in findings
            ],
        }
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        sys.exit(1 if errors else 0)
    for finding in findings:
        click.echo(finding_line(source.name, finding))
    if findings:
        click.echo(f"{source.name}（模板 {template.id}）：{errors} 个错误，{warnings} 个警告。")
    else:
        click.echo(f"{source.name}（模板 {template.id}）：未发现问题。")
    if errors:
        sys.exit(1)

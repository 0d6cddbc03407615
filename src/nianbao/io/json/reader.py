"""Read a report from the JSON that nianbao.io.json.writer writes (or any tool that follows its shape)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

from nianbao.forms.template import Template, get_template
from nianbao.io.base import ReadError, ReadResult
from nianbao.io.text.reader import decode_text
from nianbao.report.codec import DecodeError, decode_value
from nianbao.report.findings import Finding, Severity
from nianbao.report.report import Report


def _document(data: bytes, label: str) -> dict[str, Any]:
    try:
        document = json.loads(decode_text(data, label))
    except json.JSONDecodeError as exc:
        raise ReadError(f"{label}：不是有效的 JSON（第{exc.lineno}行第{exc.colno}列：{exc.msg}）") from exc
    if not isinstance(document, dict) or not isinstance(document.get("values"), dict):
        raise ReadError(f"{label}：JSON 中没有报表内容（应为含 template 与 values 的对象）")
    return document


def _template(document: dict[str, Any], label: str, template: Template | None) -> Template:
    if template is not None:
        return template
    template_id = document.get("template")
    if not isinstance(template_id, str) or not template_id:
        raise ReadError(f'{label}：JSON 中缺少报表模板（template），例如 "gx-2020"')
    try:
        found = get_template(template_id)
    except KeyError as exc:
        raise ReadError(f"{label}：{exc.args[0]}") from exc
    region = document.get("region")
    return found.titled(region) if isinstance(region, str) and len(region) <= 20 else found


def read_result(data: bytes, name: str = "", template: Template | None = None) -> ReadResult:
    """Read a report from JSON bytes, with findings for keys the template lacks and values that misfit."""
    label = name or "JSON"
    document = _document(data, label)
    template = _template(document, label, template)
    report = Report(template)
    findings: list[Finding] = []
    for key, plain in document["values"].items():
        if not template.has_item(key):
            findings.append(
                Finding(
                    "W-JSON-UNKNOWN-KEY",
                    Severity.WARNING,
                    f"模板 {template.id} 中没有项目“{key}”，该值未读入。请确认模板与文件是否对应。",
                )
            )
            continue
        try:
            report.set(key, decode_value(template.item(key), plain))
        except DecodeError as exc:
            findings.append(Finding("E-JSON-VALUE", Severity.ERROR, f"{exc}，该值未读入。", (key,)))
    return ReadResult(report, findings, source=label)


def read_report(source: str | Path | bytes) -> Report:
    """Return the report in a JSON file (a path) or JSON bytes; ReadError when it cannot be read whole."""
    if isinstance(source, bytes):
        data, name = source, "JSON"
    else:
        path = Path(source)
        name = path.name
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise ReadError(f"{path}：文件不存在") from exc
        except OSError as exc:
            raise ReadError(f"{path}：无法读取文件（{exc.strerror}）") from exc
    result = read_result(data, name)
    errors = [f for f in result.findings if f.is_error]
    if errors:
        raise ReadError(f"{name}：" + "；".join(f.message for f in errors))
    assert result.report is not None
    return result.report


class JsonReader:
    format: ClassVar[str] = "json"
    suffixes: ClassVar[tuple[str, ...]] = (".json",)

    def read(self, data: bytes, *, name: str = "", template: Template | None = None) -> ReadResult:
        """Read a report from JSON bytes; ReadError when they are not a report."""
        return read_result(data, name, template)

"""Attaching an evidence record to a report, and accepting its figures into the report as the 填报人."""

from __future__ import annotations

import hashlib
from typing import Any

from django.utils import timezone

from nianbao.evidence.errors import EvidenceError
from nianbao.evidence.provenance import Evidence, apply_evidence
from nianbao.report import Severity
from nianbao.report.coerce import format_value
from nianbao.web.evidence.models import EvidenceRecord
from nianbao.web.registry.models import Role
from nianbao.web.reporting.core import Entry
from nianbao.web.reporting.models import Report
from nianbao.web.reporting.permissions import roles_on
from nianbao.web.reporting.services import WorkflowError, save_values

MAX_BYTES = 2 * 1024 * 1024


def _check_filler(report: Report, user: Any) -> None:
    if Role.FILLER not in roles_on(user, report.website):
        raise WorkflowError("只有本网站的填报人可以上传或采用取证数据", forbidden=True)
    if not report.is_editable:
        raise WorkflowError(f"报表当前状态为“{report.get_state_display()}”，不能再填入取证数据")


def attach(report: Report, user: Any, data: bytes) -> EvidenceRecord:
    """Store an evidence record (the JSON that nianbao logstats/cms/messages --json write) on a report."""
    _check_filler(report, user)
    if len(data) > MAX_BYTES:
        raise WorkflowError(f"取证文件过大（{len(data) // 1024} KB），上限为 {MAX_BYTES // 1024 // 1024} MB")
    try:
        evidence = Evidence.from_json(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise WorkflowError("取证文件不是 UTF-8 文本，请上传 nianbao 命令以 --json 输出的文件") from None
    except EvidenceError as exc:
        raise WorkflowError(exc.message) from None
    if evidence.year != report.period.year:
        raise WorkflowError(
            f"取证数据属于 {evidence.year} 年度，而本报表是 {report.period.year} 年度，请按报表年度重新计算"
        )
    template = report.template
    unknown = [k for k in evidence.figures if not template.has_item(k)]
    if unknown:
        raise WorkflowError(f"取证数据中有本报表没有的项目：{'、'.join(unknown[:5])}")
    return EvidenceRecord.objects.create(
        report=report,
        kind=evidence.kind,
        data=evidence.to_dict(),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=user,
    )


def accept(record: EvidenceRecord, user: Any, lock_version: int) -> list[str]:
    """Fill the report's items with the record's figures (as the 填报人 saving them); return the keys."""
    report = record.report
    _check_filler(report, user)
    filled, findings = apply_evidence(report.core(), record.evidence)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors:
        raise WorkflowError("；".join(f.message for f in errors))
    template = report.template
    entries = {}
    for key in record.evidence.figures:
        item = template.item(key)
        if item.compute:
            continue
        value = filled.get(key)
        entries[key] = Entry(none=True) if value.is_none else Entry(text=format_value(item, value))
    save_values(report, user, entries, lock_version)
    record.accepted_by, record.accepted_at, record.accepted_keys = user, timezone.now(), sorted(entries)
    record.save(update_fields=["accepted_by", "accepted_at", "accepted_keys"])
    return sorted(entries)


def figures_beside_items(report: Report) -> dict[str, str]:
    """Return, per item, a line saying what the latest evidence computed for it and from what."""
    template = report.template
    lines: dict[str, str] = {}
    for record in report.evidence.all():
        evidence = record.evidence
        files = "、".join(f.name for f in evidence.inputs[:3]) or record.kind_label
        for key, figure in evidence.figures.items():
            if key in lines or not template.has_item(key):
                continue
            item = template.item(key)
            shown = "无" if figure is None else f"{figure}{item.unit}"
            used = "（已采用）" if key in record.accepted_keys else ""
            lines[key] = f"按原始数据计算：{shown}（来自 {files}）{used}"
    return lines

"""Saving what the 填报人 typed: every item as a three-state value plus the text as typed, with history."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from nianbao.report import Finding
from nianbao.report.codec import encode_value
from nianbao.web.reporting.core import Entry, above_limit, compute, read_entry, validate
from nianbao.web.reporting.models import ItemComment, Report, ReportValue, ValueChange
from nianbao.web.reporting.services.base import ConcurrentEditError, WorkflowError, acting, send

# Far above any real item (其他 allows 200 characters); stops a post from filling the database.
MAX_ENTRY_CHARS = 2000


@dataclass
class SaveResult:
    report: Report
    changed: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # What parsing noticed per item (normalised spellings, kept-as-typed text).
    notes: dict[str, list[Finding]] = field(default_factory=dict)


def write_value(report: Report, key: str, data: Any, raw: str, actor: Any, reason: str = "") -> bool:
    """Store one item's value and record the change; return False when nothing changed."""
    row = report.values.filter(key=key).first()
    old_data, old_raw = (row.data, row.raw) if row else (None, "")
    if old_data == data and old_raw == raw:
        return False
    if row is None:
        ReportValue.objects.create(report=report, key=key, data=data, raw=raw, updated_by=actor)
    else:
        row.data, row.raw, row.updated_by = data, raw, actor
        row.save(update_fields=["data", "raw", "updated_by", "updated_at"])
    ValueChange.objects.create(
        report=report,
        revision=report.revision,
        lock_version=report.lock_version + 1,
        key=key,
        old_data=old_data,
        old_raw=old_raw,
        new_data=data,
        new_raw=raw,
        reason=reason,
        actor=actor,
    )
    return True


def _refuse_figures_above_limits(report: Report, entries: Mapping[str, Entry]) -> None:
    """Refuse the whole save when a figure is above its bound: stored, it would be summed and compared
    by every supervisor's page above this report, and nothing useful can be done with it."""
    template = report.template
    core = report.core()
    problems = []
    for key, entry in entries.items():
        item = template.item(key)
        if not item.compute:
            finding = above_limit(core, item, read_entry(item, entry)[0])
            if finding is not None:
                problems.append(finding.message)
    if problems:
        raise WorkflowError("未保存：" + "；".join(problems[:3]))


def save_values(
    report: Report,
    actor: Any,
    entries: Mapping[str, Entry],
    lock_version: int,
    warning_notes: Mapping[str, str] | None = None,
) -> SaveResult:
    """Save the entered items of a report; refuse when someone else saved since `lock_version`.

    Items not in `entries` are left as they are. Text that does not parse is stored as typed (validation
    reports it), so a validation error never loses what was typed.
    """
    with acting(report, "save", actor) as locked:
        template = locked.template
        unknown = [k for k in entries if not template.has_item(k)]
        if unknown:
            raise WorkflowError(
                f"提交的数据中有本报表模板没有的项目：{'、'.join(unknown[:5])}，请刷新页面后重试"
            )
        too_long = [k for k, e in entries.items() if len(e.raw()) > MAX_ENTRY_CHARS]
        if too_long:
            labels = "、".join(template.item(k).label for k in too_long[:3])
            raise WorkflowError(f"{labels} 的内容过长，每项请控制在 {MAX_ENTRY_CHARS} 字以内")
        _refuse_figures_above_limits(locked, entries)
        if lock_version != locked.lock_version:
            changes = list(
                ValueChange.objects.filter(report=locked, lock_version__gt=lock_version).select_related(
                    "actor"
                )
            )
            who = "、".join(sorted({str(c.actor) for c in changes if c.actor})) or "其他用户"
            raise ConcurrentEditError(
                f"保存未完成：您打开本页后，{who} 已修改并保存了本报表（共 {len(changes)} 处）。"
                "您输入的内容已保留，请核对下列变化后再保存。",
                changes,
            )
        result = SaveResult(locked)
        for key, entry in entries.items():
            item = template.item(key)
            if item.compute:
                continue
            value, notes = read_entry(item, entry)
            if notes:
                result.notes[key] = list(notes)
            if write_value(locked, key, encode_value(value), entry.raw(), actor):
                result.changed.append(key)
        core = locked.core()
        for key, value in compute(core).items():
            core.set(key, value)
            if write_value(locked, key, encode_value(value), "", actor, reason="自动计算"):
                result.changed.append(key)
        if warning_notes is not None:
            clean = {k: v.strip() for k, v in warning_notes.items() if v.strip()}
            if clean != locked.warning_notes:
                locked.warning_notes = clean
                result.changed.append("warning_notes")
        if result.changed:
            locked.lock_version += 1
            locked.started_at = locked.started_at or timezone.now()
            locked.save(update_fields=["lock_version", "started_at", "warning_notes", "updated_at"])
            ItemComment.objects.filter(report=locked, key__in=result.changed, resolved=False).update(
                resolved=True
            )
        result.findings = validate(core)
        send(
            locked,
            "save",
            actor,
            "ok",
            {"changed_items": result.changed, "lock_version": locked.lock_version},
        )
    return result

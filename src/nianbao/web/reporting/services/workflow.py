"""The workflow of a report: 草稿 → 已提交 → 已审核 → 已批准 → 已公开, returns at any step, corrections.

Each transition is a named function: one transaction, the report's row locked, the permission and the
state checked, a Transition recorded and report_action sent. Illegal moves raise WorkflowError.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone

from nianbao.report.codec import encode_report, encode_value
from nianbao.report.values import Value
from nianbao.web.reporting.core import blocking, finding_key, validate, warnings
from nianbao.web.reporting.models import ItemComment, Report, Revision, State, Transition, ValueChange
from nianbao.web.reporting.services.base import WorkflowError, acting, refuse_unless, send
from nianbao.web.reporting.services.entry import write_value


def _record(
    report: Report, action: str, to_state: str, actor: Any, reason: str = "", **detail: Any
) -> Transition:
    transition = Transition.objects.create(
        report=report,
        action=action,
        from_state=report.state,
        to_state=to_state,
        revision=report.revision,
        actor=actor,
        reason=reason,
        detail=detail,
    )
    report.state = to_state
    report.lock_version += 1
    report.save()
    send(
        report,
        action,
        actor,
        "ok",
        {"from": transition.from_state, "to": to_state, "reason": reason, **detail},
    )
    return transition


def submit(report: Report, actor: Any, explanations: Mapping[str, str] | None = None) -> Report:
    """Submit a draft for review (填报人): errors block it; each warning needs a short explanation."""
    with acting(report, "submit", actor) as locked:
        findings = validate(locked.core())
        errors = blocking(findings)
        refuse_unless(
            not errors,
            f"报表还有 {len(errors)} 处错误，改正后才能提交：" + "；".join(f.message for f in errors[:3]),
            errors=[finding_key(f) for f in errors],
        )
        notes = dict(locked.warning_notes)
        notes.update({k: v.strip() for k, v in (explanations or {}).items() if v.strip()})
        unexplained = [f for f in warnings(findings) if len(notes.get(finding_key(f), "")) < 2]
        refuse_unless(
            not unexplained,
            f"有 {len(unexplained)} 条警告尚未说明原因，请在每条警告下简要说明后再提交："
            + "；".join(f.message for f in unexplained[:3]),
            unexplained=[finding_key(f) for f in unexplained],
        )
        locked.warning_notes = {k: notes[k] for k in (finding_key(f) for f in warnings(findings))}
        locked.submitted_by = actor
        _record(locked, "submit", State.SUBMITTED, actor, warning_notes=locked.warning_notes)
    return locked


def review(report: Report, actor: Any, note: str = "") -> Report:
    """Mark a submitted report as reviewed (审核人)."""
    with acting(report, "review", actor) as locked:
        _record(locked, "review", State.REVIEWED, actor, note.strip())
    return locked


def approve(report: Report, actor: Any, note: str = "") -> Report:
    """Approve a reviewed report (单位负责人); whoever filled it in cannot approve it."""
    with acting(report, "approve", actor) as locked:
        filled_by_actor = ValueChange.objects.filter(
            report=locked, revision=locked.revision, actor=actor
        ).exists()
        refuse_unless(
            locked.submitted_by_id != actor.pk and not filled_by_actor,
            "填报人不能批准自己填报的报表，请由其他单位负责人批准",
        )
        _record(locked, "approve", State.APPROVED, actor, note.strip())
    return locked


def publish(report: Report, actor: Any, published_on: dt.date, public_url: str) -> Report:
    """Record that the approved report is public on the website: 公开时间 and 公开网址; values are locked."""
    with acting(report, "publish", actor) as locked:
        refuse_unless(isinstance(published_on, dt.date), "请填写公开时间（年月日）")
        refuse_unless(published_on <= timezone.localdate(), "公开时间不能晚于今天，请在报表实际公开后再登记")
        try:
            URLValidator(schemes=["http", "https"])(public_url)
        except ValidationError:
            raise WorkflowError(f"公开网址“{public_url}”不是有效的 http(s) 网址") from None
        write_value(
            locked,
            "basic.publish_date",
            encode_value(Value.of(published_on)),
            published_on.isoformat(),
            actor,
        )
        write_value(locked, "basic.publish_url", encode_value(Value.of(public_url)), public_url, actor)
        now = timezone.now()
        locked.published_at = now
        locked.public_url = public_url
        Revision.objects.filter(report=locked, number=locked.revision).update(
            published_at=now, public_url=public_url, snapshot=encode_report(locked.core())
        )
        _record(
            locked,
            "publish",
            State.PUBLISHED,
            actor,
            published_on=published_on.isoformat(),
            public_url=public_url,
        )
    return locked


def return_for_revision(
    report: Report, actor: Any, reason: str, item_reasons: Mapping[str, str] | None = None
) -> Report:
    """Send a report back to the 填报人 with a reason, and optionally a reason per item."""
    with acting(report, "return", actor) as locked:
        refuse_unless(len(reason.strip()) >= 2, "退回时请写明原因，让填报人知道要改什么")
        per_item = {k: v.strip() for k, v in (item_reasons or {}).items() if v.strip()}
        unknown = [k for k in per_item if not locked.template.has_item(k)]
        refuse_unless(not unknown, f"逐项意见中有本报表没有的项目：{'、'.join(unknown)}")
        transition = _record(locked, "return", State.RETURNED, actor, reason.strip(), items=sorted(per_item))
        ItemComment.objects.bulk_create(
            ItemComment(report=locked, transition=transition, key=k, text=v) for k, v in per_item.items()
        )
    return locked


def correct(report: Report, actor: Any, reason: str) -> Report:
    """Open a correction of a published report: a new revision in draft, with the reason made public."""
    with acting(report, "correct", actor) as locked:
        refuse_unless(
            len(reason.strip()) >= 4, "发布后更正须写明更正原因（至少4个字），该原因将随公开报表一并显示"
        )
        locked.revision += 1
        locked.corrected = True
        locked.submitted_by = None
        Revision.objects.create(
            report=locked, number=locked.revision, reason=reason.strip(), created_by=actor
        )
        _record(locked, "correct", State.DRAFT, actor, reason.strip(), new_revision=locked.revision)
    return locked

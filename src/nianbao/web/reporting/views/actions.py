"""Workflow actions posted from the report page: review, approve, publish, return, correct, submit."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from nianbao.web.reporting.models import Report
from nianbao.web.reporting.permissions import ACTION_LABELS
from nianbao.web.reporting.services import (
    WorkflowError,
    approve,
    correct,
    publish,
    return_for_revision,
    review,
    submit,
)
from nianbao.web.reporting.views.common import report_for


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise WorkflowError(f"公开时间“{text}”不是有效日期，请按 年-月-日 填写，例如 2021-01-20") from None


def _run(request: HttpRequest, report: Report, action: str) -> None:
    post = request.POST
    user = request.user
    if action == "submit":
        notes = {name[5:]: value for name, value in post.items() if name.startswith("note:")}
        submit(report, user, notes)
    elif action == "review":
        review(report, user, post.get("note", ""))
    elif action == "approve":
        approve(report, user, post.get("note", ""))
    elif action == "publish":
        publish(report, user, _date(post.get("published_on", "")), post.get("public_url", "").strip())
    elif action == "return":
        items = {name[8:]: value for name, value in post.items() if name.startswith("comment:")}
        return_for_revision(report, user, post.get("reason", ""), items)
    elif action == "correct":
        correct(report, user, post.get("reason", ""))


DONE = {
    "submit": "报表已提交，等待审核。",
    "review": "已审核通过，等待单位负责人批准。",
    "approve": "已批准。请在网站公开后登记公开时间和公开网址。",
    "publish": "已登记公开，报表数据已锁定。",
    "return": "已退回填报人修改。",
    "correct": "已开始发布后更正：报表回到草稿状态，生成新的修订版本。",
}


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Take one workflow action on a report; a refusal is shown with its reason and changes nothing."""
    if action not in DONE:
        raise Http404("没有这个操作")
    report = report_for(request, pk)
    try:
        _run(request, report, action)
    except WorkflowError as exc:
        return render(
            request,
            "reporting/refused.html",
            {"report": report, "action": ACTION_LABELS[action], "message": exc.message},
            status=403 if exc.forbidden else 409,
        )
    messages.success(request, DONE[action])
    return redirect("reporting:entry", pk=pk)

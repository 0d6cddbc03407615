"""The progress board of a region's reporting year, its export, and reminders to sites not yet submitted."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from nianbao.analysis.tables import safe_text
from nianbao.web.oversight.data import (
    DEADLINE_LABELS,
    STATE_LABELS,
    STATE_ORDER,
    BoardRow,
    board_rows,
    group_counts,
)
from nianbao.web.oversight.reminders import remind_unsubmitted
from nianbao.web.oversight.scope import first_error
from nianbao.web.oversight.views.common import page_scope, posted_scope, xlsx_response
from nianbao.web.verification.hooks import annotate_board

SORTS = {
    "code": ("政府网站标识码", lambda r: r.site_code),
    "name": ("网站名称", lambda r: r.site_name),
    "region": ("所属地区", lambda r: r.region_path),
    "state": ("状态", lambda r: STATE_ORDER.index(r.state)),
    "completeness": ("完成度", lambda r: r.completeness),
    "deadline": ("公开情况", lambda r: list(DEADLINE_LABELS).index(r.deadline_status)),
}


class BoardFilter(forms.Form):
    state = forms.MultipleChoiceField(
        required=False,
        choices=list(STATE_LABELS.items()),
        error_messages={"invalid_choice": "没有“%(value)s”这个状态"},
    )
    deadline = forms.MultipleChoiceField(
        required=False,
        choices=list(DEADLINE_LABELS.items()),
        error_messages={"invalid_choice": "没有“%(value)s”这个公开情况"},
    )
    q = forms.CharField(required=False, max_length=50, error_messages={"max_length": "搜索词不能超过50个字"})
    sort = forms.CharField(required=False, max_length=20)
    page = forms.IntegerField(required=False, min_value=1, error_messages={"invalid": "页码应为正整数"})

    def clean_sort(self) -> str:
        sort = self.cleaned_data.get("sort") or "code"
        if sort.lstrip("-") not in SORTS:
            raise forms.ValidationError(
                f"不能按“{sort}”排序，可选：{'、'.join(v[0] for v in SORTS.values())}"
            )
        return sort


def filtered(rows: list[BoardRow], data: dict) -> list[BoardRow]:
    if data.get("state"):
        rows = [r for r in rows if r.state in data["state"]]
    if data.get("deadline"):
        rows = [r for r in rows if r.deadline_status in data["deadline"]]
    q = (data.get("q") or "").strip()
    if q:
        rows = [r for r in rows if q in r.site_name or q in r.site_code]
    sort = data.get("sort") or "code"
    rows.sort(key=SORTS[sort.lstrip("-")][1], reverse=sort.startswith("-"))
    return rows


@login_required
@require_safe
def board(request: HttpRequest) -> HttpResponse:
    """Show the progress of every website of a region (and below) for a reporting year."""
    scope, refusal = page_scope(request)
    if refusal:
        return refusal
    form = BoardFilter(request.GET)
    context = {"scope": scope, "form": form, "states": STATE_LABELS, "deadlines": DEADLINE_LABELS}
    error = scope.error or ("" if form.is_valid() else first_error(form))
    if error or not scope.ok:
        context["error"] = error
        return render(request, "oversight/board.html", context, status=400 if error else 200)
    assert scope.region is not None and scope.year is not None
    all_rows = board_rows(scope.region, scope.year)
    annotate_board(all_rows)  # the 公开核验 column (nianbao.web.verification)
    rows = filtered(list(all_rows), form.cleaned_data)
    paginator = Paginator(rows, 200)
    page = paginator.get_page(form.cleaned_data.get("page") or 1)
    sort = form.cleaned_data.get("sort") or "code"
    base = scope.query(
        state=form.cleaned_data.get("state"),
        deadline=form.cleaned_data.get("deadline"),
        q=form.cleaned_data.get("q"),
    )
    columns = [
        (
            key,
            label,
            ("-" + key) if sort == key else key,
            "ascending" if sort == key else "descending" if sort == "-" + key else "none",
        )
        for key, (label, _) in SORTS.items()
    ]
    context |= {
        "rows": page,
        "total": len(all_rows),
        "shown": len(rows),
        "groups": (groups := group_counts(all_rows, scope.region)),
        "group_totals": [sum(column) for column in zip(*(counts for _, counts, _ in groups), strict=True)],
        "groups_total": sum(total for _, _, total in groups),
        "state_order": [(s, STATE_LABELS[s]) for s in STATE_ORDER],
        "columns": columns,
        "base_query": base,
        "sort": sort,
        "unsubmitted": sum(1 for r in all_rows if r.state in ("not_started", "draft", "returned")),
        "export_query": base + "&sort=" + sort,
    }
    return render(request, "oversight/board.html", context)


@login_required
@require_safe
def board_xlsx(request: HttpRequest) -> HttpResponse:
    """Send the board, filtered and sorted as on screen, as a workbook."""
    scope, refusal = page_scope(request)
    if refusal:
        return refusal
    form = BoardFilter(request.GET)
    if scope.error or not form.is_valid() or not scope.ok:
        return render(
            request, "reporting/refused.html", {"message": scope.error or first_error(form)}, status=400
        )
    assert scope.region is not None and scope.year is not None
    rows = filtered(board_rows(scope.region, scope.year), form.cleaned_data)
    header = [
        "政府网站标识码",
        "网站名称",
        "网站类型",
        "所属地区",
        "状态",
        "完成度（%）",
        "截止日期",
        "公开日期",
        "公开情况",
    ]
    body = (
        [
            safe_text(r.site_code), safe_text(r.site_name), r.site_type, safe_text(r.region_name),
            r.state_label,
            r.completeness, r.deadline, r.published_on, r.deadline_label,
        ]
        for r in rows
    )  # fmt: skip
    name = f"{scope.region.name}-{scope.year}年度-填报进度.xlsx"
    return xlsx_response([header, *body], name, "填报进度")


@login_required
@require_POST
def remind(request: HttpRequest) -> HttpResponse:
    """Send a reminder to the staff of every website of the region that has not submitted yet."""
    scope, answer = posted_scope(request)
    if answer is not None:
        return answer
    assert scope.region is not None and scope.year is not None
    if request.POST.get("confirmed") != "1":
        # Notices go to many people at once and cannot be called back: ask first.
        return render(request, "oversight/remind_confirm.html", {"scope": scope})
    sent = remind_unsubmitted(scope.region, scope.year, request.user)
    if sent.reports:
        messages.success(
            request,
            f"已向 {sent.reports} 个未提交网站的 {sent.people} 位工作人员发送催报通知"
            + (
                f"，其中 {sent.emails} 封邮件已发出。"
                if sent.emails
                else "（未配置邮件服务器，仅站内通知）。"
            ),
        )
    else:
        messages.info(request, "所有网站均已提交，无需催报。")
    return redirect(reverse("oversight:board") + "?" + scope.query())

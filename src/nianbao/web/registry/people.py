"""The 系统管理员's pages for people: accounts and the roles they hold, without the Django admin.

A province registers hundreds of sites, each with its 填报人, 审核人 and 单位负责人; the administrator
creates their accounts, grants and revokes roles on a site (by its 政府网站标识码) or a region (by its
行政区划代码), and disables an account when someone leaves. Role separation (三员分立) and the audit
trail are enforced where the data is saved (security and audit receivers); these views only report
their refusals in Chinese.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from nianbao.web.registry.models import (
    SYSTEM_ROLES,
    WEBSITE_ROLES,
    Region,
    Role,
    RoleAssignment,
    User,
    Website,
)

PAGE_SIZE = 100


def _require_admin(request: HttpRequest) -> None:
    if not request.user.is_system_admin:  # type: ignore[union-attr]
        raise PermissionDenied("只有系统管理员可以管理人员与角色")


class NewPersonForm(forms.Form):
    username = forms.RegexField(
        label="用户名",
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        error_messages={"invalid": "用户名只能包含字母、数字和 @ . + - _"},
    )
    display_name = forms.CharField(label="姓名", max_length=50)
    password1 = forms.CharField(label="初始密码", widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label="再次输入初始密码", widget=forms.PasswordInput, strip=False)

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(f"用户名“{username}”已被使用，请换一个")
        return username

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "两次输入的密码不一致")
        elif first:
            user = User(username=data.get("username", ""), display_name=data.get("display_name", ""))
            try:
                validate_password(str(first), user)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


LOOKUP_LIMIT = 5000  # codes offered while typing on the person page; a province has fewer sites


class GrantForm(forms.Form):
    role = forms.ChoiceField(label="角色", choices=Role.choices)
    scope = forms.CharField(
        label="网站标识码或行政区划代码",
        max_length=10,
        required=False,
        # Typing a site's or region's name offers its code (the <datalist> on the person page).
        widget=forms.TextInput(attrs={"list": "scope-options", "autocomplete": "off"}),
    )

    def clean(self) -> dict[str, object]:
        """Find the website or region the role is held on, as its role requires."""
        data = super().clean() or {}
        role, scope = data.get("role"), str(data.get("scope") or "").strip()
        data["website"] = data["region"] = None
        if role in WEBSITE_ROLES:
            website = Website.unscoped.filter(code=scope).first()
            if website is None:
                self.add_error("scope", f"找不到政府网站标识码为“{scope}”的网站：网站角色须填写网站标识码")
            data["website"] = website
        elif role == Role.SUPERVISOR:
            region = Region.objects.filter(code=scope).first()
            if region is None:
                self.add_error("scope", f"找不到行政区划代码为“{scope}”的地区：监管人员须填写6位行政区划代码")
            data["region"] = region
        elif role in SYSTEM_ROLES and scope:
            self.add_error("scope", "系统角色对全系统有效，不填写网站或地区")
        return data


@login_required
@require_safe
def people(request: HttpRequest) -> HttpResponse:
    """List every account with its roles; search by user name, name, site or region."""
    _require_admin(request)
    query = request.GET.get("q", "").strip()
    users = User.objects.order_by("username").prefetch_related("roles__website", "roles__region")
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(display_name__icontains=query)
            | Q(roles__website__code=query)
            | Q(roles__website__name__icontains=query)
            | Q(roles__region__name__icontains=query)
        ).distinct()
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "query": query, "page_query": urlencode({"q": query}) if query else ""}
    return render(request, "registry/people.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_new(request: HttpRequest) -> HttpResponse:
    """Create an account with an initial password that its holder is told in person."""
    _require_admin(request)
    form = NewPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = User(username=data["username"], display_name=data["display_name"])
        user.set_password(data["password1"])
        user.save()
        messages.success(request, f"已创建账户 {user.username}。请当面告知初始密码，并提醒本人登录后修改。")
        return redirect("registry:person", pk=user.pk)
    return render(request, "registry/person_new.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def person(request: HttpRequest, pk: int) -> HttpResponse:
    """One account: grant and revoke its roles, disable or enable it."""
    _require_admin(request)
    subject = get_object_or_404(User, pk=pk)
    grant = GrantForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "grant":
            grant = GrantForm(request.POST)
            if grant.is_valid() and _grant(request, subject, grant.cleaned_data):
                return redirect("registry:person", pk=subject.pk)
        elif action == "revoke":
            chosen = request.POST.get("assignment", "")
            roles = RoleAssignment.objects.filter(user=subject)
            assignment = roles.filter(pk=int(chosen)).first() if chosen.isdecimal() else None
            if assignment is None:
                messages.error(request, "该角色已不存在，可能已被收回。")
            else:
                assignment.delete()
                messages.success(request, f"已收回 {subject} 的角色：{_describe(assignment)}。")
            return redirect("registry:person", pk=subject.pk)
        elif action in ("disable", "enable"):
            return _set_active(request, subject, enable=action == "enable")
        else:
            messages.error(request, "未知的操作。")
    roles = subject.roles.select_related("website", "region").order_by("role")
    lookup = {
        "sites": Website.unscoped.order_by("code").values_list("code", "name")[:LOOKUP_LIMIT],
        "regions": Region.objects.order_by("path").values_list("code", "name")[:LOOKUP_LIMIT],
    }
    context = {"subject": subject, "roles": roles, "grant": grant, "lookup": lookup}
    return render(request, "registry/person.html", context)


def _describe(assignment: RoleAssignment) -> str:
    scope = assignment.website or assignment.region
    return f"{assignment.get_role_display()}（{scope}）" if scope else assignment.get_role_display()


def _grant(request: HttpRequest, subject: User, data: dict[str, object]) -> bool:
    """Grant a role; say in Chinese why not when it is held already or role separation refuses it."""
    assignment = RoleAssignment(
        user=subject, role=data["role"], website=data["website"], region=data["region"]
    )
    exists = RoleAssignment.objects.filter(
        user=subject, role=assignment.role, website=assignment.website, region=assignment.region
    ).exists()
    if exists:
        messages.error(request, f"{subject} 已有该角色：{_describe(assignment)}。")
        return False
    try:
        with transaction.atomic():
            assignment.save()
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return False
    messages.success(request, f"已授予 {subject} 角色：{_describe(assignment)}。")
    return True


def _set_active(request: HttpRequest, subject: User, *, enable: bool) -> HttpResponse:
    if subject.pk == request.user.pk and not enable:
        messages.error(request, "不能停用自己正在使用的账户。")
    else:
        subject.is_active = enable
        subject.save(update_fields=["is_active"])
        messages.success(request, f"已{'启用' if enable else '停用'}账户 {subject.username}。")
    return redirect("registry:person", pk=subject.pk)

"""Which regions a supervisor may look at, and the validated query parameters every page shares."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import HttpRequest, QueryDict

from nianbao.web.registry.models import Region, Role, RoleAssignment
from nianbao.web.reporting.models import ReportingPeriod


def supervised_regions(user: Any) -> list[Region]:
    """Return the regions the user supervises (every top region for a system administrator)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    roles = list(RoleAssignment.objects.filter(user=user).select_related("region"))
    if user.is_superuser or any(r.role == Role.ADMIN for r in roles):
        return list(Region.objects.filter(parent__isnull=True))
    return [r.region for r in roles if r.role == Role.SUPERVISOR and r.region is not None]


def within(region: Region, scopes: list[Region]) -> bool:
    return any(region.path.startswith(s.path) for s in scopes)


class ScopeForm(forms.Form):
    """The year and region of a supervision page; bad values give a Chinese message, never an error page."""

    year = forms.IntegerField(
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": "年度应为四位数字，例如 2020",
            "min_value": "年度应在 2000–2100 之间",
            "max_value": "年度应在 2000–2100 之间",
        },
    )
    region = forms.RegexField(
        required=False, regex=r"^\d{6}$", error_messages={"invalid": "地区应为6位行政区划代码"}
    )


@dataclass
class Scope:
    """The year and region a page shows, or the message saying why the request cannot be answered."""

    regions: list[Region]
    region: Region | None = None
    year: int | None = None
    error: str = ""
    years: tuple[int, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.error and self.region is not None and self.year is not None

    def query(self, **extra: Any) -> str:
        """Return the query string for this scope plus extra parameters."""
        q = QueryDict(mutable=True)
        if self.year:
            q["year"] = str(self.year)
        if self.region:
            q["region"] = self.region.code
        for k, v in extra.items():
            if isinstance(v, list | tuple):
                q.setlist(k, [str(x) for x in v])
            elif v not in (None, ""):
                q[k] = str(v)
        return q.urlencode()


def first_error(form: forms.Form) -> str:
    return next(iter(e for errors in form.errors.values() for e in errors), "查询参数有误")


def scope_for(request: HttpRequest, data: QueryDict | None = None) -> Scope:
    """Read year and region from the query; default to the user's first region and its latest year."""
    regions = supervised_regions(request.user)
    scope = Scope(regions)
    if not regions:
        scope.error = "只有监管人员可以查看本页"
        return scope
    form = ScopeForm(data if data is not None else request.GET)
    if not form.is_valid():
        scope.error = first_error(form)
        return scope
    code = form.cleaned_data.get("region")
    if code:
        region = Region.objects.filter(code=code).first()
        if region is None or not within(region, regions):
            scope.error = f"没有找到地区 {code}，或该地区不在您的监管范围内"
            return scope
    else:
        region = regions[0]
    scope.region = region
    ancestors = [p for p in region.path.split("/") if p]
    years = ReportingPeriod.objects.filter(region__code__in=ancestors) | ReportingPeriod.objects.filter(
        region__path__startswith=region.path
    )
    scope.years = tuple(sorted(set(years.values_list("year", flat=True)), reverse=True))
    scope.year = form.cleaned_data.get("year") or (scope.years[0] if scope.years else None)
    if scope.year is None:
        scope.error = f"{region.name} 尚未开启任何填报年度"
    return scope

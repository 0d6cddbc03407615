"""Aggregates of numeric items over a region's reports: per sub-region, per 网站类型, pivot, year over year;
charts drawn as SVG by the application; exports in long and wide form."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from nianbao.analysis.aggregate import Summary, group_summaries, summarise
from nianbao.analysis.svg import bar_chart, line_chart
from nianbao.analysis.tables import long_rows, wide_rows
from nianbao.forms.template import Template, get_template
from nianbao.web.oversight.data import (
    child_of,
    children_by_path,
    load_values,
    region_reports_of_years,
    site_rows,
)
from nianbao.web.oversight.scope import first_error
from nianbao.web.oversight.views.common import csv_response, fast_xlsx_response, page_scope
from nianbao.web.reporting.models import ReportingPeriod

DEFAULT_PIVOT = (
    "access.uv",
    "access.pv",
    "info.total",
    "service.cases.total",
    "interaction.messages.received",
)


def numeric_items(template: Template) -> list[tuple[str, str]]:
    """Return (key, label with its section) of every numeric item of a template."""
    return [(i.key, f"{template.section_label(i)} › {i.label}") for i in template.items if i.type.is_numeric]


class AggregateFilter(forms.Form):
    item = forms.CharField(required=False, max_length=80)
    pivot = forms.MultipleChoiceField(
        required=False, error_messages={"invalid_choice": "没有“%(value)s”这个数值项目"}
    )

    def __init__(self, *args, template: Template, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.template = template
        self.fields["pivot"].choices = numeric_items(template)

    def clean_item(self) -> str:
        key = self.cleaned_data.get("item") or "access.uv"
        if key not in dict(numeric_items(self.template)):
            raise forms.ValidationError(f"“{key}”不是本报表的数值项目，请从列表中选择")
        return key


def _template_for(scope) -> Template:
    period = ReportingPeriod.objects.filter(year=scope.year).first()
    return get_template(period.template_id if period else "gx-2020")


def _fmt(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,.2f}"


def _summary_rows(groups: dict) -> list[tuple[str, Summary, str, str]]:
    return [(str(name), s, _fmt(s.total), _fmt(s.median)) for name, s in groups.items()]


@login_required
@require_safe
def aggregates(request: HttpRequest) -> HttpResponse:
    """Show an item's totals, medians and 无 counts by sub-region and 网站类型, a pivot and the years."""
    scope, refusal = page_scope(request)
    if refusal:
        return refusal
    context: dict = {"scope": scope}
    if scope.error or not scope.ok:
        context["error"] = scope.error
        return render(request, "oversight/aggregates.html", context, status=400 if scope.error else 200)
    assert scope.region is not None and scope.year is not None
    template = _template_for(scope)
    form = AggregateFilter(request.GET, template=template)
    context |= {"form": form, "items": numeric_items(template)}
    if not form.is_valid():
        context["error"] = first_error(form)
        return render(request, "oversight/aggregates.html", context, status=400)
    key = form.cleaned_data["item"]
    pivot_keys = form.cleaned_data.get("pivot") or [k for k in DEFAULT_PIVOT if template.has_item(k)]
    labels = dict(numeric_items(template))
    region = scope.region
    children = children_by_path(region)
    # Every year's reports of the region in one query, and the item's values of all of them in another.
    years = sorted(scope.years)
    rows = region_reports_of_years(region, years).values_list(
        "pk", "period__year", "period__template_id", "website__region__path", "website__site_type"
    )
    meta = {pk: (path, site_type) for pk, year, _, path, site_type in rows if year == scope.year}
    templates = {pk: template_id for pk, _, template_id, _, _ in rows}
    values = load_values({pk: templates[pk] for pk in meta}, {key, *pivot_keys})
    by_region = group_summaries(
        (child_of(region, meta[pk][0], children), values[pk].get(key))
        for pk in sorted(meta, key=lambda p: meta[p][0])
    )
    by_type = group_summaries((meta[pk][1], values[pk].get(key)) for pk in meta)
    pivot_groups = {
        k: group_summaries((child_of(region, meta[pk][0], children), values[pk].get(k)) for pk in meta)
        for k in pivot_keys
    }
    pivot_rows = [(name, [_fmt(pivot_groups[k][name].total) for k in pivot_keys]) for name in by_region]
    # Year over year: the item's total per year, overall and per 网站类型.
    all_values = load_values(templates, [key])
    per_year: dict[int, list] = {year: [] for year in years}
    for pk, year, _, _, site_type in rows:
        value = all_values[pk].get(key)
        per_year[year] += [("合计", value), (site_type, value)]
    yearly = [(year, group_summaries(per_year[year])) for year in years]
    series_names = ["合计", *sorted({n for _, g in yearly for n in g if n != "合计"})]
    series = {n: [g[n].total if n in g else None for _, g in yearly] for n in series_names}
    year_table = [(y, [_fmt(g[n].total) if n in g else "—" for n in series_names]) for y, g in yearly]
    context |= {
        "key": key,
        "label": labels[key],
        "by_region": _summary_rows(by_region),
        "by_type": _summary_rows(by_type),
        "overall": _summary_rows({"合计": summarise([values[pk].get(key) for pk in meta])})[0],
        "pivot_labels": [labels[k] for k in pivot_keys],
        "pivot_keys": pivot_keys,
        "pivot_rows": pivot_rows,
        "bar": mark_safe(
            bar_chart(f"{labels[key]}：各地区合计", list(by_region), [s.total for s in by_region.values()])
        ),
        "line": mark_safe(line_chart(f"{labels[key]}：历年合计", [str(y) for y in years], series)),
        "series_names": series_names,
        "year_table": year_table,
    }
    return render(request, "oversight/aggregates.html", context)


class ExportForm(forms.Form):
    form = forms.ChoiceField(
        choices=[("long", "长表"), ("wide", "宽表")],
        error_messages={
            "invalid_choice": "表格形式只能是长表(long)或宽表(wide)",
            "required": "请选择表格形式",
        },
    )
    fmt = forms.ChoiceField(
        choices=[("csv", "CSV"), ("xlsx", "XLSX")],
        error_messages={"invalid_choice": "格式只能是 csv 或 xlsx", "required": "请选择格式"},
    )


@login_required
@require_safe
def export(request: HttpRequest) -> HttpResponse:
    """Send every report of a region's year in long form (site × item) or wide form (site per row)."""
    scope, refusal = page_scope(request)
    if refusal:
        return refusal
    form = ExportForm(request.GET)
    if scope.error or not scope.ok or not form.is_valid():
        message = scope.error or (first_error(form) if form.errors else "请选择地区和年度")
        return render(request, "reporting/refused.html", {"message": message}, status=400)
    assert scope.region is not None and scope.year is not None
    template, rows = site_rows(scope.region, scope.year)
    if template is None:
        return render(request, "reporting/refused.html", {"message": "该地区该年度没有报表"}, status=404)
    shape = form.cleaned_data["form"]
    table = long_rows(template, rows) if shape == "long" else wide_rows(template, rows)
    name = f"{scope.region.name}-{scope.year}年度-全部报表-{'长表' if shape == 'long' else '宽表'}"
    if form.cleaned_data["fmt"] == "csv":
        return csv_response(table, name + ".csv")
    return fast_xlsx_response(table, name + ".xlsx", "长表" if shape == "long" else "宽表")

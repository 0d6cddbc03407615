"""Reporting's answers to registry events: a website registered during an open year gets its report."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from nianbao.web.registry.models import Website
from nianbao.web.reporting.models import Report, ReportingPeriod


def give_new_website_its_reports(sender: type, instance: Website, created: bool, **kwargs: Any) -> None:
    """Create the report of a newly registered website for every period that covers it and is still open."""
    if not created or not instance.active or kwargs.get("raw"):
        return
    from nianbao.web.reporting.services.periods import create_report

    ancestors = [instance.region.path[: i + 1] for i, ch in enumerate(instance.region.path) if ch == "/"]
    periods = ReportingPeriod.objects.filter(
        Q(region__path__in=ancestors), deadline__gte=timezone.localdate()
    )
    for period in periods:
        if not Report.unscoped.filter(period=period, website=instance).exists():
            create_report(period, instance)

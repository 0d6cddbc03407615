"""Moving a report along the workflow in tests, through the services themselves."""

from __future__ import annotations

import datetime as dt

from nianbao.web.reporting.core import Entry
from nianbao.web.reporting.models import Report
from nianbao.web.reporting.services import approve, publish, review, save_values, submit

# A complete, consistent report body (基本信息 comes from the registry when the period opens).
GOOD = {
    "basic.cn_domain": "示例区人民政府.政务",
    "basic.e_code": "CA210000000604244760002",
    "access.uv": "120000",
    "access.pv": "560000",
    "info.total": "300",
    "info.overview": "20",
    "info.news": "200",
    "info.catalogue": "80",
    "interaction.messages.received": "40",
    "interaction.messages.closed": "40",
    "interaction.messages.on_time": "38",
    "signature.head": "王样例",
    "signature.reviewer": "李演示",
    "signature.filler": "张示例",
    "signature.phone": "0771-1234567",
    "signature.date": "2021-01-10",
}


def fill(report: Report, user, values: dict[str, str] | None = None) -> Report:
    """Save values as the 填报人 and return the fresh report."""
    entries = {k: Entry(text=v) for k, v in (values or GOOD).items()}
    fresh = Report.unscoped.get(pk=report.pk)
    save_values(fresh, user, entries, fresh.lock_version)
    return Report.unscoped.get(pk=report.pk)


def explain_all(report: Report) -> dict[str, str]:
    """Return an explanation for every warning the report has now."""
    from nianbao.web.reporting.core import finding_key, validate, warnings

    return {finding_key(f): "已核实，数据无误" for f in warnings(validate(report.core()))}


def to_state(report: Report, world, state: str) -> Report:
    """Take a report from draft to the given state, the way its people would."""
    report = fill(report, world.filler)
    steps = ["submitted", "reviewed", "approved", "published"]
    for step in steps[: steps.index(state) + 1]:
        if step == "submitted":
            submit(report, world.filler, explain_all(report))
        elif step == "reviewed":
            review(report, world.reviewer)
        elif step == "approved":
            approve(report, world.head)
        else:
            publish(report, world.head, dt.date(2021, 1, 20), "http://www.example.gov.cn/nb2020.html")
        report = Report.unscoped.get(pk=report.pk)
    return report

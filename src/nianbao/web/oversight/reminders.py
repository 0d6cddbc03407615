"""Reminders to the staff of websites that have not submitted: a notification in the application for each
person, and an e-mail where a mail server is configured and the person has an address."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction

from nianbao.web.oversight.data import region_reports
from nianbao.web.oversight.models import Notification
from nianbao.web.registry.models import WEBSITE_ROLES, Region, RoleAssignment
from nianbao.web.reporting.models import EDITABLE_STATES, State

SMTP = "django.core.mail.backends.smtp.EmailBackend"


@dataclass
class Sent:
    reports: int = 0
    people: int = 0
    emails: int = 0


def mail_configured() -> bool:
    """Return whether e-mail can go out: another backend than SMTP (tests, files), or an SMTP host set."""
    backend = getattr(settings, "EMAIL_BACKEND", SMTP)
    return backend != SMTP or getattr(settings, "EMAIL_HOST", "localhost") not in ("", "localhost")


def remind_unsubmitted(region: Region, year: int, sender: Any) -> Sent:
    """Notify every staff member of each report of the region's year still in draft or returned."""
    reports = list(
        region_reports(region, year)
        .filter(state__in=list(EDITABLE_STATES))
        .select_related("website", "period")
    )
    staff: dict[int, list[Any]] = {}
    for assignment in RoleAssignment.objects.filter(
        website__in=[r.website_id for r in reports], role__in=list(WEBSITE_ROLES), user__is_active=True
    ).select_related("user"):
        staff.setdefault(assignment.website_id, []).append(assignment.user)
    sent = Sent()
    notices: list[Notification] = []
    mails: list[EmailMessage] = []
    people: set[int] = set()
    for report in reports:
        users = {u.pk: u for u in staff.get(report.website_id, [])}.values()
        if not users:
            continue
        sent.reports += 1
        state = "已退回修改" if report.state == State.RETURNED else "尚未提交"
        text = (
            f"【催报】{report.website.name}（{report.website.code}）的 {year} 年度"
            f"政府网站工作年度报表{state}，"
            f"截止日期为 {report.period.deadline:%Y年%m月%d日}，请尽快完成填报并提交审核。"
        )
        for user in users:
            people.add(user.pk)
            notices.append(Notification(user=user, report=report, text=text, sender=sender))
            if user.email and mail_configured():
                mails.append(
                    EmailMessage(f"催报：{report.website.name} {year} 年度报表", text, to=[user.email])
                )
    with transaction.atomic():
        if mails:
            # Sent before the notifications are stored, so "已发邮件" is only set on mail that went out.
            sent.emails = get_connection(fail_silently=True).send_messages(mails) or 0
        emailed = {m.to[0] for m in mails} if sent.emails == len(mails) else set()
        for notice in notices:
            notice.emailed = bool(notice.user.email) and notice.user.email in emailed
        Notification.objects.bulk_create(notices)
    sent.people = len(people)
    return sent

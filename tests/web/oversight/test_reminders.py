"""Reminders go to the staff of every site not yet submitted: in the application and by e-mail."""

from __future__ import annotations

from django.core import mail

from nianbao.web.oversight.models import Notification
from tests.web.workflow_helpers import to_state


def _give_addresses(world):
    for user in (world.filler, world.reviewer, world.head, world.outsider):
        user.email = f"{user.username}@example.gov.cn"
        user.save()


def test_a_reminder_reaches_every_staff_member_of_an_unsubmitted_site(world, login):
    _give_addresses(world)
    data = {"region": "450000", "year": "2020", "confirmed": "1"}
    response = login(world.admin).post("/oversight/remind/", data)
    assert response.status_code == 302
    notified = set(Notification.objects.values_list("user__username", flat=True))
    assert notified == {"filler", "reviewer", "head", "outsider"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        f"{u}@example.gov.cn" for u in ("filler", "reviewer", "head", "outsider")
    )
    assert all("截止日期为 2021年01月31日" in m.body for m in mail.outbox)
    assert Notification.objects.filter(emailed=True).count() == 4


def test_submitted_sites_are_not_reminded(world, login):
    to_state(world.report_a, world, "submitted")
    login(world.admin).post("/oversight/remind/", {"region": "450000", "year": "2020", "confirmed": "1"})
    assert set(Notification.objects.values_list("report_id", flat=True)) == {world.report_b.pk}


def test_a_supervisor_reminds_only_their_own_region(world, login):
    login(world.supervisor).post("/oversight/remind/", {"region": "450100", "year": "2020", "confirmed": "1"})
    assert set(Notification.objects.values_list("report_id", flat=True)) == {world.report_a.pk}
    data = {"region": "450200", "year": "2020", "confirmed": "1"}
    response = login(world.supervisor).post("/oversight/remind/", data)
    assert response.status_code == 302
    assert not Notification.objects.filter(report=world.report_b).exists()


def test_people_without_an_address_get_the_notification_only(world, login):
    login(world.supervisor).post("/oversight/remind/", {"region": "450100", "year": "2020", "confirmed": "1"})
    assert Notification.objects.filter(user=world.filler, emailed=False).count() == 1
    assert mail.outbox == []


def test_staff_see_their_reminders_in_the_application(world, login):
    login(world.supervisor).post("/oversight/remind/", {"region": "450100", "year": "2020", "confirmed": "1"})
    response = login(world.filler).get("/oversight/notifications/")
    assert "【催报】" in response.content.decode()
    assert not Notification.objects.filter(user=world.filler, read_at__isnull=True).exists()


def test_a_filler_cannot_send_reminders(world, login):
    assert login(world.filler).post("/oversight/remind/", {"region": "450100"}).status_code == 403
    assert not Notification.objects.exists()


def test_nothing_is_sent_before_the_supervisor_confirms(world, login):
    response = login(world.supervisor).post("/oversight/remind/", {"region": "450100", "year": "2020"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "确认发送催报通知" in page and 'name="confirmed" value="1"' in page
    assert not Notification.objects.exists()

import datetime as dt

import pytest

from nianbao.report.codec import decode_value
from nianbao.web.reporting.models import ItemComment, Report, Revision, State, Transition
from nianbao.web.reporting.services import (
    WorkflowError,
    approve,
    correct,
    publish,
    return_for_revision,
    review,
    submit,
)
from nianbao.web.reporting.signals import report_action

from .workflow_helpers import explain_all, fill, to_state


def test_it_goes_from_draft_to_published(world):
    report = to_state(world.report_a, world, "published")
    assert report.state == State.PUBLISHED
    actions = list(Transition.objects.filter(report=report).values_list("action", flat=True))
    assert actions == ["submit", "review", "approve", "publish"]


def test_publication_records_the_date_and_address(world):
    report = to_state(world.report_a, world, "published")
    assert report.public_url == "http://www.example.gov.cn/nb2020.html"
    core = report.core()
    assert core.get("basic.publish_date").data == dt.date(2021, 1, 20)
    revision = Revision.objects.get(report=report, number=1)
    assert revision.snapshot["basic.publish_url"] == "http://www.example.gov.cn/nb2020.html"


def test_a_return_carries_its_reason_to_the_items(world):
    report = to_state(world.report_a, world, "submitted")
    return_for_revision(report, world.reviewer, "访问量与上年差异过大", {"access.uv": "请核实UV统计口径"})
    report = Report.unscoped.get(pk=report.pk)
    assert report.state == State.RETURNED
    comment = ItemComment.objects.get(report=report)
    assert (comment.key, comment.text, comment.resolved) == ("access.uv", "请核实UV统计口径", False)


def test_changing_a_commented_item_resolves_the_comment(world):
    report = to_state(world.report_a, world, "submitted")
    return_for_revision(report, world.reviewer, "请核实", {"access.uv": "请核实UV统计口径"})
    fill(report, world.filler, {"access.uv": "110000"})
    assert ItemComment.objects.get(report=report).resolved


def test_a_returned_report_can_be_resubmitted(world):
    report = to_state(world.report_a, world, "reviewed")
    return_for_revision(report, world.head, "签署日期有误")
    report = fill(report, world.filler, {"signature.date": "2021-01-12"})
    submit(report, world.filler, explain_all(report))
    assert Report.unscoped.get(pk=report.pk).state == State.SUBMITTED


def test_a_correction_opens_a_new_revision_in_draft(world):
    report = to_state(world.report_a, world, "published")
    correct(report, world.head, "网站总访问量统计有误")
    report = Report.unscoped.get(pk=report.pk)
    assert (report.state, report.revision, report.corrected) == (State.DRAFT, 2, True)
    assert Revision.objects.get(report=report, number=2).reason == "网站总访问量统计有误"
    # The published revision keeps what was published.
    assert Revision.objects.get(report=report, number=1).snapshot["access.pv"] == 560000


def test_each_transition_is_announced(world):
    heard = []

    def listen(sender, report, action, actor, outcome, detail, **kwargs):
        heard.append((action, outcome, actor))

    report_action.connect(listen)
    try:
        report = to_state(world.report_a, world, "submitted")
        with pytest.raises(WorkflowError):
            approve(report, world.head)
    finally:
        report_action.disconnect(listen)
    assert ("save", "ok", world.filler) in heard
    assert ("submit", "ok", world.filler) in heard
    assert heard[-1] == ("approve", "refused", world.head)


def test_values_keep_their_types_through_storage(world):
    report = fill(
        world.report_a, world.filler, {"access.uv": "1.2万", "interaction.messages.avg_days": "3.5"}
    )
    core = report.core()
    assert core.get("access.uv").data == 12000
    assert str(decode_value(report.template.item("interaction.messages.avg_days"), "3.5").data) == "3.5"


def test_a_corrected_report_is_published_again_and_keeps_both_records(world):
    report = to_state(world.report_a, world, "published")
    correct(report, world.head, "网站总访问量统计有误")
    report = fill(report, world.filler, {"access.pv": "600000"})
    submit(report, world.filler, explain_all(report))
    review(report, world.reviewer)
    approve(report, world.head)
    publish(
        Report.unscoped.get(pk=report.pk),
        world.head,
        dt.date(2021, 2, 3),
        "http://www.example.gov.cn/nb2020-2.html",
    )
    first, second = Revision.objects.filter(report=report).order_by("number")
    assert (first.snapshot["access.pv"], second.snapshot["access.pv"]) == (560000, 600000)
    assert second.reason == "网站总访问量统计有误"
    stored = Report.unscoped.get(pk=report.pk)
    assert (stored.state, stored.revision, stored.corrected) == (State.PUBLISHED, 2, True)


def test_a_year_cannot_be_opened_below_a_region_that_already_has_it(world):
    from nianbao.web.reporting.services import open_period

    city = world.site_a.region.parent
    with pytest.raises(WorkflowError, match="已经开启"):
        open_period(city, 2020, actor=None)  # the province opened 2020 for everything below it


def test_a_year_cannot_be_opened_above_a_region_that_already_has_it(world):
    from nianbao.web.reporting.services import open_period

    city = world.site_a.region.parent
    open_period(city, 2021, actor=None)
    with pytest.raises(WorkflowError, match="示例市 的 2021 年度已经开启"):
        open_period(city.parent, 2021, actor=None)
    assert Report.unscoped.filter(period__year=2021).count() == 1

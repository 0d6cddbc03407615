import datetime as dt

import pytest

from nianbao.web.reporting.models import Report, Transition
from nianbao.web.reporting.services import (
    WorkflowError,
    approve,
    correct,
    publish,
    return_for_revision,
    review,
    submit,
)

from .workflow_helpers import explain_all, fill, to_state

URL = "http://www.example.gov.cn/nb.html"


def attempt(action, report, actor):
    calls = {
        "submit": lambda: submit(report, actor, explain_all(report)),
        "review": lambda: review(report, actor),
        "approve": lambda: approve(report, actor),
        "publish": lambda: publish(report, actor, dt.date(2021, 1, 20), URL),
        "return": lambda: return_for_revision(report, actor, "请修改"),
        "correct": lambda: correct(report, actor, "数据有误需更正"),
    }
    calls[action]()


# (state the report is in, action, who tries it) — each must be refused.
ILLEGAL = [
    ("draft", "review", "reviewer"),
    ("draft", "approve", "head"),
    ("draft", "publish", "head"),
    ("draft", "return", "reviewer"),
    ("draft", "correct", "filler"),
    ("submitted", "submit", "filler"),
    ("submitted", "approve", "head"),
    ("submitted", "publish", "head"),
    ("submitted", "review", "filler"),
    ("submitted", "review", "head"),
    ("reviewed", "review", "reviewer"),
    ("reviewed", "approve", "reviewer"),
    ("reviewed", "approve", "filler"),
    ("reviewed", "publish", "head"),
    ("approved", "approve", "head"),
    ("approved", "submit", "filler"),
    ("approved", "publish", "reviewer"),
    ("published", "return", "reviewer"),
    ("published", "submit", "filler"),
    ("published", "publish", "head"),
    ("published", "correct", "reviewer"),
    ("submitted", "review", "outsider"),
    ("submitted", "return", "outsider"),
    ("submitted", "return", "far_supervisor"),
    ("submitted", "review", "supervisor"),
    ("reviewed", "approve", "admin"),
    ("submitted", "return", "nobody"),
]


@pytest.mark.parametrize(("state", "action", "who"), ILLEGAL)
def test_an_illegal_move_is_refused_and_changes_nothing(world, state, action, who):
    report = world.report_a if state == "draft" else to_state(world.report_a, world, state)
    before = Transition.objects.filter(report=report).count()
    with pytest.raises(WorkflowError) as refused:
        attempt(action, report, getattr(world, who))
    assert any("\u4e00" <= ch <= "\u9fff" for ch in refused.value.message)
    fresh = Report.unscoped.get(pk=report.pk)
    assert fresh.state == state
    assert Transition.objects.filter(report=report).count() == before


def test_the_filler_cannot_approve_their_own_report_even_as_head(world):
    from nianbao.web.registry.models import Role, RoleAssignment

    RoleAssignment.objects.create(user=world.filler, role=Role.HEAD, website=world.site_a)
    report = to_state(world.report_a, world, "reviewed")
    with pytest.raises(WorkflowError, match="填报人不能批准"):
        approve(report, world.filler)


def test_a_return_needs_a_reason(world):
    report = to_state(world.report_a, world, "submitted")
    with pytest.raises(WorkflowError, match="原因"):
        return_for_revision(report, world.reviewer, " ")


def test_a_correction_needs_a_reason(world):
    report = to_state(world.report_a, world, "published")
    with pytest.raises(WorkflowError, match="更正原因"):
        correct(report, world.head, "")


def test_publication_needs_a_real_address(world):
    report = to_state(world.report_a, world, "approved")
    with pytest.raises(WorkflowError, match="网址"):
        publish(report, world.head, dt.date(2021, 1, 20), "javascript:alert(1)")


def test_publication_cannot_be_dated_in_the_future(world):
    report = to_state(world.report_a, world, "approved")
    with pytest.raises(WorkflowError, match="公开时间"):
        publish(report, world.head, dt.date.today() + dt.timedelta(days=3), URL)


def test_published_values_are_locked(world):
    report = to_state(world.report_a, world, "published")
    with pytest.raises(WorkflowError, match="已公开"):
        fill(report, world.filler, {"access.uv": "1"})


def test_a_stale_save_is_refused_with_what_changed(world):
    from nianbao.web.reporting.core import Entry
    from nianbao.web.reporting.services import ConcurrentEditError, save_values

    report = world.report_a
    stale_version = report.lock_version
    fill(report, world.filler, {"access.uv": "100"})
    with pytest.raises(ConcurrentEditError) as refused:
        save_values(report, world.filler, {"access.pv": Entry(text="5")}, stale_version)
    assert [c.key for c in refused.value.changes] == ["access.uv"]
    assert Report.unscoped.get(pk=report.pk).core().get("access.pv").is_blank


def test_a_key_not_in_the_template_is_refused(world):
    from nianbao.web.reporting.core import Entry
    from nianbao.web.reporting.services import save_values

    with pytest.raises(WorkflowError, match="没有的项目"):
        save_values(world.report_a, world.filler, {"state": Entry(text="published")}, 0)

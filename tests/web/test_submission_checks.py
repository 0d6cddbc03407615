import pytest

from nianbao.web.reporting.core import finding_key, validate, warnings
from nianbao.web.reporting.models import Report, State
from nianbao.web.reporting.services import WorkflowError, submit

from .workflow_helpers import fill


def test_an_error_blocks_submission(world):
    report = fill(world.report_a, world.filler, {"access.uv": "很多"})
    with pytest.raises(WorkflowError, match="错误"):
        submit(report, world.filler)
    assert Report.unscoped.get(pk=report.pk).state == State.DRAFT


def test_a_missing_required_item_blocks_submission(world):
    with pytest.raises(WorkflowError, match="错误"):
        submit(world.report_a, world.filler)


def test_each_warning_needs_an_explanation(world):
    report = fill(world.report_a, world.filler)
    report = fill(report, world.filler, {"columns.maintained": "2", "columns.new": "5"})
    found = warnings(validate(report.core()))
    assert found, "the rule 新开设数量 ≤ 维护数量 should warn"
    with pytest.raises(WorkflowError, match="警告"):
        submit(report, world.filler, {})
    submit(report, world.filler, {finding_key(f): "本年度撤并了部分专栏" for f in found})
    stored = Report.unscoped.get(pk=report.pk)
    assert stored.state == State.SUBMITTED
    assert set(stored.warning_notes.values()) == {"本年度撤并了部分专栏"}


def test_a_one_letter_explanation_is_not_enough(world):
    report = fill(world.report_a, world.filler)
    report = fill(report, world.filler, {"columns.maintained": "2", "columns.new": "5"})
    found = warnings(validate(report.core()))
    with pytest.raises(WorkflowError, match="警告"):
        submit(report, world.filler, {finding_key(f): "是" for f in found})


def test_the_on_time_rate_fills_itself(world):
    report = fill(world.report_a, world.filler)
    rate = report.core().get("interaction.messages.on_time_rate")
    assert str(rate.data) == "95"  # 38 of 40 closed on time


def test_the_on_time_rate_empties_when_its_inputs_are_cleared(world):
    report = fill(world.report_a, world.filler)
    report = fill(report, world.filler, {"interaction.messages.closed": ""})
    assert report.core().get("interaction.messages.on_time_rate").is_blank

import datetime as dt

import pytest
from click.testing import CliRunner

from nianbao.web import demo
from nianbao.web.registry.models import User
from nianbao.web.reporting.models import Report, State


@pytest.mark.slow
def test_the_demo_has_a_report_in_every_workflow_state(db):
    # Under a province of its own: the shared personas' province already has its 2020 period open.
    counts = demo.load_demo(province=("990000", "演示省"))
    assert counts["websites"] >= 10
    demo_reports = Report.unscoped.filter(period__region__code="459900")
    states = set(demo_reports.filter(period__year__in=(2025, 2026)).values_list("state", flat=True))
    assert states == set(State.values)
    # The season now open: 2026, due on 31 January 2027, nothing of it published yet.
    season = demo_reports.filter(period__year=2026)
    assert {r.period.deadline for r in season} == {dt.date(2027, 1, 31)}
    assert not season.filter(state=State.PUBLISHED).exists()
    assert season.filter(started_at__isnull=True).exists()  # 未开始
    # The two years before it are published; one 2025 report is being corrected (its next revision a draft).
    imported = demo_reports.filter(period__year=2024, state=State.PUBLISHED, imported__isnull=False)
    assert imported.count() == counts["websites"]  # 2024 came in through the history import
    corrected = demo_reports.filter(period__year=2025, corrected=True)
    assert corrected.count() == 1
    published = demo_reports.filter(period__year=2025, state=State.PUBLISHED).count()
    assert published == counts["websites"] - 1
    assert demo.is_loaded()


def test_the_first_admin_comes_from_the_environment(db, monkeypatch):
    from nianbao.cli.serve import _first_admin

    monkeypatch.setenv("NIANBAO_ADMIN_USER", "root_admin")
    monkeypatch.setenv("NIANBAO_ADMIN_PASSWORD", "Long-口令-2021")
    _first_admin(echo=False)
    admin = User.objects.get(username="root_admin")
    assert admin.is_superuser and admin.check_password("Long-口令-2021")


def test_a_weak_password_in_the_environment_is_refused_with_the_rules(db, monkeypatch):
    import click

    from nianbao.cli.serve import _first_admin

    monkeypatch.setenv("NIANBAO_ADMIN_USER", "root_admin")
    monkeypatch.setenv("NIANBAO_ADMIN_PASSWORD", "1")
    with pytest.raises(click.UsageError, match="NIANBAO_ADMIN_PASSWORD 不符合口令规则：口令至少 8 个字符"):
        _first_admin(echo=False)
    assert not User.objects.filter(username="root_admin").exists()


def test_no_admin_is_made_without_credentials_or_a_terminal(db, monkeypatch):
    from nianbao.cli.serve import _first_admin

    monkeypatch.delenv("NIANBAO_ADMIN_USER", raising=False)
    monkeypatch.delenv("NIANBAO_ADMIN_PASSWORD", raising=False)
    _first_admin(echo=False)
    assert not User.objects.filter(is_superuser=True).exists()


def test_serve_and_manage_are_commands():
    from nianbao.cli.main import cli

    runner = CliRunner()
    result = runner.invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0 and "--demo" in result.output and "--data-dir" in result.output
    assert runner.invoke(cli, ["serve", "--port", "0"]).exit_code == 2


def test_manage_runs_djangos_commands(db, capsys):
    from nianbao.cli.main import cli

    result = CliRunner().invoke(cli, ["manage", "check"])
    assert result.exit_code == 0, result.output

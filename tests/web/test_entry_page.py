from django.urls import reverse

from nianbao.web.reporting.models import Report, ReportValue
from nianbao.web.security.sessions import SEEN_AT


def entry_url(report):
    return reverse("reporting:entry", args=[report.pk])


def form_for(report, values, none=(), do="save"):
    data = {"lock_version": str(Report.unscoped.get(pk=report.pk).lock_version), "k": [], "do": do}
    for key, text in values.items():
        data["k"].append(key)
        data[f"v:{key}"] = text
    for key in none:
        data["k"].append(key)
        data[f"none:{key}"] = "1"
    return data


def test_the_page_shows_every_section_and_the_registry_values(world, login):
    page = login(world.filler).get(entry_url(world.report_a)).content.decode()
    for label in ("基本信息", "用户访问", "信息发布", "互动交流", "安全防护", "创新发展"):
        assert label in page
    assert "4501020001" in page  # 政府网站标识码 prefilled from the registry
    assert "填写说明" in page


def test_a_save_keeps_value_none_and_blank_apart(world, login):
    client = login(world.filler)
    response = client.post(
        entry_url(world.report_a),
        form_for(world.report_a, {"access.uv": "0", "access.pv": ""}, none=["info.total"]),
    )
    assert response.status_code == 302
    core = Report.unscoped.get(pk=world.report_a.pk).core()
    assert core.get("access.uv").data == 0
    assert core.get("info.total").is_none
    assert core.get("access.pv").is_blank


def test_text_that_is_not_a_number_is_kept_as_typed(world, login):
    client = login(world.filler)
    client.post(entry_url(world.report_a), form_for(world.report_a, {"access.uv": "大约三万"}))
    row = ReportValue.objects.get(report=world.report_a, key="access.uv")
    assert row.raw == "大约三万"
    page = client.get(entry_url(world.report_a)).content.decode()
    assert 'value="大约三万"' in page


def test_the_check_endpoint_saves_nothing(world, login):
    client = login(world.filler)
    response = client.post(
        reverse("reporting:check", args=[world.report_a.pk]), form_for(world.report_a, {"access.uv": "5"})
    )
    assert response.status_code == 200
    assert response.json()["states"]["access.uv"] == "value"
    assert not ReportValue.objects.filter(report=world.report_a, key="access.uv").exists()


def test_another_sites_report_is_not_found(world, login):
    assert login(world.filler).get(entry_url(world.report_b)).status_code == 404


def test_a_post_after_the_session_expired_is_kept_for_after_login(world, client):
    client.post(reverse("login"), {"username": "filler", "password": "示例-Passw0rd!"})
    session = client.session
    session[SEEN_AT] -= 3600  # idle for an hour: the next request finds the session expired
    session.save()
    response = client.post(entry_url(world.report_a), form_for(world.report_a, {"access.uv": "4321"}))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    client.post(reverse("login"), {"username": "filler", "password": "示例-Passw0rd!"})
    page = client.get(entry_url(world.report_a)).content.decode()
    assert 'value="4321"' in page
    assert "已恢复" in page
    assert not ReportValue.objects.filter(report=world.report_a, key="access.uv").exists()


def test_a_stale_page_is_refused_and_shows_what_changed(world, login):
    client = login(world.filler)
    stale = form_for(world.report_a, {"access.pv": "999"})
    client.post(entry_url(world.report_a), form_for(world.report_a, {"access.uv": "100"}))
    response = client.post(entry_url(world.report_a), stale)
    assert response.status_code == 409
    page = response.content.decode()
    assert "用户访问 › 独立用户访问总量" in page and 'value="999"' in page
    assert Report.unscoped.get(pk=world.report_a.pk).core().get("access.pv").is_blank


def test_a_typed_script_comes_back_escaped(world, login):
    client = login(world.filler)
    client.post(
        entry_url(world.report_a), form_for(world.report_a, {"media.other": '<script>alert("x")</script>'})
    )
    page = client.get(entry_url(world.report_a)).content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;" in page


def test_last_years_value_is_shown_beside_this_years(world, login):
    from nianbao.web.reporting.services import open_period

    from .workflow_helpers import fill

    fill(world.report_a, world.filler, {"access.uv": "77777"})
    period = open_period(world.period.region, 2021, actor=None)
    this_year = period.reports.get(website=world.site_a)
    page = login(world.filler).get(entry_url(this_year)).content.decode()
    assert "上年：77,777" in page


def test_a_post_without_its_version_is_refused_and_shown_back(world, login):
    data = form_for(world.report_a, {"access.uv": "4242"})
    del data["lock_version"]
    response = login(world.filler).post(entry_url(world.report_a), data)
    assert response.status_code == 400
    assert 'value="4242"' in response.content.decode()
    assert not ReportValue.objects.filter(report=world.report_a, key="access.uv").exists()


def test_an_absurdly_long_value_is_refused(world, login):
    response = login(world.filler).post(
        entry_url(world.report_a), form_for(world.report_a, {"media.other": "长" * 5000})
    )
    assert response.status_code == 422
    assert "内容过长" in response.content.decode()
    assert not ReportValue.objects.filter(report=world.report_a, key="media.other").exists()


def test_a_tampered_post_naming_an_unknown_item_is_refused(world, login):
    response = login(world.filler).post(
        entry_url(world.report_a), form_for(world.report_a, {"state": "published"})
    )
    assert "没有的项目" in response.content.decode()
    assert Report.unscoped.get(pk=world.report_a.pk).state == "draft"

"""Evidence computed from raw data shows beside its item on the entry page; the 填报人 accepts it."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from nianbao.evidence.provenance import Evidence, Exclusion, InputFile
from nianbao.web.evidence.models import EvidenceRecord
from nianbao.web.reporting.models import Report, ValueChange
from tests.web.workflow_helpers import to_state


def _evidence(year: int = 2020, **figures) -> SimpleUploadedFile:
    evidence = Evidence(
        kind="access-logs",
        year=year,
        figures=figures or {"access.uv": 4321, "access.pv": 98765},
        inputs=[InputFile("access-2020.log.gz", 123456, "ab" * 32, 1000)],
        records=1000,
        exclusions=[Exclusion("静态资源", 600, ["GET /style.css"])],
        definitions={"access.uv": "每日独立访客之和"},
        engine="duckdb",
    )
    return SimpleUploadedFile("uv.json", evidence.to_json().encode("utf-8"), "application/json")


def _upload(client, report, upload):
    return client.post(f"/evidence/reports/{report.pk}/upload/", {"evidence": upload})


def test_uploaded_figures_show_beside_their_items(world, login):
    client = login(world.filler)
    _upload(client, world.report_a, _evidence())
    html = client.get(f"/reports/{world.report_a.pk}/").content.decode()
    item = html.split('id="item-access.uv"', 1)[1].split('class="item ', 1)[0]
    assert "按原始数据计算：4321" in item and "access-2020.log.gz" in item


def test_accepting_fills_the_report_as_the_filler_with_history(world, login):
    client = login(world.filler)
    _upload(client, world.report_a, _evidence())
    record = EvidenceRecord.objects.get()
    version = Report.unscoped.get(pk=world.report_a.pk).lock_version
    client.post(f"/evidence/{record.pk}/accept/", {"lock_version": version})
    core = Report.unscoped.get(pk=world.report_a.pk).core()
    assert (core.get("access.uv").data, core.get("access.pv").data) == (4321, 98765)
    change = ValueChange.objects.get(report=world.report_a, key="access.uv")
    assert (change.actor, change.new_data) == (world.filler, 4321)
    record.refresh_from_db()
    assert record.accepted_keys == ["access.pv", "access.uv"] and record.accepted_by == world.filler


def test_none_in_the_evidence_becomes_none_in_the_report(world, login):
    client = login(world.filler)
    _upload(client, world.report_a, _evidence(**{"interaction.messages.received": None}))
    record = EvidenceRecord.objects.get()
    client.post(
        f"/evidence/{record.pk}/accept/",
        {"lock_version": Report.unscoped.get(pk=world.report_a.pk).lock_version},
    )
    assert Report.unscoped.get(pk=world.report_a.pk).core().get("interaction.messages.received").is_none


def test_evidence_of_another_year_is_refused_with_a_message(world, login):
    client = login(world.filler)
    response = _upload(client, world.report_a, _evidence(year=2019))
    assert not EvidenceRecord.objects.exists()
    assert "2019 年度" in client.get(response["Location"]).content.decode()


def test_a_file_that_is_not_evidence_is_refused(world, login):
    client = login(world.filler)
    _upload(client, world.report_a, SimpleUploadedFile("x.json", b"\x89PNG\r\n", "application/json"))
    _upload(client, world.report_a, SimpleUploadedFile("x.json", b'{"kind": 1}', "application/json"))
    assert not EvidenceRecord.objects.exists()


def test_only_the_filler_may_upload_or_accept(world, login):
    _upload(login(world.reviewer), world.report_a, _evidence())
    assert not EvidenceRecord.objects.exists()
    _upload(login(world.filler), world.report_a, _evidence())
    record = EvidenceRecord.objects.get()
    login(world.reviewer).post(f"/evidence/{record.pk}/accept/", {"lock_version": 1})
    assert Report.unscoped.get(pk=world.report_a.pk).core().get("access.uv").is_blank


def test_another_sites_people_cannot_see_the_evidence(world, login):
    _upload(login(world.filler), world.report_a, _evidence())
    record = EvidenceRecord.objects.get()
    assert login(world.outsider).get(f"/evidence/{record.pk}/").status_code == 404
    assert login(world.outsider).post(f"/evidence/reports/{world.report_a.pk}/upload/").status_code == 404


def test_the_provenance_page_shows_files_exclusions_and_definitions(world, login):
    client = login(world.filler)
    _upload(client, world.report_a, _evidence())
    html = client.get(f"/evidence/{EvidenceRecord.objects.get().pk}/").content.decode()
    assert "access-2020.log.gz" in html and "ab" * 32 in html
    assert "静态资源：600 条" in html and "每日独立访客之和" in html and "duckdb" in html


def test_a_submitted_report_takes_no_evidence(world, login):
    client = login(world.filler)
    _upload(client, world.report_a, _evidence())
    record = EvidenceRecord.objects.get()
    report = to_state(world.report_a, world, "submitted")
    client.post(f"/evidence/{record.pk}/accept/", {"lock_version": report.lock_version})
    assert Report.unscoped.get(pk=report.pk).core().get("access.uv").data == 120000  # GOOD's, untouched

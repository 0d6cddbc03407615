"""Finding 7a: malformed evidence JSON (100,000 levels deep, an integer of 4,300+ digits, a figure "abc")
answered 500. Each is now refused with a Chinese message, and nothing is stored."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile

from nianbao.web.evidence.models import EvidenceRecord

from .cast import YEAR

pytestmark = [pytest.mark.django_db]
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _evidence(**changes) -> bytes:
    data = {
        "kind": "cms",
        "year": YEAR,
        "figures": {"info.total": 12},
        "computed_at": "2022-01-05T10:00:00+08:00",
    }
    data.update(changes)
    return json.dumps(data).encode()


MALFORMED = {
    "deep": b"[" * 100_000 + b"]" * 100_000,
    "deep-object": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    "long-int": _evidence().replace(b'"year": ' + str(YEAR).encode(), b'"year": ' + b"9" * 4400),
    "long-figure": _evidence().replace(b"12}", b"1" + b"0" * 4400 + b"}"),
    "figure-abc": _evidence(figures={"info.total": "abc"}),
    "figure-nan": _evidence(figures={"info.total": "NaN"}),
    "figure-list": _evidence(figures={"info.total": [1]}),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_evidence_is_refused_in_chinese(client, cast, name):
    client.force_login(cast.filler)
    upload = SimpleUploadedFile("evidence.json", MALFORMED[name])
    response = client.post(f"/evidence/reports/{cast.report_a.pk}/upload/", {"evidence": upload})
    assert response.status_code == 302
    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "取证数据未上传" in text and CHINESE.search(text.replace("取证数据未上传", "")), text
    assert "Error" not in text  # no exception class names for the user
    assert not EvidenceRecord.objects.exists()


def test_a_well_formed_record_is_still_accepted(client, cast):
    client.force_login(cast.filler)
    upload = SimpleUploadedFile("evidence.json", _evidence())
    response = client.post(f"/evidence/reports/{cast.report_a.pk}/upload/", {"evidence": upload})
    assert response.status_code == 302
    assert EvidenceRecord.objects.count() == 1

import pytest

from core.builders import GX_2020, codes_for, seed_with
from nianbao.report.validate import validate

REQUIRED = [i.key for i in GX_2020.items if i.required]
OPTIONAL = [i.key for i in GX_2020.items if not i.required and i.key != "media.weibo.name"]


@pytest.mark.parametrize("key", REQUIRED)
def test_a_blank_required_item_is_an_error_naming_it(key):
    findings = [f for f in validate(seed_with({key: ""})) if f.code == "E-REQUIRED"]
    assert [f.items for f in findings] == [(key,)]
    assert GX_2020.item(key).label in findings[0].message


def test_required_items_are_the_identity_and_signature_of_the_report():
    assert set(REQUIRED) >= {"basic.site_name", "basic.site_code", "basic.home_url", "signature.date"}
    assert "basic.e_code" not in REQUIRED  # many sites have no 电子标识码 yet


def test_none_fills_a_required_item():
    assert codes_for({"basic.organizer": "无"}) == []


@pytest.mark.parametrize("key", ["access.uv", "service.registered_users", "media.other", "basic.e_code"])
def test_a_blank_optional_item_is_not_an_error(key):
    assert codes_for({key: ""}) == []

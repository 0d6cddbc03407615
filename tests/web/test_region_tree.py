import pytest

from nianbao.web.registry.models import Region


def test_a_region_knows_its_subtree(world):
    province = Region.objects.get(code="450000")
    codes = set(province.subtree().values_list("code", flat=True))
    assert {"450000", "450100", "450102", "450200", "450203"} <= codes
    assert set(Region.objects.get(code="450100").subtree().values_list("code", flat=True)) == {
        "450100",
        "450102",
    }


def test_a_region_must_sit_below_its_parent(world):
    county = Region.objects.get(code="450102")
    with pytest.raises(ValueError, match="层级"):
        Region.objects.create(code="459999", name="倒挂市", level=Region.Level.CITY, parent=county)


def test_the_full_name_reads_from_the_top(world):
    assert Region.objects.get(code="450102").full_name == "广西壮族自治区 › 示例市 › 示例区"

"""A report written in traditional characters reads the same: labels, 無, options and 是/否; names are
converted to simplified with a warning naming each item, or kept as written when asked."""

import opencc

from nianbao.forms.template import ItemType
from nianbao.io.placement import keep_traditional
from nianbao.io.text import TextReader
from seed_fixture import seed_bytes

FREE = (ItemType.TEXT, ItemType.URL, ItemType.CODE)


def test_the_seed_in_traditional_characters_reads_as_the_simplified_seed_with_a_warning_per_item():
    to_traditional = opencc.OpenCC("s2t")
    traditional = to_traditional.convert(seed_bytes().decode("utf-8"))
    reference = TextReader().read(seed_bytes(), name="简.txt").report
    result = TextReader().read(traditional.encode("utf-8"), name="繁.txt")
    assert result.report == reference
    warned = {key for f in result.findings if f.code == "W-READ-TRADITIONAL" for key in f.items}
    changed = {
        item.key
        for item, value in reference
        if item.type in FREE
        and isinstance(value.data, str)
        and to_traditional.convert(value.data) != value.data
    }
    # Every name that was in traditional characters is named; options, 無 and 是/否 are just read.
    assert changed and changed <= warned
    assert all(reference.template.item(key).type in FREE for key in warned)
    message = next(f.message for f in result.findings if "basic.site_name" in f.items)
    assert "网站名称" in message and "欽州市" in message and "钦州市" in message


def test_the_seed_in_traditional_characters_kept_as_written_when_asked():
    to_traditional = opencc.OpenCC("s2t")
    simplified = seed_bytes().decode("utf-8")
    traditional = to_traditional.convert(simplified)
    assert "獨立用戶訪問總量" in traditional and "無" in traditional
    reference = TextReader().read(seed_bytes(), name="简.txt").report
    with keep_traditional():
        result = TextReader().read(traditional.encode("utf-8"), name="繁.txt")
    assert not any(f.code == "W-READ-TRADITIONAL" for f in result.findings)
    assert result.report.template.id == "gx-2020"
    for item, value in reference:
        got = result.report.get(item.key)
        if item.type in FREE and value.is_value:
            # Names stay as written, in traditional characters.
            assert got.data == to_traditional.convert(str(value.data)) or item.key.endswith("period")
        else:
            assert got == value, item.key


def test_a_traditional_label_matches():
    from tests.io.placement_helpers import place

    result = place(["用戶訪問", "獨立用戶訪問總量（UV 單位：個）", "網站總訪問量"], ["", "100", "無"])
    assert result.report.get("access.uv").data == 100
    assert result.report.get("access.pv").is_none

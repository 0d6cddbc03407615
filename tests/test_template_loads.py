from nianbao.forms import ItemType, get_template, template_ids


def test_gx_2020_is_bundled():
    assert "gx-2020" in template_ids()


def test_it_keeps_printed_label_and_instruction_wording_as_alias():
    item = get_template("gx-2020").item("info.catalogue")
    assert item.label == "信息公开目录信息公开量"
    assert "信息公开目录信息更新量" in item.aliases


def test_on_time_rate_is_a_computed_percentage():
    item = get_template("gx-2020").item("interaction.messages.on_time_rate")
    assert item.type is ItemType.PERCENTAGE
    assert item.unit == "%"
    assert item.compute

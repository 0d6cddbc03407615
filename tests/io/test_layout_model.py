"""The layout model is the paper form: a rectangular grid, every item once, values printed as on paper."""

from __future__ import annotations

from hypothesis import given, settings

from nianbao.io.layout import COLUMNS, Kind, build_layout, value_text
from nianbao.report.report import Report
from nianbao.report.values import BLANK, NONE, Value
from tests.io.samples import TEMPLATE, seed_like
from tests.strategies import reports


def _occupancy_errors(layout) -> list[str]:
    """Return the places where cells overlap or leave a hole, spans included."""
    errors = []
    for group in layout.groups:
        taken: dict[tuple[int, int], str] = {}
        for r, row in enumerate(group.rows):
            for cell in row:
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        spot = (r + dr, cell.col + dc)
                        if spot in taken:
                            errors.append(f"{group.key} {spot}: {cell.text!r} over {taken[spot]!r}")
                        taken[spot] = cell.text
        for r in range(len(group.rows)):
            holes = [c for c in range(COLUMNS) if (r, c) not in taken]
            if holes:
                errors.append(f"{group.key} row {r}: columns {holes} empty")
            if any(spot[0] >= len(group.rows) for spot in taken):
                errors.append(f"{group.key}: a cell spans past the group")
    return errors


@settings(max_examples=30, deadline=None)
@given(reports())
def test_the_grid_is_rectangular_for_any_report(report):
    assert _occupancy_errors(build_layout(report)) == []


def test_every_item_in_the_table_has_one_label_and_one_value():
    layout = build_layout(seed_like())
    labels = [c.key for row in layout.rows for c in row if c.kind is Kind.LABEL]
    values = [c.key for row in layout.rows for c in row if c.kind is Kind.VALUE]
    assert labels == values
    in_table = [i.key for i in TEMPLATE.items if i.section.split(".")[0] not in ("header", "signature")]
    keys = [k.split("#")[0] for k in labels]
    assert sorted(set(keys)) == sorted(in_table)
    options = [k for k in labels if k.startswith("innovation.features#")]
    expected = ["搜索即服务", "多语言版本", "无障碍浏览", "千人千网", "其他"]
    assert [k.split("#")[1] for k in options] == expected


def test_the_header_signature_and_notes_are_as_printed():
    layout = build_layout(seed_like())
    assert layout.title == "广西政府网站工作年度报表"
    assert layout.year_line == "（2020年度）"
    assert (layout.unit.label, layout.unit.text) == ("填报单位（盖章）", "示例市城市管理局")
    assert [f.label for f in layout.signature] == ["单位负责人", "审核人", "填报人", "联系电话", "填报时间"]
    assert layout.signature_line.endswith("填报时间：2021年1月15日")
    assert layout.notes[0].startswith("注：1．各级各类政府网站")
    assert layout.appendix == ()


def test_sections_head_their_rows_and_units_are_printed_once():
    layout = build_layout(seed_like())
    info = next(g for g in layout.groups if g.key == "info")
    head = info.rows[0][0]
    assert (head.kind, head.text, head.rowspan) == (Kind.SECTION, "信息发布（单位：条）", 4)
    assert next(c.text for row in info.rows for c in row if c.kind is Kind.LABEL) == "总数"
    interpret = next(g for g in layout.groups if g.key == "interpret")
    texts = [c.text for row in interpret.rows for c in row]
    assert "解读信息发布" in texts and "总数（单位：条）" in texts
    basic = layout.groups[0]
    assert basic.label == "" and all(c.kind is not Kind.SECTION for row in basic.rows for c in row)


def test_row_layout_sections_print_labels_over_values():
    layout = build_layout(seed_like())
    access = next(g for g in layout.groups if g.key == "access")
    assert [c.kind for c in access.rows[0]] == [Kind.SECTION, Kind.LABEL, Kind.LABEL]
    assert [c.text for c in access.rows[1]] == ["23324", "126457"]


def test_values_are_printed_in_three_states():
    yesno = TEMPLATE.item("service.catalogue_published")
    choice = TEMPLATE.item("basic.site_type")
    count = TEMPLATE.item("access.uv")
    assert value_text(yesno, BLANK) == "□是　　　□否"
    assert value_text(yesno, Value.of(False)) == "□是　　　☑否"
    assert value_text(yesno, NONE) == "无"
    assert value_text(choice, Value.of("专项网站")) == "□政府门户网站 □部门网站 ☑专项网站"
    assert value_text(choice, Value.of("约两种")) == "约两种"  # typed text that fits no option is kept
    assert value_text(count, BLANK) == ""
    assert value_text(count, NONE) == "无"
    assert value_text(count, Value.of(0)) == "0"


def test_without_the_official_text_the_appendix_numbers_the_items_help_by_section():
    # A template that names no 填写说明 file still gets one, built from its items' help.
    import dataclasses

    layout = build_layout(Report(dataclasses.replace(TEMPLATE, instructions="")), appendix=True)
    headings = [c.heading for c in layout.appendix]
    assert headings[:3] == ["一、基本信息", "二、用户访问", "三、信息发布"]
    assert headings[-1] == "十、创新发展"
    interpret = layout.appendix[4]
    assert interpret.paragraphs[0] == "1.解读信息发布"
    assert interpret.paragraphs[1].startswith("（1）总数：请填写本年度网站发布或转载的对政策文件的解读材料")
    assert "“千人千网”指以用户为中心" in layout.appendix[-1].paragraphs[-2]

"""A new year's form is a new data file: loading and validating it needs no code."""

from pathlib import Path

from core.builders import typed
from nianbao.forms import get_template, load_template_file
from nianbao.report import Report
from nianbao.report.validate import compute_items, validate

GX_2021 = load_template_file(Path(__file__).parent / "templates" / "gx-2021.toml")


M = "interaction.messages."


def report(texts: dict[str, str]) -> Report:
    values = {"header.unit": "某某市人民政府办公室", "header.year": "2021"} | texts
    return Report(GX_2021, {k: typed(GX_2021, k, v) for k, v in values.items()})


def test_it_loads_with_the_added_item():
    assert GX_2021.year == 2021
    assert GX_2021.item("interaction.messages.satisfied").label == "满意留言数量"
    assert not get_template("gx-2020").has_item("interaction.messages.satisfied")


def test_the_renamed_item_keeps_its_key_and_the_old_label_as_alias():
    old = get_template("gx-2020").item("info.catalogue")
    new = GX_2021.item("info.catalogue")
    assert new.label == "信息公开目录信息更新量"
    assert old.label in new.aliases


def test_its_new_rule_fires():
    findings = validate(report({M + "closed": "10", M + "satisfied": "11", M + "on_time": "9"}))
    assert [f.code for f in findings] == ["W-COMPUTED-MISSING", "R-MESSAGES-SATISFIED-LE-CLOSED"]
    assert findings[1].message.startswith("互动交流 › 留言办理 › 满意留言数量（11）大于办结留言数量（10）。")


def test_its_new_rule_is_quiet_when_kept():
    r = report({M + "closed": "10", M + "satisfied": "10", M + "on_time": "9", M + "on_time_rate": "90"})
    assert validate(r) == []


def test_its_year_is_checked_against_its_own_year():
    assert [f.code for f in validate(report({"header.year": "2020"}))] == ["W-YEAR-MISMATCH"]


def test_carried_over_rules_and_computed_items_work_unchanged():
    r = report({"info.total": "10", "info.catalogue": "12", M + "closed": "4", M + "on_time": "3"})
    assert [f.code for f in validate(r)] == ["W-COMPUTED-MISSING", "R-INFO-CATALOGUE-LE-TOTAL"]
    assert compute_items(r)["interaction.messages.on_time_rate"].data == 75

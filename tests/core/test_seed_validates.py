from core.builders import GX_2020
from core.seed_values import SEED_VALUES
from nianbao.report import Report
from nianbao.report.validate import validate


def test_seed_values_cover_every_item():
    assert set(SEED_VALUES) == set(GX_2020.keys)
    assert len(GX_2020.items) == 79


def test_the_seed_has_no_findings():
    # 巡检周期 is printed 每周; its normalisation warning belongs to reading (coerce), not to validation.
    assert validate(Report(GX_2020, dict(SEED_VALUES))) == []


def test_an_empty_report_lists_each_required_item_once():
    findings = validate(Report(GX_2020))
    required = [i.key for i in GX_2020.items if i.required]
    assert [f.items for f in findings] == [(k,) for k in required]
    assert {f.code for f in findings} == {"E-REQUIRED"}

import pytest

from core.builders import codes_for


@pytest.mark.parametrize(
    ("key", "good"),
    [
        ("basic.site_code", "4500000123"),
        ("basic.icp", "桂ICP备20002705号"),
        ("basic.icp", "桂ICP备20002705号-1"),
        ("basic.icp", "桂ICP备06001517"),
        ("basic.icp", "京ICP备12345678号-12"),
        ("basic.psb", "桂公网安备45070302000630号"),
        ("basic.psb", "桂公网安备45010302000173"),
        ("basic.e_code", "CA210000000604244760002"),
        ("basic.cn_domain", "广西壮族自治区人民政府.政务"),
        ("basic.cn_domain", "钦州市城市管理行政执法局.政务"),
        ("security.inspection.period", "1天/次"),
        ("security.inspection.period", "2周/次"),
        ("security.inspection.period", "每天"),
        ("security.inspection.period", "每月"),
        ("header.year", "2020"),
        ("signature.phone", "0777-2862235"),
        ("signature.phone", "（0777）2862235"),
    ],
)
def test_well_formed_codes_pass(key, good):
    assert codes_for({key: good}) == []


@pytest.mark.parametrize(
    ("key", "bad"),
    [
        ("basic.site_code", "450000012"),
        ("basic.site_code", "45000001234"),
        ("basic.site_code", "45000A0123"),
        ("basic.icp", "ICP备20002705号"),
        ("basic.icp", "桂ICP备2000270号"),
        ("basic.icp", "桂ICP证20002705号"),
        ("basic.icp", "桂ICP备20002705号-"),
        ("basic.psb", "桂公网安备4507030200063号"),
        ("basic.psb", "桂公网安备450703020006301号"),
        ("basic.psb", "桂ICP备20002705号"),
        ("basic.e_code", "CA21000000060424476000"),
        ("basic.e_code", "CA2100000006042447600021"),
        ("basic.e_code", "cb210000000604244760002"),
        ("basic.e_code", "210000000604244760002CA"),
        ("basic.cn_domain", "钦州市城市管理行政执法局"),
        ("basic.cn_domain", "钦州市城市管理行政执法局.政务.cn"),
        ("basic.cn_domain", ".政务"),
        ("basic.cn_domain", "www.qinzhou.gov.cn"),
        ("security.inspection.period", "1月/次"),
        ("security.inspection.period", "每季度"),
        ("security.inspection.period", "天/次"),
        ("security.inspection.period", "一周一次"),
        ("signature.phone", "28622"),
        ("signature.phone", "电话2862235"),
    ],
)
def test_malformed_codes_are_errors(key, bad):
    assert codes_for({key: bad}) == ["E-CODE-FORMAT"]


def test_the_message_says_the_expected_form_with_an_example():
    from core.builders import seed_with
    from nianbao.report.validate import validate

    [finding] = validate(seed_with({"basic.e_code": "CA123"}))
    assert finding.items == ("basic.e_code",)
    assert finding.message.startswith("基本信息 › 电子标识码：“CA123”格式不对。")
    assert "21位数字" in finding.message
    assert "CA210000000604244760002" in finding.message


def test_a_year_the_template_does_not_serve_is_a_warning():
    # gx-2020 serves 2018–2026; 2027's form is not known yet. The 2021-01-15 publication then also comes
    # before the year 2027 is over.
    assert codes_for({"header.year": "2027"}) == ["W-YEAR-MISMATCH", "R-PUBLISH-EARLY"]
    assert codes_for({"header.year": "2017"}) == ["W-YEAR-MISMATCH", "R-PUBLISH-LATE"]
    assert codes_for({"header.year": "二〇二〇"}) == ["E-CODE-FORMAT"]

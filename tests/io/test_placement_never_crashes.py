"""Whatever cells a reader hands over, placement returns a result or a ReadError, never another exception."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao.io.base import Cell, ReadError
from nianbao.io.placement import place_cells
from nianbao.io.text import TextReader
from tests.io.placement_helpers import TEMPLATE

# Labels, values, ticks and the odd shapes of published copies, mixed at random.
PIECES = st.sampled_from(
    [
        "网站名称",
        "总数",
        "名称",
        "其他",
        "信息发布量",
        "用户访问",
        "微博",
        "微信",
        "创新发展",
        "安全防护",
        "征集调查",
        "搜索即服务",
        "单位负责人：",
        "填报人：甲",
        "（2020年度）",
        "注：",
        "填写说明",
        "无",
        "有",
        "☑二级",
        "□三级",
        "12",
        "-5",
        "1.2万",
        "（单位：条）",
        "甲",
        "獨立用戶訪問總量",
        "",
        " ",
        "☑是 □否",
    ]
)
TEXTS = PIECES | st.text(max_size=12)
CELLS = st.lists(
    st.builds(lambda text, row: Cell(text, where="格", line=row, row=row), TEXTS, st.integers(1, 8)),
    max_size=40,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CELLS)
def test_any_cells_on_a_given_template_place_or_say_why(cells):
    try:
        result = place_cells(cells, TEMPLATE)
    except ReadError as exc:
        assert "未找到报表内容" in str(exc)
        return
    assert result.report is not None and result.report.template is TEMPLATE


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXTS, max_size=30), st.sampled_from(["\n", "\n\t", "\t", "\n\n\t", "\r\n"]))
def test_any_text_reads_or_says_why(pieces, separator):
    data = separator.join(pieces).encode("utf-8")
    try:
        TextReader().read(data, name="随机.txt")
    except ReadError as exc:
        assert str(exc).startswith("随机.txt：")

"""The template is worked out from the labels; text that holds no report is refused."""

import pytest

from nianbao.io.base import ReadError
from nianbao.io.labels import detect_template
from nianbao.io.placement import place_cells
from tests.io.placement_helpers import rows


def test_the_labels_of_the_seed_pick_gx_2020():
    texts = ["（2020年度）", "网站名称", "首页网址", "主办单位", "承办单位", "网站类型", "总数", "维护数量"]
    assert detect_template(texts).id == "gx-2020"


def test_a_few_common_words_are_not_a_report():
    assert detect_template(["总数", "名称", "其他", "关于2020年度的通知"]) is None


def test_placing_cells_of_no_report_raises_a_chinese_read_error():
    with pytest.raises(ReadError, match=r"^网页：未找到报表内容"):
        place_cells(rows("首页", "新闻中心", "联系我们"), source="网页")

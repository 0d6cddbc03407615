"""A mapping that does not fit the export or is malformed: a clear Chinese error naming what to fix."""

import datetime as dt
import re

import pytest

from nianbao.evidence.cms import compute_cms, load_mapping, parse_mapping
from nianbao.evidence.errors import EvidenceError

from .exports import write_export

HEADERS = ["标题", "链接", "栏目", "发布时间", "是否外链"]
ROWS = [
    ["甲", "http://a/1", "城管动态", "2020-01-02", "否"],
    ["乙", "http://a/2", "机构概况/职能", "2020-01-02", "否"],
]


def test_a_mapping_naming_an_unknown_column_is_refused(tmp_path):
    mapping = parse_mapping(
        {"categories": {"news": ["城管动态"], "overview": ["走进城管"]}}, "映射文件 m.toml"
    )
    with pytest.raises(EvidenceError) as caught:
        compute_cms(write_export(tmp_path / "e.csv", HEADERS, ROWS), mapping, 2020)
    message = str(caught.value)
    assert "映射文件 m.toml" in message
    assert "概况类“走进城管”" in message
    assert "城管动态、机构概况/职能" in message  # the columns the export does have


def test_an_unknown_topic_column_is_refused(tmp_path):
    mapping = parse_mapping({"topics": [{"column": "专题/不存在", "opened": dt.date(2020, 1, 1)}]})
    with pytest.raises(EvidenceError, match="专栏专题“专题/不存在”"):
        compute_cms(write_export(tmp_path / "e.csv", HEADERS, ROWS), mapping, 2020)


def test_a_parent_column_covers_its_children(tmp_path):
    mapping = parse_mapping({"categories": {"overview": ["机构概况"]}})
    assert (
        compute_cms(write_export(tmp_path / "e.csv", HEADERS, ROWS), mapping, 2020).figures["info.overview"]
        == 1
    )


def test_a_prefix_that_is_not_a_whole_segment_does_not_cover():
    mapping = parse_mapping({"categories": {"news": ["城管"]}})
    assert mapping.category_of("城管动态") is None
    assert mapping.category_of("城管/动态") == "news"


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"categorys": {}}, "未知的设置“categorys”"),
        ({"categories": {"overviews": ["a"]}}, "“overviews”不是信息类别"),
        ({"categories": {"news": "城管动态"}}, "categories.news 应为栏目路径"),
        ({"categories": {"news": ["a"], "catalogue": ["a"]}}, "同时归入了政务动态和信息公开目录"),
        ({"topics": [{"column": "专题/甲"}]}, "opened 应为开设日期"),
        ({"topics": [{"column": "专题/甲", "opened": "2020-01-01"}]}, "opened 应为开设日期"),
        ({"topics": [{"opened": dt.date(2020, 1, 1)}]}, "缺少 column"),
        ({"topics": [{"column": "专题/甲", "opened": dt.date(2020, 1, 1), "name": "x"}]}, "未知的设置“name”"),
        (
            {"topics": [{"column": "专题/甲", "opened": dt.date(2020, 1, 1)}] * 2},
            "专栏专题“专题/甲”写了不止一次",
        ),
    ],
)
def test_a_malformed_mapping_is_refused(data, fragment):
    with pytest.raises(EvidenceError, match=re.escape(fragment)):
        parse_mapping(data)


def test_a_mapping_file_that_is_not_toml_is_refused(tmp_path):
    path = tmp_path / "m.toml"
    path.write_text("[categories\nnews = 1", encoding="utf-8")
    with pytest.raises(EvidenceError, match=re.escape("映射文件 m.toml 不是有效的 TOML")):
        load_mapping(path)


def test_a_missing_mapping_file_is_refused(tmp_path):
    with pytest.raises(EvidenceError, match="无法读取映射文件"):
        load_mapping(tmp_path / "none.toml")


def test_a_mapping_file_is_read(tmp_path):
    path = tmp_path / "m.toml"
    path.write_text(
        '[categories]\nnews = ["城管动态 > 通知"]\n\n[[topics]]\ncolumn = "专题/甲"\nopened = 2020-03-01\n',
        encoding="utf-8",
    )
    mapping = load_mapping(path)
    assert mapping.categories == {"news": ("城管动态/通知",)}
    assert mapping.topics[0].opened == dt.date(2020, 3, 1)

"""A page that holds no report is refused with a Chinese message naming the file."""

from __future__ import annotations

import pytest

from nianbao.io.base import ReadError
from nianbao.io.html import HtmlReader
from nianbao.io.registry import read_bytes


@pytest.mark.parametrize(
    "page",
    [
        "<html><body><h1>示例市人民政府</h1><p>欢迎访问。</p></body></html>",
        "<html><body><table><tr><td>首页</td><td>联系我们</td></tr></table></body></html>",
        "<html><body><nav><table><tr><td>网站名称</td><td>总数</td><td>其他</td><td>名称</td></tr></table></nav>"
        "</body></html>",
        "这不是网页，只是一段文字",
    ],
)
def test_it_says_the_page_holds_no_report(page):
    with pytest.raises(ReadError, match=r"^首页\.html：网页中没有找到年报表格"):
        HtmlReader().read(page.encode("utf-8"), name="首页.html")


def test_an_empty_file_is_refused_before_parsing():
    with pytest.raises(ReadError, match=r"空\.html：文件为空"):
        read_bytes(b"  \n", "空.html")


def test_a_huge_page_of_nested_elements_is_refused_not_crashed():
    page = "<div>" * 300_000 + "年报" + "</div>" * 300_000
    with pytest.raises(ReadError, match=r"深\.html"):
        HtmlReader().read(page.encode("utf-8"), name="深.html")


def test_entities_declared_in_the_page_are_not_expanded():
    laughs = '<!ENTITY lol0 "lollollollollollollollollollol">'
    laughs += "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    page = f"<!DOCTYPE html [{laughs}]><html><body><table><tr><td>&lol9;</td></tr></table></body></html>"
    with pytest.raises(ReadError, match=r"^笑\.html：网页中没有找到年报表格"):
        HtmlReader().read(page.encode("utf-8"), name="笑.html")

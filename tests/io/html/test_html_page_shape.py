"""The page is standalone, semantic and safe: what a site can publish as is."""

from __future__ import annotations

import re

import lxml.html

from nianbao.io.html import HtmlWriter
from nianbao.report.report import Report
from nianbao.report.values import Value
from tests.io.samples import TEMPLATE, seed_like


def _page(report: Report | None = None, *, appendix: bool = False) -> str:
    return HtmlWriter().write(report or seed_like(), appendix=appendix).decode("utf-8")


def test_it_declares_language_charset_and_viewport():
    root = lxml.html.document_fromstring(_page())
    assert root.get("lang") == "zh-CN"
    assert root.xpath("//head/meta[@charset='utf-8']")
    assert "width=device-width" in root.xpath("//meta[@name='viewport']/@content")[0]


def test_it_needs_nothing_from_outside():
    page = _page(appendix=True)
    assert not re.search(r"""(src|href)\s*=|@import|url\(""", page)
    assert "<script" not in page


def test_it_prints_on_a4_and_adapts_to_a_phone():
    page = _page()
    assert "@page { size: A4" in page
    assert "@media print" in page
    assert "@media (max-width:" in page


def test_the_table_has_a_caption_and_headers_with_scope():
    root = lxml.html.document_fromstring(_page())
    table = root.xpath("//table")[0]
    caption = table.xpath("caption")[0].text_content()
    assert "广西政府网站工作年度报表" in caption
    assert "（2020年度）" in caption
    assert "填报单位（盖章）：示例市城市管理局" in caption
    headers = table.xpath(".//th")
    assert headers
    assert all(th.get("scope") in ("row", "col", "rowgroup") for th in headers)
    assert table.xpath(".//th[@scope='rowgroup'][text()='互动交流']")


def test_each_section_is_its_own_row_group():
    root = lxml.html.document_fromstring(_page())
    sections = root.xpath("//tbody/@data-section")
    assert sections[:4] == ["basic", "access", "info", "columns"]
    assert sections[-1] == "innovation"


def test_it_shows_ticks_none_units_and_signature_as_the_form_does():
    root = lxml.html.document_fromstring(_page())
    cells = [c.text_content() for c in root.xpath("//td")]
    labels = [c.text_content() for c in root.xpath("//th")]
    assert "□政府门户网站 ☑部门网站 □专项网站" in cells
    assert "□是　　　☑否" in cells
    assert "无" in cells
    assert "解读产品数量（单位：个）" in labels
    assert "信息发布（单位：条）" in labels
    signature = root.xpath("//dl[@class='signature']")[0].text_content()
    assert "单位负责人" in signature and "张示例" in signature
    notes = root.xpath("//div[@class='notes']")[0].text_content()
    assert notes.startswith("注：1．")


def test_the_appendix_comes_only_when_asked():
    assert "填写说明" not in _page()
    page = _page(appendix=True)
    root = lxml.html.document_fromstring(page)
    assert root.xpath("//section[@class='appendix']/h2")[0].text == "填写说明"
    headings = root.xpath("//section[@class='appendix']/h3/text()")
    assert headings[0] == "一、基本信息"
    assert "请填写网站的中文名称" in page


def test_text_typed_into_items_is_escaped():
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    report = seed_like()
    report.set("basic.site_name", Value.of(payload))
    report.set("header.unit", Value.of(payload))
    report.set("signature.head", Value.of(payload))
    page = _page(report)
    assert "<script>" not in page
    assert "<img" not in page
    assert page.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") >= 3


def test_an_empty_report_still_shows_the_whole_form():
    root = lxml.html.document_fromstring(_page(Report(TEMPLATE)))
    labels = {th.text_content() for th in root.xpath("//th")}
    assert {"网站名称", "征集调查期数（单位：期）", "千人千网"} <= labels
    assert "（　　　　年度）" in root.xpath("//caption")[0].text_content()

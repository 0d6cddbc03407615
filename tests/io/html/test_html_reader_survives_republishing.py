"""A page retouched as sites republish it (plain cells, no spans, other ticks, line breaks, furniture)
still reads back as the report it was written from."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao.io.html import HtmlReader, HtmlWriter
from tests.strategies import reports

FURNITURE = (
    "<div class='menu'><a href='/'>首页</a> <a href='/hd'>互动交流</a> <a href='/bs'>办事服务</a></div>",
    "<div class='foot'>版权所有：示例市人民政府办公室 网站标识码：4500000000</div>",
)


def _republish(page: str, *, plain_cells: bool, no_spans: bool, ticks: str, breaks: bool) -> str:
    body = page[page.index("<body>") + 6 : page.index("</body>")]
    if plain_cells:
        body = re.sub(r"<th[^>]*?( colspan=\"\d+\")?( rowspan=\"\d+\")?>", r"<td\1\2>", body)
        body = body.replace("</th>", "</td>")
    if no_spans:
        body = re.sub(r' (colspan|rowspan)="\d+"', "", body)
    body = body.replace("☑", ticks)
    if breaks:
        body = re.sub(r"(<t[dh][^>]*>)", "\\1\n   ", body).replace("</td>", "\n</td>")
    return f"<html><head><meta charset='utf-8'></head><body>{FURNITURE[0]}{body}{FURNITURE[1]}</body></html>"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    reports(),
    st.booleans(),
    st.booleans(),
    st.sampled_from(["☑", "√", "■", "✔"]),
    st.booleans(),
)
def test_a_republished_page_reads_back_as_the_report(report, plain_cells, no_spans, ticks, breaks):
    page = HtmlWriter().write(report).decode("utf-8")
    page = _republish(page, plain_cells=plain_cells, no_spans=no_spans, ticks=ticks, breaks=breaks)
    result = HtmlReader().read(page.encode("utf-8"), name="republished.html")
    assert result.report is not None, result.findings
    keys = report.template.keys
    assert [k for k in keys if report.get(k) != result.report.get(k)] == []

"""Published pages are read whatever the publisher did: furniture, merged and split cells, other spellings."""

from __future__ import annotations

from decimal import Decimal

from nianbao.io.html import HtmlReader
from nianbao.report.values import NONE, MultiChoice, Value

FURNITURE_TOP = """
<div class="top"><a href="/">首页</a> | <a href="/xxgk/">信息公开</a> | <a href="/hdjl/">互动交流</a>
 | <a href="/bsfw/">办事服务</a></div>
<nav><ul><li>网站名称</li><li>总数</li></ul></nav>
<table class="menu"><tr><td>首页</td><td>政务公开</td><td>其他</td></tr></table>
<div class="path">当前位置：首页 &gt; 政府网站年度报表</div>
"""
FURNITURE_BOTTOM = """
<div class="share">分享到：微博 微信</div>
<footer><p>主办单位：示例市人民政府办公室</p><p>网站标识码：4507000001</p></footer>
<table class="foot"><tr><td>联系我们</td><td>网站地图</td></tr></table>
<script>var 网站名称 = "不是报表";</script>
"""


def _page(rows: str, *, head: str = "", tail: str = "", charset: str = "utf-8") -> str:
    return f"""<!DOCTYPE html><html><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>2020年度政府网站工作年度报表</title></head><body>{FURNITURE_TOP}
<div class="article">
<p align="center"><strong>广西政府网站工作年度报表</strong></p>
<p align="center">（2020年度）</p>
<p>填报单位（盖章）：示例市统计局</p>
{head}
<table border="1" cellspacing="0">
<tbody>{rows}</tbody></table>
<p>单位负责人：甲某　　审核人：乙某　　填报人：丙某　　联系电话：0771-1234567　　填报时间：2021年1月20日</p>
<p>注：1．各级各类政府网站根据工作开展实际填写。</p>
{tail}</div>{FURNITURE_BOTTOM}</body></html>"""


BASIC = """
<tr><td>网站名称</td><td>示例市统计局网站</td><td>公开时间</td><td>2021年1月20日</td></tr>
<tr><td>首页网址</td><td>http://tjj.example.gov.cn/</td><td>政府网站标识码</td><td>4501000011</td></tr>
<tr><td>网站类型</td><td>□政府门户网站 √部门网站 □专项网站</td>
<td>ICP备案号</td><td>桂ICP备05000001号</td></tr>
"""
ACCESS = """
<tr><td rowspan="2">用户访问</td><td>独立用户访问总量<br/>（UV 单位：个）</td>
<td>网站总访问量（PV 单位：次）</td></tr>
<tr><td> １.２万 </td><td>126,457</td></tr>
"""
INFO = """
<tr><td rowspan="4">信息发布<br><br>（单位：条）</td><td>总数</td><td>551条</td></tr>
<tr><td>概况类信息更新量</td><td>７</td></tr>
<tr><td>政务动态信息<br>更新量</td><td>
   427
</td></tr>
<tr><td>信息公开目录信息公开量</td><td>-</td></tr>
"""
COLUMNS = """
<tr><td rowspan="2">专栏专题<br>（单位：个）</td><td>维护数量</td><td>11</td></tr>
<tr><td>新开设数量</td><td>0</td></tr>
"""
SERVICE = """
<tr><td rowspan="2">办事服务</td><td colspan="2">是否发布服务事项目录</td><td>■是　□否</td></tr>
<tr><td colspan="2">注册用户数</td><td>/</td></tr>
"""
SECURITY = """
<tr><td rowspan="2">安全防护</td><td rowspan="2">安全防护</td><td>安全防护能力等级</td>
<td>□二级</td><td>✔三级</td><td>□未定级</td></tr>
<tr><td>安全检测评估次数（单位：次）</td><td colspan="3">2</td></tr>
"""
INNOVATION = """
<tr><td rowspan="5">创新发展</td><td>搜索即服务</td><td>有</td></tr>
<tr><td>多语言版本</td><td>无</td></tr>
<tr><td>无障碍浏览</td><td>有</td></tr>
<tr><td>千人千网</td><td>无</td></tr>
<tr><td>其他</td><td>无</td></tr>
"""


def _read(html: str, encoding: str = "utf-8"):
    result = HtmlReader().read(html.encode(encoding), name="nianbao.html")
    assert result.report is not None, result.findings
    return result.report


def test_it_reads_the_report_through_page_furniture():
    report = _read(_page(BASIC + ACCESS + INFO + COLUMNS + SERVICE + SECURITY + INNOVATION))
    assert report.get("header.unit") == Value.of("示例市统计局")
    assert report.get("header.year") == Value.of("2020")
    assert report.get("basic.site_name") == Value.of("示例市统计局网站")
    assert report.get("basic.site_code") == Value.of("4501000011")
    assert report.get("signature.head") == Value.of("甲某")
    assert report.get("signature.phone") == Value.of("0771-1234567")


def test_it_reads_spellings_of_numbers_none_and_ticks():
    report = _read(_page(BASIC + ACCESS + INFO + COLUMNS + SERVICE + SECURITY + INNOVATION))
    assert report.get("access.uv") == Value.of(12000)  # １.２万, full-width, spaces around
    assert report.get("access.pv") == Value.of(126457)  # thousands separator
    assert report.get("info.total") == Value.of(551)  # unit beside the value
    assert report.get("info.overview") == Value.of(7)  # full-width digit
    assert report.get("info.news") == Value.of(427)  # line breaks in label and value cells
    assert report.get("info.catalogue") == NONE  # "-"
    assert report.get("columns.new") == Value.of(0)  # 0 stays 0
    assert report.get("service.registered_users") == NONE  # "/"
    assert report.get("basic.site_type") == Value.of("部门网站")  # √
    assert report.get("service.catalogue_published") == Value.of(True)  # ■
    assert report.get("security.level") == Value.of("三级")  # ✔ over three cells
    assert report.get("security.assessments") == Value.of(2)
    assert report.get("innovation.features") == Value.of(MultiChoice(("搜索即服务", "无障碍浏览"), None))


def test_it_reads_sections_in_another_order_and_spelling():
    report = _read(_page(BASIC + COLUMNS + ACCESS + INFO))
    assert report.get("columns.maintained") == Value.of(11)
    assert report.get("info.total") == Value.of(551)
    assert report.get("access.pv") == Value.of(126457)


def test_it_reads_traditional_characters():
    rows = (BASIC + ACCESS + INFO).replace("独立用户访问总量", "獨立用戶訪問總量")
    rows = rows.replace("网站总访问量", "網站總訪問量")
    rows = rows.replace("政务动态信息", "政務動態信息").replace("网站名称", "網站名稱")
    report = _read(_page(rows))
    assert report.get("access.uv") == Value.of(12000)
    assert report.get("access.pv") == Value.of(126457)
    assert report.get("info.news") == Value.of(427)
    assert report.get("basic.site_name") == Value.of("示例市统计局网站")


def test_it_reads_labels_split_from_their_unit_cells():
    rows = (
        BASIC
        + """
<tr><td rowspan="2">用户访问</td><td>独立用户访问总量</td><td>（单位：个）</td>
<td>网站总访问量</td><td>（单位：次）</td></tr>
<tr><td colspan="2">23324</td><td colspan="2">126457</td></tr>
<tr><td rowspan="2">解读回应</td><td>回应公众关注热点或</td><td>重大舆情数量（单位：次）</td><td>3</td></tr>
"""
    )
    report = _read(_page(rows))
    assert report.get("access.uv") == Value.of(23324)
    assert report.get("access.pv") == Value.of(126457)


def test_it_reads_a_report_split_over_several_tables_inside_a_layout_table():
    html = _page("").replace(
        '<table border="1" cellspacing="0">\n<tbody></tbody></table>',
        f'<table class="layout"><tr><td><table border="1">{BASIC}</table>'
        f'<table border="1">{ACCESS + INFO}</table></td></tr></table>',
    )
    report = _read(html)
    assert report.get("basic.site_name") == Value.of("示例市统计局网站")
    assert report.get("access.uv") == Value.of(12000)
    assert report.get("info.total") == Value.of(551)


def test_it_reads_a_page_in_gbk():
    report = _read(_page(BASIC + ACCESS + INFO, charset="gb2312"), encoding="gbk")
    assert report.get("basic.site_name") == Value.of("示例市统计局网站")
    assert report.get("access.pv") == Value.of(126457)


def test_decimals_and_percentages_keep_their_value():
    rows = (
        BASIC
        + """
<tr><td rowspan="2">互动交流</td><td rowspan="2">留言办理</td><td>收到留言数量（单位：条）</td>
<td>办结留言数量（单位：条）</td><td>平均办理时间（单位：天）</td><td>公开答复数量（单位：条）</td>
<td>按时办结留言数量</td><td>按时办结率（%）</td></tr>
<tr><td>40</td><td>40</td><td>3.5天</td><td>无</td><td>39</td><td>97.5%</td></tr>
"""
    )
    report = _read(_page(rows))
    assert report.get("interaction.messages.received") == Value.of(40)
    assert report.get("interaction.messages.avg_days") == Value.of(Decimal("3.5"))
    assert report.get("interaction.messages.public_replies") == NONE
    assert report.get("interaction.messages.on_time_rate") == Value.of(Decimal("97.5"))


def test_a_menu_naming_a_few_sections_and_a_breadcrumb_are_not_read_as_the_report():
    menu = (
        "<table class='side'>"
        + "".join(
            f"<tr><td>{name}</td></tr>" for name in ("信息发布", "互动交流", "办事服务", "其他", "总数")
        )
        + "</table>"
    )
    html = _page(BASIC + ACCESS + INFO + COLUMNS + SERVICE + SECURITY + INNOVATION)
    html = html.replace('<div class="article">', menu + '<div class="article">')
    result = HtmlReader().read(html.encode("utf-8"), name="nianbao.html")
    assert result.findings == []
    assert result.report.get("info.total") == Value.of(551)


def test_it_reads_header_and_signature_lines_inside_a_layout_table():
    html = _page(BASIC + ACCESS + INFO)
    start = html.index('<div class="article">')
    end = html.index("</div>", start)
    article = html[start:end]
    html = html[:start] + f"<table class='layout'><tr><td>{article}</td></tr></table>" + html[end:]
    report = _read(html)
    assert report.get("header.unit") == Value.of("示例市统计局")
    assert report.get("header.year") == Value.of("2020")
    assert report.get("signature.filler") == Value.of("丙某")
    assert report.get("access.uv") == Value.of(12000)

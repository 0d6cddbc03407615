"""The catalogue of finding codes: every code a check can emit, with a one-line Chinese description.

E- codes are errors and W- codes warnings raised by the built-in checks; R- codes belong to rules written
in templates (their severity is set by the template). A test keeps this list complete.
"""

from __future__ import annotations

from types import MappingProxyType

CATALOGUE = MappingProxyType(
    {
        # Per-item checks (nianbao.report.checks) and value reading (nianbao.report.coerce).
        "E-REQUIRED": "必填项未填写",
        "E-NOT-NUMBER": "数量或数值项填写的不是数字",
        "E-COUNT-NOT-INTEGER": "数量项填写了小数，应为整数",
        "E-COUNT-NEGATIVE": "数量为负数",
        "E-NUMBER-NEGATIVE": "数值为负数",
        "E-NUMBER-TOO-LARGE": "数值超过模板规定的上限（[limits] 或本项的 max_value）",
        "E-PERCENT-RANGE": "百分比超出0到100的范围",
        "E-DATE-INVALID": "日期无法识别或不存在",
        "E-URL-INVALID": "网址不是以 http:// 或 https:// 开头的完整地址",
        "E-CODE-FORMAT": "编号格式不符（标识码、备案号、电子标识码、中文域名、巡检周期、电话等）",
        "E-CHOICE-INVALID": "单选项的值不是可选项之一",
        "E-CHOICE-COUNT": "单选项勾选了多项",
        "E-YESNO-INVALID": "是否项的值既不是“是”也不是“否”",
        "E-MULTICHOICE-INVALID": "多选项中有不属于可选项的内容",
        "E-OTHER-TOO-LONG": "多选项“其他”的说明超过字数上限",
        "E-VALUE-TYPE": "值的类型与项目类型不符",
        "W-NORMALISED": "按规定格式改写了填写的值（如“每周”记为“1周/次”），请确认",
        "W-YEAR-MISMATCH": "表头年度不在报表模板的适用年度之内",
        # Computed items (nianbao.report.computed).
        "E-COMPUTED-MISMATCH": "计算项（如按时办结率）填写的值与按其他项计算的结果不一致",
        "W-COMPUTED-MISSING": "计算项未填写或写“无”，但可以由其他项算出",
        "W-COMPUTED-UNDEFINED": "计算项填写了数值，但计算所需的项中有“无”或分母为0",
        # Rules of the gx-2020 template.
        "R-ACCESS-UV-LE-PV": "独立用户访问总量大于网站总访问量",
        "R-INFO-OVERVIEW-LE-TOTAL": "概况类信息更新量大于信息发布总数",
        "R-INFO-NEWS-LE-TOTAL": "政务动态信息更新量大于信息发布总数",
        "R-INFO-CATALOGUE-LE-TOTAL": "信息公开目录信息公开量大于信息发布总数",
        "R-COLUMNS-NEW-LE-MAINTAINED": "专题专栏新开设数量大于维护数量",
        "R-INTERPRET-TOTAL-SUM": "解读信息发布总数不等于解读材料、解读产品、媒体评论文章数量之和",
        "R-SERVICE-ONLINE-LE-ITEMS": "可全程办理服务事项数量大于政务服务事项数量",
        "R-SERVICE-CASES-NATURAL-LE-TOTAL": "自然人办件量大于办件总数",
        "R-SERVICE-CASES-LEGAL-LE-TOTAL": "法人办件量大于办件总数",
        "R-SERVICE-CASES-SUM": "办件总数不等于自然人办件量与法人办件量之和",
        "R-SURVEY-RESULTS-LE-PERIODS": "公布调查结果数量大于征集调查期数",
        "R-SURVEY-ACTIVITY-WITHOUT-PERIODS": "征集调查期数为0或无，却收到意见或有人参与",
        "R-INTERVIEW-ANSWERS-LE-COMMENTS": "在线访谈回复网民提问数量大于网民留言数量",
        "R-INTERVIEW-ACTIVITY-WITHOUT-PERIODS": "访谈期数为0或无，却有访谈留言或答复",
        "R-MESSAGES-CLOSED-LE-RECEIVED": "办结留言数量大于收到留言数量",
        "R-MESSAGES-ON-TIME-LE-CLOSED": "按时办结留言数量大于办结留言数量",
        "R-MESSAGES-PUBLIC-LE-RECEIVED": "公开答复数量大于收到留言数量",
        "R-MESSAGES-DAYS-WITHOUT-CLOSED": "没有办结留言，却填写了平均办理时间",
        "R-SECURITY-FIXED-LE-FOUND": "问题整改数量大于发现问题数量",
        "R-SECURITY-FOUND-WITHOUT-ASSESSMENT": "发现了安全问题，但安全检测评估次数为0或无",
        "R-MEDIA-NO-MEDIA-EMPTY": "是否有移动新媒体为“否”，下面的栏目却有内容",
        "R-MEDIA-ACCOUNT-NAMED": "是否有移动新媒体为“是”，却没有填写任何账号名称",
        "R-MEDIA-WEIBO-NAMED": "填写了微博数据，但没有填写微博名称",
        "R-MEDIA-WECHAT-NAMED": "填写了微信数据，但没有填写微信名称",
        "R-MEDIA-APP-NAMED": "填写了移动客户端数据，但没有填写客户端名称",
        "R-PUBLISH-LATE": "公开时间晚于次年1月31日",
        "R-PUBLISH-EARLY": "公开时间早于报告年度结束",
        "R-SIGNED-AFTER-PUBLISH": "填报时间晚于公开时间",
        "R-PUBLISH-URL-ON-SITE": "公开网址不在本网站上",
        # Rules added by later templates.
        "R-MESSAGES-SATISFIED-LE-CLOSED": "满意留言数量大于办结留言数量",
    }
)


def describe(code: str) -> str:
    """Return the one-line description of a finding code, or the code itself when it is not listed."""
    return CATALOGUE.get(code, code)

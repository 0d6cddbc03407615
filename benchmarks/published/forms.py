"""The official form drawn by hand, the way publishing sites retype it, independent of nianbao's writers.

`form_rows(values, style)` returns the table as rows of cells (text, colspan, rowspan) on an 8-column grid,
the way the printed 2020 form lays it out, with the variations sites make: one or two pairs per row in
基本信息, units on their own line, ticks drawn as √/■ or written as words, 创新发展 as one row per option
or one cell of ticks, numbers with units, separators or full-width digits, pairs reordered.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

Cell = tuple[str, int, int]  # text, colspan, rowspan
FULL = str.maketrans("0123456789", "０１２３４５６７８９")

BASIC = [
    ("网站名称", "basic.site_name"),
    ("公开时间", "basic.publish_date"),
    ("首页网址", "basic.home_url"),
    ("政府网站标识码", "basic.site_code"),
    ("主办单位", "basic.sponsor"),
    ("网站中文域名", "basic.cn_domain"),
    ("承办单位", "basic.organizer"),
    ("网站类型", "basic.site_type"),
    ("ICP备案号", "basic.icp"),
    ("公安机关备案号", "basic.psb"),
    ("电子标识码", "basic.e_code"),
    ("公开网址", "basic.publish_url"),
]
SITE_TYPES = ("政府门户网站", "部门网站", "专项网站")
LEVELS = ("二级", "三级", "未定级")
FEATURES = ("搜索即服务", "多语言版本", "无障碍浏览", "千人千网")


@dataclass
class Style:
    """How one site retypes the form."""

    pairs_per_row: int = 2
    unit_break: str = ""  # "" (unit on the label's line) or "\n" (on a line of its own)
    ticks: str = "☑□"  # ticked and unticked glyphs; "" writes the chosen word only
    yesno_gap: str = "　　　"
    number: str = "plain"  # plain, unit, separators, fullwidth, mixed
    innovation: str = "rows"  # rows (有/无 per option) or ticks (one cell)
    levels_split: bool = True  # 安全防护能力等级's options in cells of their own, as the seed does
    reorder_basic: bool = False
    seed: int = 0
    rnd: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.rnd = random.Random(self.seed)


def unit(label: str, name: str, style: Style) -> str:
    return f"{label}{style.unit_break}（单位：{name}）"


def number(text: str, unit_word: str, style: Style) -> str:
    if text in ("无", "") or not text.replace(".", "").isdigit():
        return text
    kind = (
        style.number
        if style.number != "mixed"
        else style.rnd.choice(["plain", "unit", "separators", "fullwidth"])
    )
    if kind == "unit" and unit_word and unit_word != "%":
        return f"{text}{unit_word}"
    if kind == "separators" and "." not in text:
        return f"{int(text):,}"
    if kind == "fullwidth":
        return text.translate(FULL)
    return text


def yesno(text: str, style: Style) -> str:
    if text in ("", "无") or not style.ticks:
        return text
    on, off = style.ticks
    return f"{on if text == '是' else off}是{style.yesno_gap}{on if text == '否' else off}否"


def choice(text: str, options: tuple[str, ...], style: Style, sep: str = " ") -> str:
    if not style.ticks or text == "":
        return text
    on, off = style.ticks
    return sep.join(f"{on if o == text else off}{o}" for o in options)


def form_rows(v: dict[str, str], style: Style) -> list[list[Cell]]:
    """Return the table rows of the form for one site's values."""
    n = lambda key, u: number(v[key], u, style)  # noqa: E731
    rows: list[list[Cell]] = []
    basic = list(BASIC)
    if style.reorder_basic:
        # Some sites print the codes first and the names after.
        basic = basic[2:4] + basic[8:12] + basic[:2] + basic[4:8]
    texts = {
        key: (choice(v[key], SITE_TYPES, style) if key == "basic.site_type" else v[key]) for _, key in basic
    }
    for i in range(0, len(basic), style.pairs_per_row):
        row: list[Cell] = []
        for label, key in basic[i : i + style.pairs_per_row]:
            span = 3 if style.pairs_per_row == 2 else 7
            row += [(label, 1, 1), (texts[key], span, 1)]
        rows.append(row)
    rows.append(
        [("用户访问", 1, 2), ("独立用户访问总量（UV 单位：个）", 4, 1), ("网站总访问量（PV 单位：次）", 3, 1)]
    )
    rows.append([(n("access.uv", "个"), 4, 1), (n("access.pv", "次"), 3, 1)])
    rows.append([(unit("信息发布", "条", style), 1, 4), ("总数", 3, 1), (n("info.total", "条"), 4, 1)])
    rows.append([("概况类信息更新量", 3, 1), (n("info.overview", "条"), 4, 1)])
    rows.append([("政务动态信息更新量", 3, 1), (n("info.news", "条"), 4, 1)])
    rows.append([("信息公开目录信息公开量", 3, 1), (n("info.catalogue", "条"), 4, 1)])
    rows.append(
        [(unit("专题专栏", "个", style), 1, 2), ("维护数量", 3, 1), (n("columns.maintained", "个"), 4, 1)]
    )
    rows.append([("新开设数量", 3, 1), (n("columns.new", "个"), 4, 1)])
    rows.append(
        [
            ("解读回应", 1, 5),
            ("解读信息发布", 1, 4),
            (unit("总数", "条", style), 2, 1),
            (n("interpret.total", "条"), 4, 1),
        ]
    )
    rows.append([(unit("解读材料数量", "条", style), 2, 1), (n("interpret.materials", "条"), 4, 1)])
    rows.append([(unit("解读产品数量", "个", style), 2, 1), (n("interpret.products", "个"), 4, 1)])
    rows.append([(unit("媒体评论文章数量", "篇", style), 2, 1), (n("interpret.media_articles", "篇"), 4, 1)])
    rows.append(
        [("回应公众关注热点或重大舆情数量（单位：次）", 3, 1), (n("interpret.responses", "次"), 4, 1)]
    )
    rows.append(
        [
            ("办事服务", 1, 7),
            ("是否发布服务事项目录", 3, 1),
            (yesno(v["service.catalogue_published"], style), 4, 1),
        ]
    )
    rows.append([(unit("注册用户数", "个", style), 3, 1), (n("service.registered_users", "个"), 4, 1)])
    rows.append([(unit("政务服务事项数量", "项", style), 3, 1), (n("service.items", "项"), 4, 1)])
    rows.append(
        [(unit("可全程办理服务事项数量", "项", style), 3, 1), (n("service.online_items", "项"), 4, 1)]
    )
    rows.append([(unit("办件量", "件", style), 1, 3), ("总数", 2, 1), (n("service.cases.total", "件"), 4, 1)])
    rows.append([("自然人办件量", 2, 1), (n("service.cases.natural", "件"), 4, 1)])
    rows.append([("法人办件量", 2, 1), (n("service.cases.legal", "件"), 4, 1)])
    survey = [
        (unit("征集调查期数", "期", style), "interaction.survey.periods", "期"),
        (unit("收到意见数量", "条", style), "interaction.survey.opinions", "条"),
        (unit("公布调查结果数量", "条", style), "interaction.survey.results", "条"),
        (unit("参与人数", "人次", style), "interaction.survey.participants", "人次"),
    ]
    interview = [
        (unit("访谈期数", "期", style), "interaction.interview.periods", "期"),
        (unit("网民留言数量", "条", style), "interaction.interview.comments", "条"),
        (unit("回复网民提问数量", "条", style), "interaction.interview.answers", "条"),
        (unit("关注人数", "人次", style), "interaction.interview.audience", "人次"),
    ]
    messages = [
        (unit("收到留言数量", "条", style), "interaction.messages.received", "条"),
        (unit("办结留言数量", "条", style), "interaction.messages.closed", "条"),
        (unit("平均办理时间", "天", style), "interaction.messages.avg_days", "天"),
        (unit("公开答复数量", "条", style), "interaction.messages.public_replies", "条"),
        ("按时办结留言数量", "interaction.messages.on_time", "条"),
        (f"按时办结率{style.unit_break}（%）", "interaction.messages.on_time_rate", "%"),
    ]
    spans4 = [2, 2, 1, 1]
    spans6 = [1, 1, 1, 1, 1, 1]
    for first, (name, items, spans) in enumerate(
        (("征集调查", survey, spans4), ("在线访谈", interview, spans4), ("留言办理", messages, spans6))
    ):
        head: list[Cell] = [("互动交流", 1, 8)] if first == 0 else []
        rows.append(
            head + [(name, 1, 2)] + [(label, s, 1) for (label, _, _), s in zip(items, spans, strict=True)]
        )
        rows.append([(number(v[key], u, style), s, 1) for (_, key, u), s in zip(items, spans, strict=True)])
    rows.append([("是否使用统一平台", 3, 1), (yesno(v["interaction.unified_platform"], style), 4, 1)])
    rows.append([("是否提供智能问答", 3, 1), (yesno(v["interaction.smart_qa"], style), 4, 1)])
    level = v["security.level"]
    if style.levels_split and style.ticks:
        on, off = style.ticks
        level_cells = [(f"{on if o == level else off}{o}", 1, 1) for o in LEVELS]
    else:
        level_cells = [(choice(level, LEVELS, style), 3, 1)]
    rows.append([("安全防护", 1, 10), ("安全防护", 1, 2), ("安全防护能力等级", 3, 1), *level_cells])
    rows.append([(unit("安全检测评估次数", "次", style), 3, 1), (n("security.assessments", "次"), 3, 1)])
    rows.append([("日常巡检", 1, 3), ("巡检周期", 3, 1), (v["security.inspection.period"], 3, 1)])
    rows.append([(unit("发现问题数量", "个", style), 3, 1), (n("security.inspection.found", "个"), 3, 1)])
    rows.append([(unit("问题整改数量", "个", style), 3, 1), (n("security.inspection.fixed", "个"), 3, 1)])
    rows.append(
        [
            ("监测预警和应急处置", 1, 3),
            ("是否建立安全监测预警机制", 3, 1),
            (yesno(v["security.monitoring.warning"], style), 3, 1),
        ]
    )
    rows.append([("是否建立应急响应机制", 3, 1), (yesno(v["security.monitoring.response"], style), 3, 1)])
    rows.append([("是否开展应急演练", 3, 1), (yesno(v["security.monitoring.drill"], style), 3, 1)])
    rows.append(
        [
            ("安全管理", 1, 2),
            ("是否明确网站安全责任人", 3, 1),
            (yesno(v["security.management.owner"], style), 3, 1),
        ]
    )
    rows.append([("是否实现容灾备份", 3, 1), (yesno(v["security.management.backup"], style), 3, 1)])
    rows.append([("移动新媒体", 1, 7), ("是否有移动新媒体", 4, 1), (yesno(v["media.has"], style), 3, 1)])
    rows.append(
        [
            ("微博", 1, 3),
            ("名称", 1, 1),
            (v["media.weibo.name"], 1, 1),
            ("微信", 1, 3),
            ("名称", 1, 1),
            (v["media.wechat.name"], 2, 1),
        ]
    )
    rows.append(
        [
            (unit("信息发布量", "条", style), 1, 1),
            (n("media.weibo.posts", "条"), 1, 1),
            (unit("信息发布量", "条", style), 1, 1),
            (n("media.wechat.posts", "条"), 2, 1),
        ]
    )
    rows.append(
        [
            (unit("关注量", "个", style), 1, 1),
            (n("media.weibo.followers", "个"), 1, 1),
            (unit("关注量", "个", style), 1, 1),
            (n("media.wechat.followers", "个"), 2, 1),
        ]
    )
    rows.append(
        [
            ("移动客户端", 1, 2),
            ("名称", 1, 1),
            (v["media.app.name"], 2, 1),
            ("下载地址", 1, 1),
            (v["media.app.url"], 2, 1),
        ]
    )
    rows.append(
        [
            ("信息发布量", 1, 1),
            (n("media.app.posts", "条"), 1, 1),
            ("阅读量", 1, 1),
            (n("media.app.reads", "次"), 1, 1),
            ("下载量", 1, 1),
            (n("media.app.downloads", "次"), 1, 1),
        ]
    )
    rows.append([("其他", 1, 1), (v["media.other"], 6, 1)])
    features = v["innovation.features"]
    chosen = [] if features == "无" else features.split("、")
    if style.innovation == "rows":
        rows.append(
            [("创新发展", 1, 5), (FEATURES[0], 3, 1), ("有" if FEATURES[0] in chosen else "无", 4, 1)]
        )
        for option in FEATURES[1:]:
            rows.append([(option, 3, 1), ("有" if option in chosen else "无", 4, 1)])
        rows.append([("其他", 3, 1), ("无", 4, 1)])
    else:
        on, off = style.ticks or "☑□"
        boxes = " ".join(f"{on if o in chosen else off}{o}" for o in FEATURES) + f" {off}其他"
        rows.append([("创新发展", 1, 1), (boxes, 7, 1)])
    return rows


def signature_fields(v: dict[str, str]) -> list[tuple[str, str]]:
    return [
        ("单位负责人", v["signature.head"]),
        ("审核人", v["signature.reviewer"]),
        ("填报人", v["signature.filler"]),
        ("联系电话", v["signature.phone"]),
        ("填报时间", v["signature.date"]),
    ]


NOTES = (
    "注：1．各级各类政府网站根据工作开展实际填写。开展相应工作或有相关数据即填写，未填写视为未开展相应工作或无相关数据。"
    "2．填写数据时应一并填写单位。3．指标未产生数据或内容一律写“无”。"
)

"""Count a CMS export for a year: 信息发布 (total and three categories) and 专题专栏 (maintained, new)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from nianbao.evidence.cms.mapping import CATEGORIES, CmsMapping, column_path, covers
from nianbao.evidence.errors import EvidenceError
from nianbao.evidence.parse import cell_text, parse_flag, parse_time
from nianbao.evidence.provenance import Evidence, Exclusions, Figure
from nianbao.evidence.table import Field, Table, count_file

CMS_FIELDS = (
    Field("title", "标题", ("title", "标题", "题目", "信息标题", "name")),
    Field("url", "链接", ("url", "链接", "网址", "地址", "link", "href"), required=False),
    Field("column", "栏目", ("column", "栏目", "栏目路径", "所属栏目", "category", "channel", "path")),
    Field("published", "发布时间", ("published", "发布时间", "发布日期", "publish_time", "pubdate", "date")),
    Field("external", "是否外链", ("external", "是否外链", "外链", "is_external")),
)

DEFINITIONS = {
    "info.total": (
        "发布时间在该年度（北京时间1月1日0时至12月31日24时）的信息条数。不计外链信息（“是否外链”为是），"
        "如填写说明所要求；同一信息（链接相同，无链接时标题和发布时间相同）出现在多个栏目或重复导出的，只计一次；"
        "同一链接在几个年度出现的，只在首次发布（非外链的行）的年度计入；同一链接有的行标为外链、有的行不是的，"
        "按本站信息计入，只按非外链的行归入栏目；"
        "栏目为空或发布时间、是否外链无法识别的行不计，并列出行号。"
    ),
    "info.overview": (
        "计入总数的信息中，有栏目属于映射文件 categories.overview（概况类）所列栏目或其下级栏目的条数"
        "（同一信息在该类的几个栏目中只计一次）。"
    ),
    "info.news": "计入总数的信息中，有栏目属于映射文件 categories.news（政务动态）所列栏目或其下级栏目的条数"
    "（同一信息在该类的几个栏目中只计一次）。",
    "info.catalogue": (
        "计入总数的信息中，有栏目属于映射文件 categories.catalogue（信息公开目录）所列栏目或其下级栏目的条数"
        "（同一信息在该类的几个栏目中只计一次）。"
    ),
    "columns.maintained": (
        "映射文件 [[topics]] 所列专栏专题中，该年度在该栏目或其下级栏目发布了至少一条信息的个数"
        "（外链信息也算作信息更新，因填写说明只对信息发布总数排除外链）。"
    ),
    "columns.new": "映射文件 [[topics]] 所列专栏专题中，开设日期（opened）在该年度的个数。",
}
REPEATED_ROW = {
    "link": "重复的行（同一信息在同一栏目再次出现，链接相同），只计一次",
    "title": "重复的行（同一信息在同一栏目再次出现：无链接，标题和发布时间相同），只计一次",
}
ANOTHER_COLUMN = {
    "link": "同一信息又出现在另一栏目（链接相同），总数只计一次，各类中按其栏目计入",
    "title": "同一信息又出现在另一栏目（无链接，标题和发布时间相同），总数只计一次，各类中按其栏目计入",
}
EXTERNAL = "外链信息（填写说明：不包括外链信息）"
EXTERNAL_OF_OWN = "标为外链，但同一链接在另一行是本站信息：按本站信息计入，此行不另计"
EARLIER_YEAR = "同一链接在{first}年已经发布过：按首次发布的年度计，本年度不再计入"
NOTE_NO_CATEGORY = "映射文件没有为{name}指定任何栏目，该项按“无”（无数据）给出。"
NOTE_NO_TOPICS = "映射文件没有列出任何专栏专题（[[topics]]），专题专栏两项按“无”（无数据）给出。"


def _check_mapping(table: Table, mapping: CmsMapping, seen: set[str]) -> None:
    unknown = [(kind, entry) for kind, entry in mapping.entries() if not any(covers(entry, c) for c in seen)]
    if not unknown:
        return
    listed = "、".join(f"{kind}“{entry}”" for kind, entry in unknown)
    known = sorted(seen)
    shown = "、".join(known[:20]) + (f" 等共{len(known)}个" if len(known) > 20 else "")
    raise EvidenceError(
        f"{mapping.source or '映射文件'} 中的栏目在导出文件 {table.name} 中不存在：{listed}。"
        f"请按导出中的栏目路径填写（上级栏目可代表其下全部栏目）。导出中的栏目有：{shown or '（无）'}。"
    )


@dataclass(frozen=True)
class _Entry:
    """A readable row of the export: where it is, its column path, time, external flag, title and link."""

    where: str
    column: str
    published: dt.datetime
    external: bool
    title: str
    url: str


def _readable_rows(table: Table, exclusions: Exclusions, seen: set[str]) -> list[_Entry]:
    """The rows whose column, time and external flag can be read; the others go to the exclusions."""
    entries = []
    paths: dict[str, str] = {}  # as written → normalised; an export has few distinct columns
    for row in table.rows:
        if row.error:
            exclusions.add(row.reason, f"{row.where}：{row.error}")
            continue
        raw_column = cell_text(row.get("column"))
        column = paths.get(raw_column)
        if column is None:
            column = paths[raw_column] = column_path(raw_column)
        if column:
            seen.add(column)
        else:
            exclusions.add("栏目为空", row.where)
            continue
        try:
            published = parse_time(row.get("published"))
        except ValueError:
            exclusions.add("发布时间无法识别", f"{row.where}：“{cell_text(row.get('published'))}”")
            continue
        if published is None:
            exclusions.add("发布时间为空", row.where)
            continue
        try:
            external = bool(parse_flag(row.get("external")))
        except ValueError:
            exclusions.add(
                "是否外链无法识别（应为 是/否）", f"{row.where}：“{cell_text(row.get('external'))}”"
            )
            continue
        title, url = cell_text(row.get("title")), cell_text(row.get("url"))
        entries.append(_Entry(row.where, column, published, external, title, url))
    return entries


def count_cms(table: Table, mapping: CmsMapping, year: int) -> Evidence:
    """Count a CMS export for a year under a mapping; EvidenceError when the mapping names unknown columns."""
    exclusions = Exclusions()
    seen: set[str] = set()
    entries = _readable_rows(table, exclusions, seen)
    # A link is one piece of information whatever the row: it counts in the year it was first published
    # by the site itself (a row not marked external), and a row marking it external is only a link to it.
    first_own: dict[str, dt.datetime] = {}
    for e in entries:
        if e.url and not e.external and (e.url not in first_own or e.published < first_own[e.url]):
            first_own[e.url] = e.published
    # Rows are tallied by column first; columns are few, so placing them afterwards is cheap at any size.
    updates = Counter[str]()  # in the year, external links included: topic maintenance
    # One entry per piece of information: its link (or, without one, its title and time) → its columns.
    items: dict[str | tuple[str, dt.datetime], set[str]] = {}
    for e in entries:
        if e.published.year != year:
            exclusions.add(f"发布时间不在{year}年度", f"{e.where}：{e.published.isoformat(' ', 'minutes')}")
            continue
        updates[e.column] += 1
        if e.external:
            own = e.url in first_own and first_own[e.url].year == year
            exclusions.add(EXTERNAL_OF_OWN if own else EXTERNAL, f"{e.where}：{e.title}")
            continue
        if e.url and first_own[e.url].year < year:
            exclusions.add(EARLIER_YEAR.format(first=first_own[e.url].year), f"{e.where}：{e.title}")
            continue
        basis = "link" if e.url else "title"
        identity = e.url or (e.title, e.published)
        columns = items.setdefault(identity, set())
        if e.column in columns:
            exclusions.add(REPEATED_ROW[basis], f"{e.where}：{e.title}")
        elif columns:
            exclusions.add(ANOTHER_COLUMN[basis], f"{e.where}：{e.title}")
        columns.add(e.column)
    _check_mapping(table, mapping, seen)

    total = len(items)
    category_of = {c: mapping.category_of(c) for c in seen}
    by_category = Counter[str]()
    unmapped = Counter[str]()
    for columns in items.values():
        categories = {category_of[c] for c in columns} - {None}
        by_category.update(categories)
        if not categories:
            unmapped[min(columns)] += 1
    topic_items = {
        t.column: sum(n for c, n in updates.items() if covers(t.column, c)) for t in mapping.topics
    }

    notes = []
    figures: dict[str, Figure] = {"info.total": total}
    for category, (item_key, name) in CATEGORIES.items():
        if mapping.categories.get(category):
            figures[item_key] = by_category[category]
        else:
            figures[item_key] = None
            notes.append(NOTE_NO_CATEGORY.format(name=name))
    if mapping.topics:
        figures["columns.maintained"] = sum(1 for t in mapping.topics if topic_items[t.column])
        figures["columns.new"] = sum(1 for t in mapping.topics if t.opened.year == year)
    else:
        figures["columns.maintained"] = figures["columns.new"] = None
        notes.append(NOTE_NO_TOPICS)
    if unmapped:
        top = "、".join(f"{c}（{n}条）" for c, n in unmapped.most_common(10))
        notes.append(
            f"计入总数但不属于三类中任何一类的信息共{sum(unmapped.values())}条，"
            f"分布在{len(unmapped)}个栏目，最多的是：{top}。"
        )
    idle = [t.column for t in mapping.topics if not topic_items[t.column]]
    if idle:
        notes.append(f"本年度没有信息更新的专栏专题：{'、'.join(idle)}。")
    return Evidence(
        kind="cms",
        year=year,
        figures=figures,
        records=len(table.rows),
        exclusions=exclusions.as_list(),
        definitions=dict(DEFINITIONS),
        config={
            "year": year,
            "time_zone": "北京时间（UTC+8）",
            "headers": table.headers,
            **mapping.as_config(),
        },
        notes=notes,
    )


def compute_cms(path: Path, mapping: CmsMapping, year: int) -> Evidence:
    """Read a CMS export file and count it for a year, with the file's provenance and the time taken."""
    return count_file(path, CMS_FIELDS, lambda table: count_cms(table, mapping, year))

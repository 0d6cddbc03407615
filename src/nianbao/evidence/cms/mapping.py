"""The per-site mapping file: the CMS columns of 概况类, 政务动态 and 信息公开目录 items; the 专栏专题.

    [categories]
    overview = ["走进城管/机构概况"]          # 概况类
    news = ["城管动态", "通知公告"]            # 政务动态
    catalogue = ["政府信息公开/信息公开目录"]  # 信息公开目录

    [[topics]]                                # 专栏专题
    column = "专题专栏/创建文明城市"
    opened = 2020-03-01                       # 开设日期

A column is named by its path in the CMS; an entry covers the column and every column under it.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nianbao.evidence.errors import EvidenceError

# Category key → (report item, Chinese name).
CATEGORIES: dict[str, tuple[str, str]] = {
    "overview": ("info.overview", "概况类"),
    "news": ("info.news", "政务动态"),
    "catalogue": ("info.catalogue", "信息公开目录"),
}
_SEPARATORS = re.compile(r"\s*(?:/|>|＞|›|»|→|\\)\s*")


def column_path(raw: str) -> str:
    """Return a column path in one spelling: segments stripped and joined by "/" ("a > b" → "a/b")."""
    return "/".join(part for part in _SEPARATORS.split(raw.strip()) if part)


def covers(entry: str, column: str) -> bool:
    """Return True when the mapping entry is the column or one of the columns above it."""
    return column == entry or column.startswith(entry + "/")


@dataclass(frozen=True)
class Topic:
    """A 专栏专题: its column path and the day it was opened."""

    column: str
    opened: dt.date


@dataclass(frozen=True)
class CmsMapping:
    """Column paths by category, and the 专栏专题 with their opening dates."""

    categories: dict[str, tuple[str, ...]]
    topics: tuple[Topic, ...] = ()
    source: str = ""

    def category_of(self, column: str) -> str | None:
        """Return the category of a column by its most specific covering entry, None when none covers it."""
        best: tuple[int, str] | None = None
        for category, entries in self.categories.items():
            for entry in entries:
                if covers(entry, column) and (best is None or len(entry) > best[0]):
                    best = (len(entry), category)
        return best[1] if best else None

    def entries(self) -> list[tuple[str, str]]:
        """Return every (what it is, column path) the mapping names, for checking against the export."""
        named = [(CATEGORIES[c][1], e) for c, entries in self.categories.items() for e in entries]
        return named + [("专栏专题", t.column) for t in self.topics]

    def as_config(self) -> dict[str, Any]:
        """Return the mapping as plain data, for the evidence record."""
        return {
            "categories": {c: list(e) for c, e in self.categories.items()},
            "topics": [{"column": t.column, "opened": t.opened.isoformat()} for t in self.topics],
        }


def parse_mapping(data: dict[str, Any], source: str = "映射文件") -> CmsMapping:
    """Check and read mapping data (parsed TOML); EvidenceError saying what to fix."""
    unknown = set(data) - {"categories", "topics"}
    if unknown:
        raise EvidenceError(
            f"{source}：未知的设置“{'、'.join(sorted(unknown))}”；可用的是 [categories] 和 [[topics]]。"
        )
    raw_categories = data.get("categories", {})
    if not isinstance(raw_categories, dict):
        raise EvidenceError(f"{source}：categories 应为一个表（[categories]）。")
    bad = set(raw_categories) - set(CATEGORIES)
    if bad:
        names = "、".join(f"{k}（{v[1]}）" for k, v in CATEGORIES.items())
        raise EvidenceError(
            f"{source}：[categories] 中的“{'、'.join(sorted(bad))}”不是信息类别；可用：{names}。"
        )
    categories: dict[str, tuple[str, ...]] = {}
    owner: dict[str, str] = {}
    for category, entries in raw_categories.items():
        if not isinstance(entries, list) or not all(isinstance(e, str) and e.strip() for e in entries):
            raise EvidenceError(f"{source}：categories.{category} 应为栏目路径（非空文本）的列表。")
        paths = tuple(column_path(e) for e in entries)
        for path in paths:
            if path in owner and owner[path] != category:
                raise EvidenceError(
                    f"{source}：栏目“{path}”同时归入了{CATEGORIES[owner[path]][1]}和{CATEGORIES[category][1]}；"
                    f"一个栏目只能归入一类。"
                )
            owner[path] = category
        categories[category] = paths
    raw_topics = data.get("topics", [])
    if not isinstance(raw_topics, list):
        raise EvidenceError(f"{source}：topics 应写作 [[topics]] 表的数组。")
    topics = []
    for number, raw in enumerate(raw_topics, start=1):
        where = f"{source}：第{number}个 [[topics]]"
        if not isinstance(raw, dict):
            raise EvidenceError(f"{where} 应为一个表。")
        extra = set(raw) - {"column", "opened"}
        if extra:
            raise EvidenceError(
                f"{where}：未知的设置“{'、'.join(sorted(extra))}”；可用的是 column 和 opened。"
            )
        column, opened = raw.get("column"), raw.get("opened")
        if not isinstance(column, str) or not column.strip():
            raise EvidenceError(f"{where}：缺少 column（专栏专题的栏目路径）。")
        if isinstance(opened, dt.datetime) or not isinstance(opened, dt.date):
            raise EvidenceError(
                f"{where}（{column}）：opened 应为开设日期，"
                f"写作不带引号的 TOML 日期，如 opened = 2020-03-01。"
            )
        topics.append(Topic(column_path(column), opened))
    columns = [t.column for t in topics]
    doubled = sorted({c for c in columns if columns.count(c) > 1})
    if doubled:
        raise EvidenceError(f"{source}：专栏专题“{'、'.join(doubled)}”写了不止一次。")
    return CmsMapping(categories, tuple(topics), source)


def load_mapping(path: Path) -> CmsMapping:
    """Read a mapping TOML file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise EvidenceError(f"无法读取映射文件 {path}：{exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise EvidenceError(f"映射文件 {path.name} 不是 UTF-8 编码的文本。") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise EvidenceError(f"映射文件 {path.name} 不是有效的 TOML：{exc}") from exc
    return parse_mapping(data, f"映射文件 {path.name}")

"""The report form as data: templates, sections and items, loaded from declarative TOML files."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from nianbao.forms.variant import read_toml, resolve


class ItemType(StrEnum):
    """The kinds of value an item of the form can hold."""

    COUNT = "count"
    DECIMAL = "decimal"
    PERCENTAGE = "percentage"
    TEXT = "text"
    URL = "url"
    DATE = "date"
    CODE = "code"
    CHOICE = "choice"
    YESNO = "yesno"
    MULTICHOICE = "multichoice"

    @property
    def is_numeric(self) -> bool:
        return self in (ItemType.COUNT, ItemType.DECIMAL, ItemType.PERCENTAGE)


TITLE_TAIL = "政府网站工作年度报表"


def report_title(region: str) -> str:
    """Return the title of the form for a region: 广西政府网站工作年度报表, or the national title for ""."""
    return f"{region}{TITLE_TAIL}"


# 自治区 names drop the people's name with it (广西壮族自治区 → 广西), 省 is dropped (广东省 → 广东); a
# municipality keeps 市 (北京市), as the provinces' own titles print them.
_AUTONOMOUS_RE = re.compile(r"(壮族|回族|维吾尔)?自治区$")


def short_region(name: str) -> str:
    """Return the name a title uses for a province-level region: 广西壮族自治区 → 广西, 广东省 → 广东."""
    name = name.strip()
    short = _AUTONOMOUS_RE.sub("", name)
    if short != name:
        return short
    return name[:-1] if name.endswith("省") and len(name) > 2 else name


# How people name the types (nianbao template show and diff).
TYPE_LABELS = {
    ItemType.COUNT: "数量",
    ItemType.DECIMAL: "数值",
    ItemType.PERCENTAGE: "百分比",
    ItemType.TEXT: "文字",
    ItemType.URL: "网址",
    ItemType.DATE: "日期",
    ItemType.CODE: "编码",
    ItemType.CHOICE: "单选",
    ItemType.YESNO: "是/否",
    ItemType.MULTICHOICE: "多选",
}


class TemplateError(ValueError):
    """A template data file is malformed; the message says which file and which entry."""


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    aliases: tuple[str, ...] = ()
    unit: str = ""
    layout: str = "pairs"  # "row": labels in one row, values in the row below
    printed: bool = True
    help: str = ""

    @property
    def parent(self) -> str | None:
        return self.key.rsplit(".", 1)[0] if "." in self.key else None


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    section: str
    type: ItemType
    unit: str = ""
    unit_printed: bool = True
    abbr: str = ""
    help: str = ""
    aliases: tuple[str, ...] = ()
    required: bool = False
    options: tuple[str, ...] = ()
    option_help: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    other_label: str = ""
    other_max_chars: int = 0
    pattern: str = ""
    pattern_hint: str = ""
    example: str = ""
    normalise: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    compute: str = ""
    # The largest figure accepted (count, decimal, percentage): the item's own, else the template's
    # [limits] block, else DEFAULT_LIMITS; filled in when the template loads.
    max_value: int | float | None = None

    @property
    def labels(self) -> tuple[str, ...]:
        """Return the printed label followed by its aliases."""
        return (self.label, *self.aliases)

    @property
    def label_with_unit(self) -> str:
        """Return the label as the form prints it, with its unit where the form shows one."""
        if self.unit and self.unit_printed:
            return f"{self.label}（单位：{self.unit}）"
        return self.label


@dataclass(frozen=True)
class Rule:
    """A cross-item check written in the template as an expression (see nianbao.report.expressions)."""

    code: str
    severity: str  # "error" | "warning"
    check: str
    message: str
    items: tuple[str, ...] = ()
    when: str = ""


@dataclass(frozen=True)
class Template:
    id: str
    title: str
    region: str
    year: int
    version: int
    sections: tuple[Section, ...]
    items: tuple[Item, ...]
    rules: tuple[Rule, ...] = ()
    notes: tuple[str, ...] = ()
    unit_header: str = "填报单位（盖章）"
    # The reporting years this version of the form serves, first and last. `year` is the year the
    # version was drawn up for; a report's own year (header.year) decides what is printed and checked.
    years: tuple[int, int] = (0, 0)
    # The official 填写说明 as published, verbatim: read from the file named by the data's
    # `instructions_file` (kept beside the template), or given inline as `instructions`; "" when neither.
    instructions: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_items", {i.key: i for i in self.items})
        object.__setattr__(self, "_sections", {s.key: s for s in self.sections})
        object.__setattr__(self, "_titled", {})
        if self.years == (0, 0):
            object.__setattr__(self, "years", (self.year, self.year))

    def covers(self, year: int) -> bool:
        """Return True when this version of the form serves reports of `year`."""
        return self.years[0] <= year <= self.years[1]

    @property
    def years_text(self) -> str:
        """Return the years served as people write them: 2018–2026年度, or 2020年度 for one year."""
        first, last = self.years
        return f"{first}年度" if first == last else f"{first}–{last}年度"

    def titled(self, region: str) -> Template:
        """Return this form under another region's title (广东政府网站工作年度报表; "" for the national one).

        Items, rules and the id stay the same, so stored reports and values by key are unaffected; only
        the printed title and the region change. The copies are kept, so rules compile once per region.
        """
        if region == self.region:
            return self
        cache: dict[str, Template] = self._titled  # type: ignore[attr-defined]
        if region not in cache:
            cache[region] = replace(self, region=region, title=report_title(region))
        return cache[region]

    def item(self, key: str) -> Item:
        """Return the item with this key; KeyError when the template has none."""
        return self._items[key]  # type: ignore[attr-defined,no-any-return]

    def has_item(self, key: str) -> bool:
        return key in self._items  # type: ignore[attr-defined]

    def section(self, key: str) -> Section:
        return self._sections[key]  # type: ignore[attr-defined,no-any-return]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(i.key for i in self.items)

    def items_in(self, section_key: str) -> tuple[Item, ...]:
        """Return the items of a section and of its sub-sections, in printed order."""
        prefix = section_key + "."
        return tuple(i for i in self.items if i.section == section_key or i.section.startswith(prefix))

    def section_path(self, item: Item) -> tuple[Section, ...]:
        """Return the sections from the outermost down to the item's own."""
        parts = item.section.split(".")
        return tuple(self.section(".".join(parts[: n + 1])) for n in range(len(parts)))

    def section_label(self, item: Item) -> str:
        """Return the item's section path as printed, e.g. "互动交流 › 留言办理"."""
        return " › ".join(s.label for s in self.section_path(item))


# Upper bounds of figures when a template's [limits] block does not give them. A count of 10^15 is far
# beyond any website's (page views of the largest portals are ~10^10); a figure past the bound is a typing
# slip or an attack on the analysis pages (a 309-digit count overflowed every float conversion).
DEFAULT_LIMITS: Mapping[str, int | float] = MappingProxyType({"count_max": 10**15, "decimal_max": 10**12})
_NUMBER_TYPES = {"count": "count_max", "decimal": "decimal_max", "percentage": "decimal_max"}

_ITEM_FIELDS = {f for f in Item.__dataclass_fields__}
_SECTION_FIELDS = {f for f in Section.__dataclass_fields__}
_RULE_FIELDS = {f for f in Rule.__dataclass_fields__}


class Number:
    """The kind of an optional numeric field: an integer or a decimal (never true/false)."""


_KIND_NAMES = {
    bool: "true 或 false",
    int: "整数",
    str: "文字（加引号）",
    tuple: "列表",
    dict: "表",
    Number: "数字",
}


def _expected_kind(cls: type, name: str) -> type:
    """Return the TOML kind a field takes, from its default (fields without one are text)."""
    f = cls.__dataclass_fields__[name]  # type: ignore[attr-defined]
    if f.default is not dataclasses.MISSING:
        default = f.default
    elif f.default_factory is not dataclasses.MISSING:
        default = f.default_factory()
    else:
        return ItemType if name == "type" else str
    if isinstance(default, bool):
        return bool
    if isinstance(default, Mapping):
        return dict
    if default is None:
        return Number  # the only optional field is a number (max_value); its range is checked apart
    return type(default)


def _check_kinds(cls: type, raw: dict[str, Any], where: str) -> None:
    """Refuse a field of the wrong kind (required = "yes", aliases = "x") with a message saying which."""
    for name, value in raw.items():
        kind = _expected_kind(cls, name)
        if kind is ItemType:
            continue
        fits = (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
            if kind is tuple
            else isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
            if kind is dict
            else value is None or (isinstance(value, int | float) and not isinstance(value, bool))
            if kind is Number
            else isinstance(value, kind) and (kind is bool or not isinstance(value, bool))
        )
        if not fits:
            wanted = "文字的列表" if kind is tuple else _KIND_NAMES.get(kind, kind.__name__)
            raise TemplateError(f"{where}：字段 {name} 应为{wanted}，实际为 {value!r}")


def _build(cls: type, fields: set[str], raw: dict[str, Any], where: str) -> Any:
    unknown = set(raw) - fields
    if unknown:
        raise TemplateError(f"{where}：未知字段 {', '.join(sorted(unknown))}")
    missing = [
        f.name
        for f in dataclasses.fields(cls)
        if f.name not in raw and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    ]
    if missing:
        raise TemplateError(f"{where}：缺少字段 {', '.join(missing)}")
    _check_kinds(cls, raw, where)
    data = dict(raw)
    for name, value in data.items():
        if isinstance(value, list):
            data[name] = tuple(value)
        elif isinstance(value, dict):
            data[name] = MappingProxyType(dict(value))
    try:
        return cls(**data)
    except (TypeError, ValueError) as exc:
        raise TemplateError(f"{where}：{exc}") from exc


def parse_template(data: dict[str, Any], source: str = "<template>", directory: Any = None) -> Template:
    """Build a template from the parsed contents of a template data file, checking its consistency.

    `directory` (a Path or an importlib Traversable) is where files the template names
    (its `instructions_file`) are looked up; without it a template naming such a file is refused.
    """
    try:
        sections = tuple(
            _build(Section, _SECTION_FIELDS, s, f"{source} 第{n + 1}个 section")
            for n, s in enumerate(data.get("sections", []))
        )
        limits = _limits(data.get("limits", {}), source)
        items = []
        for n, raw in enumerate(data.get("items", [])):
            where = f"{source} 第{n + 1}个 item（{raw.get('key', '?')}）"
            raw = dict(raw)
            try:
                raw["type"] = ItemType(raw.get("type", ""))
            except ValueError as exc:
                raise TemplateError(f"{where}：未知类型 {raw.get('type')!r}") from exc
            bound = _NUMBER_TYPES.get(raw["type"].value)
            if bound is not None and raw.get("max_value") is None:
                raw["max_value"] = limits[bound]
            elif raw.get("max_value") is not None:
                _check_limit(raw["max_value"], f"{where} 的 max_value")
            items.append(_build(Item, _ITEM_FIELDS, raw, where))
        rules = tuple(
            _build(Rule, _RULE_FIELDS, r, f"{source} 第{n + 1}条 rule（{r.get('code', '?')}）")
            for n, r in enumerate(data.get("rules", []))
        )
        template = Template(
            id=data["id"],
            title=data["title"],
            region=data.get("region", ""),
            year=int(data["year"]),
            version=int(data.get("version", 1)),
            sections=sections,
            items=tuple(items),
            rules=rules,
            notes=tuple(data.get("notes", ())),
            unit_header=data.get("unit_header", "填报单位（盖章）"),
            years=_years(data, source),
            instructions=data.get("instructions")
            or _instructions(data.get("instructions_file", ""), directory, source),
        )
    except KeyError as exc:
        raise TemplateError(f"{source}：缺少字段 {exc.args[0]}") from exc
    _check_consistency(template, source)
    # Rules and computed items are expressions: compile them now, so a bad or unsafe one is refused when
    # the template loads rather than when a report is checked. Imported here because report builds on forms.
    from nianbao.report.rules import compile_template

    compile_template(template, source)
    return template


def _years(data: dict[str, Any], source: str) -> tuple[int, int]:
    """Return the years a template file serves: `years = [first, last]`, or its own `year` alone."""
    year = int(data["year"])
    raw = data.get("years", [year, year])
    if (
        not isinstance(raw, list)
        or len(raw) != 2
        or not all(isinstance(y, int) and 1990 <= y <= 2200 for y in raw)
        or raw[0] > raw[1]
    ):
        raise TemplateError(f"{source}：years 应为 [起始年度, 截止年度]，例如 [2018, 2026]，实际为 {raw!r}")
    return raw[0], raw[1]


def _limits(raw: Any, source: str) -> dict[str, int | float]:
    """Return the template's [limits] block over the defaults, refusing unknown or unusable entries."""
    if not isinstance(raw, dict):
        raise TemplateError(f"{source}：limits 应为一个表（[limits]）")
    unknown = set(raw) - set(DEFAULT_LIMITS)
    if unknown:
        raise TemplateError(f"{source}：limits 中有未知字段 {', '.join(sorted(unknown))}")
    for name, value in raw.items():
        _check_limit(value, f"{source} limits.{name}")
    return {**DEFAULT_LIMITS, **raw}


def _check_limit(value: Any, where: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 10**18:
        raise TemplateError(f"{where} 应为 0 到 10^18 之间的正数，实际为 {value!r}")


def _instructions(name: str, directory: Any, source: str) -> str:
    """Return the text of the 填写说明 file a template names, read beside the template."""
    if not name:
        return ""
    if "/" in name or "\\" in name:
        raise TemplateError(f"{source}：找不到填写说明文件 {name}")
    # Beside the template, else among the bundled ones: a province's variant in its own folder inherits
    # the official text its bundled base names.
    folders = [f for f in (directory, resources.files("nianbao.forms.templates")) if f is not None]
    for folder in folders:
        candidate = folder.joinpath(name)
        if not candidate.is_file():
            continue
        try:
            return str(candidate.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise TemplateError(f"{source}：无法读取填写说明文件 {name}：{exc}") from exc
    raise TemplateError(f"{source}：找不到填写说明文件 {name}")


def _check_consistency(template: Template, source: str) -> None:
    seen: set[str] = set()
    section_keys = {s.key for s in template.sections}
    for item in template.items:
        if item.key in seen:
            raise TemplateError(f"{source}：item 键 {item.key} 重复")
        seen.add(item.key)
        if item.section not in section_keys:
            raise TemplateError(f"{source}：item {item.key} 所属 section {item.section} 未定义")
        if item.type in (ItemType.CHOICE, ItemType.MULTICHOICE) and not item.options:
            raise TemplateError(f"{source}：选择项 {item.key} 缺少 options")
    for section in template.sections:
        if section.parent and section.parent not in section_keys:
            raise TemplateError(f"{source}：section {section.key} 的上级 {section.parent} 未定义")
    codes: set[str] = set()
    for rule in template.rules:
        if not re.fullmatch(r"R-[A-Z0-9]+(?:-[A-Z0-9]+)*", rule.code):
            raise TemplateError(f"{source}：规则编号 {rule.code} 应以 R- 开头，由大写字母、数字和连字符组成")
        if rule.code in codes:
            raise TemplateError(f"{source}：规则编号 {rule.code} 重复")
        codes.add(rule.code)
        if rule.severity not in ("error", "warning"):
            raise TemplateError(f"{source}：规则 {rule.code} 的 severity 应为 error 或 warning")
        for key in rule.items:
            if key not in seen:
                raise TemplateError(f"{source}：规则 {rule.code} 引用了未定义的 item {key}")


def load_template_file(path: str | Path) -> Template:
    """Load a template from a TOML file anywhere on disk (a full form, or a variant naming its `base`)."""
    path = Path(path)
    try:
        data = read_toml(path, TemplateError)
    except FileNotFoundError as exc:
        raise TemplateError(f"找不到模板文件：{path.name}") from exc
    resolved = resolve(data, path.name, _base_loader(path.parent), TemplateError)
    return parse_template(resolved, path.name, path.parent)


def _base_loader(folder: Path | None) -> Callable[[str, str], tuple[dict[str, Any], str]]:
    """Return how a variant's `base` is found: a .toml file beside it, else a bundled template's id."""

    def load(name: str, source: str) -> tuple[dict[str, Any], str]:
        if name.endswith(".toml"):
            if folder is None or not (folder / name).is_file():
                raise TemplateError(f"{source}：找不到基础模板文件 {name}")
            path = folder / name
            return read_toml(path, TemplateError), path.name
        entry = _bundled().get(name)
        if entry is None:
            raise TemplateError(f"{source}：基础模板“{name}”不存在，可用模板：{', '.join(template_ids())}")
        return tomllib.loads(entry.read_text(encoding="utf-8")), entry.name

    return load


# Folders of a deployment's own templates (a province's variants), searched after the bundled ones.
_EXTRA_DIRS: list[Path] = []


def add_template_dir(folder: str | Path) -> None:
    """Make the .toml templates in `folder` available by id, like the bundled ones (a later id wins)."""
    path = Path(folder)
    if not path.is_dir():
        raise TemplateError(f"模板文件夹 {path} 不存在")
    if path not in _EXTRA_DIRS:
        _EXTRA_DIRS.append(path)
    get_template.cache_clear()


def remove_template_dir(folder: str | Path) -> None:
    """Forget a folder added by add_template_dir (its templates are no longer found)."""
    path = Path(folder)
    if path in _EXTRA_DIRS:
        _EXTRA_DIRS.remove(path)
    get_template.cache_clear()


def _bundled() -> dict[str, Any]:
    found: dict[str, Any] = {
        entry.name.removesuffix(".toml"): entry
        for entry in resources.files("nianbao.forms.templates").iterdir()
        if entry.name.endswith(".toml")
    }
    for folder in _EXTRA_DIRS:
        found |= {p.name.removesuffix(".toml"): p for p in sorted(folder.glob("*.toml")) if p.is_file()}
    return found


def template_ids() -> list[str]:
    """Return the ids of the templates shipped with nianbao, sorted."""
    return sorted(_bundled())


def template_for_year(year: int) -> Template:
    """Return the bundled form that serves reports of `year`; KeyError with a Chinese message if none does.

    When several serve the year, the version drawn up most recently wins (the latest first year, then
    the highest version), so a new year's form is a new data file and nothing else.
    """
    serving = [t for t in (get_template(i) for i in template_ids()) if t.covers(year)]
    if not serving:
        known = "、".join(f"{t.id}（{t.years_text}）" for t in (get_template(i) for i in template_ids()))
        raise KeyError(f"没有适用于{year}年度的报表模板（现有模板：{known}）")
    return max(serving, key=lambda t: (t.years[0], t.version, t.id))


@cache
def get_template(template_id: str) -> Template:
    """Return a bundled template by id (e.g. "gx-2020"); KeyError with a Chinese message if unknown."""
    entry = _bundled().get(template_id)
    if entry is None:
        raise KeyError(f"未知的报表模板“{template_id}”，可用模板：{', '.join(template_ids())}")
    if isinstance(entry, Path):  # a deployment's own file: its base may be a file beside it
        return load_template_file(entry)
    data = tomllib.loads(entry.read_text(encoding="utf-8"))
    resolved = resolve(data, entry.name, _base_loader(None), TemplateError)
    return parse_template(resolved, entry.name, resources.files("nianbao.forms.templates"))

"""The report form as data: templates, sections and items, loaded from declarative TOML files."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any


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

    def __post_init__(self) -> None:
        object.__setattr__(self, "_items", {i.key: i for i in self.items})
        object.__setattr__(self, "_sections", {s.key: s for s in self.sections})

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


def _build(cls: type, fields: set[str], raw: dict[str, Any], where: str) -> Any:
    unknown = set(raw) - fields
    if unknown:
        raise TemplateError(f"{where}：未知字段 {', '.join(sorted(unknown))}")
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


def parse_template(data: dict[str, Any], source: str = "<template>") -> Template:
    """Build a template from the parsed contents of a template data file, checking its consistency."""
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
        )
    except KeyError as exc:
        raise TemplateError(f"{source}：缺少字段 {exc.args[0]}") from exc
    _check_consistency(template, source)
    # Rules and computed items are expressions: compile them now, so a bad or unsafe one is refused when
    # the template loads rather than when a report is checked. Imported here because report builds on forms.
    from nianbao.report.rules import compile_template

    compile_template(template, source)
    return template


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
    for rule in template.rules:
        if rule.severity not in ("error", "warning"):
            raise TemplateError(f"{source}：规则 {rule.code} 的 severity 应为 error 或 warning")
        for key in rule.items:
            if key not in seen:
                raise TemplateError(f"{source}：规则 {rule.code} 引用了未定义的 item {key}")


def load_template_file(path: str | Path) -> Template:
    """Load a template from a TOML file anywhere on disk."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"{path.name}：TOML 格式错误：{exc}") from exc
    return parse_template(data, path.name)


def _bundled() -> dict[str, Any]:
    return {
        entry.name.removesuffix(".toml"): entry
        for entry in resources.files("nianbao.forms.templates").iterdir()
        if entry.name.endswith(".toml")
    }


def template_ids() -> list[str]:
    """Return the ids of the templates shipped with nianbao, sorted."""
    return sorted(_bundled())


@cache
def get_template(template_id: str) -> Template:
    """Return a bundled template by id (e.g. "gx-2020"); KeyError with a Chinese message if unknown."""
    entry = _bundled().get(template_id)
    if entry is None:
        raise KeyError(f"未知的报表模板“{template_id}”，可用模板：{', '.join(template_ids())}")
    data = tomllib.loads(entry.read_text(encoding="utf-8"))
    return parse_template(data, entry.name)

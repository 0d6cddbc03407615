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
    # The official 填写说明 as published, verbatim: read from the file named by the data's
    # `instructions_file` (kept beside the template), or given inline as `instructions`; "" when neither.
    instructions: str = ""

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
        items = []
        for n, raw in enumerate(data.get("items", [])):
            where = f"{source} 第{n + 1}个 item（{raw.get('key', '?')}）"
            raw = dict(raw)
            try:
                raw["type"] = ItemType(raw.get("type", ""))
            except ValueError as exc:
                raise TemplateError(f"{where}：未知类型 {raw.get('type')!r}") from exc
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


def _instructions(name: str, directory: Any, source: str) -> str:
    """Return the text of the 填写说明 file a template names, read beside the template."""
    if not name:
        return ""
    if directory is None or "/" in name or "\\" in name:
        raise TemplateError(f"{source}：找不到填写说明文件 {name}")
    try:
        return str(directory.joinpath(name).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"{source}：无法读取填写说明文件 {name}：{exc}") from exc


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
    return parse_template(data, path.name, path.parent)


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
    return parse_template(data, entry.name, resources.files("nianbao.forms.templates"))

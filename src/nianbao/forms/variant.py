"""A province's variant of a form as a small data file: `base = "gx-2020"` plus only what differs.

A variant names its base (a bundled template's id, or a .toml file beside it) and then lists

- top-level fields it changes (id, title, region, year, years, version, notes, …);
- `[[items]]`, `[[sections]]`, `[[rules]]` entries: one whose key (rules: code) the base has updates only
  the fields given (a renamed label, an added alias, a changed unit); a new one is added, after the entry
  named by `after` when given, else after the last entry of its section (rules: at the end);
- `remove_items`, `remove_sections`, `remove_rules`: keys (codes) the variant drops.

The result is plain template data, checked like any template file by nianbao.forms.template.parse_template.
Items keep their keys across versions, so values, the 上年 column and year-over-year checks follow them.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

# (list, the field naming an entry, the list of entries the variant removes)
LISTS = (
    ("sections", "key", "remove_sections"),
    ("items", "key", "remove_items"),
    ("rules", "code", "remove_rules"),
)
VARIANT_ONLY = {"base", *(remove for _, _, remove in LISTS)}
LIST_FIELDS = {field for field, _, _ in LISTS}
MAX_DEPTH = 5


def resolve(
    data: dict[str, Any],
    source: str,
    load_base: Callable[[str, str], tuple[dict[str, Any], str]],
    error: type[Exception],
    depth: int = 0,
) -> dict[str, Any]:
    """Return the full template data of `data`: itself, or its base with the variant's changes applied.

    `load_base(name, source)` returns the raw data of a base and the source to name in messages.
    """
    if "base" not in data:
        return data
    name = data["base"]
    if not isinstance(name, str) or not name:
        raise error(f'{source}：base 应为基础模板的编号（如 "gx-2020"）或 .toml 文件名')
    if depth >= MAX_DEPTH:
        raise error(f"{source}：base 嵌套超过 {MAX_DEPTH} 层，请检查是否循环引用")
    raw, base_source = load_base(name, source)
    base = resolve(raw, base_source, load_base, error, depth + 1)
    merged = {k: v for k, v in base.items() if k not in VARIANT_ONLY}
    merged.update({k: v for k, v in data.items() if k not in VARIANT_ONLY and k not in LIST_FIELDS})
    for field, id_field, remove in LISTS:
        merged[field] = _merge(base.get(field, []), data, field, id_field, remove, source, error)
    return merged


def _merge(
    base: list[dict[str, Any]],
    data: dict[str, Any],
    field: str,
    id_field: str,
    remove: str,
    source: str,
    error: type[Exception],
) -> list[dict[str, Any]]:
    entries = [dict(e) for e in base]
    removed = data.get(remove, [])
    if not isinstance(removed, list):
        raise error(f'{source}：{remove} 应为列表，例如 {remove} = ["键"]')
    for name in removed:
        position = _find(entries, id_field, name)
        if position is None:
            raise error(f"{source}：{remove} 中的“{name}”在基础模板中没有")
        del entries[position]
    for n, change in enumerate(data.get(field, [])):
        where = f"{source} 第{n + 1}个 {field[:-1]}（{change.get(id_field, '?')}）"
        if not isinstance(change, dict) or not isinstance(change.get(id_field), str):
            raise error(f"{where}：缺少字段 {id_field}")
        change = dict(change)
        after = change.pop("after", None)
        position = _find(entries, id_field, change[id_field])
        if position is not None:
            entry = entries.pop(position) | change
            target = position if after is None else _after(entries, id_field, after, where, error)
        else:
            entry = change
            target = (
                _after(entries, id_field, after, where, error)
                if after is not None
                else _end_of_section(entries, change)
            )
        entries.insert(target, entry)
    return entries


def _find(entries: list[dict[str, Any]], id_field: str, name: object) -> int | None:
    return next((n for n, e in enumerate(entries) if e.get(id_field) == name), None)


def _after(
    entries: list[dict[str, Any]], id_field: str, name: object, where: str, error: type[Exception]
) -> int:
    position = _find(entries, id_field, name)
    if position is None:
        raise error(f"{where}：after 指向的“{name}”在模板中没有")
    return position + 1


def _end_of_section(entries: list[dict[str, Any]], entry: dict[str, Any]) -> int:
    """Return the position after the last entry of the new entry's section (the end when it has none)."""
    section = entry.get("section")
    if section is None:
        return len(entries)
    last = [n for n, e in enumerate(entries) if e.get("section") == section]
    return last[-1] + 1 if last else len(entries)


def read_toml(path: Path, error: type[Exception]) -> dict[str, Any]:
    """Return a TOML file's data; a syntax error is reported with its line and column in Chinese."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path.name}：TOML 格式错误：{_chinese(str(exc))}") from exc
    except UnicodeDecodeError as exc:
        raise error(f"{path.name}：不是 UTF-8 编码的文本文件") from exc


def _chinese(message: str) -> str:
    """Return tomllib's message with its position first, in Chinese: "（第3行第5列）Expected …"."""
    m = re.search(r"\s*\(at line (\d+), column (\d+)\)", message)
    if m is None:
        return message
    detail = message[: m.start()] + message[m.end() :]
    return f"第{m[1]}行第{m[2]}列：{detail}（请检查该行的方括号、引号和等号）"

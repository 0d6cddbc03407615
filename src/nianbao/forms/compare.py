"""What changed between two versions of a form: items added, removed, renamed or changed; rules too.

Items are matched by key, which is what reports, the database and the 上年 column use: an item that keeps
its key but gets a new label is renamed, one whose key changed is removed and added (and flagged when the
label stayed, since its values will no longer follow it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nianbao.forms.template import TYPE_LABELS, Item, Rule, Template

# Item fields worth naming when they change (help text changes are listed as one line).
_ITEM_FIELDS = {
    "type": "类型",
    "unit": "单位",
    "section": "栏目",
    "options": "选项",
    "required": "必填",
    "pattern": "格式",
    "compute": "计算公式",
    "aliases": "别名",
    "help": "填写说明",
}
_RULE_FIELDS = {
    "severity": "级别",
    "check": "条件",
    "when": "适用条件",
    "message": "提示语",
    "items": "指向项目",
}


@dataclass
class TemplateDiff:
    added: list[Item] = field(default_factory=list)
    removed: list[Item] = field(default_factory=list)
    renamed: list[tuple[Item, Item]] = field(default_factory=list)
    changed: list[tuple[Item, list[str]]] = field(default_factory=list)
    rules_added: list[Rule] = field(default_factory=list)
    rules_removed: list[Rule] = field(default_factory=list)
    rules_changed: list[tuple[Rule, list[str]]] = field(default_factory=list)
    header: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.added,
                self.removed,
                self.renamed,
                self.changed,
                self.rules_added,
                self.rules_removed,
                self.rules_changed,
                self.header,
            )
        )


def diff_templates(old: Template, new: Template) -> TemplateDiff:
    """Return what changed from `old` to `new`, items matched by key and rules by code."""
    result = TemplateDiff()
    for name, label in (("title", "标题"), ("years_text", "适用年度"), ("version", "版本")):
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            result.header.append(f"{label}：{a} → {b}")
    for item in new.items:
        if not old.has_item(item.key):
            result.added.append(item)
            continue
        before = old.item(item.key)
        if before.label != item.label:
            result.renamed.append((before, item))
        changes = [_ITEM_FIELDS[f] for f in _ITEM_FIELDS if getattr(before, f) != getattr(item, f)]
        if changes:
            result.changed.append((item, changes))
    result.removed = [i for i in old.items if not new.has_item(i.key)]
    old_rules = {r.code: r for r in old.rules}
    new_rules = {r.code: r for r in new.rules}
    result.rules_added = [r for r in new.rules if r.code not in old_rules]
    result.rules_removed = [r for r in old.rules if r.code not in new_rules]
    for rule in new.rules:
        before_rule = old_rules.get(rule.code)
        if before_rule is not None:
            changes = [_RULE_FIELDS[f] for f in _RULE_FIELDS if getattr(before_rule, f) != getattr(rule, f)]
            if changes:
                result.rules_changed.append((rule, changes))
    return result


def describe_diff(old: Template, new: Template, diff: TemplateDiff) -> list[str]:
    """Return the differences as lines of Chinese text, one change a line."""
    lines = [f"{old.id} → {new.id}"]
    if diff.empty:
        return [*lines, "两个模板的项目与规则相同。"]
    lines += [f"  {h}" for h in diff.header]

    def where(template: Template, item: Item) -> str:
        return f"{template.section_label(item)} › {item.label}"

    removed_labels = {i.label: i for i in diff.removed}
    for item in diff.added:
        lines.append(f"新增项目  {item.key}  {where(new, item)}（{TYPE_LABELS[item.type]}）")
        twin = removed_labels.get(item.label)
        if twin is not None:
            lines.append(f"    注意：名称与删除的 {twin.key} 相同；键改变后，上年数值不会对应到新键")
    lines += [f"删除项目  {i.key}  {where(old, i)}" for i in diff.removed]
    lines += [f"改名      {b.key}  {a.label} → {b.label}" for a, b in diff.renamed]
    lines += [f"修改项目  {i.key}  {i.label}：{'、'.join(c)}有变化" for i, c in diff.changed]
    lines += [f"新增规则  {r.code}（{_severity(r)}）{r.check}" for r in diff.rules_added]
    lines += [f"删除规则  {r.code}" for r in diff.rules_removed]
    lines += [f"修改规则  {r.code}：{'、'.join(c)}有变化" for r, c in diff.rules_changed]
    return lines


def _severity(rule: Rule) -> str:
    return "错误" if rule.severity == "error" else "警告"

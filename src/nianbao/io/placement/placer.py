"""The state of placing one input: the section context, labels awaiting values, what each item was given."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import cast

from nianbao.forms.template import Item, ItemType, Template
from nianbao.io.base import Cell, ReadResult
from nianbao.io.labels import LabelIndex, Target, fold, label_index, to_simplified
from nianbao.io.placement.classify import Kind, classify
from nianbao.io.placement.values import option_state, parse_text
from nianbao.report.coerce import TICKED, UNTICKED, Parsed, normalise_text
from nianbao.report.findings import Finding, Severity
from nianbao.report.report import Report
from nianbao.report.values import BLANK, NONE, MultiChoice, Value

_GLYPHS = TICKED + UNTICKED
_TICK_TYPES = (ItemType.CHOICE, ItemType.YESNO, ItemType.MULTICHOICE)

_Classified = tuple[Cell, Kind, object]


@dataclass
class _Pending:
    target: Target
    cell: Cell
    layout: str
    soft: bool = False  # a section header that is also an item, or "label：" with nothing after


@dataclass
class _Given:
    text: str
    cell: Cell


class Placer:
    """Place the rows of cells of one input, one row at a time; finish() gives the report and findings."""

    def __init__(self, template: Template, *, simplify: bool = True) -> None:
        self.template = template
        # The published form is in simplified characters: text written in traditional ones is converted
        # (with a warning naming the item) unless the caller asks to keep the script as written.
        self.simplify = simplify
        self.index: LabelIndex = label_index(template)
        self.top: str | None = None
        self.seen: list[str] = []  # section headers seen since the top-level section began
        self.pending: list[_Pending] = []
        self.given: dict[str, _Given] = {}
        self.options: dict[str, dict[str, _Given]] = {}
        self.claimed: set[Target] = set()
        self.findings: list[Finding] = []
        self.last_key: str | None = None
        self.last_pending: _Pending | None = None
        self.in_notes = False
        self.done = False
        self.recognised = 0

    # -- rows and cells ---------------------------------------------------------------------------------

    def row(self, cells: list[Cell]) -> None:
        classified = [(cell, *classify(cell, self.template, self.index)) for cell in cells]
        if self.value_row(classified):
            return
        self.last_pending = None
        previous: _Pending | None = None
        for cell, kind, payload in classified:
            if self.done:
                return
            if kind is not Kind.IGNORE:
                previous, self.last_pending = self.last_pending, None
            handler = getattr(self, f"on_{kind.name.lower()}")
            if kind is Kind.EMPTY:
                handler(cell, previous)
            else:
                handler(cell, payload)

    def value_row(self, classified: list[_Classified]) -> bool:
        """Match a row of values to the row of labels above it, by position from the right."""
        waiting = [p for p in self.pending if p.layout == "row" and not p.soft]
        if not waiting or len(waiting) != len(self.pending) or self.in_notes:
            return False
        data = [(cell, kind) for cell, kind, _ in classified if kind is not Kind.IGNORE]
        if any(kind not in (Kind.EMPTY, Kind.VALUE) for _, kind in data):
            return False
        n = len(waiting)
        if len(data) < n or any(kind is not Kind.EMPTY for _, kind in data[: len(data) - n]):
            return False
        for pending, (cell, kind) in zip(waiting, data[len(data) - n :], strict=True):
            self.pending.remove(pending)
            self.assign(pending.target, cell.text if kind is Kind.VALUE else "", cell)
        return True

    def on_empty(self, cell: Cell, previous: _Pending | None) -> None:
        # An empty cell right after a label is that item left blank; elsewhere it is layout.
        if previous is not None and previous in self.pending and previous.layout == "pairs":
            self.pending.remove(previous)
            self.assign(previous.target, "", cell)

    def on_ignore(self, cell: Cell, payload: object) -> None:
        pass

    def on_title(self, cell: Cell, payload: object) -> None:
        self.recognised += 1

    def on_year(self, cell: Cell, year: object) -> None:
        self.recognised += 1
        if self.template.has_item("header.year"):
            self.assign(Target("header.year"), str(year), cell)

    def on_note(self, cell: Cell, payload: object) -> None:
        self.in_notes = True

    def on_appendix(self, cell: Cell, payload: object) -> None:
        self.done = True

    def on_section(self, cell: Cell, payload: object) -> None:
        sections, targets = cast(tuple[tuple[str, ...], tuple[Target, ...]], payload)
        self.recognised += 1
        self.in_notes = False
        self.flush()
        self.enter(self.pick_section(sections))
        if targets:
            # 创新发展 is both the section and its one item: a value may follow directly.
            target = self.resolve(targets)
            self.pending.append(_Pending(target, cell, "pairs", soft=True))

    def on_label(self, cell: Cell, targets: object) -> None:
        self.recognised += 1
        self.in_notes = False
        target = self.resolve(cast(tuple[Target, ...], targets))
        layout = self.layout(target)
        self.flush(keep_row_layout=layout == "row", section=self.template.item(target.key).section)
        pending = _Pending(target, cell, layout)
        self.pending.append(pending)
        self.claimed.add(target)
        self.enter(self.template.item(target.key).section, header=False)
        self.last_pending = pending

    def on_pairs(self, cell: Cell, segments: object) -> None:
        self.recognised += 1
        self.in_notes = False
        pairs = cast(list[tuple[str, str]], segments)
        for n, (label, value) in enumerate(pairs):
            target = self.resolve(self.index.match(label))
            self.flush()
            self.claimed.add(target)
            self.enter(self.template.item(target.key).section, header=False)
            if value or n + 1 < len(pairs):
                self.assign(target, value, cell)
            else:
                # "单位负责人：" alone: the name may stand in the next cell.
                self.pending.append(_Pending(target, cell, "pairs", soft=True))

    def on_value(self, cell: Cell, payload: object) -> None:
        if self.in_notes:
            return
        text = cell.text
        if not self.pending and self.joins_ticks(text):
            return
        if self.pending:
            pending = self.pending.pop(0)
            self.assign(pending.target, text, cell)
            return
        shown = normalise_text(text)
        shown = shown if len(shown) <= 30 else shown[:30] + "…"
        self.report(
            "W-READ-UNPLACED",
            Severity.WARNING,
            f"“{shown}”不是报表项目的名称，前面也没有等待填写值的项目，未读入。"
            "如它是某一项的值，请把它放在该项名称之后。",
            cell,
        )

    def joins_ticks(self, text: str) -> bool:
        """Join ☑二级 / □三级 / □未定级 written in cells of their own to the choice before them."""
        stripped = text.strip()
        if not stripped or stripped[0] not in _GLYPHS or self.last_key is None:
            return False
        item = self.template.item(self.last_key)
        given = self.given.get(self.last_key)
        if item.type not in _TICK_TYPES or given is None or not any(g in given.text for g in _GLYPHS):
            return False
        given.text = f"{given.text} {stripped}"
        return True

    # -- context ----------------------------------------------------------------------------------------

    def pick_section(self, keys: tuple[str, ...]) -> str:
        """Choose among sections printed with the same label (安全防护 is a section and its first part)."""
        for key in keys:
            parent = self.template.section(key).parent
            if parent is not None and parent == self.top and key not in self.seen:
                return key
        for key in keys:
            if self.template.section(key).parent is None and key != self.top:
                return key
        return keys[0]

    def enter(self, section_key: str, header: bool = True) -> None:
        """Make a section the current context; a header (not an item's label) also counts as seen."""
        parts = section_key.split(".")
        root = parts[0]
        if root != self.top:
            self.top, self.seen = root, []
        if not header:
            return
        for n in range(len(parts)):
            key = ".".join(parts[: n + 1])
            if key not in self.seen:
                self.seen.append(key)

    def resolve(self, targets: tuple[Target, ...]) -> Target:
        """Choose what a label names: by the sections seen most recently, then the first not yet filled."""
        if len(targets) == 1:
            return targets[0]

        def rank(target: Target) -> tuple[int, bool, int]:
            section = self.template.item(target.key).section
            if section in self.seen:
                level = 0
            elif section.split(".")[0] == self.top:
                level = 1
            else:
                level = 2
            return level, target in self.claimed, self.index.order[target]

        return min(targets, key=rank)

    def layout(self, target: Target) -> str:
        if target.option is not None:
            return "pairs"
        return self.template.section(self.template.item(target.key).section).layout

    def flush(self, keep_row_layout: bool = False, section: str = "") -> None:
        """Give up on labels still waiting for a value: each is reported and left blank."""
        keep = []
        for pending in self.pending:
            if pending.soft:
                continue
            same_row_section = self.template.item(pending.target.key).section == section
            if keep_row_layout and pending.layout == "row" and same_row_section:
                keep.append(pending)
                continue
            self.report(
                "W-READ-NO-VALUE",
                Severity.WARNING,
                f"{self.describe(pending.target)}：只有项目名称，没有找到它的值，按未填写处理。"
                "请在名称后填写值（没有数据写“无”）。",
                pending.cell,
                (pending.target.key,),
            )
        self.pending = keep

    # -- values -----------------------------------------------------------------------------------------

    def assign(self, target: Target, text: str, cell: Cell) -> None:
        self.claimed.add(target)
        if target.option is None:
            store = self.given
            slot = target.key
            self.last_key = target.key
        else:
            store = self.options.setdefault(target.key, {})
            slot = target.option
            self.last_key = None
        first = store.get(slot)
        if first is None:
            store[slot] = _Given(text, cell)
            return
        if fold(first.text) == fold(text):
            return
        at = f"（第{first.cell.line}行）" if first.cell.line is not None else ""
        self.report(
            "E-READ-DUPLICATE",
            Severity.ERROR,
            f"{self.describe(target)}：出现了两次且内容不同（“{normalise_text(first.text)}”{at}与"
            f"“{normalise_text(text)}”），已采用第一次的值。请删去多余的一处。",
            cell,
            (target.key,),
        )

    def finish(self) -> ReadResult:
        self.flush()
        values: dict[str, Value] = {}
        for key, given in self.given.items():
            parsed = self.simplified(
                self.template.item(key), given, parse_text(self.template.item(key), given.text)
            )
            values[key] = parsed.value
            for finding in parsed.findings:
                self.findings.append(replace(finding, line=given.cell.line) if given.cell.line else finding)
        for key, options in self.options.items():
            if key in self.given:
                cell = next(iter(options.values())).cell
                self.report(
                    "E-READ-DUPLICATE",
                    Severity.ERROR,
                    f"{self.describe(Target(key))}：既整体填写又逐项填写，已采用整体填写的值。请只保留一种写法。",
                    cell,
                    (key,),
                )
                continue
            value = self.combine(key, options)
            first = next(iter(options.values()))
            values[key] = self.simplified(self.template.item(key), first, Parsed(value)).value
        lines = {key: given.cell.line for key, given in self.given.items() if given.cell.line is not None}
        for key, options in self.options.items():
            first = next(iter(options.values())).cell.line
            if first is not None:
                lines.setdefault(key, first)
        return ReadResult(Report(self.template, values), self.findings, lines=lines)

    def simplified(self, item: Item, given: _Given, parsed: Parsed) -> Parsed:
        """Convert text kept in traditional characters (網站, 備案號, 每週) to simplified, saying so."""
        data = parsed.value.data
        if not self.simplify or not parsed.value.is_value or not isinstance(data, str | MultiChoice):
            return parsed
        text = data.other or "" if isinstance(data, MultiChoice) else data
        simple = to_simplified(text)
        if simple == text:
            return parsed
        if isinstance(data, MultiChoice):
            value = Value.of(MultiChoice(data.selected, simple))
        else:
            value = parse_text(item, simple).value
        self.report(
            "W-READ-TRADITIONAL",
            Severity.WARNING,
            f"{self.describe(Target(item.key))}：“{text}”是繁体字，已按简体记为“{simple}”。"
            "如需保留繁体原文，请在读取时选择“保留繁体”（命令行 --keep-traditional）。",
            given.cell,
            (item.key,),
        )
        return replace(parsed, value=value)

    def combine(self, key: str, options: dict[str, _Given]) -> Value:
        """Build a multiple choice from its options written one per row (有 / 无, or a tick)."""
        item = self.template.item(key)
        other_label = item.other_label or "其他"
        selected: list[str] = []
        other: str | None = None
        answered = False
        for option, given in options.items():
            state, rest = option_state(given.text)
            if state == "blank":
                continue
            answered = True
            if option == other_label:
                if state == "yes" and not rest:
                    self.report(
                        "W-READ-OTHER-EMPTY",
                        Severity.WARNING,
                        f"{item.label}：勾选了“{other_label}”但没有注明具体内容，未读入。请在“{other_label}”后写明内容。",
                        given.cell,
                        (key,),
                    )
                elif state in ("yes", "text"):
                    other = rest
            elif state == "yes":
                selected.append(option)
            elif state == "text":
                self.report(
                    "W-READ-OPTION-VALUE",
                    Severity.WARNING,
                    f"{item.label}：选项“{option}”的值“{rest}”应为“有”或“无”，按未勾选处理。",
                    given.cell,
                    (key,),
                )
        if not answered:
            return BLANK
        ordered = tuple(o for o in item.options if o in selected)
        if not ordered and not other:
            return NONE
        return Value.of(MultiChoice(ordered, other))

    # -- messages ---------------------------------------------------------------------------------------

    def describe(self, target: Target) -> str:
        item = self.template.item(target.key)
        path = self.template.section_label(item)
        name = f"{path} › {item.label}" if self.template.section(item.section).printed else item.label
        return f"{name} › {target.option}" if target.option else name

    def report(
        self, code: str, severity: Severity, message: str, cell: Cell, items: tuple[str, ...] = ()
    ) -> None:
        if cell.line is None and cell.where:
            message = f"{cell.where}：{message}"
        context = {"where": cell.where} if cell.where else {}
        self.findings.append(Finding(code, severity, message, items, line=cell.line, context=context))

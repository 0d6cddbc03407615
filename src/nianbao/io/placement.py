"""Place cells read in reading order onto the items of a template: the engine every layout reader shares.

A reader (text, HTML, DOCX, XLSX, PDF) only turns its input into Cells; this module decides what each cell
is (a section header, an item's label, a value, the header or signature line, the notes, the 填写说明) and
which item each value belongs to:

- labels match whatever their width, spacing, unit note or script (nianbao.io.labels);
- a label printed in several places (总数, 名称, 信息发布量, 关注量, 其他) is resolved by the section headers
  seen most recently, then by the first such item not yet filled, in the template's order;
- values are matched to labels through a queue of labels awaiting values: "label, value" pairs and "row"
  sections (a row of labels, then a row of values, matched by position from the right) both fit it;
- an empty cell right after a label is that item left blank; ☑/□ options spread over several cells are
  joined; 创新发展 may come as one cell of ticks or as one row per option with 有/无;
- whatever cannot be placed (a value with no label, a label with no value, an item given twice with
  different values) becomes a Finding with its location. Nothing is guessed silently.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from enum import Enum, auto
from typing import cast

from nianbao.forms.template import ItemType, Template
from nianbao.io.base import Cell, ReadError, ReadResult
from nianbao.io.labels import (
    LabelIndex,
    Target,
    detect_template,
    fold,
    is_unit_note,
    label_index,
    label_key,
    to_simplified,
    year_line,
)
from nianbao.report.coerce import TICKED, UNTICKED, Parsed, is_none_spelling, normalise_text, parse_value
from nianbao.report.findings import Finding, Severity
from nianbao.report.report import Report
from nianbao.report.values import BLANK, NONE, MultiChoice, Value

__all__ = ["detect_template", "place_cells"]

_APPENDIX = label_key("填写说明")
_TITLE_TAIL = label_key("政府网站工作年度报表")
_NOTE_RE = re.compile(r"^注(?:[:：]|$)")
_TITLE_YEAR_RE = re.compile(r"\(([^()]{0,12}?)年度\)$")
_YES_WORDS = {"有", "是", "yes", "y"}
_NO_WORDS = {"否", "no", "n"}
_GLYPHS = TICKED + UNTICKED
_TICK_TYPES = (ItemType.CHOICE, ItemType.YESNO, ItemType.MULTICHOICE)
_FREE_TYPES = (ItemType.TEXT, ItemType.URL, ItemType.CODE)


class Kind(Enum):
    EMPTY = auto()
    IGNORE = auto()
    TITLE = auto()
    YEAR = auto()
    NOTE = auto()
    APPENDIX = auto()
    SECTION = auto()
    LABEL = auto()
    PAIRS = auto()
    VALUE = auto()


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


def place_cells(cells: list[Cell], template: Template | None = None, source: str = "") -> ReadResult:
    """Place cells in reading order onto a template's items; work the template out when not given.

    Raise ReadError when the cells hold no report (no template matches, or no label is recognised).
    """
    label = source or "输入"
    if template is None:
        template = detect_template([c.text for c in cells])
        if template is None:
            raise ReadError(f"{label}：未找到报表内容（没有认出政府网站工作年度报表的项目名称）")
    placer = _Placer(template)
    for row in _rows(_join_split_labels(cells, placer.index)):
        if placer.done:
            break
        placer.row(row)
    result = placer.finish()
    if placer.recognised == 0:
        raise ReadError(f"{label}：未找到报表内容（没有认出“{template.title}”的任何项目）")
    result.source = source
    return result


def _join_split_labels(cells: list[Cell], index: LabelIndex) -> list[Cell]:
    """Join a label broken over two cells or lines (回应公众关注热点或 / 重大舆情数量（单位：次）)."""
    joined: list[Cell] = []
    skip: set[int] = set()
    for n, cell in enumerate(cells):
        if n in skip:
            continue
        if index.starts_label(cell.text) and not index.knows(cell.text):
            following = next((m for m in range(n + 1, len(cells)) if cells[m].text.strip()), None)
            if following is not None and index.knows(cell.text + cells[following].text):
                joined.append(replace(cell, text=cell.text + cells[following].text))
                skip.add(following)
                continue
        joined.append(cell)
    return joined


def _rows(cells: list[Cell]) -> Iterator[list[Cell]]:
    """Group consecutive cells of the same table row (cells without row or line form one row)."""
    current: list[Cell] = []
    key: object = object()
    for cell in cells:
        cell_key = cell.row if cell.row is not None else cell.line
        if current and cell_key != key:
            yield current
            current = []
        key = cell_key
        current.append(cell)
    if current:
        yield current


class _Placer:
    def __init__(self, template: Template) -> None:
        self.template = template
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

    # -- classification ---------------------------------------------------------------------------------

    def classify(self, cell: Cell) -> tuple[Kind, object]:
        text = cell.text
        folded = fold(text)
        if not folded:
            return Kind.EMPTY, None
        key = label_key(text)
        if key == _APPENDIX:
            return Kind.APPENDIX, None
        if is_unit_note(text):
            return Kind.IGNORE, None
        year = year_line(text)
        if year is not None:
            return Kind.YEAR, year
        if key == label_key(self.template.title) or key.endswith(_TITLE_TAIL):
            # The year may share the title's line: 广西政府网站工作年度报表（2020年度）.
            tail = _TITLE_YEAR_RE.search(folded)
            return (Kind.YEAR, tail[1]) if tail else (Kind.TITLE, None)
        if _NOTE_RE.match(folded):
            return Kind.NOTE, None
        sections = self.index.match_section(text)
        targets = self.index.match(text)
        if sections:
            return Kind.SECTION, (sections, targets)
        if targets:
            return Kind.LABEL, targets
        segments = self.segments(text)
        if segments:
            return Kind.PAIRS, segments
        return Kind.VALUE, None

    def segments(self, text: str) -> list[tuple[str, str]] | None:
        """Split "label：value  label：value" (the header and signature lines) into pairs; None if not one."""
        folded = unicodedata.normalize("NFKC", text).strip()
        simple = to_simplified(folded)
        matches = list(self.index.colon_re.finditer(simple))
        if not matches or simple[: matches[0].start()].strip():
            return None
        # Values are cut from the text as written, unless simplifying changed its length.
        source = folded if len(simple) == len(folded) else simple
        pairs = []
        for n, m in enumerate(matches):
            end = matches[n + 1].start() if n + 1 < len(matches) else len(source)
            pairs.append((m["label"], source[m.end() : end].strip()))
        return pairs

    # -- rows and cells ---------------------------------------------------------------------------------

    def row(self, cells: list[Cell]) -> None:
        classified = [(cell, *self.classify(cell)) for cell in cells]
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
            parsed = self.parse(key, given.text)
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
            values[key] = self.combine(key, options)
        return ReadResult(Report(self.template, values), self.findings)

    def parse(self, key: str, text: str) -> Parsed:
        item = self.template.item(key)
        parsed = parse_value(item, text)
        value = parsed.value
        if value.is_value and isinstance(value.data, str) and not text.isascii():
            # 無 for 无, 是/否 and options written in traditional characters.
            simple = to_simplified(text)
            if simple != text:
                alt = parse_value(item, simple)
                data = alt.value.data
                option = item.type is ItemType.CHOICE and data in item.options
                recognised = not isinstance(data, str) or option
                if alt.value.is_none or (item.type not in _FREE_TYPES and recognised):
                    return alt
        return parsed

    def combine(self, key: str, options: dict[str, _Given]) -> Value:
        """Build a multiple choice from its options written one per row (有 / 无, or a tick)."""
        item = self.template.item(key)
        other_label = item.other_label or "其他"
        selected: list[str] = []
        other: str | None = None
        answered = False
        for option, given in options.items():
            state, rest = _option_state(given.text)
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


def _option_state(text: str) -> tuple[str, str]:
    """Return how one option of a multiple choice is answered: blank, yes (with text after), no, or text."""
    written = normalise_text(text)
    simple = to_simplified(written)
    if not simple:
        return "blank", ""
    if is_none_spelling(simple) or simple.lower() in _NO_WORDS or simple[0] in UNTICKED:
        return "no", ""
    if simple.lower() in _YES_WORDS:
        return "yes", ""
    if simple[0] in TICKED:
        return "yes", written[1:].strip().lstrip(":：").strip()
    m = re.match(r"^(有|是)\s*[:：]\s*", simple)
    if m:
        return "yes", written[m.end() :].strip()
    return "text", written

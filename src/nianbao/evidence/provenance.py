"""Evidence: figures computed from raw data, with where they came from, and how they fill a report.

An Evidence record is engine-neutral: a dict of item key → figure (int, Decimal, or None for 无) plus the
provenance of the computation (input files with sizes and SHA-256, record counts, exclusions with reasons,
the definitions and configuration in force, engine, version, time taken). CMS exports, message-board
exports and access logs all produce one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from nianbao import __version__
from nianbao.evidence.errors import EvidenceError
from nianbao.forms.template import ItemType
from nianbao.report import NONE, Finding, Report, Severity, Value
from nianbao.report.coerce import format_value

# A computed figure: a count, a decimal or percentage, or None where the form says 无 (no data).
Figure = int | Decimal | None

# How many examples of each kind of exclusion to keep: enough to find the rows, not a copy of the input.
EXAMPLES_KEPT = 5


@dataclass(frozen=True)
class InputFile:
    """One input file as it was read: name, size in bytes, SHA-256, records (rows or lines) in it."""

    name: str
    size: int
    sha256: str
    records: int = 0


def describe_file(path: Path, records: int = 0) -> InputFile:
    """Return the size and SHA-256 of a file, with the number of records read from it."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return InputFile(name=path.name, size=path.stat().st_size, sha256=digest.hexdigest(), records=records)


@dataclass
class Exclusion:
    """Records left out of the figures for one reason: how many, and where the first few are."""

    reason: str
    count: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, example: str) -> None:
        """Count one more record, keeping its description while examples are few."""
        self.count += 1
        if len(self.examples) < EXAMPLES_KEPT:
            self.examples.append(example)


class Exclusions:
    """Exclusions by reason, in the order the reasons were first met."""

    def __init__(self) -> None:
        self._by_reason: dict[str, Exclusion] = {}

    def add(self, reason: str, example: str) -> None:
        """Count one record left out for `reason`."""
        self._by_reason.setdefault(reason, Exclusion(reason)).add(example)

    def as_list(self) -> list[Exclusion]:
        return list(self._by_reason.values())


@dataclass
class Evidence:
    """Figures for one year with their provenance; serialisable to and from JSON."""

    kind: str
    year: int
    figures: dict[str, Figure]
    inputs: list[InputFile] = field(default_factory=list)
    records: int = 0
    exclusions: list[Exclusion] = field(default_factory=list)
    definitions: dict[str, str] = field(default_factory=dict)
    config: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # Whatever else an engine keeps beside the figures (a per-day series, per-site rows), as JSON data.
    details: dict[str, Any] = field(default_factory=dict)
    engine: str = "python"
    version: str = __version__
    elapsed_seconds: float = 0.0
    computed_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    @property
    def excluded(self) -> int:
        return sum(e.count for e in self.exclusions)

    def to_dict(self) -> dict[str, Any]:
        """Return plain JSON data: decimals as strings, 无 as "无" (as in report JSON, where null means
        未填), the time in ISO 8601."""
        data = asdict(self)
        data["figures"] = {k: _encode_figure(v) for k, v in self.figures.items()}
        data["computed_at"] = self.computed_at.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evidence:
        """Rebuild a record from `to_dict` data; EvidenceError naming the field when it does not fit."""
        try:
            return cls(
                kind=str(data["kind"]),
                year=int(data["year"]),
                figures={str(k): _decode_figure(k, v) for k, v in data["figures"].items()},
                inputs=[InputFile(**f) for f in data.get("inputs", [])],
                records=int(data.get("records", 0)),
                exclusions=[Exclusion(**e) for e in data.get("exclusions", [])],
                definitions=dict(data.get("definitions", {})),
                config=dict(data.get("config", {})),
                notes=list(data.get("notes", [])),
                details=dict(data.get("details", {})),
                engine=str(data.get("engine", "")),
                version=str(data.get("version", "")),
                elapsed_seconds=float(data.get("elapsed_seconds", 0.0)),
                computed_at=dt.datetime.fromisoformat(data["computed_at"]),
            )
        except ValueError as exc:
            raise EvidenceError(f"取证记录格式不正确：{exc}") from exc
        except (KeyError, TypeError, AttributeError) as exc:
            raise EvidenceError(f"取证记录格式不正确：{type(exc).__name__}: {exc}") from exc

    def to_json(self) -> str:
        """Return the record as indented JSON text, Chinese kept readable."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str) -> Evidence:
        """Rebuild a record from `to_json` text."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise EvidenceError(f"取证记录不是有效的 JSON：第{exc.lineno}行：{exc.msg}") from exc
        except RecursionError:
            raise EvidenceError("取证记录的 JSON 嵌套层数过多，不是 nianbao 输出的取证记录") from None
        except ValueError:
            # An integer of more than 4,300 digits: Python refuses to convert it.
            raise EvidenceError("取证记录中有位数过多的数字，不是 nianbao 输出的取证记录") from None
        if not isinstance(data, dict):
            raise EvidenceError("取证记录应为一个 JSON 对象。")
        return cls.from_dict(data)


NONE_TEXT = "无"


def _encode_figure(figure: Figure) -> int | str:
    if figure is None:
        return NONE_TEXT
    return str(figure) if isinstance(figure, Decimal) else figure


def _decode_figure(key: str, raw: object) -> Figure:
    # null is how records written before 无 was spelled out said 无; they stay readable.
    if raw is None or raw == NONE_TEXT:
        return None
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, str):
        try:
            number = Decimal(raw)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise ValueError(f"项目 {key} 的数值“{raw[:40]}”不是数字，也不是“无”")
        return number
    raise ValueError(f"项目 {key} 的数值“{str(raw)[:40]}”既不是整数、小数，也不是“无”")


def figure_value(item_type: ItemType, figure: Figure) -> Value:
    """Return the report value of a figure for an item of this type (None → 无)."""
    if figure is None:
        return NONE
    if item_type is ItemType.COUNT:
        if isinstance(figure, Decimal) and figure != figure.to_integral_value():
            raise ValueError(f"a count needs a whole number, not {figure}")
        return Value.of(int(figure))
    if item_type in (ItemType.DECIMAL, ItemType.PERCENTAGE):
        return Value.of(Decimal(figure))
    raise ValueError(f"a computed figure cannot fill an item of type {item_type}")


def apply_evidence(report: Report, evidence: Evidence) -> tuple[Report, list[Finding]]:
    """Return a copy of the report with the evidence's figures filled in, and what was found doing it.

    A figure replaces what the report held; where that differs from a value (or 无) already entered, a
    warning says what was there. Nothing is applied when the report is of another year.
    """
    result = Report(report.template, dict(report.values))
    findings: list[Finding] = []
    if report.year is not None and report.year != evidence.year:
        findings.append(
            Finding(
                "evidence.year_mismatch",
                Severity.ERROR,
                f"计算结果属于{evidence.year}年度，而报表是{report.year}年度，未填入任何数字。"
                f"请按报表年度重新计算（--year {report.year}）。",
            )
        )
        return result, findings
    template = report.template
    for key, figure in evidence.figures.items():
        if not template.has_item(key):
            findings.append(
                Finding(
                    "evidence.unknown_item",
                    Severity.ERROR,
                    f"模板 {template.id} 中没有项目 {key}，该计算结果未填入。",
                    items=(key,),
                )
            )
            continue
        item = template.item(key)
        where = f"{template.section_label(item)} › {item.label}"
        try:
            value = figure_value(item.type, figure)
        except ValueError:
            findings.append(
                Finding(
                    "evidence.wrong_type",
                    Severity.ERROR,
                    f"“{where}”：计算结果“{figure}”不能填入该项目（类型为{item.type}），未填入。",
                    items=(key,),
                )
            )
            continue
        old = result.get(key)
        if not old.is_blank and old != value:
            findings.append(
                Finding(
                    "evidence.overwrites",
                    Severity.WARNING,
                    f"“{where}”：原填“{format_value(item, old)}”，按原始数据计算为"
                    f"“{format_value(item, value)}”，已改为计算值。请核对原填数字的来源。",
                    items=(key,),
                )
            )
        result.set(key, value)
    return result, findings

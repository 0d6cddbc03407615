"""Findings: what validation and the readers say about a report, each with a stable code."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "错误" if self is Severity.ERROR else "警告"


@dataclass(frozen=True)
class Finding:
    """One thing found wrong or doubtful: a stable code, its severity, the items concerned, a message.

    The message is in Chinese and says where (the item), what is wrong, and how to fix it. `line` is set
    by readers that know where in the input the finding arose.
    """

    code: str
    severity: Severity
    message: str
    items: tuple[str, ...] = ()
    line: int | None = None
    context: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        where = f"第{self.line}行：" if self.line is not None else ""
        return f"[{self.code}] {self.severity.label}：{where}{self.message}"


def has_errors(findings: list[Finding] | tuple[Finding, ...]) -> bool:
    """Return True when any finding is an error."""
    return any(f.is_error for f in findings)

"""The contract every format shares: a reader turns bytes into a report with findings, a writer the reverse.

Readers of table layouts (text, HTML, DOCX, XLSX, PDF) only turn their input into a sequence of Cells in
reading order; placing cells onto the template's items is shared (nianbao.io.placement), so every format
tolerates the same variations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from nianbao.forms.template import Template
from nianbao.report.findings import Finding, has_errors
from nianbao.report.report import Report

# Inputs larger than this are refused before parsing: no published report comes near it.
MAX_INPUT_BYTES = 50 * 1024 * 1024


class ReadError(Exception):
    """The input cannot be read as a report at all; the message (Chinese) names the file and the reason."""


@dataclass(frozen=True)
class Cell:
    """One cell of text in reading order, and where it stands in the input (for messages).

    `row` numbers the table row the cell belongs to (when None, `line` is taken as the row): placement
    needs rows to match a row of values to the row of labels above it, and to read an empty cell right
    after a label as that item left blank.
    """

    text: str
    where: str = ""
    line: int | None = None
    row: int | None = None


@dataclass
class ReadResult:
    """What a reader made of one input: the report (None if nothing could be placed) and its findings."""

    report: Report | None
    findings: list[Finding] = field(default_factory=list)
    source: str = ""
    # The line each item's value was read from, where the reader knows it: validation findings, which
    # know only items, are shown at that line.
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.report is not None and not has_errors(self.findings)


class Reader(Protocol):
    format: ClassVar[str]
    suffixes: ClassVar[tuple[str, ...]]

    def read(self, data: bytes, *, name: str = "", template: Template | None = None) -> ReadResult:
        """Read a report from the bytes of a file called `name`; raise ReadError when impossible."""
        ...


class Writer(Protocol):
    format: ClassVar[str]
    suffix: ClassVar[str]
    mimetype: ClassVar[str]

    def write(self, report: Report, *, appendix: bool = False) -> bytes:
        """Return the report in this format; `appendix` adds the 填写说明 after the form."""
        ...

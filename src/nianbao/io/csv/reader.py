"""Read the long form back: one row per item, found by its key; values read as people write them."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from typing import ClassVar

from nianbao.forms.template import Template, get_template, template_ids
from nianbao.io.base import Cell, ReadError, ReadResult
from nianbao.io.csv.cells import unprotect
from nianbao.io.labels import detect_template, label_index
from nianbao.io.placement import place_cells
from nianbao.io.text.reader import decode_text
from nianbao.report.coerce import parse_value
from nianbao.report.findings import Finding, Severity
from nianbao.report.report import Report


def _template_for(keys: list[str]) -> Template | None:
    """Return the bundled template that knows the most of these item keys."""
    best, chosen = 0, None
    for template_id in template_ids():
        template = get_template(template_id)
        known = sum(1 for key in keys if template.has_item(key))
        if known > best:
            best, chosen = known, template
    return chosen


def _layout_cells(rows: list[list[str]], header: list[str], template: Template) -> list[Cell]:
    """Return the cells of a CSV without keys, for placement: label and value columns, or every cell."""
    cells: list[Cell] = []
    if "label" in header and "value" in header:
        # The long form without its key column: the section path goes first, so repeated labels
        # (总数, 名称) find their place; the unit column is left out, it is not a value.
        label_col, value_col = header.index("label"), header.index("value")
        section_col = header.index("section") if "section" in header else None
        index = label_index(template)
        for line, row in enumerate(rows[1:], start=2):
            texts = [row[section_col]] if section_col is not None and section_col < len(row) else []
            split = [p for t in texts for p in re.split(r"\s*[›>]\s*", t)]
            parts = [p for p in split if index.match_section(p)]  # 表头, 基本信息 are not printed
            picked = [*parts, *(row[c] if c < len(row) else "" for c in (label_col, value_col))]
            picked[-1] = unprotect(picked[-1])
            cells.extend(Cell(text, where=f"第{line}行", line=line, row=line) for text in picked)
        return cells
    for line, row in enumerate(rows, start=1):
        cells.extend(
            Cell(unprotect(text), where=f"第{line}行第{n}列", line=line, row=line)
            for n, text in enumerate(row, 1)
        )
    return cells


class CsvReader:
    format: ClassVar[str] = "csv"
    suffixes: ClassVar[tuple[str, ...]] = (".csv",)

    def read(self, data: bytes, *, name: str = "", template: Template | None = None) -> ReadResult:
        """Read a report from long-form CSV bytes; ReadError when they hold no key and value columns."""
        label = name or "CSV"
        try:
            rows = list(csv.reader(io.StringIO(decode_text(data, label), newline="")))
        except csv.Error as exc:  # a field past the csv module's limit (128 KB), or NUL bytes
            raise ReadError(f"{label}：CSV 格式错误或单元格过大（{exc}），无法读取") from None
        header = [h.strip().lower() for h in rows[0]] if rows else []
        if "key" not in header or "value" not in header:
            # No keys: the form saved as CSV from a spreadsheet, or a list of labels and values.
            template = template or detect_template([cell for row in rows for cell in row])
            if template is None:
                raise ReadError(f"{label}：未找到报表内容（CSV 中既没有 key 列，也没有认出报表的项目名称）")
            return place_cells(_layout_cells(rows, header, template), template=template, source=label)
        key_col, value_col = header.index("key"), header.index("value")
        body = [(n, row) for n, row in enumerate(rows[1:], start=2) if any(cell.strip() for cell in row)]
        template = template or _template_for([row[key_col].strip() for _, row in body if len(row) > key_col])
        if template is None:
            raise ReadError(f"{label}：未找到报表内容（key 列中没有任何模板认识的项目）")
        report = Report(template)
        findings: list[Finding] = []
        seen: dict[str, int] = {}
        for line, row in body:
            key = row[key_col].strip() if len(row) > key_col else ""
            text = unprotect(row[value_col]) if len(row) > value_col else ""
            if not template.has_item(key):
                findings.append(
                    Finding(
                        "W-CSV-UNKNOWN-KEY",
                        Severity.WARNING,
                        f"模板 {template.id} 中没有项目“{key}”，该行未读入。",
                        line=line,
                    )
                )
                continue
            if key in seen:
                findings.append(
                    Finding(
                        "E-READ-DUPLICATE",
                        Severity.ERROR,
                        f"{template.item(key).label}：项目 {key} 出现了两次（第{seen[key]}行），"
                        "已采用第一次的值。",
                        (key,),
                        line=line,
                    )
                )
                continue
            seen[key] = line
            parsed = parse_value(template.item(key), text)
            report.set(key, parsed.value)
            findings.extend(replace(f, line=line) for f in parsed.findings)
        return ReadResult(report, findings, source=label)

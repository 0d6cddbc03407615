"""One spreadsheet with a row per site: a header row naming items, then each site's values in its row.

A province that collected earlier years in one workbook (or CSV) imports it as it is. Each header cell
names an item by key (info.total), by its label when only one item has it (网站总访问量), or by section
and label (微博名称, 移动新媒体微博名称); a 年度 column gives each row's year. Each row becomes a report,
written as the system's JSON (so the import treats it like any other document) and named after its row.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from pathlib import Path

from nianbao.forms.template import Template, get_template, template_ids
from nianbao.io.base import ReadError
from nianbao.io.json.writer import dumps
from nianbao.io.labels import label_key
from nianbao.report.coerce import parse_value
from nianbao.report.report import Report

# Fewer named columns than this and the sheet is not a table of reports (it may be a form).
MIN_COLUMNS = 6


def header_index(template: Template) -> dict[str, str]:
    """Return {matching key of a header text: item key} for the ways a column may name an item."""
    names: dict[str, set[str]] = defaultdict(set)
    for item in template.items:
        names[item.key].add(item.key)
        sections = template.section_path(item)
        for label in item.labels:
            names[label_key(label)].add(item.key)
            names[label_key(sections[-1].label + label)].add(item.key)
            names[label_key("".join(s.label for s in sections) + label)].add(item.key)
    return {name: next(iter(keys)) for name, keys in names.items() if len(keys) == 1}


def _columns(header: list[str], template: Template) -> dict[int, str]:
    index = header_index(template)
    columns: dict[int, str] = {}
    for n, text in enumerate(header):
        key = index.get(text.strip()) or index.get(label_key(text)) if text.strip() else None
        if key is not None and key not in columns.values():
            columns[n] = key
    return columns


def _rows(name: str, data: bytes) -> list[list[str]]:
    """Return the rows of the first visible sheet (or the CSV); only the header row when it names no item."""
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from nianbao.io.xlsx.reader import cell_text, open_workbook  # the guarded opener (bomb checks)

        workbook = open_workbook(data, Path(name).name)
        try:
            sheet = next((ws for ws in workbook.worksheets if ws.sheet_state == "visible"), None)
            if sheet is None:
                return []
            sheet.reset_dimensions()
            rows = sheet.iter_rows(values_only=True)
            header = [cell_text(v) if v is not None else "" for v in next(rows, ())]
            if not _could_be_header(header):
                return [header]  # a published form: its first row is the title, not worth reading on
            return [header, *([cell_text(v) if v is not None else "" for v in row] for row in rows)]
        finally:
            workbook.close()
    if suffix == ".csv":
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ReadError(f"{Path(name).name}：无法识别文件编码（应为 UTF-8 或 GBK）")
        return [row for row in csv.reader(io.StringIO(text))]
    return []


def _could_be_header(header: list[str]) -> bool:
    return sum(1 for text in header if text.strip()) >= MIN_COLUMNS


def wide_documents(name: str, data: bytes) -> list[tuple[str, bytes]] | None:
    """Return one (name, JSON bytes) per site row when the file is a table of reports; None when it is not.

    ReadError when the file cannot be opened at all (the same guards as any workbook).
    """
    rows = _rows(name, data)
    if len(rows) < 2:
        return None
    best: tuple[Template, dict[int, str]] | None = None
    for template_id in template_ids():
        template = get_template(template_id)
        columns = _columns(rows[0], template)
        if best is None or len(columns) > len(best[1]):
            best = (template, columns)
    if best is None or len(best[1]) < MIN_COLUMNS:
        return None
    template, columns = best
    label = Path(name).name
    documents = []
    for r, row in enumerate(rows[1:], start=2):
        texts = {key: row[n].strip() for n, key in columns.items() if n < len(row) and row[n].strip()}
        if not texts:
            continue
        values = {key: parse_value(template.item(key), text).value for key, text in texts.items()}
        report = Report(template, values)
        documents.append((f"{label}（第{r}行）.json", dumps(report).encode("utf-8")))
    return documents

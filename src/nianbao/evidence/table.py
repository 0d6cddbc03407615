"""Exports as tables: CSV, JSON (or JSON lines) and XLSX read into numbered rows of named fields.

Column headers may be Chinese or English; each field lists the names it accepts. A missing required
column is an error naming the columns found; a row is numbered as the user sees it (the CSV or sheet row,
header being row 1; the record's position in JSON), so every skipped row can be found.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nianbao.evidence.errors import EvidenceError
from nianbao.evidence.provenance import Evidence, describe_file
from nianbao.io.base import ReadError
from nianbao.io.xlsx.reader import open_workbook
from nianbao.io.ziputil import SheetLimits

SUFFIXES = {
    ".csv": "csv",
    ".txt": "csv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
}
# A CMS or message-board export may be large (every article of a year, with its text), but never beyond
# Excel's own row limit; beyond these it is a bomb, refused before it is parsed.
EXPORT_SHEETS = SheetLimits(
    max_cells=5_000_000,
    max_rows=1_048_576,
    max_shared_strings=2_000_000,
    max_part_bytes=512 * 1024 * 1024,
    max_total_bytes=1024 * 1024 * 1024,
)
# Wrappers under which exports commonly put their list of records.
JSON_LIST_KEYS = ("data", "items", "records", "rows", "list", "result")


@dataclass(frozen=True)
class Field:
    """A column the export must or may have: its key, its Chinese name, and every header accepted for it."""

    key: str
    label: str
    names: tuple[str, ...]
    required: bool = True


@dataclass
class Row:
    """One record: where it is ("第N行", "第N条记录"), its raw value per field, why it is unreadable if so.

    `reason` is the heading the record is excluded under when it is unreadable (default 无法读取的记录).
    """

    where: str
    values: dict[str, Any]
    error: str | None = None
    reason: str = "无法读取的记录"

    def get(self, key: str) -> Any:
        return self.values.get(key)


class FormulaWithoutValue:
    """A spreadsheet cell holding a formula whose result was never saved (written by a program, not opened
    and saved in Excel or LibreOffice): its value is unknown, which is not the same as an empty cell."""

    def __init__(self, formula: str) -> None:
        self.formula = formula

    def __repr__(self) -> str:
        return f"FormulaWithoutValue({self.formula!r})"


FORMULA_REASON = "单元格是公式但文件中没有保存计算结果（请用 Excel 或 LibreOffice 打开、保存后再导入）"


@dataclass
class Table:
    """The rows of one export, with the header used for each field."""

    name: str
    rows: list[Row]
    headers: dict[str, str] = field(default_factory=dict)


def _norm(header: object) -> str:
    text = unicodedata.normalize("NFKC", str(header)).strip().casefold()
    return re.sub(r"[\s_\-]+", "", text)


def _match_headers(name: str, headers: Sequence[object], fields: Sequence[Field]) -> dict[str, int]:
    """Return field key → column index; EvidenceError for a missing or doubly matched column."""
    wanted = {_norm(n): f for f in fields for n in (f.key, f.label, *f.names)}
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        if header is None:
            continue
        f = wanted.get(_norm(header))
        if f is None:
            continue
        if f.key in found:
            raise EvidenceError(
                f"{name}：“{headers[found[f.key]]}”和“{header}”两列都表示{f.label}，无法确定用哪一列；请删去其中一列。"
            )
        found[f.key] = index
    missing = [f for f in fields if f.required and f.key not in found]
    if missing:
        shown = "、".join(str(h) for h in headers if h not in (None, "")) or "（空）"
        need = "；".join(
            f"{f.label}（可用列名：{'、'.join(dict.fromkeys((f.label, *f.names)))}）" for f in missing
        )
        raise EvidenceError(f"{name}：缺少必需的列：{need}。文件的表头为：{shown}。")
    return found


def _decode(name: str, data: bytes) -> str:
    # Exports from Chinese systems are UTF-8 (often with a BOM) or GBK; GB18030 is the superset of GBK.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise EvidenceError(f"{name}：不是 UTF-8 或 GBK/GB18030 编码的文本，可能是二进制文件或格式不对。")


def _blank(values: Iterable[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


# Exports often put a title or a date line above the header; look this many non-blank rows down for it.
HEADER_SEARCH_ROWS = 10


def _matched_fields(headers: Sequence[object], fields: Sequence[Field]) -> int:
    """How many fields a row of headers names: used to tell the header row from a title above it."""
    wanted = {_norm(n): f.key for f in fields for n in (f.key, f.label, *f.names)}
    return len({wanted[_norm(h)] for h in headers if h is not None and _norm(h) in wanted})


def _stacked(upper: Sequence[Any], lower: Sequence[Any]) -> list[Any]:
    """A header written over two rows (a group name merged across columns above its sub-headers, the other
    names merged down both rows): each column's name is the lower cell, or the upper one where the lower
    is blank because the upper cell is merged down over it."""
    width = max(len(upper), len(lower))
    cells = []
    for i in range(width):
        low = lower[i] if i < len(lower) else None
        up = upper[i] if i < len(upper) else None
        cells.append(up if _blank([low]) else low)
    return cells


def _find_header(
    name: str, grid: Iterator[tuple[int, Sequence[Any]]], fields: Sequence[Field]
) -> tuple[Sequence[Any], dict[str, int]]:
    """Return the header (a row naming every required field, or two rows that do together) and its columns.

    When no row will do, the error names the row that came closest (most fields named), not a title above.
    """
    best: tuple[int, int, EvidenceError] | None = None  # (fields named, row number, error)
    tried = 0
    previous: tuple[int, Sequence[Any]] | None = None
    first = None
    for number, cells in grid:
        if _blank(cells):
            continue
        first = first or number
        try:
            return cells, _match_headers(name, list(cells), fields)
        except EvidenceError as exc:
            score = _matched_fields(list(cells), fields)
            if best is None or score > best[0]:
                best = (score, number, exc)
        if previous is not None and _matched_fields(list(previous[1]), fields):
            stacked = _stacked(previous[1], cells)
            try:
                return stacked, _match_headers(name, stacked, fields)
            except EvidenceError:
                pass
        previous = (number, cells)
        tried += 1
        if tried == HEADER_SEARCH_ROWS:
            break
    if best is None:
        raise EvidenceError(f"{name}：文件中没有任何内容（连表头也没有）。")
    score, number, error = best
    if score == 0 or number == first:
        raise error
    detail = str(error).removeprefix(f"{name}：")
    raise EvidenceError(f"{name}：第{number}行最像表头（其上的行看来是标题），但{detail}")


def _rows_from_grid(name: str, grid: Iterator[tuple[int, Sequence[Any]]], fields: Sequence[Field]) -> Table:
    """Build a table from (row number, cells) pairs: the header row, then one row per non-blank line."""
    header, columns = _find_header(name, grid, fields)
    labels = {f.key: f.label for f in fields}
    rows = []
    for number, cells in grid:
        if _blank(cells):
            continue
        values = {key: (cells[i] if i < len(cells) else None) for key, i in columns.items()}
        formulas = [key for key, v in values.items() if isinstance(v, FormulaWithoutValue)]
        if formulas:
            which = "、".join(f"“{labels[k]}”" for k in formulas)
            shown = "；".join(f"{labels[k]} {values[k].formula}" for k in formulas)
            error = f"{which}是公式，文件中没有保存计算结果（{shown}）"
            rows.append(Row(f"第{number}行", {}, error, FORMULA_REASON))
            continue
        rows.append(Row(f"第{number}行", values))
    return Table(name, rows, {key: str(header[i]) for key, i in columns.items()})


def _csv(name: str, data: bytes, fields: Sequence[Field]) -> Table:
    text = _decode(name, data)
    reader = csv.reader(io.StringIO(text, newline=""))

    def grid() -> Iterator[tuple[int, list[str]]]:
        # A quoted field may span lines: number each row by the line it starts on.
        start = 1
        try:
            for cells in reader:
                yield start, cells
                start = reader.line_num + 1
        except csv.Error as exc:
            raise EvidenceError(f"{name}：第{reader.line_num}行不是有效的 CSV：{exc}") from exc

    return _rows_from_grid(name, grid(), fields)


def _json_records(name: str, data: bytes, lines: bool) -> list[Any]:
    text = _decode(name, data)
    if lines:
        records = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                records.append(EvidenceError(f"第{number}行不是有效的 JSON：{exc.msg}"))
        return records
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as exc:
        raise EvidenceError(f"{name}：不是有效的 JSON：第{exc.lineno}行第{exc.colno}列：{exc.msg}") from exc
    if isinstance(parsed, dict):
        lists = [k for k in JSON_LIST_KEYS if isinstance(parsed.get(k), list)]
        if not lists:
            raise EvidenceError(
                f"{name}：JSON 应为记录的数组，或在 {'、'.join(JSON_LIST_KEYS)} 之一下放记录的数组。"
            )
        parsed = parsed[lists[0]]
    if not isinstance(parsed, list):
        raise EvidenceError(f"{name}：JSON 应为记录（对象）的数组。")
    return parsed


def _json(name: str, data: bytes, fields: Sequence[Field], lines: bool) -> Table:
    records = _json_records(name, data, lines)
    if not records:
        # An empty list is an export of nothing, not a file without columns.
        return Table(name, [])
    unit = "行" if lines else "条记录"
    keys: list[str] = []
    for record in records:
        if isinstance(record, dict):
            keys.extend(k for k in record if k not in keys)
    columns = _match_headers(name, keys, fields)
    rows = []
    for number, record in enumerate(records, start=1):
        where = f"第{number}{unit}"
        if isinstance(record, dict):
            rows.append(Row(where, {key: record.get(keys[i]) for key, i in columns.items()}))
        else:
            # Kept as a row so the computation reports it among the skipped ones.
            error = str(record) if isinstance(record, Exception) else "该记录不是 JSON 对象"
            rows.append(Row(where, {}, error))
    return Table(name, rows, {key: keys[i] for key, i in columns.items()})


def _has_formulas(data: bytes) -> bool:
    """True when any worksheet of the workbook holds a formula (an <f> element), read from the zip."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                with archive.open(info) as member:
                    while chunk := member.read(1 << 20):
                        if b"<f>" in chunk or b"<f " in chunk or b":f>" in chunk or b":f " in chunk:
                            return True
    return False


def _formula_book(data: bytes) -> Any:
    """The workbook again with formulas as written (openpyxl's default), for _with_formulas."""
    import openpyxl

    return openpyxl.load_workbook(io.BytesIO(data), read_only=True)


def _xlsx(name: str, data: bytes, fields: Sequence[Field]) -> Table:
    # The guarded opening every workbook reader shares (zip, cells and shared-strings bomb checks).
    try:
        book = open_workbook(data, name, EXPORT_SHEETS)
    except ReadError as exc:
        raise EvidenceError(str(exc)) from exc
    # Only a workbook with formulas is read a second time, for the formulas themselves: a formula saved
    # without its result reads as an empty cell, which is not what it is. The bytes have passed the bomb
    # checks of open_workbook above.
    formulas = _formula_book(data) if _has_formulas(data) else None
    try:
        sheet = book.worksheets[0]
        rows: Iterator[Sequence[Any]] = sheet.iter_rows(values_only=True)
        if formulas is not None:
            rows = _with_formulas(rows, formulas.worksheets[0].iter_rows(values_only=True))
        grid = ((number, row) for number, row in enumerate(rows, start=1))
        return _rows_from_grid(f"{name}（工作表“{sheet.title}”）", grid, fields)
    finally:
        book.close()
        if formulas is not None:
            formulas.close()


def _with_formulas(values: Iterator[Sequence[Any]], formulas: Iterator[Sequence[Any]]) -> Iterator[list[Any]]:
    """Rows of cached values, with a FormulaWithoutValue wherever a formula cell has no cached result."""
    for row, source in zip(values, formulas, strict=False):
        yield [
            FormulaWithoutValue(f)
            if v is None and i < len(source) and isinstance(f := source[i], str) and f.startswith("=")
            else v
            for i, v in enumerate(row)
        ]


def read_table(path: Path, fields: Sequence[Field]) -> Table:
    """Read an export (CSV, JSON, JSON lines or XLSX, by suffix) into rows of the given fields."""
    name = path.name
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        kinds = "、".join(SUFFIXES)
        raise EvidenceError(f"{name}：不支持的文件类型“{path.suffix or '无扩展名'}”，可读取：{kinds}。")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EvidenceError(f"无法读取文件 {path}：{exc.strerror or exc}") from exc
    if not data.strip():
        raise EvidenceError(f"{name}：文件为空。")
    if kind == "csv":
        return _csv(name, data, fields)
    if kind in ("json", "jsonl"):
        return _json(name, data, fields, lines=kind == "jsonl")
    return _xlsx(name, data, fields)


def count_file(path: Path, fields: Sequence[Field], count: Callable[[Table], Evidence]) -> Evidence:
    """Read an export file, count it with `count`, and attach the file's provenance and the time taken."""
    started = time.perf_counter()
    table = read_table(path, fields)
    evidence = count(table)
    evidence.inputs = [describe_file(path, records=len(table.rows))]
    evidence.elapsed_seconds = round(time.perf_counter() - started, 3)
    return evidence

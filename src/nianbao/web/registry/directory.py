"""Importing the site directory from CSV or XLSX, with a dry run saying what would change and why not."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from nianbao.io.base import ReadError
from nianbao.io.xlsx.reader import open_workbook
from nianbao.io.ziputil import SheetLimits
from nianbao.web.registry.models import Organisation, Region, SiteType, Website

# Column header → Website field. Headers are the 基本信息 labels of the report form.
COLUMNS = {
    "网站名称": "name",
    "政府网站标识码": "code",
    "首页网址": "home_url",
    "网站类型": "site_type",
    "所属地区": "region",
    "主办单位": "sponsor",
    "承办单位": "organizer",
    "网站中文域名": "cn_domain",
    "ICP备案号": "icp",
    "公安机关备案号": "psb",
    "电子标识码": "e_code",
}
REQUIRED = ("网站名称", "政府网站标识码", "首页网址", "网站类型", "所属地区", "主办单位", "承办单位")
MAX_ROWS = 20_000
# A directory has a dozen columns and MAX_ROWS rows at most; anything far beyond is refused unparsed.
DIRECTORY_SHEETS = SheetLimits(
    max_cells=(MAX_ROWS + 1) * 50,
    max_rows=MAX_ROWS + 1,
    max_shared_strings=(MAX_ROWS + 1) * 20,
    max_part_bytes=32 * 1024 * 1024,
    max_total_bytes=64 * 1024 * 1024,
)


class DirectoryError(ValueError):
    """The file as a whole cannot be read; the message says why."""


@dataclass
class Outcome:
    line: int
    code: str
    name: str
    reasons: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    created: list[Outcome] = field(default_factory=list)
    updated: list[Outcome] = field(default_factory=list)
    unchanged: list[Outcome] = field(default_factory=list)
    rejected: list[Outcome] = field(default_factory=list)
    applied: bool = False


def read_table(data: bytes, filename: str) -> list[dict[str, str]]:
    """Return the rows of a CSV or XLSX file as {header: text}; DirectoryError for an unreadable file."""
    if data.startswith(b"PK"):
        return _read_xlsx(data)
    if filename.lower().endswith((".xlsx", ".xls")):
        raise DirectoryError("文件扩展名为 Excel，但内容不是有效的 XLSX 文件（旧版 .xls 请另存为 .xlsx）")
    return _read_csv(data)


def _read_csv(data: bytes) -> list[dict[str, str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DirectoryError("无法识别 CSV 文件的编码，请另存为 UTF-8 编码")
    rows = list(csv.reader(io.StringIO(text)))
    return _as_dicts(rows)


def _read_xlsx(data: bytes) -> list[dict[str, str]]:
    # The same guarded opening as `nianbao import`, with the directory's own bounds: a zip or cells bomb
    # is refused before openpyxl parses anything.
    try:
        book = open_workbook(data, "名录文件", DIRECTORY_SHEETS)
    except ReadError as exc:
        raise DirectoryError(f"无法读取 XLSX 文件：{exc}") from None
    try:
        sheet = book.worksheets[0]
        rows = []
        for n, row in enumerate(sheet.iter_rows(values_only=True)):
            if n > MAX_ROWS:
                raise DirectoryError(f"文件超过 {MAX_ROWS} 行，请分批导入")
            rows.append(["" if v is None else str(v) for v in row])
    except DirectoryError:
        raise
    except Exception as exc:
        # Read-only mode parses the sheet while it is iterated, so a damaged sheet shows up here.
        raise DirectoryError(f"名录文件：Excel 工作簿内容损坏，无法读取（{type(exc).__name__}）") from None
    finally:
        book.close()
    return _as_dicts(rows)


def _as_dicts(rows: list[list[str]]) -> list[dict[str, str]]:
    if not rows:
        raise DirectoryError("文件为空")
    if len(rows) > MAX_ROWS + 1:
        raise DirectoryError(f"文件超过 {MAX_ROWS} 行，请分批导入")
    header = [h.strip() for h in rows[0]]
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        raise DirectoryError(f"第1行缺少列：{'、'.join(missing)}。表头应包括：{'、'.join(COLUMNS)}")
    return [
        {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header) if h in COLUMNS}
        for cells in rows[1:]
        if any(c.strip() for c in cells)
    ]


def _find_region(text: str, scope: Region) -> Region | None:
    regions = scope.subtree()
    if re.fullmatch(r"\d{6}", text):
        return regions.filter(code=text).first()
    return regions.filter(name=text).first()


def _check(row: dict[str, str], scope: Region) -> tuple[dict[str, object], list[str]]:
    reasons = []
    for header in REQUIRED:
        if not row.get(header):
            reasons.append(f"“{header}”不能为空")
    code = row.get("政府网站标识码", "")
    if code and not re.fullmatch(r"\d{10}", code):
        reasons.append(f"政府网站标识码“{code}”应为10位数字")
    url = row.get("首页网址", "")
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            reasons.append(f"首页网址“{url}”不是有效的 http(s) 网址")
    site_type = row.get("网站类型", "")
    if site_type and site_type not in SiteType.values:
        reasons.append(f"网站类型“{site_type}”应为{'、'.join(SiteType.values)}之一")
    region = _find_region(row.get("所属地区", ""), scope) if row.get("所属地区") else None
    if row.get("所属地区") and region is None:
        reasons.append(
            f"所属地区“{row['所属地区']}”不在您监管的{scope.name}范围内（可填名称或6位行政区划代码）"
        )
    fields: dict[str, object] = {COLUMNS[h]: v for h, v in row.items() if h in COLUMNS}
    fields["region"] = region
    return fields, reasons


def import_directory(rows: list[dict[str, str]], scope: Region, apply: bool) -> ImportResult:
    """Compare the rows with the registry; with apply, create and update websites in one transaction."""
    result = ImportResult(applied=apply)
    seen: dict[str, int] = {}
    with transaction.atomic():
        for n, row in enumerate(rows, start=2):
            fields, reasons = _check(row, scope)
            code = str(fields.get("code", ""))
            outcome = Outcome(n, code, str(fields.get("name", "")), reasons)
            if code in seen:
                reasons.append(f"政府网站标识码与第{seen[code]}行重复")
            seen.setdefault(code, n)
            existing = (
                Website.unscoped.filter(code=code).select_related("region", "sponsor", "organizer").first()
            )
            if existing is not None and not existing.region.path.startswith(scope.path):
                reasons.append("该标识码已登记在您监管范围以外的地区，不能修改")
            if reasons:
                result.rejected.append(outcome)
                continue
            if existing is None:
                result.created.append(outcome)
                if apply:
                    Website.unscoped.create(**_resolved(fields))
                continue
            outcome.changes = _differences(existing, fields)
            (result.updated if outcome.changes else result.unchanged).append(outcome)
            if apply and outcome.changes:
                for name, value in _resolved(fields).items():
                    setattr(existing, name, value)
                existing.save()
        if not apply:
            transaction.set_rollback(True)
    return result


def _resolved(fields: dict[str, object]) -> dict[str, object]:
    resolved = dict(fields)
    region = resolved["region"]
    for role in ("sponsor", "organizer"):
        resolved[role], _ = Organisation.objects.get_or_create(
            name=str(fields[role]), defaults={"region": region}
        )
    return resolved


def _differences(site: Website, fields: dict[str, object]) -> list[str]:
    labels = {v: k for k, v in COLUMNS.items()}
    changes = []
    for name, value in fields.items():
        current = getattr(site, name)
        current_text = current.name if hasattr(current, "name") and name != "name" else current
        new_text = value.name if isinstance(value, Region) else value
        if name == "region":
            current_text = site.region.name
        if str(current_text or "") != str(new_text or ""):
            changes.append(f"{labels[name]}：{current_text or '（空）'} → {new_text or '（空）'}")
    return changes

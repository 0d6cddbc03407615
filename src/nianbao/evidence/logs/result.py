"""The result of counting access logs: PV, UV, the daily series, exclusions, inputs and configuration."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from nianbao.evidence.logs.reference import REASON_LABELS, REASONS
from nianbao.evidence.provenance import Evidence, Exclusion, InputFile

DEFINITIONS = {
    "access.pv": "网站总访问量（PV）：本年度（按日志记录的本地日期）状态码为 2xx 或 304、"
    "方法为 GET 的页面请求次数；不含静态资源与附件（css、js、图片、字体、pdf/doc/xls 等），"
    "不含爬虫、监测与脚本的请求；同一用户对同一页面多次访问重复计算。",
    "access.uv": "独立用户访问总量（UV）：对本年度每一天，计当天有页面浏览的不同访客数，再按天求和；"
    "访客为（客户端地址，浏览器标识）组合，或按配置的访客 Cookie 值；同一用户每日多次访问只计一次。",
}


ENGINE_LABELS = {"native": "原生扫描器", "duckdb": "DuckDB", "spark": "Spark"}

RULE_LABELS = {
    "page_extensions": "页面扩展名（最后一段无扩展名的路径也是页面）",
    "resource_extensions": "资源扩展名（其他非页面扩展名同样不计）",
    "robot_patterns_crawlers": "爬虫特征（浏览器标识转小写后包含即排除；空或“-”也排除）",
    "robot_patterns_scripts": "脚本与监测特征",
    "methods": "计入的请求方法",
    "statuses": "计入的状态码",
    "visitor": "访客",
}


@dataclass
class DayFigures:
    day: dt.date
    pv: int
    uv: int


@dataclass
class SiteFigures:
    """One site's figures on a platform log (--by-site)."""

    host: str
    pv: int
    uv: int
    lines: int
    reasons: dict[str, int]
    code: str = ""
    name: str = ""


@dataclass
class FileInfo:
    name: str
    size: int
    sha256: str
    lines: int
    format: str
    gzipped: bool
    duplicate_of: str = ""


@dataclass
class LogStats:
    """PV, UV and how they were obtained, for one year."""

    year: int
    pv: int
    uv: int
    lines: int
    reasons: dict[str, int]
    days: list[DayFigures]
    files: list[FileInfo]
    malformed_examples: list[str]
    rules: dict[str, Any]
    engine: str
    seconds: float
    notes: list[str] = field(default_factory=list)
    sites: list[SiteFigures] = field(default_factory=list)

    @property
    def malformed(self) -> int:
        return self.reasons.get("malformed", 0)

    @property
    def excluded(self) -> int:
        return self.lines - self.reasons.get("page", 0)

    def to_dict(self) -> dict[str, Any]:
        """Return plain JSON data."""
        data = asdict(self)
        data["days"] = [{"day": d.day.isoformat(), "pv": d.pv, "uv": d.uv} for d in self.days]
        data["excluded"] = self.excluded
        data["definitions"] = DEFINITIONS
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def to_evidence(self) -> Evidence:
        """Return the figures as an evidence record (access.pv, access.uv) with their provenance."""
        return Evidence(
            kind="access-logs",
            year=self.year,
            figures={"access.pv": self.pv, "access.uv": self.uv},
            inputs=[
                InputFile(name=f.name, size=f.size, sha256=f.sha256, records=f.lines) for f in self.files
            ],
            records=self.lines,
            exclusions=[
                Exclusion(
                    reason=REASON_LABELS[r],
                    count=self.reasons.get(r, 0),
                    examples=self.malformed_examples if r == "malformed" else [],
                )
                for r in REASONS
                if r != "page" and self.reasons.get(r, 0)
            ],
            definitions=DEFINITIONS,
            config=self.rules,
            notes=self.notes,
            engine=self.engine,
            elapsed_seconds=self.seconds,
        )

    def render(self, show_days: bool = True) -> str:
        """Return the result as Chinese text for a terminal."""
        out: list[str] = [
            f"{self.year}年度访问日志统计（引擎：{ENGINE_LABELS.get(self.engine, self.engine)}，"
            f"用时 {self.seconds:.1f} 秒）",
            "",
        ]
        out.append(f"网站总访问量（PV）：{self.pv:,}")
        out.append(f"独立用户访问总量（UV）：{self.uv:,}")
        out.append("")
        out.append(f"读取日志 {self.lines:,} 行，其中未计入 PV 的 {self.excluded:,} 行：")
        for reason in REASONS:
            if reason == "page":
                continue
            count = self.reasons.get(reason, 0)
            share = count / self.lines * 100 if self.lines else 0.0
            out.append(f"  {REASON_LABELS[reason]}：{count:,} 行（{share:.2f}%）")
        if self.malformed_examples:
            out.append("格式不符的行（示例）：")
            out.extend(f"  {e}" for e in self.malformed_examples)
        out.append("")
        out.append("输入文件：")
        for f in self.files:
            if f.duplicate_of:
                out.append(f"  {f.name}（{f.size:,} 字节）与 {f.duplicate_of} 内容相同，已跳过，未重复计算")
            else:
                out.append(f"  {f.name}（{f.format}，{f.size:,} 字节，{f.lines:,} 行，SHA-256 {f.sha256}）")
        if self.notes:
            out.append("")
            out.append("注意：")
            out.extend(f"  {n}" for n in self.notes)
        if self.sites:
            out.append("")
            out.append("各网站：")
            out.append("  网站\t标识码\t网站名称\tPV\tUV\t日志行数")
            for s in self.sites:
                out.append(f"  {s.host}\t{s.code}\t{s.name}\t{s.pv}\t{s.uv}\t{s.lines}")
        out.append("")
        out.append("计算规则（当前配置）：")
        for key, value in self.rules.items():
            shown = "、".join(map(str, value)) if isinstance(value, list) else str(value)
            out.append(f"  {RULE_LABELS.get(key, key)}：{shown}")
        if show_days and self.days:
            out.append("")
            out.append("逐日：日期\tPV\tUV")
            out.extend(f"  {d.day.isoformat()}\t{d.pv}\t{d.uv}" for d in self.days)
        return "\n".join(out)

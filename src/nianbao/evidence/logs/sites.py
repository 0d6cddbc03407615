"""A mapping from a site's home-page host to its 标识码 and 网站名称, read from CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from nianbao.evidence.errors import EvidenceError
from nianbao.evidence.logs.groups import host_of

URL_COLUMNS = ("首页网址", "网址", "url", "home_url")
CODE_COLUMNS = ("标识码", "网站标识码", "code", "site_code")
NAME_COLUMNS = ("网站名称", "name", "site_name")


@dataclass(frozen=True)
class SiteEntry:
    host: str
    code: str
    name: str


class SiteRegistry:
    """Sites by host name."""

    def __init__(self, entries: list[SiteEntry]) -> None:
        self.by_host = {e.host: e for e in entries}

    def lookup(self, host: str) -> SiteEntry | None:
        """Return the site of a host, trying it with and without a leading www."""
        host = host_of(host)
        other = host[4:] if host.startswith("www.") else f"www.{host}"
        return self.by_host.get(host) or self.by_host.get(other)


def _host_of_url(url: str) -> str:
    url = url.strip()
    if "://" not in url:
        url = "http://" + url
    return host_of(urlsplit(url).netloc)


def _pick(row: dict[str, str], names: tuple[str, ...]) -> str:
    return next((str(row[n]).strip() for n in names if n in row and row[n] is not None), "")


def load_registry(path: Path) -> SiteRegistry:
    """Read a CSV (header row) or JSON (a list of objects) with 首页网址, 标识码 and 网站名称."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise EvidenceError(f"无法读取网站名录 {path}：{exc.strerror or exc}。") from exc
    except UnicodeDecodeError as exc:
        raise EvidenceError(f"网站名录 {path} 不是 UTF-8 文本。") from exc
    if str(path).lower().endswith(".json"):
        try:
            rows = json.loads(text)
        except ValueError as exc:
            raise EvidenceError(f"网站名录 {path} 不是有效的 JSON：{exc}") from exc
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise EvidenceError(f'网站名录 {path} 应为对象列表，例如 [{{"首页网址": ..., "标识码": ...}}]。')
    else:
        rows = list(csv.DictReader(io.StringIO(text)))
    if rows and not any(n in rows[0] for n in URL_COLUMNS):
        raise EvidenceError(
            f"网站名录 {path} 中没有首页网址列（可用列名：{'、'.join(URL_COLUMNS)}）；"
            f"现有列：{'、'.join(rows[0])}。"
        )
    entries = []
    for row in rows:
        url = _pick(row, URL_COLUMNS)
        if url:
            entries.append(
                SiteEntry(
                    host=_host_of_url(url), code=_pick(row, CODE_COLUMNS), name=_pick(row, NAME_COLUMNS)
                )
            )
    return SiteRegistry(entries)

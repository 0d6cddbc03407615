"""Match a read document to a website of the registry: by 政府网站标识码, else 首页网址, else 网站名称."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlsplit

from nianbao.web.registry.models import Website

BY_CODE, BY_URL, BY_NAME = "政府网站标识码", "首页网址", "网站名称"


def url_key(url: str) -> str:
    """Return a home page address as compared: host and path, no scheme, no www., no trailing slash."""
    text = url.strip()
    if "://" not in text:
        text = "http://" + text
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    host = (parts.hostname or "").removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}" if host else ""


@dataclass(frozen=True)
class Match:
    website: Website | None
    by: str = ""
    reason: str = ""


class Registry:
    """The websites a supervisor may import for, indexed by code, home page and name."""

    def __init__(self, websites: list[Website]) -> None:
        self.by_code = {w.code: w for w in websites}
        self.by_url: dict[str, list[Website]] = defaultdict(list)
        self.by_name: dict[str, list[Website]] = defaultdict(list)
        for w in websites:
            self.by_url[url_key(w.home_url)].append(w)
            self.by_name[w.name.strip()].append(w)

    def match(self, identity: dict[str, str]) -> Match:
        code = identity.get("basic.site_code", "")
        if code and code in self.by_code:
            return Match(self.by_code[code], BY_CODE)
        for by, key, index in (
            (BY_URL, url_key(identity.get("basic.home_url", "")), self.by_url),
            (BY_NAME, identity.get("basic.site_name", "").strip(), self.by_name),
        ):
            found = index.get(key, []) if key else []
            if len(found) == 1:
                return Match(found[0], by)
            if len(found) > 1:
                return Match(None, reason=f"{by}“{key}”对应名录中的多个网站，无法确定是哪一个")
        shown = "、".join(
            f"{label}“{identity[k]}”"
            for k, label in (
                ("basic.site_code", BY_CODE),
                ("basic.home_url", BY_URL),
                ("basic.site_name", BY_NAME),
            )
            if identity.get(k)
        )
        if not shown:
            return Match(None, reason="报表中没有政府网站标识码、首页网址或网站名称，无法对应到网站")
        return Match(None, reason=f"网站名录（您监管的地区）中没有与{shown}对应的网站")

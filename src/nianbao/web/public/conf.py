"""The portal's own particulars for the footer of every public page, as a Chinese government site shows them.

A deployment sets them in the environment (NIANBAO_PORTAL_*) or in Django settings as NIANBAO_PORTAL (a dict
with the same keys in lower case); the settings win. The defaults are obviously placeholders.
"""

from __future__ import annotations

import os

from django.conf import settings

FIELDS = {
    "name": ("NIANBAO_PORTAL_NAME", "政府网站工作年度报表集中发布专栏"),
    "sponsor": ("NIANBAO_PORTAL_SPONSOR", "示例省人民政府办公厅"),
    "site_code": ("NIANBAO_PORTAL_SITE_CODE", "0000000000"),
    "icp": ("NIANBAO_PORTAL_ICP", "示ICP备00000000号"),
    "psb": ("NIANBAO_PORTAL_PSB", "示公网安备00000000000000号"),
}


def portal() -> dict[str, str]:
    """Return the portal's name, 主办单位, 政府网站标识码, ICP备案号 and 公安机关备案号."""
    configured = getattr(settings, "NIANBAO_PORTAL", {}) or {}
    result = {}
    for key, (env, default) in FIELDS.items():
        result[key] = str(configured.get(key) or os.environ.get(env, "").strip() or default)
    return result

"""The title a deployment prints on its reports: its own region's, or the national one.

The form is the same everywhere, so no template file is needed per province: the bundled template is shown
under the region's title (nianbao.forms.Template.titled).
"""

from __future__ import annotations

from django.conf import settings

from nianbao.forms import short_region
from nianbao.web.registry.models import Region

NATIONAL = "全国"


def title_region(region: Region) -> str:
    """Return the region named in the title of reports of websites under `region` ("" for national).

    NIANBAO_REPORT_REGION decides when set (全国 means the national title); otherwise the short name of the
    top region above `region` (广西壮族自治区 → 广西).
    """
    configured = str(getattr(settings, "NIANBAO_REPORT_REGION", "") or "").strip()
    if configured:
        return "" if configured == NATIONAL else configured
    top_code = region.path.split("/", 1)[0]
    if region.parent_id is None or not top_code:
        return short_region(region.name)
    top = Region.objects.filter(code=top_code).values_list("name", flat=True).first()
    return short_region(top) if top else ""

"""信息发布 and 专题专栏 figures from a CMS export and a per-site mapping of its columns."""

from nianbao.evidence.cms.compute import CMS_FIELDS, DEFINITIONS, compute_cms, count_cms
from nianbao.evidence.cms.mapping import CATEGORIES, CmsMapping, Topic, load_mapping, parse_mapping

__all__ = [
    "CATEGORIES",
    "CMS_FIELDS",
    "DEFINITIONS",
    "CmsMapping",
    "Topic",
    "compute_cms",
    "count_cms",
    "load_mapping",
    "parse_mapping",
]

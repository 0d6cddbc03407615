"""The core validator's findings as flags for the supervisor.

Items filled in at publication (公开时间, 公开网址) are not reported missing before publication, and the
required items still blank on a report being filled are one 提示, not one error per item: the progress
board already says the report is unfinished. Codes go to the flag's code (tooltip, export), not its text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from nianbao.forms.roles import item_roles
from nianbao.forms.template import Template
from nianbao.report.findings import Finding, Severity

from .flags import ERROR, INFO, WARNING, Flag, SiteFigures, item_label

REQUIRED = "E-REQUIRED"


def explanation_key(finding: Finding) -> str:
    """Return the key under which the 填报人's explanation of a warning is kept on the report.

    The same form as nianbao.web.reporting.core.finding_key (the core cannot import the web layer).
    """
    return f"{finding.code}:{','.join(finding.items)}"


def finding_flags(
    site: SiteFigures,
    findings: Iterable[Finding],
    template: Template,
    explanations: Mapping[str, str] | None = None,
) -> list[Flag]:
    """Return the findings of one report as flags; a warning the 填报人 explained carries the explanation
    and counts less towards the report's rank (the supervisor still judges it)."""
    later = item_roles().filled_at_publication
    explanations = explanations or {}
    flags = []
    missing = []
    for finding in findings:
        items = tuple(finding.items)
        if finding.code == REQUIRED:
            if not (items and set(items) <= later and not site.published):
                missing.extend(items)
            continue
        error = finding.severity is Severity.ERROR
        note = "" if error else explanations.get(explanation_key(finding), "")
        flags.append(
            Flag(
                site.report_id,
                "finding",
                items,
                finding.message + (f"（填报人说明：{note}）" if note else ""),
                ERROR if error else WARNING,
                check="finding",
                confidence=0.9 if error else 0.25 if note else 0.5,
                code=finding.code,
                suspect=items[0] if items else "",
            )
        )
    if missing:
        names = "、".join(item_label(template, k) for k in missing[:5])
        more = f"等 {len(missing)} 项" if len(missing) > 5 else ""
        flags.append(
            Flag(
                site.report_id,
                "finding",
                tuple(missing),
                f"必填项目尚未填写：{names}{more}。",
                INFO if site.being_filled else ERROR,
                check="finding",
                confidence=0.9,
                code=REQUIRED,
                wide=True,
            )
        )
    return flags

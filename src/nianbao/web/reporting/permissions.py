"""Who may do what to a report: the roles a user holds on a website, and the rules per action."""

from __future__ import annotations

from typing import Any

from nianbao.web.registry.models import Role, RoleAssignment, Website
from nianbao.web.reporting.models import State


def roles_on(user: Any, website: Website) -> frozenset[str]:
    """Return the role codes the user holds on this website, directly or through a supervised region."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    codes: set[str] = set()
    for assignment in RoleAssignment.objects.filter(user=user).select_related("region"):
        if assignment.website_id == website.pk:
            codes.add(assignment.role)
        elif assignment.role == Role.SUPERVISOR and assignment.region is not None:
            if website.region.path.startswith(assignment.region.path):
                codes.add(Role.SUPERVISOR)
        elif assignment.role in (Role.ADMIN, Role.AUDITOR):
            codes.add(assignment.role)
    if user.is_superuser:
        codes.add(Role.ADMIN)
    return frozenset(codes)


# action: (roles allowed, states it starts from). The state it leads to is the service's business.
RULES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "save": (frozenset({Role.FILLER}), frozenset({State.DRAFT, State.RETURNED})),
    "attach": (frozenset({Role.FILLER, Role.HEAD}), frozenset(State.values) - {State.PUBLISHED}),
    "submit": (frozenset({Role.FILLER}), frozenset({State.DRAFT, State.RETURNED})),
    "review": (frozenset({Role.REVIEWER}), frozenset({State.SUBMITTED})),
    "approve": (frozenset({Role.HEAD}), frozenset({State.REVIEWED})),
    # Registering publication and starting a correction commit the unit: the 单位负责人's, as the README says.
    "publish": (frozenset({Role.HEAD}), frozenset({State.APPROVED})),
    "return": (
        frozenset({Role.REVIEWER, Role.HEAD, Role.SUPERVISOR}),
        frozenset({State.SUBMITTED, State.REVIEWED, State.APPROVED}),
    ),
    "correct": (frozenset({Role.HEAD}), frozenset({State.PUBLISHED})),
}

ACTION_LABELS = {
    "open": "创建",
    "save": "保存",
    "attach": "上传扫描件",
    "submit": "提交",
    "review": "审核通过",
    "approve": "批准",
    "publish": "公开",
    "return": "退回修改",
    "correct": "发布后更正",
}

ROLE_LABELS = dict(Role.choices)


def refusal(action: str, state: str, roles: frozenset[str]) -> str | None:
    """Return why this action is not allowed now (a Chinese message), or None when it is."""
    allowed_roles, from_states = RULES[action]
    label = ACTION_LABELS[action]
    if not roles & allowed_roles:
        who = "、".join(ROLE_LABELS[r] for r in sorted(allowed_roles))
        return f"只有本网站的{who}可以{label}本报表"
    if state not in from_states:
        return f"报表当前状态为“{State(state).label}”，不能{label}"
    return None


def allowed_actions(state: str, roles: frozenset[str]) -> list[str]:
    """Return the actions the user may take on a report in this state."""
    return [action for action in RULES if refusal(action, state, roles) is None]

"""Separation of duties: no account holds two administrator roles; the auditor changes nothing."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from nianbao.web.security.conf import int_value

ROLE_NAMES = {"admin": "系统管理员", "auditor": "审计管理员", "security": "安全管理员"}


def separated_roles() -> frozenset[str]:
    """Return the administrator roles that must sit with different people at the configured level."""
    if int_value("NIANBAO_SECURITY_LEVEL") >= 3:
        return frozenset({"admin", "auditor", "security"})
    return frozenset({"admin", "auditor"})


def check_grant(user: Any, role: str, *, is_superuser: bool | None = None) -> None:
    """Refuse to give `role` to a user who already holds another separated administrator role."""
    separated = separated_roles()
    if role not in separated:
        return
    held = set(user.roles.exclude(role=role).values_list("role", flat=True)) if user.pk else set()
    superuser = user.is_superuser if is_superuser is None else is_superuser
    if superuser:
        held.add("admin")
    clash = sorted((held & separated) - {role})
    if clash:
        names = "、".join(ROLE_NAMES[c] for c in clash)
        raise ValidationError(
            f"{user.get_username()} 已是{names}，不能再担任{ROLE_NAMES[role]}："
            "三员（管理员）角色须由不同的人担任",
            code="role_separation",
        )


def is_system_administrator(user: Any) -> bool:
    """Say whether a signed-in user is a 系统管理员 (the role, or a Django superuser)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser) or user.roles.filter(role="admin").exists()


def check_audit_grant(actor: Any, role: str) -> None:
    """Refuse a 系统管理员 (in the application) the granting of the audit role (and at level 3 the
    security role): who runs the system must not be able to choose who audits it. Such a grant is made
    by a 安全管理员, or on the server with `nianbao manage grant_auditor` (audited with the operator)."""
    guarded = {"auditor"} | ({"security"} if int_value("NIANBAO_SECURITY_LEVEL") >= 3 else set())
    if role not in guarded or not is_system_administrator(actor):
        return
    if actor.roles.filter(role="security").exists():
        return
    raise PermissionDenied(
        f"系统管理员不能授予{ROLE_NAMES[role]}角色（三员分立）：须由安全管理员授予，"
        "或在服务器上运行 nianbao manage grant_auditor 用户名"
    )


def check_password_setter(actor: Any, user: Any, password_changed: bool) -> None:
    """Refuse setting another person's password in the application (an initial password on a new
    account excepted): an administrator who could would sign in as anyone, unseen by the owner."""
    if not password_changed or actor is None or user.pk is None or actor.pk == user.pk:
        return
    raise PermissionDenied(
        "不能在系统中设置他人的口令：请本人修改；本人无法登录时，由服务器管理员运行 "
        "nianbao manage changepassword 用户名（本人下次登录时须再修改）"
    )


def is_auditor(user: Any) -> bool:
    """Say whether a signed-in user holds the audit administrator role."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_nianbao_is_auditor", None)
    if cached is None:
        cached = user.roles.filter(role="auditor").exists()
        user._nianbao_is_auditor = cached
    return cached


def refuse_auditor_write(user: Any, model_label: str) -> None:
    """Raise PermissionDenied when an auditor's request would change users, roles, the registry or reports."""
    if is_auditor(user):
        raise PermissionDenied(f"审计管理员只能查看审计记录，不能修改用户、角色、名录或报表（{model_label}）")


def can_unlock_accounts(user: Any) -> bool:
    """Say whether a user may lift login lockouts: the 安全管理员, or at level 2 the 系统管理员 too."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    roles = set(user.roles.values_list("role", flat=True))
    if "security" in roles:
        return True
    if int_value("NIANBAO_SECURITY_LEVEL") >= 3:
        return False
    return user.is_superuser or "admin" in roles

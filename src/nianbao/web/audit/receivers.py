"""Signal receivers that turn logins, logouts, account changes and report actions into audit records."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from nianbao.web.audit.models import Outcome
from nianbao.web.audit.service import record
from nianbao.web.registry.models import RoleAssignment
from nianbao.web.reporting.signals import report_action

User = get_user_model()

# Fields of a user whose change is worth a record; last_login changes with every login and is audited there.
_WATCHED_USER_FIELDS = (
    "username",
    "password",
    "is_active",
    "is_staff",
    "is_superuser",
    "email",
    "display_name",
)


@receiver(user_logged_in, dispatch_uid="audit_login_ok")
def _login_ok(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record("auth.login.ok", user=user, request=request)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    record("auth.login.failed", request=request, outcome=Outcome.FAILED, detail={"username": username})


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record("auth.logout", user=user, request=request)


@receiver(pre_save, sender=User, dispatch_uid="audit_user_before")
def _user_before(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is None:
        instance._audit_before = None
        return
    instance._audit_before = (
        User._default_manager.filter(pk=instance.pk).values(*_WATCHED_USER_FIELDS).first()
    )


@receiver(post_save, sender=User, dispatch_uid="audit_user_after")
def _user_after(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    if created:
        record("user.change", obj=instance, detail={"change": "created", "username": instance.username})
        return
    before = getattr(instance, "_audit_before", None) or {}
    changed = [name for name in _WATCHED_USER_FIELDS if before.get(name) != getattr(instance, name)]
    if not changed:
        return
    detail: dict[str, Any] = {"change": "updated", "fields": changed}
    for name in changed:
        if name != "password":  # never put a password hash into the trail
            detail.setdefault("values", {})[name] = [before.get(name), getattr(instance, name)]
    record("user.change", obj=instance, detail=detail)


@receiver(post_delete, sender=User, dispatch_uid="audit_user_deleted")
def _user_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    record("user.change", obj=instance, detail={"change": "deleted", "username": instance.username})


def _role_detail(instance: Any, change: str) -> dict[str, Any]:
    return {
        "change": change,
        "user": instance.user.get_username() if instance.user_id else None,
        "role": instance.role,
        "website_id": instance.website_id,
        "region_id": instance.region_id,
    }


@receiver(post_save, sender=RoleAssignment, dispatch_uid="audit_role_saved")
def _role_saved(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        record(
            "role.change", obj=instance, detail=_role_detail(instance, "granted" if created else "updated")
        )


@receiver(post_delete, sender=RoleAssignment, dispatch_uid="audit_role_deleted")
def _role_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    record("role.change", obj=instance, detail=_role_detail(instance, "revoked"))


# The workflow's action names, as audit codes; a save of values is an edit.
REPORT_ACTIONS = {"save": "edit"}


@receiver(report_action, dispatch_uid="audit_report_action")
def _report_action(
    sender: Any,
    report: Any,
    action: str,
    actor: Any = None,
    outcome: str = Outcome.OK,
    detail: dict[str, Any] | None = None,
    **kwargs: Any,
) -> None:
    code = f"report.{REPORT_ACTIONS.get(action, action)}"
    result = Outcome.OK if outcome == "ok" else Outcome.DENIED
    record(code, user=actor, obj=report, outcome=result, detail=detail)

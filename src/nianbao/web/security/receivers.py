"""Signal receivers: count failed logins, start and end sessions, keep roles apart, stop auditors' writes."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_save, pre_delete, pre_save
from django.dispatch import receiver

from nianbao.web.audit.context import acting_user, client_address, current_request
from nianbao.web.audit.models import Outcome
from nianbao.web.audit.service import record
from nianbao.web.registry.models import RoleAssignment
from nianbao.web.security import lockout, sessions, totp
from nianbao.web.security.models import PasswordHistory
from nianbao.web.security.separation import (
    check_audit_grant,
    check_grant,
    check_password_setter,
    refuse_auditor_write,
)

User = get_user_model()

# Apps whose rows an auditor must not change: people and roles, the registry, the reports.
GUARDED_APPS = frozenset({"registry", "reporting"})


@receiver(user_login_failed, dispatch_uid="security_count_failure")
def _count_failure(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    username = credentials.get("username", "")
    address = client_address(request)
    if lockout.note_address_failure(address):
        record("auth.address.blocked", request=request, outcome=Outcome.DENIED, detail={"address": address})
    if lockout.note_failure(username):
        record(
            "auth.lockout",
            request=request,
            outcome=Outcome.DENIED,
            detail={"username": str(username)[:150], "until": lockout.locked_until(username).isoformat()},
        )


@receiver(user_logged_in, dispatch_uid="security_start_session")
def _start_session(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if not totp.required_for(user):
        # The login is complete. With a second factor still to pass, the failures (wrong codes included)
        # are kept until a correct code: a right password alone must not reset the count of code guesses.
        lockout.clear(user.get_username())
    if request is not None and hasattr(request, "session"):
        sessions.start(request, user)


@receiver(pre_save, sender=User, dispatch_uid="security_user_checks")
def _user_checks(
    sender: Any, instance: Any, raw: bool = False, update_fields: Any = None, **kwargs: Any
) -> None:
    if raw:
        return
    if instance.is_superuser and instance.pk is not None:
        check_grant(instance, "admin", is_superuser=True)
    # update_fields == ["password"] alone is Django re-hashing a password at login (a stronger hasher) or a
    # user's own change (security.views): no one sets another person's password that way.
    if instance.pk is not None and (update_fields is None or set(update_fields) != {"password"}):
        stored = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
        changed = stored is not None and stored != instance.password
        check_password_setter(acting_user(current_request()), instance, changed)


@receiver(post_save, sender=User, dispatch_uid="security_after_user_saved")
def _after_user_saved(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    if created and instance.has_usable_password() and not instance.password_history.exists():
        # create_user() stores the hash without set_password(), so the history validator never hears of it.
        PasswordHistory.objects.create(user=instance, password=instance.password)
    if not instance.is_active:
        sessions.end_all(instance)


@receiver(pre_save, sender=RoleAssignment, dispatch_uid="security_role_separation")
def _role_separation(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        check_grant(instance.user, instance.role)
        check_audit_grant(acting_user(current_request()), instance.role)


def _own_login_bookkeeping(instance: Any, actor: Any, update_fields: Any) -> bool:
    """Say whether a save is the actor's own login stamp or own password change, which auditors may do."""
    if not isinstance(instance, User) or actor is None or instance.pk != actor.pk:
        return False
    return update_fields is not None and set(update_fields) <= {"last_login", "password"}


@receiver(pre_save, dispatch_uid="security_auditor_cannot_save")
def _auditor_cannot_save(
    sender: Any, instance: Any, raw: bool = False, update_fields: Any = None, **kwargs: Any
) -> None:
    if raw or sender._meta.app_label not in GUARDED_APPS:
        return
    actor = acting_user(current_request())
    if _own_login_bookkeeping(instance, actor, update_fields):
        return
    refuse_auditor_write(actor, sender._meta.label)


@receiver(pre_delete, dispatch_uid="security_auditor_cannot_delete")
def _auditor_cannot_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    if sender._meta.app_label in GUARDED_APPS:
        refuse_auditor_write(acting_user(current_request()), sender._meta.label)

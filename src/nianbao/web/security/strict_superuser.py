"""Django's createsuperuser with the password rules always applied.

Django's command skips the rules when the password comes from DJANGO_SUPERUSER_PASSWORD, and interactively
offers to "bypass password validation". `nianbao manage createsuperuser` runs this one instead: the same
prompts and options, but a password that breaks the rules is refused either way.
"""

from __future__ import annotations

import builtins
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth.management.commands.createsuperuser import Command as DjangoCommand
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

_BYPASS_PROMPT = "Bypass password validation"


class Command(DjangoCommand):
    def handle(self, *args: Any, **options: Any) -> None:
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        if not options.get("interactive", True) and password is not None:
            username = options.get(self.UserModel.USERNAME_FIELD) or ""
            try:
                validate_password(password, self.UserModel(**{self.UserModel.USERNAME_FIELD: username}))
            except ValidationError as exc:
                raise CommandError(
                    "DJANGO_SUPERUSER_PASSWORD 不符合口令规则：" + "；".join(exc.messages)
                ) from None
        with _no_bypass():
            super().handle(*args, **options)


@contextmanager
def _no_bypass() -> Iterator[None]:
    """Answer "no" to Django's offer to bypass the password rules, and say so in Chinese."""
    original = builtins.input

    def strict_input(prompt: object = "") -> str:
        if str(prompt).startswith(_BYPASS_PROMPT):
            print("口令不符合规则，不能跳过检查，请重新输入。")
            return "n"
        return original(prompt)

    builtins.input = strict_input
    try:
        yield
    finally:
        builtins.input = original

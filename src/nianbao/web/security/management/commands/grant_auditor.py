"""`nianbao manage grant_auditor 用户名`: make an account the 审计管理员, on the server (audited).

In the application a 系统管理员 may not grant this role (separation of duties); whoever runs commands on
the server does it here, and the audit trail names the account and the operator.
"""

from __future__ import annotations

import getpass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from nianbao.web.audit.service import record
from nianbao.web.registry.models import RoleAssignment, User


class Command(BaseCommand):
    help = "授予审计管理员角色（系统管理员不能在系统中授予；写入审计记录）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"没有用户 {options['username']}")
        try:
            role, created = RoleAssignment.objects.get_or_create(user=user, role="auditor")
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        try:
            operator = getpass.getuser()
        except (KeyError, OSError):
            operator = ""
        if created:
            record(
                "role.grant",
                obj=role,
                detail={"username": user.username, "role": "auditor", "operator": operator},
            )
        self.stdout.write(f"{user.username} {'已成为' if created else '已是'}审计管理员")

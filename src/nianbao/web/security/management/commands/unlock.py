"""`nianbao manage unlock 用户名`: lift an account's lock from the server's command line (audited).

The way back for an administrator locked out by strangers guessing at their account: whoever can run
commands on the server is trusted with the whole system already, so no password or code is asked here.
"""

from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nianbao.web.audit.service import record
from nianbao.web.security import lockout
from nianbao.web.security.models import LoginThrottle


class Command(BaseCommand):
    help = "解除账户因连续登录失败而被锁定的状态（写入审计记录）；--address 解除某客户端地址的暂停"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", nargs="?", help="被锁定的用户名")
        parser.add_argument("--address", help="被暂停登录的客户端地址（IPv4/IPv6）")

    def handle(self, *args: Any, **options: Any) -> None:
        keys = []
        if options["username"]:
            keys.append(lockout.throttle_key(options["username"]))
        if options["address"]:
            keys.append(lockout.address_key(options["address"]))
        if not keys:
            raise CommandError("请给出用户名，或用 --address 给出客户端地址")
        try:
            operator = getpass.getuser()
        except (KeyError, OSError):
            operator = ""
        for key in keys:
            removed, _ = LoginThrottle.objects.filter(username=key).delete()
            if not removed:
                self.stdout.write(f"{key}：没有失败计数或锁定，无需解除")
                continue
            record(
                "auth.unlock", detail={"username": key, "via": "nianbao manage unlock", "operator": operator}
            )
            self.stdout.write(f"已解除 {key} 的锁定和失败计数")

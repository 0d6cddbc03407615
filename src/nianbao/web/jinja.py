"""The Jinja2 environment of the pages drawn with Jinja2 (the entry and review pages): `url` and `static`
as in Django templates, and the interface's one date format."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from jinja2 import Environment, StrictUndefined


def cn_date(value: dt.date | dt.datetime | None, with_time: bool = False) -> str:
    """Return a date as the interface writes dates everywhere: 2021年1月25日 (and 14:05 when asked)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        text = f"{local.year}年{local.month}月{local.day}日"
        return f"{text} {local:%H:%M}" if with_time else text
    return f"{value.year}年{value.month}月{value.day}日"


def url(name: str, *args: Any) -> str:
    return reverse(name, args=args or None)


def environment(**options: Any) -> Environment:
    options.setdefault("undefined", StrictUndefined)  # a misspelt name fails the tests, not the page
    env = Environment(trim_blocks=True, lstrip_blocks=True, **options)
    env.globals.update(url=url, static=static)
    env.filters["cn_date"] = cn_date
    return env

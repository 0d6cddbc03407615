"""Start Django for a command that works on the web application's database."""

from __future__ import annotations

import os


def setup_django() -> None:
    """Configure Django with the production settings unless DJANGO_SETTINGS_MODULE names others."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nianbao.web.settings")
    django.setup()

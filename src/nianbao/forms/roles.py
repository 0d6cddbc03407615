"""Roles of items that the checks need beyond their type (cumulative, filled at publication, key figures).

Read from item_roles.toml beside the templates; see that file for what each role means.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class ItemRoles:
    cumulative: frozenset[str]
    filled_at_publication: frozenset[str]
    key_figures: tuple[str, ...]


@cache
def item_roles() -> ItemRoles:
    """Return the item roles shipped with nianbao."""
    text = resources.files("nianbao.forms").joinpath("item_roles.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return ItemRoles(
        cumulative=frozenset(data.get("cumulative", ())),
        filled_at_publication=frozenset(data.get("filled_at_publication", ())),
        key_figures=tuple(data.get("key_figures", ())),
    )

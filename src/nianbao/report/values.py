"""A value of one item in three states: a value, 无 (written for no data), or blank (not filled).

The form's notes say an item left empty counts as not carried out, and an item with no data is written 无.
0 is a value, not 无. The three states are kept apart from input to storage to every output.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

NONE_TEXT = "无"


class State(StrEnum):
    VALUE = "value"
    NONE = "none"
    BLANK = "blank"


@dataclass(frozen=True, slots=True)
class MultiChoice:
    """The ticked options of a multiple-choice item, and the text written after 其他 (if ticked)."""

    selected: tuple[str, ...] = ()
    other: str | None = None

    @property
    def is_empty(self) -> bool:
        return not self.selected and not self.other


# What Value.data holds for each item type when the state is VALUE. A value typed by a person that does
# not fit its type (say "abc" in a count) is kept as the string they typed, so nothing typed is lost;
# validation reports it.
Data = int | Decimal | str | bool | dt.date | MultiChoice


@dataclass(frozen=True, slots=True)
class Value:
    state: State
    data: Data | None = None

    def __post_init__(self) -> None:
        if (self.state is State.VALUE) != (self.data is not None):
            raise ValueError("a Value holds data exactly when its state is VALUE")

    @classmethod
    def of(cls, data: Data) -> Value:
        """Return a filled value."""
        return cls(State.VALUE, data)

    @property
    def is_value(self) -> bool:
        return self.state is State.VALUE

    @property
    def is_none(self) -> bool:
        return self.state is State.NONE

    @property
    def is_blank(self) -> bool:
        return self.state is State.BLANK

    def __repr__(self) -> str:
        if self.state is State.VALUE:
            return f"Value.of({self.data!r})"
        return "NONE" if self.state is State.NONE else "BLANK"


NONE = Value(State.NONE)
BLANK = Value(State.BLANK)

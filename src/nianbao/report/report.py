"""A filled report: a template and one three-state value per item."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from nianbao.forms.template import Item, Template
from nianbao.report.values import BLANK, State, Value


@dataclass
class Report:
    """A report of one website for one year, on one template. Items not in `values` are blank."""

    template: Template
    values: dict[str, Value] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = [k for k in self.values if not self.template.has_item(k)]
        if unknown:
            raise KeyError(f"模板 {self.template.id} 中没有这些项目：{', '.join(unknown)}")
        # Blank values are not stored, so two reports with the same content compare equal.
        self.values = {k: v for k, v in self.values.items() if not v.is_blank}

    def get(self, key: str) -> Value:
        """Return the value of an item (BLANK when not filled); KeyError for a key not in the template."""
        if not self.template.has_item(key):
            raise KeyError(f"模板 {self.template.id} 中没有项目 {key}")
        return self.values.get(key, BLANK)

    def set(self, key: str, value: Value) -> None:
        """Set the value of an item; setting BLANK clears it."""
        if not self.template.has_item(key):
            raise KeyError(f"模板 {self.template.id} 中没有项目 {key}")
        if value.is_blank:
            self.values.pop(key, None)
        else:
            self.values[key] = value

    def __iter__(self) -> Iterator[tuple[Item, Value]]:
        """Yield every item of the template, in printed order, with its value."""
        for item in self.template.items:
            yield item, self.values.get(item.key, BLANK)

    @property
    def year(self) -> int | None:
        """Return the report year from the header, or None when it is not a 4-digit year."""
        value = self.values.get("header.year")
        if value is not None and isinstance(value.data, str) and value.data.isdigit():
            return int(value.data)
        return None

    def counts(self) -> Mapping[State, int]:
        """Return how many items are in each of the three states."""
        result = {State.VALUE: 0, State.NONE: 0, State.BLANK: 0}
        for _, value in self:
            result[value.state] += 1
        return result

    def completeness(self) -> float:
        """Return the share of items that are filled (a value or 无), between 0 and 1."""
        counts = self.counts()
        total = sum(counts.values())
        return (counts[State.VALUE] + counts[State.NONE]) / total if total else 0.0

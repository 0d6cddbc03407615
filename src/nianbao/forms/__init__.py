"""The report form as data: versioned templates with their items, units, types, help and rules."""

from nianbao.forms.template import (
    TYPE_LABELS,
    Item,
    ItemType,
    Rule,
    Section,
    Template,
    TemplateError,
    add_template_dir,
    get_template,
    load_template_file,
    parse_template,
    report_title,
    short_region,
    template_for_year,
    template_ids,
)

__all__ = [
    "TYPE_LABELS",
    "Item",
    "ItemType",
    "Rule",
    "Section",
    "Template",
    "TemplateError",
    "add_template_dir",
    "get_template",
    "load_template_file",
    "parse_template",
    "report_title",
    "short_region",
    "template_for_year",
    "template_ids",
]

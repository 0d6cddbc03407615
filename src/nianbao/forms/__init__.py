"""The report form as data: versioned templates with their items, units, types, help and rules."""

from nianbao.forms.template import (
    Item,
    ItemType,
    Rule,
    Section,
    Template,
    TemplateError,
    get_template,
    load_template_file,
    parse_template,
    report_title,
    short_region,
    template_for_year,
    template_ids,
)

__all__ = [
    "Item",
    "ItemType",
    "Rule",
    "Section",
    "Template",
    "TemplateError",
    "get_template",
    "load_template_file",
    "parse_template",
    "report_title",
    "short_region",
    "template_for_year",
    "template_ids",
]

"""The `--template` option of the commands that read reports: a bundled template's id or a .toml file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from nianbao.forms import Template, TemplateError, get_template, load_template_file


def load_named_template(name: str) -> Template:
    """Return a bundled template (gx-2020) or one loaded from a .toml file; click's error in Chinese."""
    try:
        if name.endswith(".toml"):
            path = Path(name)
            if not path.is_file():
                raise TemplateError(f"找不到模板文件：{name}")
            return load_template_file(path)
        return get_template(name)
    except KeyError as exc:
        raise click.BadParameter(str(exc.args[0]), param_hint="--template") from None
    except (TemplateError, OSError, UnicodeDecodeError) as exc:
        raise click.BadParameter(f"无法读取模板：{exc}", param_hint="--template") from None


def _convert(ctx: click.Context, param: click.Parameter, value: str | None) -> Template | None:
    return load_named_template(value) if value else None


def template_option(function: Any) -> Any:
    """Add `--template NAME` (overriding the template worked out from the document) to a command."""
    return click.option(
        "--template",
        "template",
        metavar="NAME",
        callback=_convert,
        help="指定报表模板（内置模板编号如 gx-2020，或 .toml 模板文件），不按文件的标题、年度和项目自动选择",
    )(function)

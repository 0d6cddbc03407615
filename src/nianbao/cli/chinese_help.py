"""Help pages in Chinese: click writes its own headings and option texts ("Usage:", "Options:", "Show this
message and exit.", "[required]") in English, so a formatter puts them into Chinese as it writes them.

Every command of the tree gets a context class whose formatter is that formatter (see use_chinese_help);
the texts written by nianbao itself are already Chinese and pass through unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable

import click

HEADINGS = {
    "Options": "选项",
    "Commands": "子命令",
    "Arguments": "参数",
    "Positional arguments": "参数",
}
# Phrases click writes into the usage line and the option list, and how they read in Chinese.
USAGE_PHRASES = (("[OPTIONS]", "[选项]"), ("COMMAND [ARGS]...", "子命令 [参数]..."))
OPTION_PHRASES = (
    ("Show this message and exit.", "显示本帮助并退出。"),
    ("Show the version and exit.", "显示版本号并退出。"),
    ("[required]", "[必填]"),
    ("[default: ", "[默认："),
    ("env var: ", "环境变量："),
    ("(dynamic)", "（运行时确定）"),
)
VERSION_MESSAGE = "%(prog)s 版本 %(version)s"


def _replace_all(text: str, phrases: Iterable[tuple[str, str]]) -> str:
    for english, chinese in phrases:
        text = text.replace(english, chinese)
    return text


class ChineseHelpFormatter(click.HelpFormatter):
    """click's help formatter with its own headings and phrases in Chinese."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, _replace_all(args, USAGE_PHRASES), "用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{HEADINGS.get(heading, heading)}：\n")

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(term, _replace_all(text, OPTION_PHRASES)) for term, text in rows]
        super().write_dl(rows, col_max, col_spacing)


class ChineseContext(click.Context):
    formatter_class = ChineseHelpFormatter


def use_chinese_help(command: click.Command) -> None:
    """Give a command and every command under it help pages in Chinese."""
    command.context_class = ChineseContext
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            use_chinese_help(sub)

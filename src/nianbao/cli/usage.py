"""Command-line usage errors in Chinese: click's own messages (a missing argument, a value that is not a
number, an unknown option or subcommand) are in English, so they are rephrased here from the exception's
details, and every message ends by naming the help command to run."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any

import click

# Phrases of click's path checks and what they mean.
_PATH_PROBLEMS = {
    "does not exist": "不存在",
    "is a directory": "是一个目录，这里需要文件",
    "is a file": "是一个文件，这里需要目录",
    "is not readable": "无法读取（没有权限）",
    "is not writable": "无法写入（没有权限）",
}


def _has_chinese(text: str) -> bool:
    """Whether a message is written in Chinese (a Chinese value quoted inside an English one is not)."""
    return any("\u4e00" <= ch <= "\u9fff" for ch in re.sub(r"'[^']*'", "", text))


def _hint(exc: click.UsageError) -> str:
    hint = getattr(exc, "param_hint", None)
    if hint is None and getattr(exc, "param", None) is not None and exc.ctx is not None:
        hint = exc.param.get_error_hint(exc.ctx)  # type: ignore[attr-defined]
    if isinstance(hint, list | tuple):
        hint = " / ".join(hint)
    return (hint or "").replace("'", "")


def _expected(param_type: Any) -> str:
    if isinstance(param_type, click.Choice):
        return "应为以下之一：" + "、".join(str(c) for c in param_type.choices)
    if isinstance(param_type, click.types.IntParamType):
        return "应为整数"
    if isinstance(param_type, click.types.FloatParamType):
        return "应为数字"
    if isinstance(param_type, click.types.BoolParamType):
        return "应为 true 或 false"
    return "格式不对"


def _bad_parameter(exc: click.BadParameter) -> str:
    hint = _hint(exc)
    message = exc.message
    if _has_chinese(message):
        return f"参数 {hint} 的值无效：{message}"
    quoted = re.search(r"'([^']*)'", message)
    value = f"“{quoted.group(1)}”" if quoted else ""
    for phrase, meaning in _PATH_PROBLEMS.items():
        if phrase in message:
            return f"参数 {hint} 给出的路径{value}{meaning}。"
    param_type = exc.param.type if exc.param is not None else None
    return f"参数 {hint} 的值{value}无效：{_expected(param_type)}。"


def describe(exc: click.UsageError) -> str:
    """Return the Chinese message for a usage error, with the help command to run."""
    message = exc.message
    if isinstance(exc, click.MissingParameter):
        kind = "选项" if exc.param is not None and exc.param.param_type_name == "option" else "参数"
        text = f"缺少{kind} {_hint(exc)}。"
    elif isinstance(exc, click.NoSuchOption):
        text = f"没有选项 {exc.option_name}。"
        if exc.possibilities:
            text += f"是否想用 {'、'.join(exc.possibilities)}？"
    elif isinstance(exc, click.BadOptionUsage):
        if "requires" in message:
            text = f"选项 {exc.option_name} 后面需要给出值。"
        elif "does not take a value" in message:
            text = f"选项 {exc.option_name} 不接受值。"
        else:
            text = f"选项 {exc.option_name} 的用法不对（{message}）。"
    elif isinstance(exc, click.BadParameter):
        text = _bad_parameter(exc)
    elif (command := re.fullmatch(r"No such command '(.*)'\.", message)) is not None:
        text = f"没有子命令“{command.group(1)}”。"
    elif (extra := re.fullmatch(r"Got unexpected extra arguments? \((.*)\)", message)) is not None:
        text = f"多出了无法识别的参数：{extra.group(1)}。"
    elif _has_chinese(message):
        text = message
    else:
        text = f"用法有误（{message}）。"
    path = exc.ctx.command_path if exc.ctx is not None else "nianbao"
    return f"错误：{text}\n用“{path} --help”查看用法。"


class ChineseGroup(click.Group):
    """A click group whose usage errors, other click errors and interruptions are reported in Chinese."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            if not standalone_mode:
                raise
            click.echo(describe(exc), err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            if not standalone_mode:
                raise
            click.echo(f"错误：{exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort as exc:
            if not standalone_mode:
                raise
            click.echo("已中断。", err=True)
            # Ctrl-C exits 130 as shells expect; an answer refused at a prompt exits 1.
            sys.exit(130 if isinstance(exc.__cause__, KeyboardInterrupt) else 1)
        if not standalone_mode:
            return result
        # Without standalone mode click returns the code of an explicit exit (--help: 0), else the
        # command's return value, which standalone mode would ignore.
        sys.exit(result if isinstance(result, int) else 0)

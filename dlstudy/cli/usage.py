"""click's usage errors in dlstudy's voice: `error: …` and `hint: …` on stderr, exit code 2.

`describe` turns any click exception (unknown command or option, missing argument, bad value, extra
argument) into dlstudy's message and hint; `cli/app.py`'s group class prints them for every command
and subcommand group. Did-you-mean uses the one helper, `dlstudy.text.suggestions`.

typer 0.24 uses click; newer ones (0.28) carry a copy of it (`typer._click`) whose exceptions are other
classes: `EXC` is whichever this typer raises, and commands and options are recognised by what they
have (the copy has no Group or Option classes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer.core

from dlstudy.text import suggestions

if TYPE_CHECKING:  # checked against the typer that pyproject.toml allows at its newest (0.28: the copy)
    from typer._click import Command, Context, Parameter
    from typer._click import exceptions as EXC
else:
    EXC = (getattr(typer.core, "_click", None) or typer.core.click).exceptions


# A group is recognised by what it has (typer's copy of click has no Group class): it is typed Any.
def is_group(command: object) -> bool:
    return hasattr(command, "list_commands") and hasattr(command, "get_command")


class NoSuchCommand(EXC.UsageError):
    """An unknown command name (click before 8.4 and typer raise a plain UsageError for it)."""

    def __init__(self, command_name: str, ctx: Context):
        super().__init__(f"No such command '{command_name}'.", ctx)
        self.command_name = command_name


def _did_you_mean(close: list[str], path: str, what: str) -> str:
    if close:
        return f"did you mean: {', '.join(close)}? (or '{path} --help' for the {what})"
    return f"'{path} --help' lists the {what}"


def _options(command: Command, ctx: Context) -> dict[str, Parameter]:
    names: dict[str, Parameter] = {}
    for param in command.get_params(ctx):
        if param.param_type_name == "option" and not getattr(param, "hidden", False):
            for name in param.opts + param.secondary_opts:
                names[name] = param
    return names


def _commands(group: Any, ctx: Context) -> list[str]:
    return [n for n in group.list_commands(ctx) if not getattr(group.get_command(ctx, n), "hidden", False)]


def _owners(root: Context, option: str, skip: Command | None) -> list[str]:
    """'dlstudy review', 'dlstudy export anki', …: the commands that do have this option."""
    found: list[str] = []

    def walk(group: Any, prefix: str) -> None:
        for name in _commands(group, root):
            cmd = group.get_command(root, name)
            if is_group(cmd):
                walk(cmd, f"{prefix} {name}")
            elif cmd is not skip and option in _options(cmd, root):
                found.append(f"{prefix} {name}")

    if is_group(root.command):
        walk(root.command, root.command_path)
    return found


def _lower(message: str) -> str:
    """click's 'Missing argument 'ID'.' as dlstudy writes messages: lower case, no full stop."""
    message = message.strip().rstrip(".")
    if len(message) > 1 and message[0].isupper() and not message[1].isupper():
        message = message[0].lower() + message[1:]
    return message


def _usage(ctx: Context) -> str:
    text = " ".join(ctx.get_usage().split())
    return text.split(" ", 1)[1] if text.lower().startswith("usage:") else text


def _unknown_option(exc: EXC.NoSuchOption, ctx: Context, path: str) -> tuple[str, str]:
    name = exc.option_name
    root = ctx.find_root()
    message = f"no such option '{name}'" + (f" for '{path}'" if ctx.parent is not None else "")
    if ctx.parent is not None and name in _options(root.command, root):  # a global option after the command
        param = _options(root.command, root)[name]
        value = "" if getattr(param, "is_flag", False) else f" {param.metavar or (param.name or '').upper()}"
        rest = path.split(" ", 1)[1]
        return message, f"{name} goes before the command: '{root.command_path} {name}{value} {rest} …'"
    owners = _owners(root, name, ctx.command)
    word = name.lstrip("-")
    close = []
    if name.startswith("--") and len(word) >= 3:
        longs = {o.lstrip("-"): o for o in _options(ctx.command, ctx) if o.startswith("--")}
        close = [longs[c] for c in suggestions(word, longs, cutoff=0.6)]
    if owners and not close:
        more = ", …" if len(owners) > 3 else ""
        if ctx.parent is None:  # dlstudy --json cards
            return message, f"{name} goes after a command: " + ", ".join(f"'{o} {name}'" for o in owners[:3]) + more
        return message, (f"{name} is an option of " + ", ".join(f"'{o}'" for o in owners[:3]) + more
                         + f", not of '{path}'; see '{path} --help'")
    return message, _did_you_mean(close, path, "options")


def _bad_value_hint(exc: EXC.BadParameter, ctx: Context, path: str) -> str:
    """The option's own help line for a bad value (what it takes), else the usage line."""
    param = getattr(exc, "param", None)
    if param is not None and param.param_type_name == "option" and getattr(param, "help", None) \
            and not isinstance(exc, EXC.MissingParameter):
        name = max(param.opts, key=len)
        return f"{name}: {_lower(param.help)}; see '{path} --help'"
    return f"usage: {_usage(ctx)}; see '{path} --help'"


def describe(exc: EXC.ClickException, path: str | None = None) -> tuple[str, str | None]:
    """The `error:` message and `hint:` for a click exception; `path` ('dlstudy quiz') names the command
    when the exception does not know its context (click's parser raises some without one)."""
    ctx = getattr(exc, "ctx", None)
    if ctx is None:
        return _lower(exc.format_message()), (f"see '{path} --help'" if path else None)
    path = ctx.command_path
    command_name = getattr(exc, "command_name", None)  # ours, and click's own NoSuchCommand (8.4+)
    if command_name is not None and is_group(ctx.command):
        where = f" in '{path}'" if ctx.parent is not None else ""
        close = suggestions(command_name, _commands(ctx.command, ctx))
        return f"no such command '{command_name}'{where}", _did_you_mean(close, path, "commands")
    if isinstance(exc, EXC.NoSuchOption):
        return _unknown_option(exc, ctx, path)
    if isinstance(exc, EXC.BadParameter):
        return _lower(exc.format_message()), _bad_value_hint(exc, ctx, path)
    if isinstance(exc, EXC.UsageError):
        return _lower(exc.format_message()), f"usage: {_usage(ctx)}; see '{path} --help'"
    return _lower(exc.format_message()), None

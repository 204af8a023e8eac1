"""The dlstudy command line: the typer app, global options, and error/exit-code handling."""


import errno
import inspect
import io
import os
import sys
from typing import TYPE_CHECKING, Any, Callable, List, Optional

import typer
import typer.core
import typer.main
from typer.models import CommandInfo

from dlstudy import __version__
from dlstudy.cli.usage import EXC  # the click exceptions (or those of typer's copy of click) typer raises

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer
    from typer._click import Command as ClickCommand
    from typer._click import Context as ClickContext
    from typer._click import HelpFormatter

    from dlstudy.render.console import Consoles

EPILOG = (
    "Docs: 'dlstudy docs commands' (every command), 'dlstudy docs card-format' (cards, your own decks), "
    "'dlstudy docs json' (--json shapes). Exit codes: 0 ok, 1 a check found problems, 2 usage error, "
    "130 interrupted (143 SIGTERM, 129 SIGHUP), 141 output pipe closed."
)

# a group called without its command (dlstudy export) prints the group's help, exit 2: that stays help
_HELP_INSTEAD = EXC.NoArgsIsHelpError


def _usage_error(ctx: "ClickContext | None", exc: EXC.ClickException, path: str | None) -> typer.Exit:
    """click's usage errors (and any other click exception) as `error:` / `hint:`, with click's exit code;
    path is the command that failed when the exception does not say."""
    from dlstudy.cli.usage import describe

    message, hint = describe(exc, path)
    _consoles(getattr(exc, "ctx", None) or ctx).error(message, hint)
    return typer.Exit(exc.exit_code)


class _Group(typer.core.TyperGroup):
    """The one place errors are shown: dlstudy's own errors, click's usage errors (for every command and
    subcommand group, at parsing and at dispatch) and Ctrl-C become a message and the documented exit
    code; a bug becomes one line and a crash report."""

    def make_context(self, info_name: "str | None", args: "list[str]", parent: "ClickContext | None" = None,
                     **extra: Any) -> "ClickContext":
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except _HELP_INSTEAD:
            raise
        except EXC.ClickException as exc:  # the group's own options: dlstudy --bogus
            path = f"{parent.command_path} {info_name}" if parent is not None else info_name
            raise _usage_error(parent, exc, path) from None

    def resolve_command(self, ctx: "ClickContext", args: "list[str]"
                        ) -> "tuple[str | None, ClickCommand | None, list[str]]":
        from dlstudy.cli.usage import NoSuchCommand

        name = args[0] if args else None
        if name and not ctx.resilient_parsing and not name.startswith("-") and self.get_command(ctx, name) is None:
            raise NoSuchCommand(name, ctx)
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: "ClickContext") -> Any:
        from dlstudy.errors import DlstudyError, ExitCode

        try:
            return super().invoke(ctx)
        except _HELP_INSTEAD:
            raise
        except EXC.ClickException as exc:  # usage errors of a command or subgroup: dlstudy quiz --bogus
            sub = ctx.invoked_subcommand
            raise _usage_error(ctx, exc, f"{ctx.command_path} {sub}" if sub else ctx.command_path) from None
        except DlstudyError as exc:
            _consoles(ctx).error(exc.message, exc.hint)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt as exc:  # Ctrl-C, SIGTERM, SIGHUP (dlstudy.signals): 128 + the signal
            from dlstudy.signals import exit_code

            try:
                _consoles(ctx).err.print("\ninterrupted")
            except OSError:
                pass
            raise typer.Exit(exit_code(exc)) from None
        except OutputError as exc:  # stdout closed early (| head) or unwritable (> /dev/full)
            raise typer.Exit(_output_failed(ctx, exc)) from None
        except Exception as exc:  # noqa: BLE001 - the one place a bug becomes a message, not a traceback
            if type(exc).__module__.split(".")[0] in ("click", "typer"):
                raise  # typer.Exit and click's Abort: click turns them into their own exit codes
            from dlstudy.crash import report

            saved = report(exc, sys.argv)
            _consoles(ctx).error(f"internal error: {type(exc).__name__}: {exc}",
                                 hint=(f"a report was saved to {saved}; " if saved else "")
                                 + "your confirmed answers are saved; 'dlstudy doctor' checks your data")
            raise typer.Exit(ExitCode.PROBLEMS) from None


class _Root(_Group):
    """The top-level group: a command's module is imported, and its click object built (typer's
    introspection of its parameters, ~0.5 ms a command), only when that command is run or its help shown;
    `dlstudy --help` lists every command from the registrations (COMMANDS) alone."""

    def get_command(self, ctx: "ClickContext", cmd_name: str) -> "ClickCommand | None":
        cmd = self.commands.get(cmd_name)
        if cmd is None and cmd_name in COMMANDS:
            cmd = typer.main.get_command_from_info(command_info(cmd_name),
                                                  pretty_exceptions_short=app.pretty_exceptions_short,
                                                  rich_markup_mode=app.rich_markup_mode)
            self.commands[cmd_name] = cmd
        return cmd

    def list_commands(self, ctx: "ClickContext") -> list[str]:
        return [*COMMANDS, *(name for name in self.commands if name not in COMMANDS)]

    def format_commands(self, ctx: "ClickContext", formatter: "HelpFormatter") -> None:
        from typer._click.utils import make_default_short_help

        names = [n for n in self.list_commands(ctx) if not (command_info(n).hidden if n in COMMANDS
                                                               else getattr(self.commands[n], "hidden", False))]
        if not names:
            return
        limit = formatter.width - 6 - max(len(n) for n in names)
        rows = []
        for name in names:
            info = command_info(name) if name in COMMANDS else None
            if info is not None and name not in self.commands:
                text = inspect.cleandoc(info.short_help) if info.short_help else (
                    make_default_short_help(inspect.cleandoc(info.help), limit) if info.help else "")
            else:
                text = self.commands[name].get_short_help_str(limit)
            rows.append((name, text))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


class OutputError(OSError):
    """Writing dlstudy's own output (stdout or stderr) failed: a closed pipe, a full disk, a lost terminal."""


class _GuardedOutput(io.FileIO):
    """The raw file under sys.stdout and sys.stderr (set up by main): its write errors become
    OutputError, so that the one error handler can tell a failed print from any other OSError."""

    def write(self, data: "ReadableBuffer") -> int:
        try:
            return super().write(data)
        except OSError as exc:
            raise OutputError(exc.errno, exc.strerror) from None


class _ClosedOutput(_GuardedOutput):
    """Standard output that was closed before dlstudy started (`dlstudy cards >&-`): every write fails
    as writing to a closed descriptor does, so the one error handler says so (exit 1)."""

    def write(self, data: "ReadableBuffer") -> int:
        raise OutputError(errno.EBADF, "standard output is closed")


def _reserve_closed_descriptors() -> None:
    """Descriptors 0-2 closed when dlstudy starts are opened on /dev/null: otherwise the next file
    opened (the database) would get descriptor 1 or 2, and a print or a child process could write
    into it. sys.stdin stays None (the end of the input); a closed stdout becomes _ClosedOutput; a
    closed stderr discards what is written to it."""
    for fd, name in ((0, "stdin"), (1, "stdout"), (2, "stderr")):
        try:
            os.fstat(fd)
            continue
        except OSError:
            pass
        try:
            spare = os.open(os.devnull, os.O_RDWR)
            if spare != fd:
                os.dup2(spare, fd)
                os.close(spare)
        except OSError:
            continue
        if name == "stdout":
            sys.stdout = io.TextIOWrapper(_ClosedOutput(fd, "wb", closefd=False), encoding="utf-8",
                                          write_through=True)
        elif name == "stderr":
            sys.stderr = io.TextIOWrapper(io.FileIO(fd, "wb", closefd=False), encoding="utf-8",
                                          errors="backslashreplace", write_through=True)


def _guard_output() -> None:
    """Replace sys.stdout and sys.stderr by the same text streams over a _GuardedOutput."""
    _reserve_closed_descriptors()
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if isinstance(getattr(stream, "buffer", None), _ClosedOutput):
            continue
        try:
            fd = stream.fileno()
            stream.flush()
            raw = _GuardedOutput(fd, "wb", closefd=False)
            buffered = io.BufferedWriter(raw) if not stream.write_through else raw
            guarded = io.TextIOWrapper(buffered, encoding=stream.encoding,
                                       errors=stream.errors, line_buffering=stream.line_buffering,
                                       write_through=stream.write_through)
        except (AttributeError, ValueError, OSError):  # closed, or not a real file (tests)
            continue
        setattr(sys, name, guarded)


def _silence_stdout() -> None:
    """After stdout failed: point it at /dev/null, so the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (AttributeError, ValueError, OSError):
        pass


def _output_failed(ctx: "ClickContext | None", exc: OSError) -> int:
    """A closed pipe ends quietly with 141 (as SIGPIPE would); any other failure to write the output is
    one line on stderr (if stderr still works) and exit 1, with no crash report."""
    _silence_stdout()
    if exc.errno == errno.EPIPE:
        return 141
    try:
        _consoles(ctx).error(f"cannot write the output: {exc.strerror or exc}",
                             hint="check where the output goes (a full disk, a closed terminal?)")
    except OSError:
        pass
    return int(1)


def _consoles(ctx: "ClickContext | None") -> "Consoles":
    """The context's consoles, or plain ones when the error came before the context existed."""
    obj = getattr(ctx, "obj", None)
    if obj is not None:
        return obj.consoles
    from dlstudy.render.console import Consoles

    return Consoles()


app = typer.Typer(
    cls=_Root,
    name="dlstudy",
    help="Study deep learning for interviews: concept cards, live demos, quizzes and spaced repetition.\n\n"
    "Start with 'dlstudy cards', 'dlstudy show xavier-init', 'dlstudy demo softmax-overflow', "
    "'dlstudy quiz' or 'dlstudy review'.",
    epilog=EPILOG,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    invoke_without_command=True,
    no_args_is_help=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dlstudy {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    ctx: typer.Context,
    content: Optional[List[str]] = typer.Option(
        None, "--content", metavar="DIR",
        help="Add a folder of your own cards (repeatable); also DLSTUDY_CONTENT, os.pathsep-separated.",
    ),
    no_color: bool = typer.Option(False, "--no-color", help="Plain output without colours (also NO_COLOR=1)."),
    lang: Optional[str] = typer.Option(None, "--lang", metavar="en|zh",
                                       help="Card titles and summaries in this language where cards have them "
                                            "(also 'dlstudy config lang zh'; a command's --lang wins)."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    """Study deep learning for interviews in the terminal."""
    from dlstudy.session.context import AppContext

    ctx.obj = AppContext(content=list(content or []), no_color=no_color, lang=lang)
    ctx.obj.check_environment()
    if lang is not None:
        ctx.obj.language(lang, {})  # an unknown language: a usage error before anything runs
    if ctx.invoked_subcommand is None:
        from dlstudy.cli.dashboard import dashboard

        dashboard(ctx)


def _epilog_when_shown(make: Callable[[], str]) -> type[typer.core.TyperCommand]:
    """A command class whose epilog is made when its help is shown, not when the command is registered
    (the drill's lists the drillable demos, which reads every demo's spec: not for every start)."""

    class Command(typer.core.TyperCommand):
        @property
        def epilog(self) -> str:
            return make()

        @epilog.setter
        def epilog(self, value: str | None) -> None:
            pass

    return Command


# Every command: name -> (module under dlstudy.cli, its function, the help and epilog attributes). A module
# is imported when its command runs or its help is shown, and `dlstudy --help` imports them all for the
# listing; an epilog attribute that is a function is called when the help is shown (drill's lists demos,
# config's the settings).
COMMANDS: dict[str, tuple[str, str, str, str | None]] = {
    "cards": ("cards", "cards", "HELP", "EPILOG"),
    "show": ("show", "show", "HELP", "EPILOG"),
    "check": ("check", "check", "HELP", "EPILOG"),
    "demo": ("demo", "demo", "HELP", "EPILOG"),
    "quiz": ("quiz", "quiz", "HELP", "EPILOG"),
    "drill": ("drill", "drill", "HELP", "epilog"),
    "review": ("review", "review", "HELP", "EPILOG"),
    "schedule": ("schedule", "schedule", "HELP", "EPILOG"),
    "stats": ("stats", "stats", "HELP", "EPILOG"),
    "plan": ("plan", "plan", "HELP", "EPILOG"),
    "config": ("config", "config", "HELP", "epilog"),
    "history": ("history", "history", "HELP", "EPILOG"),
    "doctor": ("doctor", "doctor", "HELP", "EPILOG"),
    "suspended": ("suspended", "suspended", "HELP", "EPILOG"),
    "unsuspend": ("unsuspend", "unsuspend", "HELP", "EPILOG"),
    "suspend": ("suspend", "suspend", "HELP", "EPILOG"),
    "unbury": ("unbury", "unbury", "HELP", "EPILOG"),
    "flag": ("flag", "flag", "HELP", "EPILOG"),
    "forget": ("forget", "forget", "HELP", "EPILOG"),
    "reschedule": ("reschedule", "reschedule", "HELP", "EPILOG"),
    "rename": ("rename", "rename", "HELP", "EPILOG"),
    "undo": ("undo", "undo", "HELP", "EPILOG"),
    "info": ("info", "info", "HELP", "EPILOG"),
    "leeches": ("leeches", "leeches", "HELP", "EPILOG"),
    "sync": ("sync", "sync", "HELP", "EPILOG"),
    "backup": ("backup", "backup", "BACKUP_HELP", None),
    "restore": ("backup", "restore", "RESTORE_HELP", None),
    "optimize": ("optimize", "optimize", "HELP", "EPILOG"),
    "docs": ("docs", "docs", "HELP", "EPILOG"),
}
_SETTINGS: dict[str, dict[str, Any]] = {"demo": {"help_option_names": []}}  # demo's own --help lists parameters
_INFOS: dict[str, CommandInfo] = {}


def command_info(name: str) -> CommandInfo:
    """A command's registration (typer's CommandInfo), made on first use: imports its module."""
    if name not in _INFOS:
        import importlib

        module_name, function, help_attr, epilog_attr = COMMANDS[name]
        module = importlib.import_module(f"dlstudy.cli.{module_name}")
        epilog = getattr(module, epilog_attr) if epilog_attr else None
        _INFOS[name] = CommandInfo(
            name=name, callback=getattr(module, function), help=getattr(module, help_attr),
            epilog=None if callable(epilog) else epilog, cls=_epilog_when_shown(epilog) if callable(epilog) else None,
            context_settings=_SETTINGS.get(name))
    return _INFOS[name]


def _register() -> None:
    from dlstudy.cli.export import export_app

    app.add_typer(export_app, name="export", cls=_Group)  # the same errors and did-you-mean as the top level


_register()


def _tolerant_streams() -> None:
    """Invalid UTF-8 typed or piped in becomes U+FFFD instead of an exception (and a lost answer);
    text the terminal cannot show is replaced rather than crashing the print."""
    for stream, errors in ((sys.stdin, "replace"), (sys.stdout, "replace"), (sys.stderr, "backslashreplace")):
        reconfigure = getattr(stream, "reconfigure", None)  # not on a text stream we do not own (tests)
        try:
            if reconfigure is not None:
                reconfigure(errors=errors)
        except (ValueError, OSError):  # pipes closed
            pass


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    from dlstudy import signals

    _guard_output()
    _tolerant_streams()
    signals.install()
    code: int | str | None = 0
    try:
        app(args=argv, prog_name="dlstudy", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code
    except KeyboardInterrupt as exc:  # before or after a command ran
        try:
            sys.stderr.write("\ninterrupted\n")
        except OSError:
            pass
        code = signals.exit_code(exc)
    except OutputError as exc:  # printed outside a command (click's own help, --version)
        code = _output_failed(None, exc)
    try:
        sys.stdout.flush()  # output still buffered: a closed pipe or a full disk shows here
    except OSError as exc:
        code = _output_failed(None, exc) if not code else code
    sys.exit(code)

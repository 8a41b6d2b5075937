"""The Typer application and the helpers every command shares.

Everything printed goes through :data:`out` and :data:`err`, consoles with rich markup and emoji
codes turned off: a message from a plan, a data file or a plugin is printed as written (``[/bold]``
or ``[events.1]`` in a message is text, never a style).  Styles are given explicitly, with
:class:`rich.text.Text`.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.measure import Measurement
from rich.segment import Segments
from rich.table import Table
from rich.text import Text

from aspcore.errors import AspcoreError
from aspcore.io.values import parse_date
from aspcore.version import __version__

if TYPE_CHECKING:
    from aspcore.model import Finding
    from aspcore.plugins import Plugins

__all__ = [
    "SEVERITY_STYLE",
    "AdapterOption",
    "FromOption",
    "StrictOption",
    "app",
    "err",
    "finding_line",
    "friendly",
    "out",
    "parse_as_of",
    "print_plugin_failures",
    "print_table",
]

app = typer.Typer(
    name="aspcore",
    help="Check, validate and report anti-slavery partnership plans and monitoring returns.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: no markup, no type names beside the options
)
out = Console(highlight=False, soft_wrap=True, markup=False, emoji=False)
#: Wide enough for any table: the width a table printed to a file or a pipe is measured in.
_UNWRAPPED = 100_000
err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False, emoji=False)
#: How each finding severity is shown.
SEVERITY_STYLE = {"error": "bold red", "warning": "dark_orange", "info": "cyan"}

FromOption = Annotated[
    str | None,
    typer.Option(
        "--from", help="Read through an adapter: ADAPTER:PATH, e.g. ecins:export/.", metavar="TEXT"
    ),
]
AdapterOption = Annotated[
    list[str] | None,
    typer.Option("--adapter-option", "-O", help="KEY=VALUE passed to the adapter.", metavar="TEXT"),
]
StrictOption = Annotated[
    bool,
    typer.Option(
        "--strict", help="A plugin that fails stops the command (exit 2) instead of a finding."
    ),
]


def plain_help(typer_app: typer.Typer) -> None:
    """Give every command of ``typer_app`` (and of its groups) its docstring as plain help: the
    docstrings are also the code's documentation, where ````--data```` is markup, but help
    shows ``--data``."""
    for command in typer_app.registered_commands:
        if command.help is None and command.callback is not None:
            command.help = _plain(inspect.getdoc(command.callback) or "")
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            plain_help(group.typer_instance)


def _plain(text: str) -> str:
    return text.replace("``", "")


def _print_version(asked: bool) -> None:
    if asked:
        out.print(f"aspcore {__version__}")
        raise typer.Exit(0)


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print aspcore's version and exit.",
        ),
    ] = False,
) -> None:
    """The options of ``aspcore`` itself: ``--version``, and shell completion
    (``--install-completion``, ``--show-completion``), which Typer adds."""


P = ParamSpec("P")
R = TypeVar("R")


def friendly(command: Callable[P, R]) -> Callable[P, R]:
    """Turn aspcore's errors, and files that cannot be read or written (``OSError``), into a
    one-paragraph message and exit code 2 (no traceback)."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except AspcoreError as exc:
            err.print(_error(str(exc)))
            raise typer.Exit(2) from None
        except OSError as exc:  # a file that cannot be written or read: say which, and why
            where = f"{exc.filename}: " if exc.filename else ""
            err.print(_error(f"{where}{exc.strerror or exc}"))
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            err.print("interrupted")
            raise typer.Exit(130) from None

    return wrapper


def _error(message: str) -> Text:
    return Text.assemble(("error:", "bold red"), " ", message)


def finding_line(finding: Finding) -> Text:
    """One finding on one line: ``error: ECINS-001 actions.csv:12: message``."""
    severity = finding.severity.value
    return Text.assemble(
        (severity, SEVERITY_STYLE[severity]),
        f": {finding.rule} {finding.subject}: {finding.message}",
    )


def print_plugin_failures(plugins: Plugins) -> None:
    """Print on standard error, one line each, the plugins' failures (``PLUGIN-001``).

    For commands whose output has no findings of its own; the others list the failures with
    their findings.
    """
    for finding in plugins.failures:
        err.print(finding_line(finding))


def print_table(table: Table) -> None:
    """Print ``table`` on standard output, folded to the terminal's width only on a terminal.

    Piped into a file or another program, a table keeps its natural width: the default width of
    80 would fold words ("Denominat or") where nobody is looking at a terminal.
    """
    if out.is_terminal:
        out.print(table)
        return
    wide = out.options.update_width(_UNWRAPPED)
    natural = out.options.update_width(Measurement.get(out, wide, table).maximum)
    out.print(Segments(out.render(table, natural)))


def parse_as_of(text: str | None) -> dt.date:
    """The ``--as-of`` date, or today in Europe/London when not given (only the CLI defaults)."""
    if text is None:
        from aspcore.periods import today_london

        today: dt.date = today_london()
        return today
    try:
        day = parse_date(text)
    except ValueError as exc:
        err.print(_error(f"--as-of: {exc}"))
        raise typer.Exit(2) from None
    if day is None:
        err.print(_error("--as-of needs a date, YYYY-MM-DD"))
        raise typer.Exit(2)
    return day


def write_json(text: str) -> None:
    """Write JSON (or XML) to standard output exactly as given, and a newline."""
    write_raw(text + "\n")


def write_raw(text: str) -> None:
    """Write ``text`` to standard output exactly as given (no wrapping, no markup); a lone
    surrogate a hostile file brought in is replaced, never a crash."""
    sys.stdout.write(text.encode("utf-8", "replace").decode("utf-8"))

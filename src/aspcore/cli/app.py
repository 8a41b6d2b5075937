"""The Typer application and the helpers every command shares."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable
from typing import Annotated, ParamSpec, TypeVar

import typer
from rich.console import Console

from aspcore.errors import AspcoreError
from aspcore.io.values import parse_date

__all__ = ["AdapterOption", "FromOption", "app", "err", "friendly", "out", "parse_as_of"]

app = typer.Typer(
    name="aspcore",
    help="Check, validate and report anti-slavery partnership plans and monitoring returns.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

FromOption = Annotated[
    str | None,
    typer.Option("--from", help="Read through an adapter: ADAPTER:PATH, e.g. ecins:export/."),
]
AdapterOption = Annotated[
    list[str] | None,
    typer.Option("--adapter-option", "-O", help="KEY=VALUE passed to the adapter."),
]

P = ParamSpec("P")
R = TypeVar("R")


def friendly(command: Callable[P, R]) -> Callable[P, R]:
    """Turn aspcore's errors into a one-paragraph message and exit code 2 (no traceback)."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except AspcoreError as exc:
            err.print(f"[bold red]error:[/] {exc}", markup=True)
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            err.print("interrupted")
            raise typer.Exit(130) from None

    return wrapper


def parse_as_of(text: str | None) -> dt.date:
    """The ``--as-of`` date, or today in Europe/London when not given (only the CLI defaults)."""
    if text is None:
        from aspcore.periods import today_london

        today: dt.date = today_london()
        return today
    try:
        day = parse_date(text)
    except ValueError as exc:
        err.print(f"error: --as-of: {exc}")
        raise typer.Exit(2) from None
    if day is None:
        err.print("error: --as-of needs a date, YYYY-MM-DD")
        raise typer.Exit(2)
    return day


def write_json(text: str) -> None:
    """Write JSON to standard output exactly as given (no wrapping, no markup)."""
    sys.stdout.write(text + "\n")

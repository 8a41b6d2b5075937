"""Running plugin code so that what goes wrong in it stays the plugin's failure, not the run's.

What every caller of plugin code shares (the plugin manager calling hooks, the engine running
rules, and the readers, renderers and adapters plugins register):

* :data:`ESCAPES`: what plugin code may raise and still be reported as its failure.  Every
  ``Exception``, and ``SystemExit`` and ``GeneratorExit``: a plugin has no business ending the
  command, and ``sys.exit()`` in one would otherwise end it with no word of why.
  ``KeyboardInterrupt`` is not caught: aspcore cannot tell a user's Ctrl-C from one a plugin
  raises, and a Ctrl-C must stop the command.  Other ``BaseException`` subclasses are not caught
  either: they are frameworks' control flow (a test runner's skip, a green thread's exit).
* :func:`describe`: how a message names an exception, by its type.  Its text is left out (a
  plugin's exception may quote the row of case data it was handling, and messages are printed,
  stored with the findings and published), except for an exception raised on purpose to
  explain itself: aspcore's own errors (:class:`~aspcore.errors.AspcoreError`, whose messages
  are written for the reader: an invalid ruleset parameter or shipped file, a call that gave
  no answer in time) and pluggy's account of a plugin that does not match the hooks.  A plugin
  that raises an aspcore error chooses to have its message shown.
* :func:`call_with_limit`: a call that gives up waiting after a time limit (see there).
"""

from __future__ import annotations

import contextvars
import math
import os
import threading
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

import pluggy

from aspcore.errors import AspcoreError, PluginError

__all__ = [
    "ESCAPES",
    "TIMEOUT_ENV",
    "TimeLimitError",
    "call_with_limit",
    "describe",
    "summary",
    "timeout_of",
]

T = TypeVar("T")

#: What plugin code may raise and still be reported as its failure (see the module's docstring).
ESCAPES: tuple[type[BaseException], ...] = (Exception, SystemExit, GeneratorExit)

#: The environment variable giving each hook call's time limit in seconds.
TIMEOUT_ENV = "ASPCORE_PLUGIN_TIMEOUT"


class TimeLimitError(AspcoreError, TimeoutError):
    """A call gave no answer within its time limit; its thread may still be running."""

    code: ClassVar[str] = "TIME-LIMIT"

    def __init__(self, limit: float) -> None:
        super().__init__(f"no answer within {limit:g} s; the result is ignored")
        self.limit = limit


def summary(exc: BaseException) -> str:
    """The type of ``exc`` as a message names it: ``ValueError``, ``RulesetError``,
    ``requests.exceptions.ConnectionError`` (qualified unless built in or aspcore's own).

    Never the exception's text, which may hold data (see the module's docstring).
    """
    kind = type(exc)
    module = kind.__module__
    if module == "builtins" or module == "aspcore" or module.startswith("aspcore."):
        return kind.__qualname__
    return f"{module}.{kind.__qualname__}"


def describe(exc: BaseException) -> str:
    """:func:`summary`, with the text (on one line) of an exception that explains itself
    (aspcore's own errors, pluggy's validation of a plugin: see the module's docstring)."""
    if isinstance(exc, AspcoreError | pluggy.PluginValidationError):
        return f"{summary(exc)}: {' '.join(str(exc).split())}"
    return summary(exc)


def timeout_of(value: float | None) -> float | None:
    """A time limit in seconds: ``value``, or else :data:`TIMEOUT_ENV`; ``None`` for none.

    Unset, empty, ``0`` or infinite means no limit; anything else must be a positive number of
    seconds, or :class:`PluginError` says what was found.
    """
    source = "timeout" if value is not None else TIMEOUT_ENV
    raw: object = value if value is not None else os.environ.get(TIMEOUT_ENV, "").strip()
    if raw in ("", 0):
        return None
    try:
        limit = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        limit = -1.0
    if not limit >= 0:  # negative, or not a number (NaN included)
        raise PluginError(f"{source} must be a number of seconds (0 for none), found {raw!r}")
    return limit if 0 < limit < math.inf else None


def call_with_limit(function: Callable[..., T], limit: float | None, **kwargs: Any) -> T:
    """``function(**kwargs)``, or :class:`TimeLimitError` once ``limit`` seconds have passed.

    With a limit the call runs in a worker thread (with a copy of the caller's context
    variables) and the caller waits for it at most ``limit`` seconds; what it raises is raised
    here.  A thread cannot be killed: a call that gives no answer in time is left running in
    the background (a daemon thread, so it does not keep the process alive) and whatever it
    returns later is ignored.  It still holds what it holds (memory, files, connections), so
    the limit is a way to finish the command and report the plugin, not to stop it.  Without
    a limit the call runs in the caller's thread.
    """
    if limit is None:
        return function(**kwargs)
    outcome: list[tuple[bool, Any]] = []

    def work() -> None:
        try:
            outcome.append((True, function(**kwargs)))
        except BaseException as exc:  # handed to the caller, which decides what to catch
            outcome.append((False, exc))

    name = f"aspcore-plugin-{getattr(function, '__qualname__', 'call')}"
    worker = threading.Thread(
        target=contextvars.copy_context().run, args=(work,), name=name, daemon=True
    )
    worker.start()
    worker.join(limit)
    if not outcome:
        raise TimeLimitError(limit)
    finished, value = outcome[0]
    if not finished:
        raise value
    return value  # type: ignore[no-any-return]

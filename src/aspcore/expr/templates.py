"""Reason templates: one sentence with named numbers, written once and rendered anywhere.

A built-in decision's reason is a template such as ``"the action is due in {days_to_due}
day(s)"``.  The per-plan engine renders it with the numbers of one record
(:meth:`Template.render`); the batch API renders the same template over a frame, with the
numbers' text columns (:meth:`Template.to_narwhals`).  So the words exist once, and the two
engines cannot word a reason differently.  Placeholders are plain names: no format
specifications or conversions, since each engine writes its numbers' text itself.
"""

from __future__ import annotations

import string
from collections.abc import Mapping

import attrs
import narwhals as nw

__all__ = ["Template", "escape"]


def escape(text: str) -> str:
    """``text`` as literal words of a template: braces doubled, so a name from a ruleset or a
    plugin (a scheme, a factor, a label) is never read as a placeholder."""
    return text.replace("{", "{{").replace("}", "}}")


@attrs.frozen
class Template:
    """A sentence with ``{name}`` placeholders.  Build it with :meth:`parse`."""

    text: str
    #: The literal texts and placeholder names, in order: ``(literal, name or None)`` pairs.
    parts: tuple[tuple[str, str | None], ...] = attrs.field(eq=False, repr=False)
    #: The placeholders' names.
    names: frozenset[str] = attrs.field(eq=False, repr=False)

    @classmethod
    def parse(cls, text: str) -> Template:
        """The template of ``text``; raises :class:`ValueError` for a placeholder that is not a
        plain name (``{days:.1f}``, ``{0}``, ``{a!r}``) or an unmatched brace."""
        parts: list[tuple[str, str | None]] = []
        try:
            pieces = list(string.Formatter().parse(text))
        except ValueError as exc:
            raise ValueError(f"template {text!r}: {exc}") from None
        for literal, name, spec, conversion in pieces:
            if name is not None and (not name.isidentifier() or spec or conversion):
                raise ValueError(f"template {text!r}: {{{name}}} is not a plain name")
            parts.append((literal, name))
        names = frozenset(name for _, name in parts if name is not None)
        return cls(text, tuple(parts), names)

    def render(self, values: Mapping[str, str]) -> str:
        """The sentence with each placeholder replaced by its text in ``values``."""
        return "".join(
            literal if name is None else literal + values[name] for literal, name in self.parts
        )

    def to_narwhals(self, values: Mapping[str, nw.Expr]) -> nw.Expr:
        """The sentence as a text column, from text columns of the placeholders' values."""
        pieces: list[nw.Expr] = []
        for literal, name in self.parts:
            if literal:
                pieces.append(nw.lit(literal, nw.String))
            if name is not None:
                pieces.append(values[name])
        if len(pieces) == 1 and not self.names:
            return pieces[0]
        return nw.concat_str(pieces) if pieces else nw.lit("", nw.String)

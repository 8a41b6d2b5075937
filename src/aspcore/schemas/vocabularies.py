"""Controlled vocabularies that return columns are checked against.

Each :class:`Vocabulary` has canonical values and the other spellings partnerships write; text
is compared case-, space- and separator-insensitively (``Domestic Servitude`` →
``domestic-servitude``).  The action status and RAG vocabularies are the domain model's own
(:mod:`aspcore.model.vocab`), with its aliases; the NRM vocabularies follow the dimensions of
the National Referral Mechanism statistics.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping

import attrs

from aspcore.model.personal import misspelling
from aspcore.model.vocab import ActionStatus, PathwayStage, Rag, normalise, parse_vocab

__all__ = ["VOCABULARIES", "Vocabulary", "vocabulary"]


@attrs.frozen
class Vocabulary:
    """Canonical values and aliases; :meth:`canonical` maps written text to a value or None."""

    name: str
    values: tuple[str, ...]
    aliases: Mapping[str, str] = attrs.field(factory=dict)
    parser: Callable[[str], str | None] | None = attrs.field(default=None, eq=False)

    def canonical(self, text: object) -> str | None:
        """The canonical value ``text`` names, or ``None`` when it names none."""
        if not isinstance(text, str) or not text.strip():
            return None
        if self.parser is not None:
            return self.parser(text)
        key = normalise(text)
        key = self.aliases.get(key, key)
        return key if key in self.values else None

    def quotable(self, text: object, separator: str | None = None) -> bool:
        """Whether ``text``, found where a value of this vocabulary belongs, may be quoted.

        A word of the vocabulary may, and so may a likely misspelling of one (``recovry``, by
        :func:`aspcore.model.personal.misspelling`).  Anything else may be personal data (a
        name typed into the wrong column) and must not be shown.  With ``separator``, every
        part must be quotable.
        """
        parts = str(text).split(separator) if separator else [str(text)]
        return all(
            self.canonical(part) is not None or misspelling(part.strip(), self.values) is not None
            for part in parts
        )


def _from_enum(name: str, enum_type: type[enum.StrEnum]) -> Vocabulary:
    def parse(text: str) -> str | None:
        member = parse_vocab(enum_type, text)
        return None if member is None else member.value

    return Vocabulary(name, tuple(m.value for m in enum_type), parser=parse)


_EXPLOITATION_ALIASES = {
    "labour-exploitation": "labour",
    "labor": "labour",
    "labor-exploitation": "labour",
    "sexual-exploitation": "sexual",
    "criminal-exploitation": "criminal",
    "domestic": "domestic-servitude",
    "organ-removal": "organ-harvesting",
    "not-specified": "unknown",
    "not-specified-or-unknown": "unknown",
    "unknown-exploitation": "unknown",
}

#: Every vocabulary a built-in schema uses, by name.
VOCABULARIES: dict[str, Vocabulary] = {
    vocab.name: vocab
    for vocab in (
        _from_enum("action-status", ActionStatus),
        _from_enum("rag", Rag),
        _from_enum("pathway-stage", PathwayStage),
        Vocabulary(
            "exploitation-type",
            ("domestic-servitude", "labour", "sexual", "criminal", "organ-harvesting", "unknown"),
            _EXPLOITATION_ALIASES,
        ),
        Vocabulary(
            "nrm-table-row",
            (
                "domestic-servitude",
                "labour",
                "sexual",
                "criminal",
                "organ-harvesting",
                "unknown",
                "total",
            ),
            _EXPLOITATION_ALIASES | {"totals": "total", "grand-total": "total", "all": "total"},
        ),
        Vocabulary("sex", ("female", "male", "other"), {"f": "female", "m": "male"}),
        Vocabulary(
            "age-group",
            ("adult", "child", "unknown"),
            {"minor": "child", "under-18": "child", "18+": "adult", "not-recorded": "unknown"},
        ),
        Vocabulary("competent-authority", ("sca", "ieca")),
        Vocabulary("location", ("uk", "overseas", "both")),
        Vocabulary(
            "referral-type",
            ("nrm", "duty-to-notify"),
            {"dtn": "duty-to-notify", "ms1": "duty-to-notify"},
        ),
        Vocabulary(
            "decision",
            ("positive", "negative", "pending", "withdrawn"),
            {"yes": "positive", "no": "negative", "awaiting": "pending"},
        ),
    )
}


def vocabulary(name: str, values: tuple[str, ...] = ()) -> Vocabulary:
    """The vocabulary called ``name``; an unknown name with ``values`` (from an export) is built."""
    found = VOCABULARIES.get(name)
    if found is not None:
        return found
    return Vocabulary(name, tuple(normalise(value) for value in values))

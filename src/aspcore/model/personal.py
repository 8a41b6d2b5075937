"""What may be personal data, and which values of it a message may quote.

Case data and returns hold people's details, and a name can slip into any column (a row shifted
by one, an identifier typed where a stage belongs).  Messages, findings and published outputs
must never carry one, so two things are defined here, once:

* :data:`NAME_LIKE`, the shape of text that looks like a person's name;
* :func:`misspelling`: when a value that is not a word of a vocabulary may still be quoted,
  because it is a likely misspelling of one (``recovry``: did you mean recovery?).  Anything
  else (``limbo``, ``smith``, ``Mary Jones``) may be personal and is counted, never shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from aspcore.model.vocab import suggest

__all__ = ["MISSPELT", "NAME_LIKE", "misspelling"]

#: Letters of the alphabets names are written in: Latin (with its accented and extended
#: letters), Greek, Cyrillic, Hebrew and Arabic, and combining accents.  Written as characters,
#: not classes such as ``\p{L}``, which Python's ``re`` (pandas) lacks.
_LETTER = (
    "A-Za-z\u00aa\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0300-\u036f"
    "\u0370-\u03ff\u0400-\u04ff\u05d0-\u05ea\u0621-\u064a\u1e00-\u1eff"
)
#: What separates the words of a name: spaces, full stops, commas, apostrophes and hyphens.
_NAME_PUNCTUATION = " .,'\u2019\\-"
_INITIAL, _WORD, _LONG_WORD = f"[{_LETTER}]", f"[{_LETTER}]+", f"[{_LETTER}]{{2,}}"
_BETWEEN = f"[{_NAME_PUNCTUATION}]+"
#: A person id that looks like a real name: only letters and name punctuation, no digit, and at
#: least two words of two letters or more, in any case (``Jane Smith``, ``JOHN O'BRIEN``,
#: ``smith.jane``, ``Smith, Jane``, ``José Núñez``).  Pseudonyms (``p-`` and hex digits) and
#: ids such as ``P000123`` never match.  The first two long words are found as the first two
#: (only initials may come before them), so there is one way to match and every engine,
#: Python's backtracking ``re`` included, takes time linear in the text; no look-around.
NAME_LIKE = (
    f"^[{_NAME_PUNCTUATION}]*(?:{_INITIAL}{_BETWEEN})*{_LONG_WORD}{_BETWEEN}"
    f"(?:{_INITIAL}{_BETWEEN})*{_LONG_WORD}(?:{_BETWEEN}{_WORD})*[{_NAME_PUNCTUATION}]*$"
)

#: The shape of a value that may be quoted as a misspelling: one lower-case word, as vocabulary
#: words are written (``recovry``, ``sustainable_fredom``); a capital or a space may be a name.
_TOKEN = re.compile(r"[a-z][a-z0-9_-]{0,29}")
#: How close (difflib's ratio) a value must be to a vocabulary word to be quoted as a
#: misspelling of it: ``recovry`` is (0.93 to ``recovery``), a surname such as ``preston`` is
#: not (0.71 to ``prevention``).
MISSPELT = 0.8


def misspelling(text: object, words: Iterable[str]) -> str | None:
    """The word of ``words`` that ``text`` misspells, when ``text`` is safe to quote.

    Safe means one lower-case vocabulary-like word, not shaped like a name, and close to a
    word of the vocabulary (:data:`MISSPELT`).  Anything else gives ``None``: the value may be
    personal data shifted into the column and must not be shown.
    """
    if not isinstance(text, str) or not _TOKEN.fullmatch(text) or re.search(NAME_LIKE, text):
        return None
    return suggest(words, text, cutoff=MISSPELT)

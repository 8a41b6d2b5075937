"""Person identifiers are replaced before anything leaves the adapter.

With a key (from the environment variable the mapping names, ``ASPCORE_PSEUDONYM_KEY`` by
default) a person id becomes aspcore's keyed pseudonym (``p-`` and the first 16 hex digits of
its HMAC-SHA256, from :mod:`aspcore.indicators.pseudonymise`), the same as ``aspcore
pseudonymise`` gives, so one person's events join across agencies and exports.  Without a key,
ids are numbered ``p-0001``, ``p-0002``, ... in order of first appearance: safe and
deterministic, but valid for one export only (the adapter says so in a finding).  The raw ids
are held in memory only to scrub them out of free text.
"""

from __future__ import annotations

import re

from aspcore.indicators.pseudonymise import pseudonym

__all__ = ["Pseudonyms"]


class Pseudonyms:
    """Turns raw person ids into pseudonyms and finds raw ids left in free text."""

    def __init__(self, key: bytes | None) -> None:
        self._key = key
        self._seen: dict[str, str] = {}
        self._pattern: re.Pattern[str] | None = None

    @property
    def keyed(self) -> bool:
        """True when pseudonyms are keyed hashes (stable across exports)."""
        return self._key is not None

    def __call__(self, raw: str) -> str:
        """The pseudonym of ``raw``."""
        if raw not in self._seen:
            if self._key is not None:
                self._seen[raw] = pseudonym(raw, self._key)
            else:
                self._seen[raw] = f"p-{len(self._seen) + 1:04d}"
            self._pattern = None
        return self._seen[raw]

    def scrub(self, text: str) -> tuple[str, int]:
        """``text`` with every raw id seen so far replaced by its pseudonym, and how many."""
        if not self._seen:
            return text, 0
        if self._pattern is None:
            ids = sorted(self._seen, key=len, reverse=True)
            self._pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, ids)) + r")(?!\w)")
        return self._pattern.subn(lambda m: self._seen[m.group(1)], text)

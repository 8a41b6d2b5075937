"""SMART Specific: does an objective's statement say what will be done, for whom or how much?

Guide, section 3: "Specific - Goals must be clear and not vague; easy to understand".  The
guide sets no length, and its own example goal is four words: "a goal to 'reintegrate survivors
into society' might be measured by 'percent of survivors in long-term employment'".  So the
statement is judged on what it says: a verb saying what will be done, made concrete by a target
group, a quantity, or an indicator with a target linked to the objective.  Word lists are
parameters (``[params.smart]``); this module only reads them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["ACTION_VERBS", "specific_reasons"]

#: Default ``action_verbs``: the verbs opening the guide's objectives and actions (section 3's
#: "reintegrate" and "raise", Tables 2 and 3, Examples 1 and 2), then common planning verbs.
ACTION_VERBS: tuple[str, ...] = (
    # The guide's objectives and actions.
    "reintegrate",
    "raise",
    "combat",
    "prosecute",
    "disrupt",
    "prevent",
    "protect",
    "identify",
    "safeguard",
    "support",
    "develop",
    "improve",
    "work",
    "target",
    "decrease",
    "reduce",
    "conduct",
    "make",
    "take",
    "implement",
    "ensure",
    "provide",
    "publish",
    "publicise",
    "deliver",
    "liaise",
    "engage",
    "establish",
    "encourage",
    "utilise",
    "build",
    "empower",
    "enhance",
    "accommodate",
    "record",
    "respond",
    "get",
    # Common planning verbs.
    "increase",
    "halve",
    "double",
    "train",
    "share",
    "map",
    "monitor",
    "review",
    "agree",
    "coordinate",
    "recruit",
    "refer",
    "assess",
    "create",
    "launch",
    "run",
    "hold",
    "produce",
    "collect",
    "report",
    "evaluate",
    "reach",
    "inform",
    "educate",
    "maintain",
    "expand",
    "strengthen",
    "promote",
    "tackle",
)

#: Quantities written in words ("halve re-trafficking", "two hubs"); digits count too.
_NUMBER_WORDS = frozenset(
    {
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "twelve",
        "twenty",
        "fifty",
        "hundred",
        "half",
        "halve",
        "double",
        "twice",
    }
)


def _says(phrases: Iterable[str], text: str) -> bool:
    """Whether ``text`` holds any of ``phrases`` as whole words."""
    return any(re.search(rf"\b{re.escape(p)}\b", text) for p in phrases)


def _verb_forms(verb: str) -> set[str]:
    """A verb and its regular inflections (``raise`` → raises, raised, raising)."""
    if verb.endswith("e"):
        return {verb, f"{verb}s", f"{verb}d", f"{verb[:-1]}ing"}
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return {verb, f"{verb[:-1]}ies", f"{verb[:-1]}ied", f"{verb}ing"}
    return {verb, f"{verb}s", f"{verb}ed", f"{verb}ing"}


def _has_quantity(text: str) -> bool:
    return bool(re.search(r"\d", text)) or _says(_NUMBER_WORDS, text)


def specific_reasons(
    statement: str,
    *,
    has_targeted_indicator: bool,
    action_verbs: Iterable[str],
    target_groups: Iterable[str],
    vague_terms: Iterable[str],
) -> list[str]:
    """Why ``statement`` is not specific (empty when it is).

    It must name an action (one of ``action_verbs``, inflected or not) and make it concrete: a
    target group (whole words, plural ``s``/``es`` allowed), a quantity (digits or number words),
    or an indicator with a target linked to the objective.  ``vague_terms`` it uses are named in
    the reason, so the author sees which words say nothing.
    """
    text = statement.lower()
    reasons: list[str] = []
    if not any(_says(_verb_forms(v), text) for v in action_verbs):
        reasons.append("it names no action (no verb from action_verbs)")
    concrete = (
        _has_quantity(text)
        or any(_says({g, f"{g}s", f"{g}es"}, text) for g in target_groups)
        or has_targeted_indicator
    )
    if not concrete:
        vague = [t for t in vague_terms if re.search(rf"\b{re.escape(t)}", text)]
        says = f"it uses vague terms ({', '.join(vague)}) and" if vague else "it"
        reasons.append(f"{says} names no target group, no quantity and no indicator with a target")
    return reasons

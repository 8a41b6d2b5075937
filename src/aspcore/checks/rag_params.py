"""The ``[params.rag]`` table checked as the RAG rules read it, for ``aspcore rulesets lint``.

Each RAG rule reads its parameters when it runs, through the functions called here: the action
thresholds (:meth:`~aspcore.rag.ActionThresholds.from_params`), the indicator scheme and its
bands (:func:`~aspcore.rag.scheme_from_params`), the trend parameters and the roll-up policy
(:meth:`~aspcore.rag.RollupPolicy.from_params`).  Calling the same functions here, once, lets
lint report a value ``aspcore check`` would refuse (a gap between bands, amber above red) before
any plan is checked, with no second definition of what is valid.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from aspcore.plugins import manager_or_default
from aspcore.rag import ActionThresholds, RollupPolicy, scheme_from_params
from aspcore.rag.params import number, table, text_list
from aspcore.rag.scheme_files import registered_schemes
from aspcore.rag.schemes import parse_scheme

if TYPE_CHECKING:
    from aspcore.plugins import Plugins

__all__ = ["check_rag_params"]


def check_rag_params(params: Mapping[str, Any], plugins: Plugins | None) -> None:
    """Raise :class:`~aspcore.errors.RulesetError` for the first ``[params.rag]`` value the RAG
    rules could not use; every scheme the ruleset defines is checked, used or not."""
    ActionThresholds.from_params(params)
    scheme_from_params(params, registered_schemes(manager_or_default(plugins)))
    for name, raw in table(params, "schemes").items():
        parse_scheme(str(name), raw)
    text_list(params, "average_units")
    number(params, "unchanged_tolerance", low=0)
    RollupPolicy.from_params(params)

"""One run of the monitoring cycle: a plan rated from its returns and data, then evaluated.

A :class:`Session` resolves what every step shares once (the reference date, the ruleset, the
plugin manager, what its plugins registered and whether plugin failures are fatal) and then
runs the steps in one direction: the plan as read, with the returns held in a store as
observations (:func:`aspcore.monitoring.with_returns`), then with its computed indicators'
values from case data (:func:`aspcore.indicators.compute_indicators`), then evaluated
(:func:`aspcore.rules.evaluate`).  ``aspcore check`` and ``aspcore report`` are this call
between parsing their options and printing or writing what it gives::

    session = Session.open(as_of=datetime.date(2018, 11, 30), ruleset="iasc-default")
    evaluation = session.rate(aspcore.load_plan("plan.yaml"), store="returns.duckdb")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from aspcore.errors import require_date
from aspcore.model import Finding, Plan
from aspcore.plugins import Plugins, manager_or_default
from aspcore.registries import Registries
from aspcore.rules import Evaluation, Ruleset, evaluate, resolve_ruleset

__all__ = ["Session"]


@attrs.frozen
class Session:
    """The reference date, ruleset and plugins of one run, resolved once (:meth:`open`)."""

    as_of: dt.date
    ruleset: Ruleset
    plugins: Plugins
    strict: bool

    @property
    def registries(self) -> Registries:
        """What the session's plugins registered (rules, rulesets, schemes, schemas, measures,
        renderers, adapters, return readers), read once per manager."""
        return Registries.of(self.plugins)

    @classmethod
    def open(
        cls,
        *,
        as_of: dt.date,
        ruleset: str | Path | Ruleset | None = None,
        plugins: Plugins | None = None,
        strict: bool | None = None,
    ) -> Session:
        """A session at ``as_of`` under ``ruleset`` (default ``iasc-default``).

        ``plugins=None`` is the shared default manager; ``strict`` defaults to the manager's.
        An ``as_of`` that is not a date (a datetime included) raises ``TypeError``; a ruleset
        that cannot be used raises :class:`~aspcore.errors.RulesetError`.
        """
        require_date(as_of)
        manager = manager_or_default(plugins)
        return cls(
            as_of=as_of,
            ruleset=resolve_ruleset(ruleset, manager),
            plugins=manager,
            strict=manager.strict if strict is None else strict,
        )

    def monitored(
        self,
        plan: Plan,
        *,
        store: str | Path | None = None,
        data: Mapping[str, Any] | None = None,
        data_findings: Iterable[Finding] = (),
    ) -> Plan:
        """``plan`` with everything it is rated from: the returns held in ``store``, then the
        values of its computed indicators from ``data`` (dataset name → frame).

        The computed values are rated exactly as observations written in the plan; those
        disclosure control hides are marked ``withheld``, which a published report reads to
        hide them as it hides small typed counts.  ``data_findings`` (an adapter's, say) and
        the computation's findings are reported beside the rules' findings.
        """
        if store is not None:
            from aspcore.monitoring import with_returns

            plan = with_returns(plan, store, plugins=self.plugins)
        plan = attrs.evolve(plan, issues=(*plan.issues, *data_findings))
        if not data:  # the data's findings are reported even when it gave no frame
            return plan
        from aspcore.indicators import compute_indicators

        result = compute_indicators(
            plan, data, as_of=self.as_of, ruleset=self.ruleset, plugins=self.plugins
        )
        return result.apply_to(plan)

    def evaluate(self, plan: Plan) -> Evaluation:
        """``plan`` evaluated at the session's date under its ruleset."""
        return evaluate(
            plan, as_of=self.as_of, ruleset=self.ruleset, plugins=self.plugins, strict=self.strict
        )

    def rate(
        self,
        plan: Plan,
        *,
        store: str | Path | None = None,
        data: Mapping[str, Any] | None = None,
        data_findings: Iterable[Finding] = (),
    ) -> Evaluation:
        """The whole run: :meth:`monitored`, then :meth:`evaluate`."""
        return self.evaluate(
            self.monitored(plan, store=store, data=data, data_findings=data_findings)
        )

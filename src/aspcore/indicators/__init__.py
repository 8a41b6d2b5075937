"""Indicators computed from case data, whole-journey monitoring, and safe publication.

>>> result = compute_indicators(plan, {"events": frame}, as_of=day)  # doctest: +SKIP
>>> observations = plan.observations + result.to_observations()  # doctest: +SKIP
>>> plan = attrs.evolve(plan, observations=observations)  # doctest: +SKIP

An indicator's ``compute`` block (see :mod:`~aspcore.indicators.definition`) says how it is
computed from a named dataset; the computation runs natively on the dataset's own backend
(pandas, polars, DuckDB, PySpark).  :mod:`~aspcore.indicators.pseudonymise` replaces identifiers
with keyed pseudonyms and :mod:`~aspcore.indicators.disclosure` protects published counts
(:func:`~aspcore.indicators.publication.publish`, or ``result.publish()``).
"""

from __future__ import annotations

from aspcore.indicators.compute import compute_indicators, params_for
from aspcore.indicators.definition import (
    JOURNEY_MEASURES,
    TOTAL,
    VIEWS,
    ComputeSpec,
    Side,
    parse_compute,
)
from aspcore.indicators.disclosure import suppress_table
from aspcore.indicators.errors import ComputeError, PseudonymisationError
from aspcore.indicators.measures import (
    BUILTIN_MEASURES,
    Measure,
    MeasureCall,
    measure_registry,
    parse_measure,
)
from aspcore.indicators.params import IndicatorParams
from aspcore.indicators.pseudonymise import (
    DEFAULT_KEY_ENV,
    pseudonym,
    pseudonymise,
    pseudonymise_file,
    read_key,
)
from aspcore.indicators.publication import publish
from aspcore.indicators.query import NOT_RECORDED
from aspcore.indicators.result import IndicatorResult, IndicatorRow

__all__ = [
    "BUILTIN_MEASURES",
    "DEFAULT_KEY_ENV",
    "JOURNEY_MEASURES",
    "NOT_RECORDED",
    "TOTAL",
    "VIEWS",
    "ComputeError",
    "ComputeSpec",
    "IndicatorParams",
    "IndicatorResult",
    "IndicatorRow",
    "Measure",
    "MeasureCall",
    "PseudonymisationError",
    "Side",
    "compute_indicators",
    "measure_registry",
    "params_for",
    "parse_compute",
    "parse_measure",
    "pseudonym",
    "pseudonymise",
    "pseudonymise_file",
    "publish",
    "read_key",
    "suppress_table",
]

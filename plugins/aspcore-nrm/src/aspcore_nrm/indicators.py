"""NRM indicators over any frame narwhals accepts (polars, pandas, DuckDB, ...), no row loops.

Each function takes an ``nrm-referrals`` frame (one row per referral, vocabularies in canonical
form, as this adapter reads them) and returns a frame of the same kind, one row per group of
``by`` (default: period and edition, so first-published and revised figures never mix)::

    >>> referrals_by_type(frame)                    # doctest: +SKIP
    period  edition                        exploitation_type  referrals

:func:`revisions` compares the editions of headline totals (UK 2017: 5,145 first published,
5,142 revised).  A plan computes the same indicators with compute blocks and this plugin's
measures (``examples/nrm-indicators.yaml``), rated and reported like any indicator; these
functions serve a host that wants the frames themselves, and :func:`referrals_by_type` counts a
referral of several types once in each, which a compute block's ``by`` cannot.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import narwhals.stable.v2 as nw
from aspcore.schemas.vocabularies import VOCABULARIES

__all__ = [
    "DEFAULT_BY",
    "median_days_to_decision",
    "positive_reasonable_grounds_share",
    "referrals_by_age_group",
    "referrals_by_type",
    "revisions",
]

#: Every indicator is computed per period and edition unless told otherwise.
DEFAULT_BY = ("period", "edition")


def referrals_by_type(frame: Any, *, by: Sequence[str] = DEFAULT_BY) -> Any:
    """Referrals per exploitation type; a referral of several types counts once in each."""
    df = nw.from_native(frame, eager_only=True)
    types = VOCABULARIES["exploitation-type"].values
    column = nw.col("exploitation_type")
    flags = df.with_columns(
        *(
            column.str.contains(t, literal=True).fill_null(value=False).cast(nw.Int64).alias(t)
            for t in types
        )
    )
    wide = flags.group_by(*by).agg(*(nw.col(t).sum() for t in types))
    long = wide.unpivot(
        types, index=list(by), variable_name="exploitation_type", value_name="referrals"
    )
    return long.filter(nw.col("referrals") > 0).sort([*by, "exploitation_type"]).to_native()


def referrals_by_age_group(frame: Any, *, by: Sequence[str] = DEFAULT_BY) -> Any:
    """Referrals per age at exploitation (adult, child, unknown)."""
    df = nw.from_native(frame, eager_only=True)
    keys = [*by, "age_at_exploitation"]
    counted = df.group_by(*keys).agg(nw.len().alias("referrals"))
    counted = counted.with_columns(nw.col("referrals").cast(nw.Int64))
    return counted.sort(keys, nulls_last=True).to_native()


def positive_reasonable_grounds_share(
    frame: Any, *, by: Sequence[str] = DEFAULT_BY, decided_only: bool = True
) -> Any:
    """Percent of reasonable-grounds decisions that were positive.

    With ``decided_only`` (the default) the denominator is the positive and negative decisions,
    so referrals still pending or withdrawn do not lower the share; otherwise it is every
    referral.  A group with no denominator gets a null share.
    """
    df = nw.from_native(frame, eager_only=True)
    decision = nw.col("reasonable_grounds")
    decided = decision.is_in(["positive", "negative"]).fill_null(value=False)
    flags = df.with_columns(
        (decision == "positive").fill_null(value=False).cast(nw.Int64).alias("positive"),
        (decided if decided_only else decision.is_null() | ~decision.is_null())
        .cast(nw.Int64)
        .alias("decisions"),
    )
    out = flags.group_by(*by).agg(nw.col("positive").sum(), nw.col("decisions").sum())
    share = nw.when(nw.col("decisions") > 0).then(nw.col("positive") * 100 / nw.col("decisions"))
    return out.with_columns(share.alias("share")).sort(list(by)).to_native()


def median_days_to_decision(
    frame: Any,
    *,
    start: str = "reasonable_grounds_date",
    end: str = "conclusive_grounds_date",
    by: Sequence[str] = DEFAULT_BY,
) -> Any:
    """Median whole days from ``start`` to ``end`` among referrals that have both dates.

    The default measures reasonable grounds to conclusive grounds (both in the published data);
    ``start="referral_date", end="reasonable_grounds_date"`` measures referral to the first
    decision when the data carry referral dates.
    """
    df = nw.from_native(frame, eager_only=True)
    days = (nw.col(end) - nw.col(start)).dt.total_minutes() / 1440
    dated = df.filter(~nw.col(start).is_null(), ~nw.col(end).is_null())
    if dated.is_empty():  # some backends cannot group nothing: answer with no groups
        empty = dated.select(*by).with_columns(
            nw.lit(None, dtype=nw.Float64).alias("median_days"),
            nw.lit(0, dtype=nw.Int64).alias("referrals"),
        )
        return empty.to_native()
    out = (
        dated.with_columns(days.alias("days"))
        .group_by(*by)
        .agg(nw.col("days").median().alias("median_days"), nw.len().alias("referrals"))
    )
    out = out.with_columns(nw.col("referrals").cast(nw.Int64))
    return out.sort(list(by)).to_native()


def revisions(totals: Any, *, first: str = "first published", revised: str = "revised") -> Any:
    """Per area and period, the first-published and revised totals and the change.

    An edition is matched by ``first`` or ``revised`` appearing in its name (ignoring case), so
    ``2017 annual (first published)`` and ``first published`` both count as the first edition.
    """
    df = nw.from_native(totals, eager_only=True)
    edition = nw.col("edition").str.to_lowercase()

    def pick(text: str, name: str) -> nw.Expr:
        match = edition.str.contains(text.lower(), literal=True)
        return nw.when(match).then(nw.col("referrals")).alias(name)

    picked = df.with_columns(pick(first, "first_published"), pick(revised, "revised"))
    out = picked.group_by("area", "period").agg(
        nw.col("first_published").max(), nw.col("revised").max()
    )
    change = nw.col("revised") - nw.col("first_published")
    return out.with_columns(change.alias("change")).sort("area", "period").to_native()

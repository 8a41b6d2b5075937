"""The parts of a risk scheme: factors on scales, sections of factors, and combinations.

A factor is scored on a scale (``min``-``max``, whole numbers unless ``integer = false``), and
may label some of its values (``{ 1 = "low", 2 = "medium", 3 = "high" }``) so that plans can
score it in words.  A section groups factors and combines them; a :class:`Combination` is one of
``product``, ``sum``, ``weighted_sum`` or ``max`` over named inputs, each non-decreasing in every
input, so that raising a factor never lowers a score.  Products therefore need inputs that cannot
be negative, and weights must be above zero; anything else is a
:class:`~aspcore.errors.RulesetError` saying where and why.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable, Mapping
from fractions import Fraction

import attrs
import narwhals as nw

from aspcore.errors import RulesetError
from aspcore.expr.decisions import Decision, DecisionTable
from aspcore.expr.formulas import Formula
from aspcore.expr.templates import escape
from aspcore.risk.numbers import exact, show

__all__ = [
    "COMBINES",
    "Combination",
    "Factor",
    "Section",
    "as_table",
    "check_keys",
    "closest",
    "exact_text",
    "get_text",
]

#: How inputs may be combined.
COMBINES = ("product", "sum", "weighted_sum", "max")
_SECTION_KEYS = frozenset({"label", "description", "combine", "weights", "factors"})
_FACTOR_KEYS = frozenset({"label", "description", "min", "max", "integer", "labels"})
_TIMES = "\N{MULTIPLICATION SIGN}"
_SIGNS = {"product": f" {_TIMES} ", "sum": " + ", "weighted_sum": " + "}


def closest(name: str, options: Iterable[str]) -> str | None:
    """The option most like ``name`` (for a did-you-mean), or ``None``."""
    found = difflib.get_close_matches(name, sorted(options), n=1, cutoff=0.6)
    return found[0] if found else None


def check_keys(keys: Iterable[str], allowed: frozenset[str], where: str) -> None:
    """Raise :class:`RulesetError` for keys outside ``allowed``, with a did-you-mean."""
    extra = sorted(set(keys) - allowed)
    if extra:
        close = closest(extra[0], allowed)
        hint = f"; did you mean '{close}'?" if close else ""
        raise RulesetError(
            f"{where}: unknown key(s) {', '.join(extra)}{hint} "
            f"(allowed: {', '.join(sorted(allowed))})"
        )


def get_text(raw: Mapping[str, object], key: str, default: str, where: str) -> str:
    """``raw[key]`` (or ``default``), which must be text."""
    value = raw.get(key, default)
    if not isinstance(value, str):
        raise RulesetError(f"{where}: '{key}' must be text, found {value!r}")
    return value


def as_table(raw: object, where: str) -> Mapping[str, object]:
    """``raw``, which must be a table."""
    if not isinstance(raw, Mapping):
        raise RulesetError(f"{where}: expected a table, found {raw!r}")
    return raw


def _times(name: str, bound: Fraction) -> str:
    """``name`` scaled to compare with ``bound``'s numerator: ``value * 2`` for a bound of 9/2."""
    return name if bound.denominator == 1 else f"{name} * {bound.denominator}"


@attrs.frozen
class Factor:
    """One scored factor: its scale ``low``-``high`` and optional labels for some values."""

    name: str
    section: str
    label: str
    low: Fraction
    high: Fraction
    integer: bool = True
    labels: tuple[tuple[Fraction, str], ...] = ()
    description: str = ""

    def scale(self) -> str:
        """The scale as text: ``1-4``, with labels when it has them."""
        span = f"{show(self.low)}-{show(self.high)}"
        if not self.labels:
            return span
        return f"{span} ({', '.join(f'{show(v)} {text}' for v, text in self.labels)})"

    def label_of(self, value: Fraction) -> str | None:
        """The label of ``value``, if the scale names it."""
        return next((text for v, text in self.labels if v == value), None)

    @property
    def check_table(self) -> DecisionTable:
        """Whether a value read for this factor can be scored, as a decision table over
        ``given`` (a non-blank value was given) and ``value`` (the number read, null when it is
        not a number): the outcome is the problem's kind (see
        :data:`aspcore.risk.scoring.ProblemKind`), none for a value on the scale.  The bounds
        are written as whole numbers (``value * 10 < 45`` for 4.5), so a value of the per-plan
        scoring, an exact fraction, is compared exactly.  Compiled once per factor."""
        return _check_table(self)

    def value_named(self, text: str) -> Fraction | None:
        """The value whose label is ``text`` (case and spacing ignored), if any."""
        wanted = " ".join(text.split()).casefold()
        return next((v for v, label in self.labels if label.casefold() == wanted), None)

    @classmethod
    def from_mapping(cls, name: str, section: str, raw: object, where: str) -> Factor:
        """Read one ``[sections.S.factors.NAME]`` table."""
        here = f"{where}: factor '{name}'"
        data = as_table(raw, here)
        check_keys(data, _FACTOR_KEYS, here)
        integer = data.get("integer", True)
        if not isinstance(integer, bool):
            raise RulesetError(f"{here}: 'integer' must be true or false, found {integer!r}")
        bounds: list[Fraction] = []
        for key in ("min", "max"):
            value = exact(data.get(key))
            if value is None:
                raise RulesetError(f"{here}: '{key}' must be a number, found {data.get(key)!r}")
            if integer and value.denominator != 1:
                raise RulesetError(
                    f"{here}: '{key}' = {show(value)} is not whole; set integer = false for a "
                    "scale of fractional scores"
                )
            bounds.append(value)
        low, high = bounds
        if low >= high:
            raise RulesetError(f"{here}: 'min' {show(low)} must be below 'max' {show(high)}")
        labels = _labels(data.get("labels", {}), low, high, integer, here)
        return cls(
            name=name,
            section=section,
            label=get_text(data, "label", name, here),
            low=low,
            high=high,
            integer=integer,
            labels=labels,
            description=get_text(data, "description", "", here),
        )


def _labels(
    raw: object, low: Fraction, high: Fraction, integer: bool, where: str
) -> tuple[tuple[Fraction, str], ...]:
    data = as_table(raw, f"{where}: labels")
    out: list[tuple[Fraction, str]] = []
    seen: set[str] = set()
    for key, text in data.items():
        try:
            value = Fraction(str(key).strip())
        except ValueError:
            raise RulesetError(
                f'{where}: labels must map scores to text, e.g. {{ 1 = "low" }}; '
                f"{key!r} is not a score"
            ) from None
        if not low <= value <= high or (integer and value.denominator != 1):
            raise RulesetError(f"{where}: label {key!r} is not a score on the scale")
        if not isinstance(text, str) or not text.strip() or exact_text(text) is not None:
            raise RulesetError(f"{where}: the label of {key} must be words, found {text!r}")
        folded = " ".join(text.split()).casefold()
        if folded in seen:
            raise RulesetError(f"{where}: label {text!r} is given to two scores")
        seen.add(folded)
        out.append((value, " ".join(text.split())))
    return tuple(sorted(out))


def exact_text(written: str) -> Fraction | None:
    """A finite number written as text (``"3"``, ``" 2.5 "``), or ``None``."""
    try:
        return exact(float(written.strip()))
    except ValueError:
        return None


@attrs.frozen
class Combination:
    """How named inputs combine: ``product``, ``sum``, ``weighted_sum`` or ``max``.

    ``combine`` is ``None`` for a single input taken as it is.  ``weights`` line up with
    ``inputs`` and are used only by ``weighted_sum``.
    """

    combine: str | None
    inputs: tuple[str, ...]
    weights: tuple[Fraction, ...] = ()

    def apply(self, values: Mapping[str, Fraction]) -> Fraction:
        """The combined value of ``values`` (one per input), exactly."""
        env = {f"x{i}": Fraction(values[name]) for i, name in enumerate(self.inputs)}
        value = self.formula_of_inputs.evaluate(env)
        assert isinstance(value, Fraction)
        return value

    def to_narwhals(self, inputs: Mapping[str, nw.Expr]) -> nw.Expr:
        """The combined value over a frame, from one column per input (null when any input is
        null), as :func:`aspcore.batch.risk_scores` computes it."""
        return self.formula_of_inputs.to_narwhals(
            {f"x{i}": inputs[name] for i, name in enumerate(self.inputs)}
        )

    @property
    def formula_of_inputs(self) -> Formula:
        """The combination as one expression over ``x0, x1, ...`` (the inputs in order), the
        single definition both engines compute: a weight ``p/q`` multiplies as ``(p * x) / q``,
        so a fraction of a whole number is exact on one record and correctly rounded on a
        frame.  Compiled once per combination."""
        return _formula(self.combine, len(self.inputs), self.weights)

    def bounds(self, ranges: Mapping[str, tuple[Fraction, Fraction]]) -> tuple[Fraction, Fraction]:
        """The lowest and highest combined values, given each input's range.

        Exact because every combination is non-decreasing in each of its inputs.
        """
        return (
            self.apply({k: low for k, (low, _high) in ranges.items()}),
            self.apply({k: high for k, (_low, high) in ranges.items()}),
        )

    def formula(self, values: Mapping[str, Fraction]) -> str:
        """The working as text: ``impact 3 x likelihood 4`` (with a multiplication sign)."""
        terms = [f"{name} {show(values[name])}" for name in self.inputs]
        if self.combine == "weighted_sum":
            terms = [f"{show(w)}{_TIMES}{t}" for w, t in zip(self.weights, terms, strict=True)]
        if self.combine == "max":
            return f"max({', '.join(terms)})"
        return _SIGNS.get(self.combine or "sum", " + ").join(terms)

    def describe(self) -> str:
        """The rule as text: ``product of impact, likelihood``."""
        if self.combine is None:
            return self.inputs[0]
        how = self.combine.replace("_", " ")
        if self.combine == "weighted_sum":
            parts = [f"{n} ({show(w)})" for n, w in zip(self.inputs, self.weights, strict=True)]
            return f"{how} of {', '.join(parts)}"
        return f"{how} of {', '.join(self.inputs)}"

    @classmethod
    def from_mapping(
        cls,
        combine: object,
        inputs: tuple[str, ...],
        weights: object,
        ranges: Mapping[str, tuple[Fraction, Fraction]],
        where: str,
    ) -> Combination:
        """Read and check a combination of ``inputs``, whose ranges are ``ranges``."""
        if combine is None and len(inputs) > 1:
            raise RulesetError(
                f"{where}: combines {len(inputs)} inputs, so it needs 'combine' "
                f"({', '.join(COMBINES)})"
            )
        if combine is not None and combine not in COMBINES:
            close = closest(str(combine), COMBINES)
            hint = f"; did you mean '{close}'?" if close else ""
            raise RulesetError(
                f"{where}: 'combine' must be one of {', '.join(COMBINES)}, found {combine!r}{hint}"
            )
        given = as_table(weights if weights is not None else {}, f"{where}: weights")
        if combine != "weighted_sum" and given:
            raise RulesetError(f"{where}: 'weights' are used only with combine = 'weighted_sum'")
        parsed: list[Fraction] = []
        if combine == "weighted_sum":
            if set(given) != set(inputs):
                raise RulesetError(
                    f"{where}: weighted_sum needs one weight for each of {', '.join(inputs)}; "
                    f"found weights for {', '.join(sorted(given)) or 'none'}"
                )
            for name in inputs:
                weight = exact(given[name])
                if weight is None or weight <= 0:
                    raise RulesetError(
                        f"{where}: the weight of {name} must be a number above 0 (so that "
                        f"raising it never lowers the score), found {given[name]!r}"
                    )
                parsed.append(weight)
        if combine == "product":
            for name in inputs:
                if ranges[name][0] < 0:
                    raise RulesetError(
                        f"{where}: combine = 'product' needs inputs that cannot be negative, but "
                        f"{name} can be {show(ranges[name][0])} (a product with a negative input "
                        "can fall as another input rises)"
                    )
        return cls(combine if isinstance(combine, str) else None, inputs, tuple(parsed))


@attrs.frozen
class Section:
    """Factors scored together (Harm, Likelihood, ...) and how they combine."""

    name: str
    label: str
    factors: tuple[Factor, ...]
    combination: Combination
    description: str = ""

    @classmethod
    def from_mapping(cls, name: str, raw: object, where: str) -> Section:
        """Read one ``[sections.NAME]`` table."""
        here = f"{where}: section '{name}'"
        data = as_table(raw, here)
        check_keys(data, _SECTION_KEYS, here)
        factors_raw = as_table(data.get("factors", {}), f"{here}: factors")
        if not factors_raw:
            raise RulesetError(f"{here}: needs at least one factor ([sections.{name}.factors.X])")
        factors = tuple(Factor.from_mapping(f, name, v, here) for f, v in factors_raw.items())
        ranges = {f.name: (f.low, f.high) for f in factors}
        combination = Combination.from_mapping(
            data.get("combine"), tuple(ranges), data.get("weights"), ranges, here
        )
        return cls(
            name=name,
            label=get_text(data, "label", name, here),
            factors=factors,
            combination=combination,
            description=get_text(data, "description", "", here),
        )


@functools.lru_cache(maxsize=256)
def _check_table(factor: Factor) -> DecisionTable:
    scale = escape(f"its scale {factor.scale()}")
    name = escape(factor.name)
    rows = [
        Decision("missing", "not given", "missing", f"{name} has no score ({scale})"),
        Decision(
            "not-a-number",
            "is_null(value)",
            "not-a-number",
            f"{name} is {{raw}}, not a number on {scale}",
        ),
        Decision(
            "out-of-range",
            f"{_times('value', factor.low)} < {factor.low.numerator}"
            f" or {_times('value', factor.high)} > {factor.high.numerator}",
            "out-of-range",
            f"{name} is {{value}}, outside {scale}",
        ),
    ]
    if factor.integer:
        rows.append(
            Decision(
                "not-whole",
                "value != value // 1",
                "out-of-range",
                f"{name} is {{value}}, not a whole number on {scale}",
            )
        )
    rows.append(Decision("on-scale", "True", None, ""))
    return DecisionTable(rows, fields={"given": "boolean", "value": "number"})


@functools.lru_cache(maxsize=256)
def _formula(combine: str | None, count: int, weights: tuple[Fraction, ...]) -> Formula:
    names = [f"x{i}" for i in range(count)]
    if combine == "weighted_sum":
        terms = [
            f"{w.numerator} * {n}"
            if w.denominator == 1
            else f"({w.numerator} * {n}) / {w.denominator}"
            for w, n in zip(weights, names, strict=True)
        ]
        source = " + ".join(terms)
    elif combine == "max" and count > 1:
        source = f"max({', '.join(names)})"
    else:
        source = (" * " if combine == "product" else " + ").join(names)
    return Formula(source, dict.fromkeys(names, "number"))

"""Parsing: source to typed IR, type inference, compile-time errors with positions, and limits."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from aspcore.errors import ExpressionError
from aspcore.expr import FUNCTIONS, Expression, compile_expression, ir, is_valid
from aspcore.expr.limits import MAX_DEPTH, MAX_LENGTH, MAX_NODES
from aspcore.expr.parser import parse

FIELDS: dict[str, Any] = {
    "progress": "number",
    "count": "number",
    "status": "text",
    "due": "date",
    "start": "date",
    "flag": "boolean",
    "note": "any",
}
DOCS = Path(__file__).resolve().parents[2] / "docs" / "expressions.md"


def _error(source: str, fields: dict[str, Any] | None = FIELDS) -> str:
    with pytest.raises(ExpressionError) as info:
        compile_expression(source, fields=fields)
    assert not is_valid(source, fields=fields)
    return str(info.value)


# -- IR -------------------------------------------------------------------------------------------


def test_a_comparison_becomes_a_typed_compare_node() -> None:
    node = parse("progress < 75", FIELDS)
    assert isinstance(node, ir.Compare)
    assert node.op == "<" and node.type == "boolean"
    assert node.left == ir.Field(name="progress", type="number", pos=ir.Pos(1, 1), text="progress")
    assert node.right == ir.Const(value=75, type="number", pos=ir.Pos(1, 12), text="75")


def test_a_chained_comparison_is_an_and_of_comparisons_sharing_the_middle() -> None:
    node = parse("0 <= progress <= 100", FIELDS)
    assert isinstance(node, ir.Logic) and node.op == "and"
    first, second = node.operands
    assert isinstance(first, ir.Compare) and isinstance(second, ir.Compare)
    assert (first.op, second.op) == ("<=", "<=")
    assert first.right is second.left
    assert isinstance(first.right, ir.Field) and first.right.name == "progress"


def test_boolean_operators_conditionals_and_membership() -> None:
    node = parse("not flag or status in ('a', 'b') and (count if flag else 0) > 1", FIELDS)
    assert isinstance(node, ir.Logic) and node.op == "or"
    negation, conjunction = node.operands
    assert isinstance(negation, ir.Not)
    assert isinstance(conjunction, ir.Logic) and conjunction.op == "and"
    member, compare = conjunction.operands
    assert isinstance(member, ir.In) and member.values == ("a", "b") and not member.negated
    assert isinstance(compare, ir.Compare) and isinstance(compare.left, ir.IfElse)
    assert compare.left.type == "number"


def test_not_in_negative_literals_and_negation() -> None:
    node = parse("count not in [-1, -2.5]", FIELDS)
    assert isinstance(node, ir.In) and node.negated and node.values == (-1, -2.5)
    negated = parse("-progress", FIELDS)
    assert isinstance(negated, ir.Negate) and negated.type == "number"
    plus = parse("+progress", FIELDS)
    assert isinstance(plus, ir.Field) and plus.name == "progress"


def test_calls_are_typed_from_the_function_signatures() -> None:
    node = parse("days_until(due) + length(status)", FIELDS)
    assert isinstance(node, ir.Arith) and node.op == "+"
    assert isinstance(node.left, ir.Call) and node.left.name == "days_until"
    assert node.left.type == "number"
    assert [parse(s, FIELDS).type for s in ("min(due, start)", "max(status, 'x')")] == [
        "date",
        "text",
    ]
    assert parse("coalesce(flag, False)", FIELDS).type == "boolean"


def test_literal_only_parts_are_folded_to_constants() -> None:
    assert parse("1 + 2 * 3", FIELDS) == ir.Const(
        value=7, type="number", pos=ir.Pos(1, 1), text="1 + 2 * 3"
    )
    date_node = parse("date('2019-03-31')", FIELDS)
    assert isinstance(date_node, ir.Const) and date_node.value == dt.date(2019, 3, 31)
    assert isinstance(parse("1 / 0", FIELDS), ir.Const)
    assert parse("1 / 0", FIELDS).type == "number"
    folded = parse("progress > 2 ** 3", FIELDS)
    assert isinstance(folded, ir.Compare) and folded.right == ir.Const(
        value=8, type="number", pos=ir.Pos(1, 12), text="2 ** 3"
    )


def test_unreachable_parts_are_dropped() -> None:
    assert parse("coalesce(None, progress)", FIELDS) == ir.Field(
        name="progress", type="number", pos=ir.Pos(1, 16), text="progress"
    )
    node = parse("coalesce(progress, 5, count)", FIELDS)
    assert isinstance(node, ir.Call) and len(node.args) == 2
    assert parse("progress if True else count", FIELDS) == ir.Field(
        name="progress", type="number", pos=ir.Pos(1, 1), text="progress"
    )
    chosen = parse("progress if False else None", FIELDS)
    assert chosen == ir.Const(value=None, type="number", pos=chosen.pos, text=chosen.text)


def test_a_strict_operation_on_a_none_literal_is_null() -> None:
    node = parse("progress + (1 if False else None)", FIELDS)
    assert isinstance(node, ir.Const) and node.value is None and node.type == "number"


# -- the compiled expression ----------------------------------------------------------------------


def test_expression_reports_source_fields_and_type() -> None:
    expression = compile_expression(
        "status == 'not-started' and days_until(due) < 30", fields=FIELDS
    )
    assert isinstance(expression, Expression)
    assert expression.source == "status == 'not-started' and days_until(due) < 30"
    assert expression.fields == frozenset({"status", "due"})
    assert expression.type == "boolean"


@pytest.mark.parametrize(
    ("source", "type_"),
    [
        ("progress * 2", "number"),
        ("lower(status)", "text"),
        ("max(due, start)", "date"),
        ("progress > 1", "boolean"),
        ("note", "any"),
        ("coalesce(note, 1)", "any"),
        ("note if flag else 1", "any"),
        ("None", "any"),
        ("1 if flag else None", "number"),
    ],
)
def test_result_types_are_inferred(source: str, type_: str) -> None:
    assert compile_expression(source, fields=FIELDS).type == type_


def test_without_fields_every_name_is_a_field_of_type_any() -> None:
    expression = compile_expression("a + b > c and d")
    assert expression.fields == frozenset("abcd")
    assert expression.type == "boolean"
    assert compile_expression("a + 1").type == "number"
    assert compile_expression("a").type == "any"


def test_expressions_with_the_same_source_and_types_are_equal() -> None:
    first = compile_expression("progress < 1", fields=FIELDS)
    assert first == compile_expression("progress < 1", fields={"progress": "number"})
    assert first != compile_expression("progress < 1")
    with pytest.raises(AttributeError):
        first.source = "x"  # type: ignore[misc]


def test_is_valid_answers_without_raising() -> None:
    assert is_valid("progress < 1", fields=FIELDS)
    assert not is_valid("progress <", fields=FIELDS)
    assert not is_valid("progres < 1", fields=FIELDS)
    assert is_valid("anything < 1")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"progress": "integer"}, "unknown type 'integer'"),
        ({"not valid": "number"}, "not a plain identifier"),
        ({"__class__": "number"}, "not a plain identifier"),
    ],
)
def test_field_declarations_are_checked(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ExpressionError, match=message):
        compile_expression("1", fields=fields)


# -- names and positions --------------------------------------------------------------------------


def test_an_unknown_field_gets_a_did_you_mean_with_line_and_column() -> None:
    assert _error("stauts == 'x'") == (
        "unknown name 'stauts' at line 1, column 1; did you mean 'status'?"
    )


def test_an_unknown_function_gets_a_did_you_mean_with_line_and_column() -> None:
    assert _error("progress > 1 and lenght(status) > 2") == (
        "unknown function 'lenght' at line 1, column 18; did you mean 'length'?"
    )
    assert "did you mean 'days_until'" in _error("days_untl(due) < 3")


def test_an_unknown_name_far_from_everything_lists_the_fields() -> None:
    message = _error("zzzzzz > 1")
    assert message.startswith("unknown name 'zzzzzz' at line 1, column 1; fields: count, due")
    assert "functions: abs," in _error("zzzzzz(1)")


def test_did_you_mean_offers_the_python_constants() -> None:
    assert "did you mean 'True'" in _error("flag == true")


def test_positions_count_lines_and_characters() -> None:
    assert "at line 2, column 5" in _error("(progress > 1 and\n    stauts == 'x')")
    assert "at line 1, column 9" in _error("'été' < stauts")  # characters, not UTF-8 bytes
    assert "at line 1, column 3" in _error("  stauts")


def test_a_function_name_used_as_a_field_and_a_field_called_as_a_function() -> None:
    assert _error("lower == 'x'") == (
        "'lower' is a function at line 1, column 1; call it as lower(...)"
    )
    assert "'status' is a field, not a function" in _error("status(1)")


def test_a_field_may_share_a_function_name() -> None:
    expression = compile_expression("year > year(due)", fields={"year": "number", "due": "date"})
    assert expression.evaluate({"year": 2020, "due": dt.date(2019, 1, 1)}) is True


# -- type errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "progress < 'high'",
            "cannot compare number `progress` with text `'high'` at line 1, column 1",
        ),
        (
            "days_until(status) < 3",
            "argument 1 of days_until() must be a date; `status` is text at line 1, column 12",
        ),
        (
            "lower(progress)",
            "argument 1 of lower() must be text; `progress` is a number at line 1, column 7",
        ),
        (
            "status + 1",
            "'+' needs numbers; `status` is text at line 1, column 1; "
            "text cannot be joined or repeated",
        ),
        ("'x' * 10**12", "'*' needs numbers; `'x'` is text at line 1, column 1"),
        ("1 + due", "'+' needs numbers; `due` is a date at line 1, column 5; use days_between"),
        ("-status", "'-' needs numbers"),
        ("flag < True", "booleans cannot be ordered with '<'"),
        ("progress and flag", "'and' needs booleans; `progress` is a number at line 1, column 1"),
        ("not status", "'not' needs booleans"),
        ("1 if progress else 2", "the condition of 'if' needs booleans"),
        ("progress if flag else status", "the branches of 'if' differ"),
        (
            "min(progress, status)",
            "argument 2 of min() is text `status` but an earlier one is number",
        ),
        ("min(flag, flag)", "expected one of: date, number, text"),
        ("status in (1, 2)", "`1` is number; cannot mix types with 'in'"),
        ("progress in (1, 'a')", "cannot mix types"),
        ("progress in (count, 1)", "only literals may appear in the list after 'in'"),
        ("progress in ()", "the list after 'in' is empty"),
        ("progress in progress", "must be a list or tuple of literals"),
        ("progress in {1, 2}", "must be a list or tuple of literals"),
        ("progress in (None, 1)", "None in an 'in' list never matches"),
        ("round(progress, 1.5)", "round() needs a whole number of digits"),
        ("round(progress, 99)", "round() needs a whole number of digits from -15 to 15"),
        ("round(progress, count)", "argument 2 of round() must be a literal"),
        ("contains(status, status)", "argument 2 of contains() must be a literal"),
        ("date('2019-02-30') < due", "is not a valid date"),
        ("date('20190101') < due", "needs a 'YYYY-MM-DD' text"),
        ("date(status) < due", "argument 1 of date() must be a literal"),
        (
            "progress == None",
            "comparing with None always gives null at line 1, column 1; use is_null",
        ),
        ("progress + None", "None in '+' always gives null at line 1, column 12; use coalesce"),
        ("lower(None)", "None as argument 1 of lower() always gives null"),
        ("flag and None", "None in 'and' always gives null"),
        ("None in (1,)", "always gives null"),
        ("lower(status, status)", "lower(s: text) cannot take 2 argument(s)"),
        ("min(progress)", "min(a: T, b: T, ...) cannot take 1 argument(s)"),
        ("round()", "cannot take 0 argument(s)"),
        ("progress in (1,) < 2", "a comparison cannot follow 'in [...]'"),
    ],
)
def test_type_errors_are_refused_at_compile_time_with_the_position(
    source: str, expected: str
) -> None:
    assert expected in _error(source)


def test_fields_of_type_any_pass_the_compile_time_checks() -> None:
    for source in ("note + 1", "lower(note)", "note < 'a'", "note and flag", "days_until(note)"):
        assert is_valid(source, fields=FIELDS), source


# -- limits ---------------------------------------------------------------------------------------


def test_the_source_length_is_limited() -> None:
    assert is_valid(" " * (MAX_LENGTH - 1) + "1")
    assert "characters long; the limit is 2000" in _error("1" + " " * MAX_LENGTH)


def test_the_number_of_parts_is_limited() -> None:
    fields: dict[str, Any] = {"x": "number"}
    assert is_valid("min(" + ", ".join(["x"] * (MAX_NODES - 5)) + ")", fields=fields)
    message = _error("min(" + ", ".join(["x"] * MAX_NODES) + ")", fields)
    assert message == "expression has more than 200 parts"


def test_the_nesting_depth_is_limited() -> None:
    assert is_valid("-(" * (MAX_DEPTH - 2) + "progress" + ")" * (MAX_DEPTH - 2), fields=FIELDS)
    message = _error("-(" * MAX_DEPTH + "progress" + ")" * MAX_DEPTH)
    assert "nested more than 32 deep" in message


def test_parser_limits_are_reported_as_expression_errors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert "nested more than 32 deep" in _error("-" * (MAX_LENGTH - 1) + "1")
    assert "too many nested parentheses" in _error("(" * 300 + "1" + ")" * 300)

    def overflow(*args: object, **kwargs: object) -> None:
        raise RecursionError

    monkeypatch.setattr("aspcore.expr.parser.ast.parse", overflow)
    assert _error("1") == "expression is nested too deeply (limit 32)"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("progress ** 65", "exponent 65 is too large (limit 64)"),
        ("progress ** -65", "exponent -65 is too large"),
        ("10 ** 10 ** 10", "exponent 1e+10 is too large (limit 64) at line 1, column 7"),
        ("progress ** (2 ** 7)", "exponent 128 is too large"),
        ("9007199254740992 > 1", "integer 9007199254740992 is too large"),
        ("-9007199254740992 > 1", "too large"),
        ("1e999 > 1", "number 1e999 is too large"),
    ],
)
def test_numbers_are_bounded_at_compile_time(source: str, expected: str) -> None:
    assert expected in _error(source)


def test_the_largest_allowed_literals_and_exponents_compile() -> None:
    assert is_valid("progress ** 64 > 9007199254740991", fields=FIELDS)
    assert compile_expression("(2 ** 64) ** 64").evaluate({}) == float("inf")


def test_an_expression_too_big_to_vectorise_is_refused() -> None:
    # each min() needs its arguments twice in the vectorised form: 2 ** 12 copies of `due`
    nested = "due"
    for _ in range(12):
        nested = f"min({nested}, due)"
    assert "too complex to run on a frame" in _error(f"{nested} < due")


def test_syntax_errors_give_the_position() -> None:
    assert _error("1 +* 2") == "syntax error at line 1, column 4: invalid syntax"
    assert _error("x = 1").startswith("syntax error at line 1, column 3: invalid syntax")
    assert _error("") == "expression is empty"
    assert _error("progress\n  and flag") == (
        "syntax error at line 2, column 2: unexpected indent; "
        "wrap an expression over several lines in parentheses"
    )
    with pytest.raises(ExpressionError, match="must be text"):
        compile_expression(42)  # type: ignore[arg-type]


# -- the function table ---------------------------------------------------------------------------


def test_the_function_table_is_read_only_and_complete() -> None:
    with pytest.raises(TypeError):
        FUNCTIONS["open"] = FUNCTIONS["lower"]  # type: ignore[index]
    assert set(FUNCTIONS) >= {
        "days_until", "days_since", "days_between", "months_between", "year", "lower", "upper",
        "contains", "starts_with", "word_count", "length", "abs", "min", "max", "round",
        "is_null", "coalesce",
    }  # fmt: skip
    for name, spec in FUNCTIONS.items():
        assert spec.name == name and spec.signature.startswith(f"{name}(") and spec.summary


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_every_function_example_compiles_and_is_documented(name: str) -> None:
    schema = {
        **FIELDS,
        "statement": "text",
        "rag": "text",
        "id": "text",
        "owner": "text",
        "value": "number",
        "target": "number",
    }
    example = FUNCTIONS[name].example
    assert compile_expression(example, fields=schema).type == "boolean"
    page = DOCS.read_text(encoding="utf-8")
    assert re.search(rf"^#### `{re.escape(FUNCTIONS[name].signature)}`$", page, flags=re.M), name
    assert f"`{example}`" in page

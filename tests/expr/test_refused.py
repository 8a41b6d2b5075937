"""Everything outside the language is refused when compiled, and nothing of it ever runs.

Each payload would create a marker file if any part of it were executed; the test checks that
compiling (and trying to evaluate) raises ExpressionError and that the marker never appears.
"""

from __future__ import annotations

import builtins
from pathlib import Path

import pytest

from aspcore.errors import ExpressionError
from aspcore.expr import compile_expression, is_valid

# {touch} is replaced by a call that creates the marker file.
REFUSED: dict[str, tuple[str, str]] = {
    "attribute": ("{touch}.name", "attribute access not allowed"),
    "dunder attribute": ("().__class__.__bases__[0].__subclasses__()", "not allowed"),
    "method call": ("'x'.join([{touch}])", "attribute access not allowed"),
    "subscript": ("[{touch}][0]", "indexing and slicing not allowed"),
    "slice": ("status[0:{touch}]", "indexing and slicing not allowed"),
    "open": ("{touch}", "unknown function 'open'"),
    "__import__": ("__import__('os').system('touch {marker}')", "attribute access not allowed"),
    "bare __import__": ("__import__('os')", "name '__import__' not allowed"),
    "eval": ("eval(\"open('{marker}', 'w')\")", "unknown function 'eval'"),
    "exec": ("exec(\"open('{marker}', 'w')\")", "unknown function 'exec'"),
    "compile": ("compile(\"open('{marker}', 'w')\", 'f', 'eval')", "unknown function 'compile'"),
    "getattr": ("getattr({touch}, 'name')", "unknown function 'getattr'"),
    "globals": ("globals()['open']('{marker}', 'w')", "indexing and slicing not allowed"),
    "calling a call": ("lower('x')({touch})", "calling an expression not allowed"),
    "keyword argument": ("round(1, ndigits={touch})", "keyword arguments not allowed in round()"),
    "starred argument": ("min(*[{touch}])", "starred arguments not allowed in min()"),
    "double-starred argument": ("min(1, **{{'a': {touch}}})", "keyword arguments not allowed"),
    "lambda": ("(lambda: {touch})()", "lambda not allowed at line 1, column 2"),
    "bare lambda": ("lambda: {touch}", "lambda not allowed"),
    "list comprehension": ("[{touch} for x in (1,)]", "comprehensions not allowed"),
    "set comprehension": ("{{{touch} for x in (1,)}}", "comprehensions not allowed"),
    "dict comprehension": ("{{x: {touch} for x in (1,)}}", "comprehensions not allowed"),
    "generator": ("({touch} for x in (1,))", "generator expressions not allowed"),
    "dict literal": ("{{'a': {touch}}}", "dict literals not allowed"),
    "set literal": ("{{{touch}}}", "set literals not allowed"),
    "list outside in": ("[1, {touch}]", "lists and tuples are only allowed on the right of 'in'"),
    "tuple outside in": ("(1, {touch})", "lists and tuples are only allowed on the right of 'in'"),
    "import statement": ("import os", "syntax error at line 1, column 1"),
    "from import": ("from os import system", "syntax error at line 1, column 1"),
    "dunder name": ("__builtins__", "name '__builtins__' not allowed"),
    "dunder call": ("__builtins__['open']('{marker}', 'w')", "indexing and slicing not allowed"),
    "f-string": ('f"{{{touch}}}"', "f-strings not allowed"),
    "walrus": ("(x := {touch})", "assignment expressions (':=') not allowed"),
    "starred in list": ("1 in [*{touch}]", "starred expressions ('*') not allowed"),
    "await": ("await {touch}", "await not allowed"),
    "yield": ("(yield {touch})", "yield not allowed"),
    "yield from": ("(yield from {touch})", "yield not allowed"),
    "bit and": ("flag & {touch}", "bit operator '&' (use 'and') not allowed"),
    "bit or": ("flag | {touch}", "bit operator '|' (use 'or') not allowed"),
    "bit xor": ("1 ^ {touch}", "bit operator '^' not allowed"),
    "shift left": ("1 << {touch}", "bit operator '<<' not allowed"),
    "shift right": ("1 >> {touch}", "bit operator '>>' not allowed"),
    "invert": ("~{touch}", "bit operator '~' (use 'not') not allowed"),
    "matrix multiply": ("1 @ {touch}", "bit operator '@' not allowed"),
    "is": ("{touch} is None", "'is' not allowed at line 1, column 1; use is_null(x)"),
    "is not": ("{touch} is not None", "'is not' not allowed"),
    "ellipsis": ("...", "'...' not allowed"),
    "bytes": ("b'payload'", "bytes literals not allowed"),
    "complex": ("1j", "complex numbers not allowed"),
    "assignment": ("x = {touch}", "syntax error at line 1, column 3"),
    "augmented assignment": ("x += 1", "syntax error at line 1"),
    "del": ("del x", "syntax error at line 1"),
    "two statements": ("1; {touch}", "syntax error at line 1"),
    "bare starred": ("*{touch}", "syntax error at line 1"),
    "yield statement": ("yield {touch}", "syntax error at line 1"),
}


def _source(template: str, marker: Path) -> str:
    return template.format(touch=f"open('{marker}', 'w')", marker=marker)


@pytest.mark.parametrize(("template", "message"), REFUSED.values(), ids=list(REFUSED))
def test_construct_is_refused_and_not_executed(template: str, message: str, tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    source = _source(template, marker)
    with pytest.raises(ExpressionError) as info:
        compile_expression(source, fields={"flag": "boolean", "status": "text"})
    assert message in str(info.value)
    assert not is_valid(source)
    assert not is_valid(source, fields={"flag": "boolean", "status": "text"})
    assert not marker.exists()


def test_the_payloads_would_have_run_if_executed(tmp_path: Path) -> None:
    """Guard the test above: the marker really is created when the payload runs."""
    marker = tmp_path / "executed"
    eval(_source(REFUSED["open"][0], marker)).close()
    assert marker.exists()


def test_compiling_and_evaluating_never_calls_eval_or_exec(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("eval/exec called")

    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    expression = compile_expression("lower(status) in ('a', 'b') and 2 ** 3 > 7")
    assert expression.evaluate({"status": "A"}) is True
    for template, _message in REFUSED.values():
        assert not is_valid(_source(template, tmp_path / "executed"))


def test_an_unknown_name_is_never_looked_up_in_python(tmp_path: Path) -> None:
    """Without declared fields a name is a record field: `open` is read from the record."""
    marker = tmp_path / "executed"
    expression = compile_expression("open == 'x'")
    assert expression.fields == frozenset({"open"})
    assert expression.evaluate({"open": "x"}) is True
    with pytest.raises(ExpressionError, match="record has no field 'open'"):
        expression.evaluate({})
    assert not marker.exists()

"""Output for continuous integration: JUnit XML and GitHub Actions annotations.

``check``, ``validate`` and ``ingest`` take ``--format junit`` (a test report CI systems show:
one test case per finding or problem) and ``--format github`` (workflow commands that GitHub
Actions turns into annotations on the file and line).  Both say what the text output says,
through the same messages, which never quote a value that may be personal.

In JUnit, what makes the command exit 1 is a ``<failure>`` (findings at or above ``--fail-on``
for ``check``, errors in a return for ``validate`` and ``ingest``); everything else is a passing
test case whose output holds the message, so the report's red matches the exit code.  A file
that cannot be read at all is an ``<error>``.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from xml.etree import ElementTree

import attrs

__all__ = ["CiFormat", "Outcome", "github_annotations", "junit_xml"]


class CiFormat(enum.StrEnum):
    """Output formats of the commands CI runs: text, JSON, JUnit XML, GitHub annotations."""

    TEXT = "text"
    JSON = "json"
    JUNIT = "junit"
    GITHUB = "github"


@attrs.frozen
class Outcome:
    """One finding or problem as CI shows it.

    ``level`` is ``error``, ``warning`` or ``info`` (the finding's severity); ``fails`` whether
    it makes the command exit 1; ``broken`` that the input could not be read at all.
    """

    suite: str
    name: str
    message: str
    level: str
    fails: bool
    file: str | None = None
    line: int | None = None
    code: str = ""
    broken: bool = False


#: Characters XML 1.0 cannot hold, even escaped (a hostile file's control characters).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def junit_xml(outcomes: Sequence[Outcome], *, passed: Iterable[tuple[str, str]] = ()) -> str:
    """A JUnit XML document: a ``<testsuite>`` per suite, a ``<testcase>`` per outcome.

    ``passed`` adds ``(suite, name)`` test cases that found nothing (a clean return, a plan with
    no findings), so every file read appears in the report.
    """
    suites: dict[str, list[ElementTree.Element]] = {}
    for suite, name in passed:
        suites.setdefault(suite, []).append(ElementTree.Element("testcase", _case(suite, name)))
    for outcome in outcomes:
        case = ElementTree.Element("testcase", _case(outcome.suite, outcome.name))
        if outcome.broken or outcome.fails:
            tag = "error" if outcome.broken else "failure"
            child = ElementTree.SubElement(
                case,
                tag,
                {"message": _xml_text(outcome.message), "type": _xml_text(outcome.code or tag)},
            )
            child.text = _xml_text(_where(outcome) + outcome.message)
        else:
            ElementTree.SubElement(case, "system-out").text = _xml_text(
                f"{outcome.level}: {_where(outcome)}{outcome.message}"
            )
        suites.setdefault(outcome.suite, []).append(case)
    root = ElementTree.Element("testsuites", {"name": "aspcore"})
    for suite, cases in suites.items():
        failures = sum(1 for c in cases if c.find("failure") is not None)
        errors = sum(1 for c in cases if c.find("error") is not None)
        element = ElementTree.SubElement(
            root,
            "testsuite",
            {
                "name": _xml_text(suite),
                "tests": str(len(cases)),
                "failures": str(failures),
                "errors": str(errors),
            },
        )
        element.extend(cases)
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(root, "unicode")


def _case(suite: str, name: str) -> dict[str, str]:
    return {"classname": _xml_text(suite), "name": _xml_text(name)}


def _where(outcome: Outcome) -> str:
    if outcome.file is None or outcome.message.startswith(f"{outcome.file}:"):
        return ""
    return f"{outcome.file}:{outcome.line}: " if outcome.line else f"{outcome.file}: "


_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def github_annotations(outcomes: Iterable[Outcome]) -> str:
    """GitHub Actions workflow commands, one line per outcome (``::error file=…,line=…``)."""
    lines = []
    for outcome in outcomes:
        command = "error" if outcome.broken else _COMMANDS.get(outcome.level, "notice")
        properties = {"title": outcome.code or outcome.name}
        if outcome.file is not None:
            properties["file"] = outcome.file
            if outcome.line:
                properties["line"] = str(outcome.line)
        joined = ",".join(f"{key}={_property(value)}" for key, value in properties.items())
        lines.append(f"::{command} {joined}::{_data(outcome.message)}")
    return "\n".join(lines) + ("\n" if lines else "")


def _data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's toolkit escapes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """A workflow command's property value, escaped as GitHub's toolkit escapes it."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")

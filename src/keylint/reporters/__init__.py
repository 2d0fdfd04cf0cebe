"""Reporters: pure functions ``render(report) -> str``. Nothing here prints or reads files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from keylint.findings import Finding, ScanError

FORMATS = ("text", "json", "sarif", "github")


@dataclass
class Report:
    """What every reporter receives. ``display`` maps a project-relative path to the path shown
    (relative to the current directory, POSIX)."""

    findings: list[Finding]
    errors: list[ScanError]
    stats: dict[str, Any]
    display: Callable[[str], str] = lambda p: p
    rules: tuple = ()  # the rule classes that ran
    color: bool = False
    verbose: bool = False
    unused_suppressions: list[tuple[str, int, str]] = field(default_factory=list)
    show_unused: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def render(fmt: str, report: Report) -> str:
    if fmt == "json":
        from keylint.reporters.json import render as r
    elif fmt == "sarif":
        from keylint.reporters.sarif import render as r
    elif fmt == "github":
        from keylint.reporters.github import render as r
    elif fmt == "html":
        from keylint.reporters.html import render as r
    else:
        from keylint.reporters.text import render as r
    return r(report)

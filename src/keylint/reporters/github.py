"""GitHub Actions workflow commands (``::error file=...,line=...::message``)."""

from __future__ import annotations

from keylint.findings import Severity
from keylint.reporters import Report

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    lines = []
    for f in report.findings:
        props = [
            f"file={_escape_property(report.display(f.path))}",
            f"line={f.span.line}",
            f"endLine={f.span.end_line}",
            f"col={f.span.column}",
        ]
        if f.span.end_line == f.span.line:
            props.append(f"endColumn={f.span.end_column}")
        props.append(f"title={_escape_property(f'{f.rule_id} {f.rule_name}')}")
        lines.append(f"::{_LEVEL[f.severity]} {','.join(props)}::{_escape_data(f.message)}")
    for e in report.errors:
        if e.kind in ("binary",):
            continue
        lines.append(f"::warning file={_escape_property(report.display(e.path))},"
                     f"title={_escape_property('keylint ' + e.kind)}::{_escape_data(e.message)}")
    n = len(report.findings)
    lines.append(f"keylint: {n} finding{'s' if n != 1 else ''} in {report.stats.get('files', 0)} files")
    return "\n".join(lines) + "\n"

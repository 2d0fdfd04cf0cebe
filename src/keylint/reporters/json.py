"""JSON: the contract of RULES.md (``version``, ``findings``, ``errors``, ``stats``)."""

from __future__ import annotations

import json

from keylint import __version__
from keylint.reporters import Report

SCHEMA_VERSION = 1


def finding_dict(f, display) -> dict:
    out = {
        "rule_id": f.rule_id,
        "rule_name": f.rule_name,
        "severity": f.severity.label,
        "confidence": f.confidence.label,
        "path": display(f.path),
        "line": f.span.line,
        "column": f.span.column,
        "end_line": f.span.end_line,
        "end_column": f.span.end_column,
        "message": f.message,
        "fingerprint": f.fingerprint,
        "fix": None if f.fix is None else {"title": f.fix.title, "safe": f.fix.is_safe},
    }
    for key, value in f.extra:
        out[key] = value
    return out


def render(report: Report) -> str:
    doc = {
        "version": __version__,
        "schema_version": SCHEMA_VERSION,
        "findings": [finding_dict(f, report.display) for f in report.findings],
        "errors": [{"path": report.display(e.path), "kind": e.kind, "message": e.message}
                   for e in report.errors],
        # timings, the worker count and cache use vary run to run: left out so the report is
        # byte-identical
        "stats": {k: v for k, v in sorted(report.stats.items())
                  if k not in ("jobs",) and not k.endswith("seconds") and not k.startswith("cache_")},
    }
    if report.show_unused:
        doc["unused_suppressions"] = [
            {"path": report.display(p), "line": line, "rules": ids} for p, line, ids in report.unused_suppressions]
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"

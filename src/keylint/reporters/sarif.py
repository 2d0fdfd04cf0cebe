"""SARIF 2.1.0, shaped the way GitHub code scanning accepts it: one driver rule per rule that
ran (from rule metadata), a location on every result, ``partialFingerprints``,
``security-severity``, columns counted in Unicode code points.

Artifact URIs are relative to the project root (the git work tree), percent-encoded, with
``uriBaseId`` ``%SRCROOT%``: what code scanning resolves against the repository, whatever the
directory keylint ran in. Each rule's ``help.markdown`` is its generated documentation page and
``helpUri`` points at that page (see :func:`keylint.docs.help_uri`). Validated against the
official OASIS schema in tests/test_sarif.py.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from keylint import __version__
from keylint.findings import Confidence, Severity
from keylint.reporters import Report

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_SECURITY_SEVERITY = {Severity.ERROR: "8.0", Severity.WARNING: "5.5", Severity.INFO: "2.0"}
_PRECISION = {Confidence.HIGH: "high", Confidence.MEDIUM: "medium", Confidence.LOW: "low"}
FINGERPRINT_KEY = "keylint/v1"


def _uri(path: str) -> str:
    return quote(path, safe="/@:+,;=!$&'()*-._~")


def rule_descriptor(rule) -> dict:
    from keylint.docs import help_uri, render_rule

    tags = ["security"]
    if rule.cwe:
        tags.append(f"external/cwe/cwe-{rule.cwe}")
    doc = rule.docstring()
    descriptor = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": doc.split("\n\n")[0].replace("\n", " ")},
        "help": {"text": doc, "markdown": render_rule(rule)},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {
            "tags": tags,
            "precision": _PRECISION[rule.confidence],
            "security-severity": _SECURITY_SEVERITY[rule.severity],
        },
    }
    descriptor["helpUri"] = help_uri(rule)
    return descriptor


def render(report: Report) -> str:
    rules = sorted({r.id: r for r in report.rules}.values(), key=lambda r: r.id)
    index = {r.id: i for i, r in enumerate(rules)}
    results = []
    for f in report.findings:
        region = {
            "startLine": f.span.line,
            "startColumn": f.span.column,
            "endLine": max(f.span.end_line, f.span.line),
            "endColumn": max(f.span.end_column, f.span.column),
        }
        result = {
            "ruleId": f.rule_id,
            "level": _LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(f.path), "uriBaseId": "%SRCROOT%"},
                    "region": region,
                }
            }],
            "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
            "properties": {
                "confidence": f.confidence.label,
                "security-severity": _SECURITY_SEVERITY[f.severity],
                **{k: v for k, v in f.extra},
            },
        }
        if f.rule_id in index:
            result["ruleIndex"] = index[f.rule_id]
        results.append(result)
    notifications = [
        {
            "level": "error" if e.kind == "internal" else "warning",
            "message": {"text": f"{e.kind}: {e.message}"},
            "locations": [{"physicalLocation": {"artifactLocation": {
                "uri": _uri(e.path), "uriBaseId": "%SRCROOT%"}}}],
        }
        for e in report.errors
    ]
    doc = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "keylint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": "https://pypi.org/project/keylint/",
                "rules": [rule_descriptor(r) for r in rules],
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
            "invocations": [{
                "executionSuccessful": not any(e.kind == "internal" for e in report.errors),
                "toolExecutionNotifications": notifications,
            }],
        }],
    }
    return json.dumps(doc, indent=2, sort_keys=False, ensure_ascii=False) + "\n"

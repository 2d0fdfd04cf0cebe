"""Every example of every rule, run through the real engine (the examples are the spec)."""

from __future__ import annotations

import pytest

from keylint.testing import example_cases, run_example

CASES = [
    pytest.param(case_id, rule, ex, id=case_id,
                 marks=[pytest.mark.xfail(reason=f"known gap: {ex.todo}", strict=True)] if ex.todo else [])
    for case_id, rule, ex in example_cases()
]


def _frame(run) -> str:
    lines = run.code.splitlines()
    out = [f"--- {run.path}"]
    out += [f"{i + 1:4} | {line}" for i, line in enumerate(lines)]
    out += [f"finding: {f.span} {f.severity.label} {f.message}" for f in run.findings]
    out += [f"error: {e}" for e in run.errors]
    return "\n".join(out)


@pytest.mark.parametrize("case_id, rule, example", CASES)
def test_example(case_id, rule, example):
    run = run_example(rule, example)
    internal = [e for e in run.errors if e.kind == "internal"]
    assert not internal, _frame(run)
    if not example.is_bad:
        assert run.findings == [], "expected no finding\n" + _frame(run)
        return
    assert len(run.findings) == example.count, f"expected {example.count} finding(s)\n" + _frame(run)
    if run.span is not None:
        assert any(f.span == run.span and f.path == run.path for f in run.findings), (
            f"expected a finding at {run.span}\n" + _frame(run))
    if example.message:
        assert any(example.message in f.message for f in run.findings), (
            f"expected message containing {example.message!r}\n" + _frame(run))
    if example.severity:
        assert all(f.severity.label == example.severity for f in run.findings), (
            f"expected severity {example.severity}\n" + _frame(run))

"""Metadata lint over every rule (the counterpart of eslint's checkRuleFiles)."""

from __future__ import annotations

import re
import sys

import pytest

from keylint.analysis.secrets import find_keys
from keylint.findings import Confidence, Severity
from keylint.registry import all_rules
from keylint.rule import EXAMPLE_FILES, EXAMPLE_MODEL_LANGUAGE, Rule, is_valid_id

RULES = all_rules()


def test_ids_and_names_are_unique():
    assert len({r.id for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_metadata(rule: type[Rule]):
    module = sys.modules[rule.__module__].__name__.rsplit(".", 1)[-1]
    assert is_valid_id(rule.id)
    assert module == f"{rule.id.lower()}_{rule.name.replace('-', '_')}", "module name = id + name"
    assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)+", rule.name)
    assert 10 <= len(rule.summary) <= 72 and not rule.summary.endswith(".")
    assert len(rule.docstring()) > 200, "the docstring is the rationale: why, and what to do"
    assert isinstance(rule.severity, Severity) and isinstance(rule.confidence, Confidence)
    assert rule.languages, "declare the languages the rule applies to"
    assert any(rule.has_hook(h) for h in ("check_file", "check_model", "check_project"))
    if rule.fix is not None:
        assert rule.fix_safety, "a rule with a fix documents its safety"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_examples_cover_bad_and_good_per_language(rule: type[Rule]):
    bad = {ex.lang for ex in rule.examples if ex.is_bad and not ex.todo}
    good = {ex.lang for ex in rule.examples if not ex.is_bad}
    assert bad and good, "at least one Bad and one Good example"
    for ex in rule.examples:
        assert ex.lang in EXAMPLE_FILES, ex.lang
        assert ("«" in ex.code) == ("»" in ex.code)
        assert all(m.is_placeholder for m in find_keys(ex.code)), \
            "examples use @KEY@ placeholders, never key-shaped strings"
    if rule.has_hook("check_model"):
        model_langs = {EXAMPLE_MODEL_LANGUAGE[lang] for lang in bad if lang in EXAMPLE_MODEL_LANGUAGE}
        for lang in rule.languages & {"python", "javascript"}:
            assert lang in model_langs or rule.id in ("KL001", "KL002"), f"no Bad example in {lang}"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_example_names_are_unique(rule):
    names = [ex.name for ex in rule.examples if ex.name]
    assert len(names) == len(set(names))

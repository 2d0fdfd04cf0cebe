"""Test helpers: generated keys, and running a rule's examples through the real engine.

Example mini-syntax (see :class:`keylint.rule.Example`):

- ``«...»`` marks the exact span the finding must cover; it is stripped before linting.
- Placeholders are replaced by freshly generated values, so the repository holds no key-shaped
  string: ``@KEY@`` / ``@KEY2@`` (API keys), ``@ADMIN_KEY@``, ``@OAUTH_KEY@`` (``sk-ant-oat01-``),
  ``@TEST_VECTOR_BODY@`` (93 placeholder-looking characters + ``AA``: a key-shaped test vector),
  ``@GENERIC_SECRET@`` (a random 40-character token that is not an Anthropic key).
"""

from __future__ import annotations

import os
import secrets as _random
import string
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from keylint.config import Config
from keylint.findings import Finding, Span

_ALPHABET = string.ascii_letters + string.digits + "-_"
START, END = "«", "»"


def fake_key(kind: str = "api03", body_len: int = 93) -> str:
    """A random, never-valid key of the real shape (``sk-ant-api03-`` + 93 chars + ``AA``)."""
    from keylint.analysis.secrets import is_placeholder_body

    while True:
        body = "".join(_random.choice(_ALPHABET) for _ in range(body_len))
        if kind in ("api03", "admin01"):
            body += "AA"
        if not is_placeholder_body(body):
            return f"sk-ant-{kind}-{body}"


def placeholder_values() -> dict[str, str]:
    generic = "".join(_random.choice(string.ascii_letters + string.digits) for _ in range(40))
    while not any(c.isdigit() for c in generic):
        generic = "".join(_random.choice(string.ascii_letters + string.digits) for _ in range(40))
    return {
        "@KEY@": fake_key(),
        "@KEY2@": fake_key(),
        "@ADMIN_KEY@": fake_key("admin01"),
        "@OAUTH_KEY@": fake_key("oat01", 95),
        # the shape of the gitleaks sample vector: ascending runs inside an otherwise valid key
        "@TEST_VECTOR_BODY@": ("abc123xyz-456def789uvw-012ghi345rst-678jkl901opq-234mno567"
                               "-klmnopqrstuvwx-89abcdefghij0123456AA"),
        "@GENERIC_SECRET@": generic,
    }


def substitute(text: str, values: dict[str, str]) -> str:
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text


def strip_markers(text: str) -> tuple[str, Span | None]:
    """Remove ``«»`` and return the span they marked (1-based, end exclusive)."""
    start = text.find(START)
    if start == -1:
        return text, None
    end = text.find(END, start)
    if end == -1:
        raise ValueError("unbalanced « » markers")
    clean = text[:start] + text[start + 1:end] + text[end + 1:]
    before = clean[:start]
    line = before.count("\n") + 1
    col = start - (before.rfind("\n") + 1) + 1
    inner = text[start + 1:end]
    end_line = line + inner.count("\n")
    end_col = (col + len(inner)) if "\n" not in inner else len(inner) - inner.rfind("\n")
    if START in clean:
        raise ValueError("only one «» span per example")
    return clean, Span(line, col, end_line, end_col)


@dataclass
class ExampleRun:
    findings: list[Finding]
    errors: list
    span: Span | None
    code: str
    path: str


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"})


def run_example(rule: type, example, tmp: Path | None = None) -> ExampleRun:
    """Write the example's files into a fresh directory and scan it with only ``rule``."""
    from keylint.engine import scan

    values = placeholder_values()
    code, span = strip_markers(substitute(example.dedented, values))
    own_tmp = tmp is None
    holder = tempfile.TemporaryDirectory(prefix="keylint-example-") if own_tmp else None
    root = Path(holder.name if holder else tmp).resolve()
    try:
        if example.git:
            git(root, "init", "-q")
        target = root / example.filename
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(code, encoding="utf-8")
        for path, content in example.files:
            extra = root / path
            extra.parent.mkdir(parents=True, exist_ok=True)
            extra.write_text(substitute(content, values), encoding="utf-8")
        if example.git and example.git_add:
            git(root, "add", "-f", "--", *example.git_add)
        result = scan([root], Config(), rules=(rule,), jobs=1, root=root)
        return ExampleRun(findings=[f for f in result.findings if f.rule_id == rule.id],
                          errors=result.errors, span=span, code=code, path=example.filename)
    finally:
        if holder is not None:
            holder.cleanup()


def example_cases():
    """(case id, rule, example) for every example of every rule."""
    from keylint.registry import all_rules

    for rule in all_rules():
        counts: dict[str, int] = {}
        for ex in rule.examples:
            kind = "bad" if ex.is_bad else "good"
            label = ex.name or f"{ex.lang}-{counts.get(kind, 0)}"
            counts[kind] = counts.get(kind, 0) + 1
            yield f"{rule.id}/{kind}/{label}", rule, ex


def run_cli(args: list[str], cwd: Path):
    """Invoke the ``keylint`` CLI in-process from ``cwd`` (click's runner; output includes stderr)."""
    from click.testing import CliRunner

    from keylint.cli import cli

    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, args, catch_exceptions=False)
    finally:
        os.chdir(old)

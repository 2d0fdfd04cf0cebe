"""Fixes: every example with ``fixed=`` is fixed through the real engine and fix.py; the CLI's
--fix / --unsafe-fixes; a fix never breaks a file."""

from __future__ import annotations

import json
import textwrap

import pytest

from keylint import fix as fixmod
from keylint.config import Config
from keylint.engine import scan
from keylint.registry import all_rules
from keylint.rule import FixSafety
from keylint.testing import (
    fake_key,
    git,
    placeholder_values,
    run_cli,
    strip_markers,
    substitute,
)

FIXED_CASES = [pytest.param(rule, ex, id=f"{rule.id}/{ex.name or ex.lang}")
               for rule in all_rules() for ex in rule.examples if ex.fixed is not None]


run = run_cli


def test_rules_with_a_fix_document_it_and_show_it():
    for rule in all_rules():
        has_fixed = any(ex.fixed is not None for ex in rule.examples)
        if rule.fix is not None:
            assert rule.fix_safety, f"{rule.id} declares a fix but no fix_safety text"
            assert has_fixed, f"{rule.id} declares a fix but no example with fixed="
        else:
            assert not has_fixed, f"{rule.id} has a fixed= example but declares no fix"


@pytest.mark.parametrize("rule, example", FIXED_CASES)
def test_fixed_example(rule, example, tmp_path):
    values = placeholder_values()
    code, _ = strip_markers(substitute(example.dedented, values))
    root = tmp_path.resolve()
    if example.git:
        git(root, "init", "-q")
    (root / example.filename).parent.mkdir(parents=True, exist_ok=True)
    (root / example.filename).write_text(code, encoding="utf-8")
    for path, content in example.files:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(substitute(content, values), encoding="utf-8")
    if example.git and example.git_add:
        git(root, "add", "-f", "--", *example.git_add)
    result = scan([root], Config(), rules=(rule,), jobs=1, root=root)
    before = [f for f in result.findings if f.rule_id == rule.id]
    assert before, "the example must produce a finding to fix"
    outcome = fixmod.plan(root, before, (rule,), unsafe=True, project=result.project)
    fixmod.write(root, outcome)
    expected = substitute(textwrap.dedent(example.fixed).lstrip("\n"), values)
    assert (root / example.filename).read_text(encoding="utf-8") == expected
    after = [f for f in scan([root], Config(), rules=(rule,), jobs=1, root=root).findings if f.rule_id == rule.id]
    assert after == [], after
    if rule.fix is FixSafety.UNSAFE:  # not applied by --fix alone
        assert fixmod.plan(root, before, (rule,), unsafe=False).writes == {}


def test_cli_fix_python_and_ts_keys(project):
    k1, k2, k3 = fake_key(), fake_key(), fake_key("admin01")
    root = project({
        "app.py": f'"""Docs."""\nfrom __future__ import annotations\nimport anthropic\n\n'
                  f'KEY = "{k1}"\nADMIN = \'{k3}\'\nclient = anthropic.Anthropic(api_key=KEY)\n',
        "src/client.ts": f"import Anthropic from '@anthropic-ai/sdk';\nconst c = new Anthropic({{ apiKey: `{k2}` }});\n",
        "notes.md": f"key {k1}\n",
    })
    git(root, "init", "-q")  # KL002's project-level case (the .gitignore fix below) needs a repository
    res = run(["scan", "--fix", "."], root)
    assert res.exit_code == 1 and "3 more fixes available with --unsafe-fixes (KL001)" in res.output
    assert k1 in (root / "app.py").read_text()  # --fix alone does not apply unsafe fixes
    res = run(["scan", "--unsafe-fixes", "--format", "json", "."], root)
    assert res.exit_code == 1
    assert "rotate the key" in res.output
    app = (root / "app.py").read_text()
    assert app == ('"""Docs."""\nfrom __future__ import annotations\nimport os\nimport anthropic\n\n'
                   'KEY = os.environ["ANTHROPIC_API_KEY"]\nADMIN = os.environ["ANTHROPIC_ADMIN_KEY"]\n'
                   'client = anthropic.Anthropic(api_key=KEY)\n')
    assert (root / "src/client.ts").read_text().endswith("apiKey: process.env.ANTHROPIC_API_KEY });\n")
    # what is left: the key in Markdown (no automatic fix), told so
    out = res.stdout if hasattr(res, "stdout") else res.output
    doc = json.loads(out[out.index("{"):])
    assert [(f["path"], f["rule_id"]) for f in doc["findings"]] == [("notes.md", "KL001")]
    assert "notes.md:1: KL001: no automatic fix for this file type" in res.output
    assert doc["stats"]["fixed"] == 4  # 3 keys, then the .gitignore KL002 asked for once the code reads the env
    assert ".env" in (root / ".gitignore").read_text().splitlines()


def test_fix_leaves_keys_in_larger_strings_and_broken_files_alone(project):
    key = fake_key()
    broken = f'KEY = "{key}"\ndef broken(:\n'
    root = project({"a.py": f'HEADER = "Bearer {key}"\n', "b.py": broken,
                    "c.ts": f'const k = "{key}" +;\n'})
    res = run(["scan", "--unsafe-fixes", "."], root)
    assert res.exit_code == 1
    assert (root / "b.py").read_text() == broken
    assert (root / "a.py").read_text() == f'HEADER = "Bearer {key}"\n'
    assert (root / "c.ts").read_text() == f'const k = "{key}" +;\n'
    assert "the key is part of a larger string" in res.output
    assert "does not parse" in res.output
    assert key not in res.output


def test_fix_is_rejected_when_the_result_would_not_parse(monkeypatch, project):
    key = fake_key()
    root = project({"a.py": f'KEY = "{key}"\n'})
    findings = scan([root], Config(), jobs=1, root=root).findings
    monkeypatch.setattr(fixmod, "_python_parses", lambda text: False)
    rules = all_rules()
    outcome = fixmod.plan(root, findings, rules, unsafe=True)
    assert outcome.writes == {} and any("does not parse" in r for _, r in outcome.rejected)


def test_kl002_fix_tracked_env_prints_git_rm_and_creates_gitignore(tmp_path):
    root = tmp_path
    git(root, "init", "-q")
    (root / "svc").mkdir()
    (root / "svc" / ".env").write_text(f"ANTHROPIC_API_KEY={fake_key()}\n")
    git(root, "add", "svc/.env")
    res = run(["scan", "--fix", "--select", "KL002", "."], root)
    assert "git rm --cached -- svc/.env" in res.output
    assert (root / ".gitignore").read_text().splitlines()[-3:] == [".env", ".env.*", "!.env.example"]
    assert res.exit_code == 1  # still tracked: the finding stays until the user untracks it
    git(root, "rm", "-q", "--cached", "svc/.env")
    assert run(["scan", "--select", "KL002", "."], root).exit_code == 0
    # idempotent: a second --fix changes nothing
    before = (root / ".gitignore").read_text()
    run(["scan", "--fix", "."], root)
    assert (root / ".gitignore").read_text() == before


def test_fix_cannot_combine_with_staged(tmp_path):
    git(tmp_path, "init", "-q")
    assert run(["scan", "--staged", "--fix"], tmp_path).exit_code == 2


def test_kl006_rename_is_project_wide_and_all_or_nothing(tmp_path):
    root = tmp_path
    git(root, "init", "-q")
    secret = "k3yValue0123456789abcdefXYZ"
    files = {
        ".gitignore": ".env*\n!.env.example\n",
        ".env.local": f"NEXT_PUBLIC_ANTHROPIC_API_KEY={secret}\n",
        ".env.example": "NEXT_PUBLIC_ANTHROPIC_API_KEY=\n",
        "package.json": '{"dependencies": {"next": "^15", "@anthropic-ai/sdk": "^0.50"}}\n',
        "app/api/chat/route.ts": "import Anthropic from '@anthropic-ai/sdk'\n"
                                 "const client = new Anthropic({ apiKey: process.env.NEXT_PUBLIC_ANTHROPIC_API_KEY })\n"
                                 "export async function POST() { return Response.json({}) }\n",
        "README.md": "Set `NEXT_PUBLIC_ANTHROPIC_API_KEY` in .env.local.\n",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    res = run(["scan", "--select", "KL006", "--fix", "."], root)
    assert "more fix" in res.output and "--unsafe-fixes" in res.output  # unsafe: not applied by --fix
    assert "NEXT_PUBLIC_" in (root / "README.md").read_text()
    res = run(["scan", "--select", "KL006", "--unsafe-fixes", "."], root)
    assert res.exit_code == 0, res.output
    assert "renamed `NEXT_PUBLIC_ANTHROPIC_API_KEY` to `ANTHROPIC_API_KEY`" in res.output
    assert "deployment settings" in res.output
    for rel in files:
        assert "NEXT_PUBLIC_ANTHROPIC_API_KEY" not in (root / rel).read_text(), rel
    assert (root / ".env.local").read_text() == f"ANTHROPIC_API_KEY={secret}\n"  # the ignored local file too
    assert "process.env.ANTHROPIC_API_KEY" in (root / "app/api/chat/route.ts").read_text()


def test_kl006_no_rename_when_browser_code_reads_it(tmp_path):
    root = tmp_path
    git(root, "init", "-q")
    (root / "package.json").write_text('{"dependencies": {"next": "^15"}}\n')
    (root / "components").mkdir()
    chat = ("'use client'\nimport Anthropic from '@anthropic-ai/sdk'\n"
            "const c = new Anthropic({ apiKey: process.env.NEXT_PUBLIC_ANTHROPIC_API_KEY, dangerouslyAllowBrowser: true })\n")
    (root / "components" / "Chat.tsx").write_text(chat)
    res = run(["scan", "--select", "KL006", "--unsafe-fixes", "."], root)
    assert res.exit_code == 1
    assert "not renamed: browser code reads it" in res.output
    assert (root / "components" / "Chat.tsx").read_text() == chat


def test_fix_writes_through_a_symlink_and_keeps_the_mode(project):
    key = fake_key()
    root = project({"real/settings.py": f'KEY = "{key}"\n'})
    (root / "settings.py").symlink_to("real/settings.py")
    (root / "real/settings.py").chmod(0o640)
    run(["scan", "--unsafe-fixes", "."], root)
    assert (root / "settings.py").is_symlink()
    assert (root / "real/settings.py").read_text() == 'import os\nKEY = os.environ["ANTHROPIC_API_KEY"]\n'
    assert (root / "real/settings.py").stat().st_mode & 0o777 == 0o640

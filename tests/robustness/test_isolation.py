"""One rule failing on one file is an internal error naming both; the scan goes on; the exit
code says so. The per-file time budget stops a hanging front end or rule."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from keylint.cli import EXIT_CLEAN, EXIT_FINDINGS, EXIT_INTERNAL, cli
from keylint.config import Config
from keylint.engine import scan
from keylint.rules.kl001_hardcoded_api_key import HardcodedApiKey
from keylint.rules.kl002_env_not_gitignored import EnvNotGitignored


def _internal(res):
    return [e for e in res.errors if e.kind == "internal"]


def _only_on(path: str, original, exc: BaseException):
    """A hook that raises on ``path`` and behaves normally elsewhere."""

    def hook(self, ctx):
        where = getattr(ctx, "path", None) or getattr(getattr(ctx, "source", None), "relpath", None)
        if where == path:
            raise exc
        return original(self, ctx)

    return hook


def _kl001_paths(res):
    return sorted(f.path for f in res.findings if f.rule_id == "KL001")


def test_check_model_failure_is_isolated(project, key, monkeypatch):
    monkeypatch.setattr(HardcodedApiKey, "check_model",
                        _only_on("b.py", HardcodedApiKey.check_model, KeyError(f"boom {key}")))
    code = 'import anthropic\nc = anthropic.Anthropic(api_key="{k}")\n'
    root = project({"a.py": code.format(k=key), "b.py": code.format(k=key), "c.py": f"K = '{key}'\n"})
    res = scan([root], Config(), jobs=1, root=root)
    [err] = _internal(res)
    assert err.path == "b.py" and "KL001" in err.message and "KeyError" in err.message
    assert key not in err.message and key[20:60] not in err.message
    assert res.stats["internal_errors"] == 1
    # phase 1 of b.py (the text scan) and the other files are unaffected
    assert _kl001_paths(res) == ["a.py", "b.py", "c.py"]


def test_check_project_failure_is_isolated(project, key, monkeypatch):
    def boom(self, ctx):
        raise RuntimeError("project hook broke")

    monkeypatch.setattr(EnvNotGitignored, "check_project", boom)
    root = project({".env": f"ANTHROPIC_API_KEY={key}\n", "a.py": f"K = '{key}'\n"})
    res = scan([root], Config(), jobs=1, root=root)
    [err] = _internal(res)
    assert err.path == "." and "KL002" in err.message and "project hook broke" in err.message
    assert _kl001_paths(res) == [".env", "a.py"]


@pytest.mark.parametrize("front,name,code", [
    ("python", "b.py", "import anthropic\nK = '@K@'\n"),
    ("javascript", "b.ts", "import Anthropic from '@anthropic-ai/sdk'\nconst K = '@K@'\n"),
    ("python", "b.ipynb", json.dumps({"cells": [{"cell_type": "code", "source": ["import anthropic\nK = '@K@'"]}]})),
])
def test_front_end_failure_is_isolated(project, key, monkeypatch, front, name, code):
    import importlib

    from keylint.engine import FRONT_ENDS

    module = importlib.import_module(FRONT_ENDS[front])  # the entry the engine calls
    original = module.build_model

    def build_model(source):
        if source.relpath == name:
            raise AttributeError(f"front end bug near {key}")
        return original(source)

    monkeypatch.setattr(module, "build_model", build_model)
    other = "a.py" if front == "python" else "a.ts"
    root = project({name: code.replace("@K@", key), other: f"K = '{key}'\n"})
    res = scan([root], Config(), jobs=1, root=root)
    [err] = _internal(res)
    assert err.path == name and f"{front} front end failed: AttributeError" in err.message
    assert key not in err.message
    assert _kl001_paths(res) == sorted([name, other])  # the text rules still ran on the file


def test_wants_failure_is_isolated(project, key, monkeypatch):
    from keylint.analysis import prefilter

    monkeypatch.setitem(prefilter.WANTS, "python", lambda data, lowered=None: 1 / 0)
    root = project({"a.py": f"import anthropic\nK = '{key}'\n"})
    res = scan([root], Config(), jobs=1, root=root)
    [err] = _internal(res)
    assert err.path == "a.py" and "ZeroDivisionError" in err.message
    assert _kl001_paths(res) == ["a.py"]


def test_failure_in_a_worker_process_is_isolated(project, key, monkeypatch):
    """The pool (fork) path: the failing file is reported from the worker, the rest is scanned."""
    monkeypatch.setattr(HardcodedApiKey, "check_file",
                        _only_on("p3/m7.py", HardcodedApiKey.check_file, ValueError("worker boom")))
    files = {f"p{i}/m{j}.py": f"K = '{key}'\n" for i in range(11) for j in range(20)}
    root = project(files)
    res = scan([root], Config(select=("KL001",)), jobs=2, root=root)
    assert res.stats["jobs"] == 2
    [err] = _internal(res)
    assert err.path == "p3/m7.py" and "KL001" in err.message and "worker boom" in err.message
    assert len(_kl001_paths(res)) == len(files) - 1


# --------------------------------------------------------------------------------------------
# CLI exit codes
# --------------------------------------------------------------------------------------------
def _run(args, cwd):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, args, catch_exceptions=False)
    finally:
        os.chdir(old)


def test_cli_exit_3_on_internal_error_without_findings(project, monkeypatch):
    def boom(self, ctx):
        raise ValueError("rule broke")

    monkeypatch.setattr(HardcodedApiKey, "check_file", boom)
    root = project({"a.py": "x = 1  # keys start with sk-ant-\n"})
    res = _run(["scan", "--no-color", "."], root)
    assert res.exit_code == EXIT_INTERNAL, res.output
    assert "KL001 failed: ValueError: rule broke" in res.output
    js = _run(["scan", "-f", "json", "."], root)
    assert js.exit_code == EXIT_INTERNAL
    doc = json.loads(js.stdout)
    assert doc["stats"]["internal_errors"] >= 1
    assert {(e["kind"], e["path"]) for e in doc["errors"]} >= {("internal", "a.py")}
    # --exit-zero concerns findings; an internal failure is still not hidden
    assert _run(["scan", "--exit-zero", "."], root).exit_code == EXIT_INTERNAL


def test_cli_findings_take_precedence_over_internal_errors(project, key, monkeypatch):
    monkeypatch.setattr(HardcodedApiKey, "check_model",
                        _only_on("b.py", HardcodedApiKey.check_model, ValueError("x")))
    root = project({"a.py": f"K = '{key}'\n", "b.py": "import anthropic\nanthropic.Anthropic()\n"})
    assert _run(["scan", "."], root).exit_code == EXIT_FINDINGS
    clean = project({"a.py": "x = 1\n"})
    monkeypatch.undo()
    assert _run(["scan", str(clean / "a.py")], clean).exit_code == EXIT_CLEAN


# --------------------------------------------------------------------------------------------
# The per-file time budget
# --------------------------------------------------------------------------------------------
def _hang(*args, **kwargs):
    while True:
        pass


BUDGET = 0.5


def test_budget_stops_a_hanging_front_end(project, key, monkeypatch):
    import keylint.analysis.js_light as js  # the engine's JS entry

    original = js.build_model
    monkeypatch.setattr(js, "build_model", lambda s: _hang() if s.relpath == "slow.ts" else original(s))
    root = project({"slow.ts": f"import Anthropic from '@anthropic-ai/sdk'\nconst k = '{key}'\n",
                    "fast.ts": f"import Anthropic from '@anthropic-ai/sdk'\nconst k = '{key}'\n"})
    started = time.perf_counter()
    res = scan([root], Config(), jobs=1, root=root, time_budget=BUDGET)
    assert time.perf_counter() - started < 10 * BUDGET + 3
    kinds = {(e.path, e.kind) for e in res.errors}
    assert ("slow.ts", "timeout") in kinds and not _internal(res)
    assert _kl001_paths(res) == ["fast.ts", "slow.ts"]  # the key in the stopped file is still found


def test_budget_is_not_swallowed_by_a_front_end_catch_all(project, key, monkeypatch):
    """The Python front end skips odd statements with ``except Exception``: the budget's alarm
    is a BaseException, so it still stops the file."""
    import keylint.analysis.python as py

    monkeypatch.setattr(py._Analyzer, "exec_stmt", _hang)
    root = project({"slow.py": f"import anthropic\nk = '{key}'\nx = 1\n"})
    started = time.perf_counter()
    res = scan([root], Config(), jobs=1, root=root, time_budget=BUDGET)
    assert time.perf_counter() - started < 10 * BUDGET + 3
    assert [(e.path, e.kind) for e in res.errors] == [("slow.py", "timeout")]
    assert _kl001_paths(res) == ["slow.py"]


def test_budget_stops_a_hanging_file_rule(project, key, monkeypatch):
    from keylint.rules.kl002_env_not_gitignored import EnvNotGitignored

    monkeypatch.setattr(EnvNotGitignored, "check_file", _hang)
    root = project({".env": f"ANTHROPIC_API_KEY={key}\n", "a.py": f"K = '{key}'\n"})
    res = scan([root], Config(), jobs=1, root=root, time_budget=BUDGET)
    assert (".env", "timeout") in {(e.path, e.kind) for e in res.errors} and not _internal(res)
    assert _kl001_paths(res) == [".env", "a.py"]


def test_budget_stops_a_hanging_phase_2_rule(project, key, monkeypatch):
    original = HardcodedApiKey.check_model
    monkeypatch.setattr(HardcodedApiKey, "check_model",
                        lambda self, ctx: _hang() if ctx.path == "b.py" else original(self, ctx))
    root = project({"a.py": "import anthropic\n", "b.py": "import anthropic\n", "c.py": f"K = '{key}'\n"})
    res = scan([root], Config(), jobs=1, root=root, time_budget=BUDGET)
    assert [(e.path, e.kind) for e in res.errors] == [("b.py", "timeout")]
    assert "KL001" in res.errors[0].message
    assert _kl001_paths(res) == ["c.py"]


def test_budget_in_worker_processes(project, key, monkeypatch):
    original = HardcodedApiKey.check_file
    monkeypatch.setattr(HardcodedApiKey, "check_file",
                        lambda self, ctx: _hang() if ctx.source.relpath == "p2/m5.py" else original(self, ctx))
    files = {f"p{i}/m{j}.py": f"K = '{key}'\n" for i in range(11) for j in range(20)}
    root = project(files)
    res = scan([root], Config(select=("KL001",)), jobs=2, root=root, time_budget=BUDGET)
    assert res.stats["jobs"] == 2
    assert [(e.path, e.kind) for e in res.errors] == [("p2/m5.py", "timeout"), ("p2/m5.py", "timeout")]
    assert len(_kl001_paths(res)) == len(files) - 1


#: minimised from a 548-byte half-edited React component on which benchmarks/fuzz.py hung (seed
#: 20261129, input 35358); tree-sitter-typescript's *tsx* grammar never finishes parsing it (the
#: typescript grammar parses it in microseconds)
HANG_TSX = b'<de",s[{e:t:q};}}'
#: benchmarks/fuzz.py --seed 7 (after the read-callback fix): a small file is read in one chunk,
#: so the read callback is never called again while the TSX grammar's error recovery loops
HANG_TSX_ONE_READ = (
    b'"use client";\nimport Anthropic from "@anthropic-ai/sdk";\nimport { useState } from "react";\n'
    b'export default function Chat({ imessages.createsystem=(nitial }: { initial: string }) {\n'
    b'  const [q, sekeylint: ignoretQ] = useSta role: "user"-->..." />\n    {q && <p title=')


@pytest.mark.parametrize("data", [
    pytest.param(b"import Anthropic from '@anthropic-ai/sdk'\n" + HANG_TSX, id="minimal"),
    pytest.param(HANG_TSX_ONE_READ, id="one-read"),
])
def test_budget_stops_a_pathological_tsx_parse(tmp_path, data):
    """Run in a subprocess: unfixed, the scan would hang this test forever."""
    import subprocess
    import sys

    (tmp_path / "page.tsx").write_bytes(data)
    code = ("import sys; from pathlib import Path; from keylint.config import Config; "
            "from keylint.engine import scan; r = Path(sys.argv[1]); "
            "res = scan([r], Config(), jobs=1, root=r, time_budget=1.0); "
            "print(sorted({e.kind for e in res.errors}))")
    try:
        proc = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True,
                              text=True, timeout=10)
    except subprocess.TimeoutExpired:
        pytest.fail("the scan of a small .tsx file did not stop within 10 s (budget 1 s)")
    assert proc.returncode == 0, proc.stderr
    # the parse is abandoned at the budget (the read callback lets the alarm in), not hung
    assert proc.stdout.strip() in ("['timeout']", "['parse']", "['parse', 'timeout']"), proc.stdout


def test_an_abandoned_parse_does_not_leak_into_the_next_file(project):
    import keylint.analysis.javascript as js

    slow = (Path(__file__).parent / "data" / "tsx_slow_parse.tsx").read_bytes()
    good = ('"use client";\nimport Anthropic from "@anthropic-ai/sdk";\n'
            "export function C() { const c = new Anthropic({ dangerouslyAllowBrowser: true }); return null; }\n")
    alone = project({"alone/b_good.tsx": good})
    expected = [(f.rule_id, f.span) for f in scan([alone / "alone"], Config(), jobs=1, root=alone / "alone").findings]
    assert expected, "the good file must have a finding"
    js.PARSE_DEADLINE, saved = 0.5, js.PARSE_DEADLINE
    try:
        root = project({"both/a_slow.tsx": slow, "both/b_good.tsx": good})
        res = scan([root / "both"], Config(), jobs=1, root=root / "both")
    finally:
        js.PARSE_DEADLINE = saved
    assert [(f.rule_id, f.span) for f in res.findings if f.path == "b_good.tsx"] == expected

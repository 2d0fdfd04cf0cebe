"""action.yml: a well-formed composite action whose scan step really runs keylint (executed here
with bash, as the runner would, in a repository with a leaked key)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from keylint.testing import fake_key, git

yaml = pytest.importorskip("yaml")
REPO = Path(__file__).resolve().parents[1]
ACTION = REPO / "action.yml"
pytestmark = pytest.mark.skipif(not ACTION.exists(), reason="needs the source checkout")


@pytest.fixture(scope="module")
def action() -> dict:
    return yaml.safe_load(ACTION.read_text())


def test_composite_action_shape(action):
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    uses = [s.get("uses", "") for s in steps]
    assert any(u.startswith("actions/setup-python@") for u in uses)
    assert "github/codeql-action/upload-sarif@v4" in uses
    for step in steps:
        if "run" in step:
            assert step["shell"] == "bash"
            # inputs reach scripts through env only (no expression injection into the script text)
            assert "${{" not in step["run"], step["name"]
    assert set(action["inputs"]) >= {"path", "diff-base", "fail-on", "args", "sarif-file", "upload-sarif"}
    assert action["outputs"]["exit-code"]["value"] == "${{ steps.scan.outputs.exit-code }}"


def run_scan_step(action, cwd: Path, tmp: Path, **inputs: str) -> tuple[subprocess.CompletedProcess, dict]:
    step = next(s for s in action["runs"]["steps"] if s.get("id") == "scan")
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
    defaults = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    values = {**defaults, **inputs}
    for name, expr in step["env"].items():
        m = re.fullmatch(r"\$\{\{ inputs\.([\w-]+) \}\}", expr)
        assert m, expr
        env[name] = values[m.group(1)]
    out_file = tmp / "github_output"
    out_file.write_text("")
    env["GITHUB_OUTPUT"] = str(out_file)
    bindir = Path(sys.executable).parent  # the keylint this test suite runs
    env["PATH"] = f"{bindir}{os.pathsep}{env.get('PATH', '')}"
    proc = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)
    outputs = dict(line.split("=", 1) for line in out_file.read_text().splitlines() if "=" in line)
    return proc, outputs


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_scan_step_runs_keylint(action, tmp_path):
    if not (Path(sys.executable).parent / "keylint").exists():
        pytest.skip("keylint's console script is not next to this Python")
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / "app.py").write_text("print('hi')\n")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "clean")
    proc, out = run_scan_step(action, root, tmp_path)
    assert proc.returncode == 0 and out["exit-code"] == "0", proc.stdout + proc.stderr
    key = fake_key()
    git(root, "checkout", "-q", "-b", "pr")
    (root / "config.py").write_text(f'KEY = "{key}"\n')
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "leak")
    proc, out = run_scan_step(action, root, tmp_path, **{"diff-base": "main"})
    assert proc.returncode == 0 and out["exit-code"] == "1", proc.stdout + proc.stderr
    assert "::error file=config.py,line=1" in proc.stdout and key not in proc.stdout
    sarif = json.loads((root / "keylint.sarif").read_text())
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["KL001"]
    # the key is removed again: the work tree is clean, the history is not
    (root / "config.py").write_text("import os\nKEY = os.environ.get('ANTHROPIC_API_KEY')\n")
    (root / ".gitignore").write_text(".env\n")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "fix")
    proc, out = run_scan_step(action, root, tmp_path)
    assert out["exit-code"] == "0", proc.stdout + proc.stderr
    proc, out = run_scan_step(action, root, tmp_path, history="true")
    assert out["exit-code"] == "1" and "KL001" in proc.stdout, proc.stdout + proc.stderr
    proc, out = run_scan_step(action, root, tmp_path, args="--select KL999")
    assert out["exit-code"] == "2"

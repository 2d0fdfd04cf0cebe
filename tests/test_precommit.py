"""The real pre-commit tool runs keylint's hook from this checkout (``pre-commit try-repo``)."""

from __future__ import annotations

import os
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from keylint.testing import fake_key, git

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(not (REPO / ".pre-commit-hooks.yaml").exists(), reason="needs the source checkout")
@pytest.mark.skipif(importlib.util.find_spec("pre_commit") is None, reason="pre-commit is not installed")
def test_hook_scans_the_index_blocks_added_keys_and_passes_removals(tmp_path):
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    work = tmp_path / "work"
    work.mkdir()
    git(work, "init", "-q")

    def try_repo() -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "keylint", "--color", "never"],
                              cwd=work, env=env, capture_output=True, text=True, timeout=900)

    (work / "app.py").write_text("import anthropic\n\nclient = anthropic.Anthropic()\n")
    git(work, "add", "app.py")
    clean = try_repo()
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout

    # one run, three properties: a staged key and a staged .env block the commit, and the index is
    # what counts (the key is edited out of the work tree after staging, and still blocks)
    key = fake_key()
    (work / "settings.py").write_text(f'ANTHROPIC_API_KEY = "{key}"\n')
    (work / ".env").write_text("PORT=3000\n")
    git(work, "add", "settings.py")
    git(work, "add", "-f", ".env")
    (work / "settings.py").write_text('import os\nANTHROPIC_API_KEY = os.environ["ANTHROPIC_API_KEY"]\n')
    leaky = try_repo()
    assert leaky.returncode == 1, leaky.stdout + leaky.stderr
    assert "Failed" in leaky.stdout and "settings.py:1:22: KL001 [error]" in leaky.stdout, leaky.stdout
    assert ".env:1:1: KL002" in leaky.stdout, leaky.stdout
    assert key not in leaky.stdout + leaky.stderr

    # the key gets committed anyway (--no-verify); the commit that removes it passes the hook
    git(work, "commit", "-q", "--no-verify", "-m", "leak")
    git(work, "rm", "-q", "--cached", ".env")
    (work / ".gitignore").write_text(".env\n")
    git(work, "add", "settings.py", ".gitignore")
    removal = try_repo()
    assert removal.returncode == 0 and "Passed" in removal.stdout, removal.stdout + removal.stderr
    assert not (work / ".keylint-baseline.json").exists()  # the hook never writes a baseline

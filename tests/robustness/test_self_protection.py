"""keylint is safe to run on an untrusted repository: it never executes scanned code or config,
never touches the network, never writes outside its cache, and a hostile config can neither run
code nor read outside the repository."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from keylint.config import Config
from keylint.engine import scan
from keylint.testing import fake_key, git

KEYLINT = shutil.which("keylint", path=str(Path(sys.executable).parent)) or "keylint"


def _payload(marker: Path) -> str:
    """Python that leaves ``marker`` behind if it is ever executed."""
    return f"import pathlib; pathlib.Path({str(marker)!r}).write_text('ran')\n"


def hostile_repo(root: Path, markers: Path) -> dict[str, Path]:
    """Files that would run code if anything imported, executed, built or installed them."""
    key = fake_key()
    m = {name: markers / name for name in (
        "conftest", "setup", "module", "sitecustomize", "pth", "click", "pathspec", "keylint",
        "tomllib", "json", "notebook", "node", "fsmonitor", "hooks", "pyproject")}
    files = {
        "conftest.py": _payload(m["conftest"]),
        "setup.py": _payload(m["setup"]) + "from setuptools import setup\nsetup(name='x')\n",
        "app.py": f"import anthropic\n{_payload(m['module'])}client = anthropic.Anthropic(api_key='{key}')\n",
        "sitecustomize.py": _payload(m["sitecustomize"]),
        "usercustomize.py": _payload(m["sitecustomize"]),
        "evil.pth": f"import pathlib; pathlib.Path({str(m['pth'])!r}).write_text('ran')\n",
        # module names keylint imports: must never be picked up from the scanned directory
        "click.py": _payload(m["click"]),
        "pathspec/__init__.py": _payload(m["pathspec"]),
        "keylint/__init__.py": _payload(m["keylint"]),
        "keylint/__main__.py": _payload(m["keylint"]),
        "tomllib.py": _payload(m["tomllib"]),
        "json.py": _payload(m["json"]),
        "nb.ipynb": json.dumps({"cells": [{"cell_type": "code", "source": [_payload(m["notebook"])],
                                           "outputs": []}]}),
        "package.json": json.dumps({"name": "x", "scripts": {
            "preinstall": f"touch {m['node']}", "postinstall": f"touch {m['node']}",
            "prepare": f"touch {m['node']}"}}),
        "next.config.js": f"require('fs').writeFileSync({str(m['node'])!r}, 'ran');\nmodule.exports = {{}};\n",
        "vite.config.ts": f"import fs from 'fs'; fs.writeFileSync({str(m['node'])!r}, 'ran');\nexport default {{}};\n",
        "pyproject.toml": (
            "[build-system]\nrequires = ['setuptools']\nbuild-backend = 'evil_backend'\nbackend-path = ['.']\n"
            "[tool.keylint]\nexclude = ['/etc/**', '../**', '~/**']\n"
            "per-file-ignores = {'../outside/**' = ['KL001']}\n"
            "[tool.keylint.rules.KL004]\n"),
        "evil_backend.py": _payload(m["pyproject"]),
        ".env": f"ANTHROPIC_API_KEY={key}\n",
        "web/index.html": '<script src="https://cdn.jsdelivr.net/npm/@anthropic-ai/sdk"></script>\n'
                          '<script>fetch("https://api.anthropic.com/v1/messages")</script>\n',
        "web/App.vue": "<script setup>\nimport Anthropic from 'https://esm.sh/@anthropic-ai/sdk'\n</script>\n",
    }
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    git(root, "init", "-q")
    git(root, "add", "app.py", "package.json")
    git(root, "config", "core.fsmonitor", f"touch {m['fsmonitor']}; echo")
    hooks = root / ".git" / "hooks"
    for hook in ("post-checkout", "pre-commit", "post-index-change", "reference-transaction"):
        (hooks / hook).write_text(f"#!/bin/sh\ntouch {m['hooks']}\n")
        (hooks / hook).chmod(0o755)
    return m


def snapshot(root: Path) -> dict[str, tuple[int, str]]:
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                out[rel] = (0, os.readlink(path))
                continue
            data = path.read_bytes()
            out[rel] = (path.stat().st_mode, hashlib.sha256(data).hexdigest())
    return out


@pytest.fixture
def env_outside(tmp_path):
    """HOME, caches and TMPDIR pointed at an empty directory that must stay empty."""
    outside = tmp_path / "outside"
    outside.mkdir()
    env = {**os.environ, "HOME": str(outside), "XDG_CACHE_HOME": str(outside / ".cache"),
           "XDG_CONFIG_HOME": str(outside / ".config"), "TMPDIR": str(outside), "NO_COLOR": "1"}
    return outside, env


def test_never_executes_scanned_code_or_config(tmp_path, env_outside):
    root = tmp_path / "repo"
    root.mkdir()
    markers_dir = tmp_path / "markers"
    markers_dir.mkdir()
    markers = hostile_repo(root, markers_dir)
    outside, env = env_outside
    for args in (["scan", "."], ["scan", "-f", "json", "-j", "2", "."], ["scan", "-f", "sarif", "app.py"]):
        # the console script (what pre-commit and CI run), from inside the repository
        proc = subprocess.run([KEYLINT, *args], cwd=root, capture_output=True, text=True, env=env, timeout=120)
        assert proc.returncode in (1, 2), proc.stderr  # findings (or a config error), never a crash
        assert "Traceback" not in proc.stderr
        ran = sorted(p.name for p in markers_dir.iterdir())
        assert ran == [], f"scanned code or config was executed: {ran}"
    assert markers["module"].parent == markers_dir


def test_hostile_pyproject_values_are_data(tmp_path):
    """The hostile repository's pyproject.toml either configures a scan or is refused (exit 2):
    its values are never evaluated."""
    root = tmp_path / "repo"
    root.mkdir()
    (root / "pyproject.toml").write_text(
        "[tool.keylint]\nmax-file-size = 100\nfail-on = 'error'\n"
        "[tool.keylint.rules.KL001]\n")
    (root / "a.py").write_text("__import__('os').system('touch should-not-exist')\n")
    for bad in ("select = [\"__import__('os').system('touch pwned')\"]\n",
                "exclude = \"$(touch pwned)\"\nfail-on = \"`touch pwned`\"\n",
                "baseline = \"../../outside.json\"\n",
                "rules = {KL001 = {x = \"__import__('os')\"}}\n"):
        (root / ".keylint.toml").write_text(bad)
        proc = subprocess.run([KEYLINT, "scan", "."], cwd=root, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, (bad, proc.stderr)
        assert not (root / "pwned").exists() and not (root / "should-not-exist").exists()


def test_no_network_during_a_full_scan(tmp_path, monkeypatch):
    """Every socket entry point raises: a scan of every file type (and the worker pool) still
    completes with no internal error."""
    root = tmp_path / "repo"
    root.mkdir()
    hostile_repo(root, tmp_path)
    for i in range(PARALLEL := 210):
        (root / "many" / f"m{i}.ts").parent.mkdir(exist_ok=True)
        (root / "many" / f"m{i}.ts").write_text(
            "import Anthropic from 'https://esm.sh/@anthropic-ai/sdk';\n"
            "await fetch('https://api.anthropic.com/v1/messages');\n")
    calls = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket.socket, "sendto", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "gethostbyname", refuse)
    for jobs in (1, 2):
        res = scan([root], Config(), jobs=jobs)
        assert not [e for e in res.errors if e.kind == "internal"], res.errors
        assert res.stats["files"] > PARALLEL and res.findings
    assert calls == []


def test_never_writes_outside_its_cache(tmp_path, env_outside):
    root = tmp_path / "repo"
    root.mkdir()
    hostile_repo(root, tmp_path / "m")
    (root / "big.txt").write_text("x" * 3_000_000)  # the chunked path
    (root / "broken.py").write_text("import anthropic\ndef f(:\n")
    outside, env = env_outside
    before = snapshot(root)
    for args in (["scan", "."], ["scan", "-f", "json", "."], ["scan", "-f", "sarif", "-j", "2", "."],
                 ["scan", "-f", "github", "-v", "app.py", "web"], ["rules"], ["explain", "KL001"]):
        proc = subprocess.run([KEYLINT, *args], cwd=root, capture_output=True, text=True, env=env, timeout=120)
        assert "Traceback" not in proc.stderr, proc.stderr
    after = snapshot(root)
    changed = sorted(k for k in set(before) | set(after)
                     if before.get(k) != after.get(k) and not k.startswith(".keylint_cache/"))
    assert changed == [], f"keylint changed files in the scanned tree: {changed}"
    # outside the tree, only the cache's per-user MAC key may be created (keylint/cache.py)
    wrote = sorted(p.relative_to(outside).as_posix() for p in outside.rglob("*") if p.is_file())
    assert all(w.startswith((".cache/keylint/", ".config/keylint/")) for w in wrote), \
        f"keylint wrote into HOME / TMPDIR: {wrote}"


def test_config_link_out_of_the_repository_is_not_read(tmp_path):
    outside = tmp_path / "private.toml"
    outside.write_text('select = ["KL001"]\napi_token = "hunter2"\n')
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    (root / "a.py").write_text("x = 1\n")
    for name in (".keylint.toml", "pyproject.toml"):
        link = root / name
        link.symlink_to(outside)
        proc = subprocess.run([KEYLINT, "scan", "."], cwd=root, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 2 and "outside the project" in proc.stderr, proc.stderr
        assert "api_token" not in proc.stderr and "hunter2" not in proc.stderr
        link.unlink()
    # a link to a config inside the repository is fine
    (root / "shared").mkdir()
    (root / "shared" / "keylint.toml").write_text('select = ["KL001"]\n')
    (root / ".keylint.toml").symlink_to("shared/keylint.toml")
    proc = subprocess.run([KEYLINT, "scan", "."], cwd=root, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_hostile_config_cannot_widen_the_scan(tmp_path):
    """Config patterns only ever match inside the project; nothing outside is listed or read."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.py").write_text(f"K = '{fake_key()}'\n")
    root = tmp_path / "repo"
    root.mkdir()
    (root / ".keylint.toml").write_text(
        "exclude = ['/**', '../outside/**', '!../outside/secret.py', '!/etc/passwd']\n"
        "[per-file-ignores]\n'../outside/secret.py' = ['KL001']\n")
    (root / "a.py").write_text("x = 1\n")
    from keylint.config import load_config

    res = scan([root], load_config(root / ".keylint.toml"), jobs=1, root=root)
    assert all(not p.startswith(("..", "/")) for p in res.project.files)
    assert res.findings == []


def test_git_config_in_the_scanned_repository_runs_nothing(tmp_path):
    """core.fsmonitor in .git/config names a command that `git ls-files` would run; keylint
    turns it off for every git call."""
    root = tmp_path / "repo"
    root.mkdir()
    marker = tmp_path / "fsmonitor-ran"
    (root / "a.py").write_text("x = 1\n")
    git(root, "init", "-q")
    git(root, "add", "a.py")
    git(root, "commit", "-qm", "one")
    git(root, "config", "core.fsmonitor", f"touch {marker}; echo")
    res = scan([root], Config(), jobs=1)
    assert res.project.is_git and "a.py" in res.project.files
    assert not marker.exists()


def _repo_with_git_config_traps(root: Path, marker: Path) -> None:
    root.mkdir()
    (root / "a.py").write_text("x = 1\n")
    (root / ".gitattributes").write_text("*.py diff=trap\n")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "one")
    (root / "a.py").write_text("x = 2\n")
    git(root, "add", "a.py")
    git(root, "commit", "-qm", "two")
    (root / "b.py").write_text("y = 1\n")
    git(root, "add", "b.py")
    # set last: the test's own git calls above must not trigger them
    git(root, "config", "core.fsmonitor", f"touch {marker}-fsmonitor; echo")
    git(root, "config", "diff.trap.textconv", f"sh -c 'touch {marker}-textconv; cat \"$0\"'")


@pytest.mark.parametrize("mode", ["--staged", "--history", "--diff"])
def test_git_modes_run_no_repository_command(tmp_path, mode):
    root = tmp_path / "repo"
    marker = tmp_path / "ran"
    _repo_with_git_config_traps(root, marker)
    args = [mode, "HEAD~1"] if mode == "--diff" else [mode]
    proc = subprocess.run([KEYLINT, "scan", *args, "--no-progress"], cwd=root, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    ran = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("ran"))
    assert ran == [], f"{mode} ran a command from the repository's git config: {ran}"


def test_fix_changes_only_what_it_reports(tmp_path, env_outside):
    """`--fix` / `--unsafe-fixes` write the files they fix (and the cache), nothing else."""
    root = tmp_path / "repo"
    root.mkdir()
    hostile_repo(root, tmp_path / "m")
    outside, env = env_outside
    before = snapshot(root)
    proc = subprocess.run([KEYLINT, "scan", "--fix", "-f", "json", "."], cwd=root, capture_output=True,
                          text=True, env=env, timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr
    after = snapshot(root)
    changed = sorted(k for k in set(before) | set(after)
                     if before.get(k) != after.get(k) and not k.startswith(".keylint_cache/"))
    assert changed == [".gitignore"], changed  # KL002's safe fix only (.env was not ignored)
    proc = subprocess.run([KEYLINT, "scan", "--unsafe-fixes", "-f", "json", "."], cwd=root,
                          capture_output=True, text=True, env=env, timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr
    final = snapshot(root)
    changed = sorted(k for k in set(after) | set(final)
                     if after.get(k) != final.get(k) and not k.startswith(".keylint_cache/"))
    assert set(changed) <= {"app.py", ".gitignore", ".env"}, changed


def test_fix_never_writes_through_a_link_out_of_the_repository(tmp_path, key):
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / "target"
    target.write_text("# a file of the user's\n")
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    (root / ".gitignore").symlink_to(target)
    (root / ".env").write_text(f"ANTHROPIC_API_KEY={key}\n")
    proc = subprocess.run([KEYLINT, "scan", "--fix", "."], cwd=root, capture_output=True, text=True, timeout=60)
    assert "Traceback" not in proc.stderr
    assert target.read_text() == "# a file of the user's\n"

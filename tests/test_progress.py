"""The progress bar: on stderr at a terminal (a real pseudo-terminal here), never in pipes, CI or
pre-commit, and never on stdout."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


@pytest.fixture(scope="module")
def many_files(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("many")
    for i in range(80):
        (root / f"m{i}.py").write_text(f"print({i})\n")
    return root


def keylint(root: Path, *args: str, tty: bool, **env_changes: str) -> tuple[bytes, bytes]:
    """Run keylint with stderr on a pseudo-terminal (tty=True) or a pipe; return (stdout, stderr)."""
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PRE_COMMIT", "GITHUB_ACTIONS", "NO_COLOR")}
    env.update({"TERM": "xterm", **env_changes})
    cmd = [sys.executable, "-m", "keylint", "scan", *args, "."]
    if not tty:
        proc = subprocess.run(cmd, cwd=root, env=env, capture_output=True, timeout=120)
        return proc.stdout, proc.stderr
    master, slave = pty.openpty()
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    out = proc.stdout.read()
    proc.wait(timeout=120)
    err = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        err += chunk
    os.close(master)
    return out, err


def test_bar_on_a_terminal(many_files):
    out, err = keylint(many_files, tty=True)
    assert b"80/80" in err and b"files" in err
    assert b"80/80" not in out and out.startswith(b"All clear")


@pytest.mark.parametrize("env", [{"CI": "true"}, {"PRE_COMMIT": "1"}, {"GITHUB_ACTIONS": "true"}, {"TERM": "dumb"}])
def test_no_bar_in_ci_or_pre_commit_even_on_a_terminal(many_files, env):
    _, err = keylint(many_files, tty=True, **env)
    assert b"/80" not in err and b"\x1b[" not in err


def test_no_bar_in_a_pipe_or_when_disabled(many_files):
    out, err = keylint(many_files, tty=False)
    assert err == b"" and b"/80" not in out
    _, err = keylint(many_files, "--no-progress", tty=True)
    assert b"/80" not in err

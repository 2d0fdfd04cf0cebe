"""--other-pragmas / other-pragmas = true: detect-secrets' and gitleaks' allow comments."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from keylint.cli import cli
from keylint.testing import fake_key


def code(root: Path, *args: str) -> int:
    old = os.getcwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(cli, ["scan", *args, "."], catch_exceptions=False).exit_code
    finally:
        os.chdir(old)


def test_flag_and_config(project):
    root = project({
        "a.py": f'K = "{fake_key()}"  # pragma: allowlist secret\n',
        "b.yaml": f"# pragma: allowlist nextline secret\nkey: {fake_key()}\n",
        "c.js": f'const k = "{fake_key()}"; // gitleaks:allow\n',
    })
    assert code(root) == 1  # off by default: another tool's comment does not silence keylint
    assert code(root, "--other-pragmas") == 0
    (root / ".keylint.toml").write_text("other-pragmas = true\n")
    assert code(root) == 0
    assert code(root, "--no-other-pragmas") == 1

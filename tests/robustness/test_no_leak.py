"""No output format, error message or file keylint writes ever holds a planted key in full."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from keylint.testing import fake_key

FORMATS = ["text", "json", "sarif", "github"]


def plant(root, keys):
    k = iter(keys)
    files = {
        "app.py": f'import anthropic\nclient = anthropic.Anthropic(api_key="{next(k)}")\nprint("{next(k)}")\n',
        "web/client.ts": f'const c = new Anthropic({{ apiKey: "{next(k)}" }});\n',
        "web/App.tsx": f'export const K = `{next(k)}`;\n',
        "web/index.html": f'<script>const key = "{next(k)}";</script>\n',
        "web/App.vue": f'<script setup>\nconst key = "{next(k)}"\n</script>\n',
        ".env": f"ANTHROPIC_API_KEY={next(k)}\n",
        "config.yaml": f"anthropic:\n  key: {next(k)}\n",
        "config.json": json.dumps({"key": next(k)}) + "\n",
        "settings.toml": f'key = "{next(k)}"\n',
        "README.md": f"Use `{next(k)}`.\n",
        "run.sh": f"export ANTHROPIC_API_KEY={next(k)}\n",
        "Dockerfile": f"ENV ANTHROPIC_API_KEY={next(k)}\n",
        "nb.ipynb": json.dumps({"cells": [{"cell_type": "code", "source": [f'key = "{next(k)}"'],
                                           "outputs": [{"output_type": "stream", "text": [next(k)]}]}]}),
        "broken.py": f'def f(:\n    k = "{next(k)}"\n',
        "blob.bin": b"\x00\x01" + b" " + next(k).encode() + b" \x00",
        "big.txt": ("y" * 200 + "\n") * 30 + next(k) + "\n",
    }
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    (root / ".keylint.toml").write_text("max-file-size = 4000\n")


def test_no_key_in_any_output(tmp_path):
    keys = [fake_key() for _ in range(20)]
    plant(tmp_path, keys)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    seen_findings = 0
    for fmt in FORMATS:
        proc = subprocess.run([sys.executable, "-m", "keylint", "scan", "--format", fmt, "-v", "."],
                              cwd=tmp_path, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
        assert proc.returncode == 1, proc.stderr
        out = proc.stdout + proc.stderr
        for key in keys:
            assert key not in out, f"{fmt} output holds a full key"
            assert key[len("sk-ant-api03-"):][:40] not in out, f"{fmt} output holds most of a key"
        seen_findings = max(seen_findings, out.count("KL001"))
    # every planted key was found (not a vacuous pass): text output names each finding once
    proc = subprocess.run([sys.executable, "-m", "keylint", "scan", "-f", "json", "--select", "KL001", "."],
                          cwd=tmp_path, capture_output=True, text=True)
    findings = json.loads(proc.stdout)["findings"]
    assert len(findings) == 18
    # keylint wrote nothing into the scanned tree
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [".env", ".git", ".keylint.toml", "Dockerfile", "README.md", "app.py", "big.txt", "blob.bin",
         "broken.py", "config.json", "config.yaml", "nb.ipynb", "run.sh", "settings.toml", "web"])


@pytest.mark.parametrize("fmt", FORMATS)
def test_partial_keys_in_code_frames_are_redacted(tmp_path, fmt):
    key = fake_key()
    # a line holding the key twice and a truncated copy: the frame shows none of them in full
    (tmp_path / "a.py").write_text(f'A, B = "{key}", "{key}"  # {key[:60]}\n')
    proc = subprocess.run([sys.executable, "-m", "keylint", "scan", "--format", fmt, "."], cwd=tmp_path,
                          capture_output=True, text=True)
    assert key[13:50] not in proc.stdout + proc.stderr

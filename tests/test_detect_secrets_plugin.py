"""keylint's Anthropic detector runs inside the real detect-secrets CLI."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from keylint.testing import fake_key

pytest.importorskip("detect_secrets")


def _scan(root, *extra):
    import keylint.detect_secrets_plugin as plugin

    proc = subprocess.run(
        [sys.executable, "-m", "detect_secrets", "scan", "--all-files", "--plugin", plugin.__file__, *extra, "."],
        cwd=root, capture_output=True, text=True, check=True)
    doc = json.loads(proc.stdout)
    return {path: sorted({r["type"] for r in results}) for path, results in doc["results"].items()}, doc


def test_plugin_finds_keys_and_skips_placeholders(project):
    root = project({
        ".env": f"ANTHROPIC_API_KEY={fake_key()}\n",
        "oauth.txt": f"token: {fake_key('oat01', 95)}\n",
        "placeholder.env": "ANTHROPIC_API_KEY=sk-ant-api03-YOUR_KEY_HERE\n",
        "vector.txt": "sk-ant-api03-" + "abcdefghij" * 9 + "xyzAA\n",
    })
    found, doc = _scan(root)
    assert "Anthropic API Key" in found[".env"]
    assert "Anthropic API Key" in found["oauth.txt"]
    assert "Anthropic API Key" not in found.get("placeholder.env", [])
    assert "Anthropic API Key" not in found.get("vector.txt", [])
    assert any(p["name"] == "AnthropicDetector" for p in doc["plugins_used"])
    # detect-secrets stores a hash, never the key
    assert "sk-ant-api03-" not in json.dumps(doc)


def test_plugin_sees_the_client_line_with_the_indirect_reference_filter_off(project):
    root = project({"app.py": f'import anthropic\nclient = anthropic.Anthropic(api_key="{fake_key()}")\n'})
    found, _ = _scan(root, "--disable-filter", "detect_secrets.filters.heuristic.is_indirect_reference")
    assert "Anthropic API Key" in found["app.py"]

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
    # keylint wrote nothing into the scanned tree but its cache, and the cache holds no key
    cache = tmp_path / ".keylint_cache"
    assert cache.is_dir()
    for entry in cache.rglob("*"):
        if entry.is_file():
            blob = entry.read_bytes()
            assert not any(k.encode() in blob or k[13:53].encode() in blob for k in keys), entry
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [".env", ".git", ".keylint.toml", ".keylint_cache", "Dockerfile", "README.md", "app.py", "big.txt", "blob.bin",
         "broken.py", "config.json", "config.yaml", "nb.ipynb", "run.sh", "settings.toml", "web"])


@pytest.mark.parametrize("fmt", FORMATS)
def test_partial_keys_in_code_frames_are_redacted(tmp_path, fmt):
    key = fake_key()
    # a line holding the key twice and a truncated copy: the frame shows none of them in full
    (tmp_path / "a.py").write_text(f'A, B = "{key}", "{key}"  # {key[:60]}\n')
    proc = subprocess.run([sys.executable, "-m", "keylint", "scan", "--format", fmt, "."], cwd=tmp_path,
                          capture_output=True, text=True)
    assert key[13:50] not in proc.stdout + proc.stderr


# --------------------------------------------------------------------------------------------
# Error messages, stderr lines, log records, the cache and the baseline
# --------------------------------------------------------------------------------------------
def _fragments(key: str) -> list[str]:
    """The key and every 24-character run of its body: none may appear anywhere."""
    body = key[len("sk-ant-api03-"):]
    return [key] + [body[i:i + 24] for i in range(0, len(body) - 24, 8)]


def _assert_clean(text: str, keys: list[str], where: str) -> None:
    for key in keys:
        for frag in _fragments(key):
            assert frag not in text, f"{where} holds (part of) a planted key"


def error_files(keys) -> dict[str, str | bytes]:
    """One file per error kind, each holding a key where the error's reason is built."""
    k = iter(keys)
    return {
        "syntax.py": f"import anthropic\nx = '{next(k)}' +\n",
        "syntax.ts": f"import Anthropic from '@anthropic-ai/sdk'\nconst k = '{next(k)}' +;\n",
        "nb_bad.ipynb": '{"cells": [' + f'"{next(k)}"',
        "nb_cell.ipynb": json.dumps({"cells": [{"cell_type": "code", "source": [f"import anthropic\nk = ('{next(k)}'"]}]}),
        "deep.py": "import anthropic\nx = " + "(" * 300 + f"'{next(k)}'" + ")" * 300 + "\n",
        "latin1.py": f"# caf\xe9\nK = '{next(k)}'\n".encode("latin-1"),
        "bin.dat": b"\x00\x00" + next(k).encode() + b"\x00",
        "big.env": ("A=1\n" * 2000 + f"ANTHROPIC_API_KEY={next(k)}\n"),
        "rule_boom.py": f"K = '{next(k)}'\n",
        "front_boom.py": f"import anthropic\nK = '{next(k)}'\n",
    }


def test_no_key_in_error_messages_stderr_or_logs(tmp_path, monkeypatch, caplog):
    import logging

    from click.testing import CliRunner

    import keylint.analysis.python as py
    from keylint.cli import cli
    from keylint.rules.kl001_hardcoded_api_key import HardcodedApiKey

    keys = [fake_key() for _ in range(12)]
    for rel, content in error_files(keys).items():
        path = tmp_path / rel
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    (tmp_path / ".keylint.toml").write_text("max-file-size = 6000\n")
    body_of = {rel: keys[i] for i, rel in enumerate(error_files(keys))}

    # a rule and a front end that fail with the key (or its bare body) in the exception
    original_check, original_build = HardcodedApiKey.check_file, py.build_model

    def check_file(self, ctx):
        if ctx.source.relpath == "rule_boom.py":
            key = body_of["rule_boom.py"]
            raise ValueError(f"cannot handle {key!r} / {key[13:]} / {key.encode()!r}")
        return original_check(self, ctx)

    def build_model(source):
        if source.relpath == "front_boom.py":
            key = body_of["front_boom.py"]
            raise RuntimeError(f"token {key[13:]} at 2:5 in {source.text!r}")
        return original_build(source)

    monkeypatch.setattr(HardcodedApiKey, "check_file", check_file)
    monkeypatch.setattr(py, "build_model", build_model)
    caplog.set_level(logging.DEBUG)
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        outputs = []
        for fmt in FORMATS:
            res = CliRunner().invoke(cli, ["scan", "-f", fmt, "-v", "--no-color", "."], catch_exceptions=False)
            outputs.append((fmt, res.stdout + res.stderr))
    finally:
        os.chdir(old)
    from keylint.config import load_config
    from keylint.engine import scan

    result = scan([tmp_path], load_config(tmp_path / ".keylint.toml"), jobs=1, root=tmp_path)
    kinds = {e.kind for e in result.errors}
    assert {"parse", "decode", "binary", "too-large", "internal"} <= kinds, kinds
    internal = {e.path for e in result.errors if e.kind == "internal"}
    assert internal == {"rule_boom.py", "front_boom.py"}
    for e in result.errors:
        _assert_clean(e.message, keys, f"error message of {e.path} ({e.kind})")
    for f in result.findings:
        _assert_clean(f.message + f.snippet + f.match_key, keys, f"finding in {f.path}")
    for fmt, out in outputs:
        assert "internal" in out or fmt == "github", fmt
        _assert_clean(out, keys, f"{fmt} output and stderr")
    _assert_clean("\n".join(r.getMessage() for r in caplog.records), keys, "log records")


def test_no_key_in_the_cache(tmp_path, monkeypatch):
    """What the phase-1 cache writes (whatever the engine stores) never holds a key."""
    cache_mod = pytest.importorskip("keylint.cache")
    from keylint.engine import FileScanner
    from keylint.registry import all_rules

    monkeypatch.setenv("KEYLINT_CACHE_KEY_FILE", str(tmp_path / "cache.key"))
    keys = [fake_key() for _ in range(30)]
    root = tmp_path / "repo"
    root.mkdir()
    plant(root, keys)
    # files without the prefix that still hold a key body (a model may keep such constants)
    body = keys[25][13:]
    extra = {
        "body.py": f'import anthropic\nSECRET = "{body}"\nclient = anthropic.Anthropic(api_key=SECRET)\n',
        "body.ts": f'import Anthropic from "@anthropic-ai/sdk";\nconst SECRET = "{body}";\n'
                   "const c = new Anthropic({ apiKey: SECRET });\n",
        "split.py": f'import anthropic\nK = "sk-ant-" + "api03-{body}"\nc = anthropic.Anthropic(api_key=K)\n',
    }
    for rel, text in extra.items():
        (root / rel).write_text(text)
    from keylint.config import Config

    scanner = FileScanner(str(root), tuple(r.id for r in all_rules()), Config())
    cache = cache_mod.Cache.open(root, "test")
    assert cache.enabled
    stored = 0
    for path in sorted(p for p in root.rglob("*") if p.is_file() and ".keylint_cache" not in p.parts):
        rel = path.relative_to(root).as_posix()
        data = path.read_bytes()
        result = scanner.scan_data(rel, data)
        stored += cache.put(cache.content_hash(rel, data), result, data)
    cache.close()
    files = [p for p in (root / ".keylint_cache").rglob("*") if p.is_file()]
    blob = b"".join(p.read_bytes() for p in files)
    assert files
    for key in keys:
        for frag in _fragments(key):
            assert frag.encode() not in blob, "the cache holds (part of) a key"
    assert b"sk-ant-api03-" not in blob


def test_no_key_in_the_baseline(tmp_path):
    """The baseline holds fingerprints, never a key: through the CLI when it has a `baseline`
    command, and through the baseline module in any case."""
    from click.testing import CliRunner

    from keylint import baseline
    from keylint.cli import cli
    from keylint.config import Config
    from keylint.engine import scan

    keys = [fake_key() for _ in range(20)]
    plant(tmp_path, keys)
    result = scan([tmp_path], Config(max_file_size=4000), jobs=1, root=tmp_path)
    assert len([f for f in result.findings if f.rule_id == "KL001"]) == 18
    text = baseline.dumps(baseline.entries_for(result.findings))
    assert text.count('"fingerprint"') == len(result.findings)
    _assert_clean(text, keys, "the baseline")
    if "baseline" not in getattr(cli, "commands", {}):
        return
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        runner = CliRunner()
        attempts = [["baseline", "create"], ["baseline"]]
        for args in attempts:
            res = runner.invoke(cli, args)
            if res.exit_code in (0, 1):
                break
        written = [p for p in tmp_path.rglob("*baseline*") if p.is_file()]
        assert written, res.output
        for p in written:
            _assert_clean(p.read_text("utf-8", "replace"), keys, f"baseline file {p.name}")
        _assert_clean(res.output, keys, "baseline command output")
    finally:
        os.chdir(old)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_no_key_in_parser_warnings_on_stderr(tmp_path, fmt):
    """ast.parse warns about odd code (SyntaxWarning) by printing the source line to stderr: a
    line holding a key would reach the CI log in full. The engine silences analysis warnings."""
    key = fake_key()
    (tmp_path / "a.py").write_text(f"import anthropic\nx = 1if True else '{key}'\ny = x is 1\n")
    nb = {"cells": [{"cell_type": "code", "source": [f"import anthropic\nz = 2if True else '{key}'\n"]}]}
    (tmp_path / "nb.ipynb").write_text(json.dumps(nb))
    for jobs in ("1", "2"):
        proc = subprocess.run([sys.executable, "-m", "keylint", "scan", "-f", fmt, "-j", jobs, "."],
                              cwd=tmp_path, capture_output=True, text=True,
                              env={**os.environ, "PYTHONWARNINGS": "default", "NO_COLOR": "1"})
        assert proc.returncode == 1
        assert "Warning" not in proc.stderr, proc.stderr
        assert key not in proc.stdout + proc.stderr and key[13:50] not in proc.stdout + proc.stderr


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_key_body_in_code_frames_when_the_prefix_is_broken(tmp_path, fmt):
    """A key whose prefix is built apart or broken is not key-shaped, so redaction by shape misses
    it; its body (the secret) must still not reach a code frame or message (found by fuzzing)."""
    key = fake_key()
    body = key[len("sk-ant-api03-"):]
    (tmp_path / "app.py").write_text(
        "import anthropic\n"
        f'client = anthropic.Anthropic(api_key="sk-ant-" + "api03-{body}")\n'
        f'c2 = anthropic.Anthropic(api_key="{body}")\n'
        f'c3 = anthropic.Anthropic(api_key="sk-ant-api03-\ufeff{body}")\n')
    (tmp_path / ".env").write_text(f"NEXT_PUBLIC_ANTHROPIC_API_KEY=sk-ant-api03-{{/if}}{body}\n")
    proc = subprocess.run([sys.executable, "-m", "keylint", "scan", "--no-cache", "-f", fmt, "."], cwd=tmp_path,
                          capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout + proc.stderr
    for i in range(0, len(body) - 24, 8):
        assert body[i:i + 24] not in out, f"{fmt} output holds part of a key body"

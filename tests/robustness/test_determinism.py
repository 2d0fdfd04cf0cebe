"""The same input gives byte-identical JSON and SARIF whatever the number of worker processes and
whatever order the file system (or git) lists the files in."""

from __future__ import annotations

import json
import os
import random

import pytest
from click.testing import CliRunner

from keylint.cli import cli
from keylint.engine import PARALLEL_MIN_FILES
from keylint.testing import git

PY = '''import anthropic
from flask import request
client = anthropic.Anthropic(api_key="{key}")
def chat():
    q = request.json["q"]
    return client.messages.create(model="claude", max_tokens=9, system="Be brief " + q,
                                  messages=[{{"role": "user", "content": q}}])
'''
TS = '''import Anthropic from "@anthropic-ai/sdk";
const client = new Anthropic({{ apiKey: "{key}" }});
export async function POST(req: Request) {{
  const {{ q }} = await req.json();
  return client.messages.create({{ model: "claude", max_tokens: 9, system: `Be brief ${{q}}`,
    messages: [{{ role: "user", content: q }}] }});
}}
'''
VUE = '''<script setup>
import Anthropic from "@anthropic-ai/sdk";
const c = new Anthropic({{ apiKey: import.meta.env.VITE_ANTHROPIC_API_KEY, dangerouslyAllowBrowser: true }});
const k = "{key}";
</script>
'''


@pytest.fixture(scope="module")
def big_project(tmp_path_factory):
    from keylint.testing import fake_key

    root = tmp_path_factory.mktemp("determinism")
    rng = random.Random(5)
    n = 0
    for i in range(70):
        for suffix, template in ((".py", PY), (".ts", TS), (".vue", VUE)):
            key = fake_key()
            rel = f"pkg{i % 7}/mod_{i}{'é' if i % 5 == 0 else ''}{suffix}"
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            # identical files in several places: fingerprints must count occurrences the same way
            path.write_text(template.format(key=key if rng.random() < 0.8 else "sk-ant-..."))
            n += 1
    for i in range(10):
        (root / f"env{i}").mkdir()
        (root / f"env{i}" / ".env").write_text(f"ANTHROPIC_API_KEY={fake_key()}\n")
        n += 1
    (root / "same1.py").write_text(PY.format(key="sk-ant-api03-x"))
    (root / "same2.py").write_text(PY.format(key="sk-ant-api03-x"))
    assert n + 2 > PARALLEL_MIN_FILES
    return root


_OUTPUTS: dict[tuple, str] = {}


def _cached(root, fmt, jobs):
    """Unpatched runs, shared by the tests of this module (each scan of 200+ files costs)."""
    key = (str(root), fmt, jobs)
    if key not in _OUTPUTS:
        _OUTPUTS[key] = _run(root, "-f", fmt, "-j", jobs)
    return _OUTPUTS[key]


def _run(root, *args):
    old = os.getcwd()
    os.chdir(root)
    try:
        res = CliRunner().invoke(cli, ["scan", "--no-color", *args, "."], catch_exceptions=False)
    finally:
        os.chdir(old)
    assert res.exit_code == 1, res.output
    return res.stdout


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_identical_output_whatever_the_number_of_workers(big_project, fmt):
    one = _cached(big_project, fmt, "1")
    two = _cached(big_project, fmt, "2")
    assert one == two
    doc = json.loads(one)
    findings = doc["findings"] if fmt == "json" else doc["runs"][0]["results"]
    assert len(findings) > 200
    rules = {f["rule_id"] for f in doc["findings"]} if fmt == "json" else set()
    assert fmt == "sarif" or len(rules) >= 3


def _shuffling_walk(real_walk, rng):
    def walk(top, *args, **kwargs):
        for dirpath, dirnames, filenames in real_walk(top, *args, **kwargs):
            rng.shuffle(dirnames)
            rng.shuffle(filenames)
            yield dirpath, dirnames, filenames
    return walk


def test_identical_output_whatever_the_listing_order(big_project, monkeypatch):
    expected = {fmt: _cached(big_project, fmt, "1") for fmt in ("json", "sarif")}
    for seed in (1,):
        rng = random.Random(seed)
        real_listdir, real_scandir = os.listdir, os.scandir
        monkeypatch.setattr(os, "walk", _shuffling_walk(os.walk, rng))
        monkeypatch.setattr(os, "listdir", lambda p=".": sorted(real_listdir(p), reverse=True))

        class _Reversed:
            def __init__(self, p="."):
                self._it = real_scandir(p)
                self._entries = sorted(self._it, key=lambda e: e.name, reverse=True)

            def __iter__(self):
                return self

            def __next__(self):
                if not self._entries:
                    raise StopIteration
                return self._entries.pop(0)

            def __enter__(self):
                return self

            def __exit__(self, *a):
                self._it.close()

            def close(self):
                self._it.close()

        monkeypatch.setattr(os, "scandir", _Reversed)
        assert _run(big_project, "-f", "json", "-j", "1") == expected["json"], seed
        assert _run(big_project, "-f", "sarif", "-j", "2") == expected["sarif"], seed
        monkeypatch.undo()


def test_identical_output_in_git_mode_whatever_git_lists(big_project, tmp_path, monkeypatch):
    import shutil

    import keylint.discovery as discovery

    root = tmp_path / "repo"
    shutil.copytree(big_project, root)
    git(root, "init", "-q")
    git(root, "add", "pkg0", "pkg1", "env1")  # some tracked, the rest untracked
    expected = _run(root, "-f", "json", "-j", "1")
    real_git = discovery._git
    rng = random.Random(3)

    def shuffled_git(args, cwd, stdin=None):
        proc = real_git(args, cwd, stdin)
        if proc is not None and args and args[0] == "ls-files":
            parts = [p for p in proc.stdout.split(b"\0") if p]
            rng.shuffle(parts)
            proc.stdout = b"\0".join(parts) + (b"\0" if parts else b"")
        return proc

    monkeypatch.setattr(discovery, "_git", shuffled_git)
    assert _run(root, "-f", "json", "-j", "2") == expected

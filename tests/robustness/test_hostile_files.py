"""Hostile files never stop a scan, are listed under errors, and never hide a key."""

from __future__ import annotations

import codecs
import json
import os

import pytest

from keylint.config import Config
from keylint.engine import scan


def _scan(root, **kw):
    kw.setdefault("select", ("KL001",))
    return scan([root], Config(**kw), jobs=1, root=root)


def _errors(result):
    return {e.path: (e.kind, e.message) for e in result.errors}


def test_binary_file_with_key_is_reported_and_listed(project, key):
    root = project({"blob.bin": b"\x00\x01PNG\x00" + key.encode() + b"\x00\n" + key.encode()[:20]})
    res = _scan(root)
    assert _errors(res)["blob.bin"][0] == "binary"
    assert [(f.path, f.rule_id) for f in res.findings] == [("blob.bin", "KL001")]


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16", "utf-8-sig", "cp1252"])
def test_encodings(project, key, encoding):
    text = f"# café façade\nK = '{key}'\n"
    data = text.encode(encoding)
    root = project({"a.py": data})
    res = _scan(root)
    [f] = res.findings
    assert (f.span.line, f.span.column) == (2, 6)


def test_invalid_utf8_keeps_positions(project, key):
    root = project({"a.txt": b"ok \xfa\xfb bad bytes " + key.encode() + b"\n"})
    res = _scan(root)
    [f] = res.findings
    assert f.span.column == len("ok \xfa\xfb bad bytes ") + 1
    assert _errors(res)["a.txt"][0] == "decode"


def test_crlf_and_mixed_endings(project, key):
    root = project({"a.env": f"A=1\r\nB=2\rC=3\nANTHROPIC_API_KEY={key}\r\n".encode()})
    [f] = _scan(root).findings
    assert f.span.line == 3 and f.span.column == len("ANTHROPIC_API_KEY=") + 1


def test_empty_file(project):
    root = project({"empty.py": b"", "empty.env": b""})
    res = _scan(root)
    assert res.findings == [] and res.errors == []


def test_oversized_file_still_scanned_in_chunks(project, key):
    filler = ("x" * 99 + "\n") * 60_000  # ~6 MB over a 1 MB limit
    root = project({"big.txt": filler + f"K={key}\n" + filler})
    res = _scan(root, max_file_size=1_000_000)
    assert _errors(res)["big.txt"][0] == "too-large"
    [f] = res.findings
    assert (f.span.line, f.span.column) == (60_001, 3)


def test_key_on_a_huge_single_line(project, key, monkeypatch):
    import keylint.engine as engine

    monkeypatch.setattr(engine, "CHUNK", 4096)
    line = "a=1;" * 3000 + f'k="{key}";' + "b=2;" * 3000  # one minified line across chunks
    root = project({"bundle.min.js": line + "\n"})
    res = _scan(root, max_file_size=1000)
    [f] = res.findings
    assert (f.span.line, f.span.column) == (1, 4 * 3000 + 4)


def test_unreadable_file_is_listed(project, key, monkeypatch):
    root = project({"a.py": f"K='{key}'\n", "locked.py": "x"})
    real_open = os.open  # the engine reads through os.open (tests run as root: chmod 000 is no bar)

    def fake_open(path, *args, **kwargs):
        if str(path).endswith("locked.py"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    res = _scan(root)
    assert _errors(res)["locked.py"] == ("unreadable", "cannot read: Permission denied")
    assert [f.path for f in res.findings] == ["a.py"]


def test_fifo_is_not_read(project):

    root = project({"a.py": "x"})
    os.mkfifo(root / "pipe")
    res = _scan(root)
    assert _errors(res)["pipe"] == ("unreadable", "not a regular file")


def test_broken_notebooks(project, key):
    root = project({
        "bad.ipynb": "{not json " + key,
        "empty.ipynb": "{}",
        "img.ipynb": json.dumps({"cells": [{"cell_type": "code", "source": ["x = 1"], "outputs": [
            {"output_type": "display_data", "data": {"image/png": "iVBORw0KGgo=", "text/plain": [key]}}]}]}),
    })
    res = _scan(root)
    assert sorted(f.path for f in res.findings) == ["bad.ipynb", "img.ipynb"]
    [img] = [f for f in res.findings if f.path == "img.ipynb"]
    assert "output of cell 1" in img.message


def test_file_names_with_spaces_unicode_and_newlines(project, key):
    names = ["with space.py", "ünïcödé.py", "new\nline.py"]
    root = project({n: f"K='{key}'\n" for n in names})
    for is_git in (False, True):
        if is_git:
            from keylint.testing import git

            git(root, "init", "-q")
        res = scan([root], Config(), jobs=1)
        assert sorted(f.path for f in res.findings) == sorted(names), is_git


def test_utf16_without_bom_is_binary_but_key_still_found(project, key):
    root = project({"w.txt": codecs.BOM_UTF16_LE[:0] + f"K={key}".encode("utf-16-le")})
    res = _scan(root)
    # UTF-16 without a BOM looks binary (NUL bytes); its key is in UTF-16 code units, which the
    # byte scan cannot see: it is listed as binary so nothing is hidden silently
    assert _errors(res)["w.txt"][0] == "binary"


def test_rule_crash_is_isolated(project, key, monkeypatch):
    from keylint.rules.kl001_hardcoded_api_key import HardcodedApiKey

    def boom(self, ctx):
        if ctx.source.relpath == "b.py":
            raise ValueError(f"boom {key}")
        return original(self, ctx)

    original = HardcodedApiKey.check_file
    monkeypatch.setattr(HardcodedApiKey, "check_file", boom)
    root = project({"a.py": f"K='{key}'\n", "b.py": f"K='{key}'\n"})
    res = _scan(root)
    assert [f.path for f in res.findings] == ["a.py"]
    [err] = [e for e in res.errors if e.kind == "internal"]
    assert err.path == "b.py" and "KL001" in err.message and key not in err.message
    assert res.stats["internal_errors"] == 1


# --------------------------------------------------------------------------------------------
# Syntax errors in every supported language, unclosed scripts, deep nesting
# --------------------------------------------------------------------------------------------
SDK_JS = "import Anthropic from '@anthropic-ai/sdk'\n"

#: (file name, broken source with a key in a readable part); every file names the SDK so the front
#: end parses it (a file the front ends do not want is never parsed, so its syntax is not checked)
BROKEN = {
    "bad.py": "import anthropic\ndef f(:\n    k = '@K@'\n",
    "bad.js": SDK_JS + "function (( { const k = '@K@'\n",
    "bad.ts": SDK_JS + "let x: = <<>>; const k: string = '@K@'\n",
    "bad.tsx": SDK_JS + "export default () => <div><span { '@K@' \n",
    "bad.jsx": SDK_JS + "const A = () => <div>{</div>; const k = '@K@'\n",
    "bad.vue": "<template><div></template>\n<script>\n" + SDK_JS + "const k = '@K@'\nfunction (\n</script>\n",
    "bad.svelte": "<script>\n" + SDK_JS + "const k = '@K@'\nif (\n</script>\n{#if}\n",
    "bad.astro": "---\n" + SDK_JS + "const k = '@K@'\nconst = ;\n---\n<div>{</div>\n",
    "bad.html": "<html><script>\nconst k = '@K@'; new Anthropic({\n</script></html>\n",
    "bad.ipynb": json.dumps({"cells": [{"cell_type": "code", "source": ["import anthropic\n", "def f(:\n"]},
                                       {"cell_type": "code", "source": ["k = '@K@'\n"]}]}),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_syntax_errors_in_every_language(project, key, name):
    root = project({name: BROKEN[name].replace("@K@", key), "ok.py": f"K = '{key}'\n"})
    res = scan([root], Config(), jobs=1, root=root)  # every rule
    assert not [e for e in res.errors if e.kind == "internal"], res.errors
    kinds = {e.path: e.kind for e in res.errors}
    assert kinds.get(name) == "parse", res.errors
    [err] = [e for e in res.errors if e.path == name]
    assert "syntax" in err.message and key not in err.message
    # the scan went on (ok.py) and the key in the broken file is still found
    assert {f.path for f in res.findings if f.rule_id == "KL001"} == {name, "ok.py"}


@pytest.mark.parametrize("name,text", [
    ("open.vue", "<template><p/></template>\n<script setup>\n" + SDK_JS + "const k = '@K@'\n"),
    ("open.svelte", "<script lang=\"ts\">\n" + SDK_JS + "const k = '@K@'\n"),
    ("open.html", "<html><body><script type=\"module\">\nconst k = '@K@'\nnew Anthropic()\n"),
    ("open2.html", "<script>\n<script>const k = '@K@'</scr" + "ipt\n<!--"),
    ("open.astro", "---\n" + SDK_JS + "const k = '@K@'\n"),
])
def test_unclosed_scripts(project, key, name, text):
    root = project({name: text.replace("@K@", key)})
    res = scan([root], Config(), jobs=1, root=root)
    assert not [e for e in res.errors if e.kind == "internal"], res.errors
    assert [f.path for f in res.findings if f.rule_id == "KL001"] == [name]


DEEP = {
    "parens.py": "import anthropic\nx = " + "(" * 5000 + "1" + ")" * 5000 + "\n",
    "chain.py": "import anthropic\nx = 1" + " + 1" * 30000 + "\n",
    "lists.py": "import anthropic\nx = " + "[" * 190 + "]" * 190 + "\n",
    "calls.py": "import anthropic\nx = " + "f(" * 3000 + ")" * 3000 + "\n",
    "blocks.py": "import anthropic\n" + "".join(" " * i + "if x:\n" for i in range(99)) + " " * 99 + "pass\n",
    "lambdas.py": "import anthropic\nf = " + "lambda: " * 3000 + "1\n",
    "parens.js": SDK_JS + "const x = " + "(" * 5000 + "1" + ")" * 5000 + ";\n",
    "chain.js": SDK_JS + "const x = 1" + " + 1" * 30000 + ";\n",
    "arrays.ts": SDK_JS + "const x = " + "[" * 3000 + "]" * 3000 + ";\n",
    "objects.js": SDK_JS + "const x = " + "{a:" * 3000 + "1" + "}" * 3000 + ";\n",
    "funcs.js": SDK_JS + "function f(){" * 3000 + "}" * 3000 + "\n",
    "arrows.tsx": SDK_JS + "const f = " + "() => " * 3000 + "1;\n",
    "jsx.jsx": SDK_JS + "const A = () => " + "<div>" * 2000 + "</div>" * 2000 + ";\n",
    "calls.js": SDK_JS + "const x = " + "f(" * 3000 + ")" * 3000 + ";\n",
    "ternary.js": SDK_JS + "const x = " + "a ? b : " * 3000 + "c;\n",
}


@pytest.mark.parametrize("name", sorted(DEEP))
def test_deeply_nested_expressions(project, key, name):
    """Parser and analyser recursion: a parse error or a complete model, never a crash."""
    root = project({name: DEEP[name] + f"k = '{key}'\n"})
    res = scan([root], Config(), jobs=1, root=root)
    assert not [e for e in res.errors if e.kind == "internal"], res.errors
    assert all(e.kind == "parse" for e in res.errors), res.errors
    assert [f.path for f in res.findings if f.rule_id == "KL001"] == [name]


# --------------------------------------------------------------------------------------------
# Huge inputs
# --------------------------------------------------------------------------------------------
def test_50_mb_text_file(tmp_path, key):
    """Generated at test time (deleted with tmp_path): credential scan in bounded chunks."""
    line = ("lorem ipsum dolor sit amet " * 3)[:79] + "\n"
    block = line * 10_000  # 800 kB
    big = tmp_path / "huge.log"
    with open(big, "w", encoding="ascii") as fh:
        for i in range(64):
            fh.write(block)
            if i == 31:
                fh.write(f"TOKEN={key}\n")
        fh.write(f"end {key}")  # the last line, no newline
    assert big.stat().st_size > 50 * 1000 * 1000
    (tmp_path / "small.py").write_text(f"K = '{key}'\n")
    try:
        res = _scan(tmp_path)
        assert _errors(res)["huge.log"][0] == "too-large"
        spans = [(f.path, f.span.line, f.span.column) for f in res.findings]
        assert spans == [("huge.log", 320_001, 7), ("huge.log", 640_002, 5), ("small.py", 1, 6)]
    finally:
        big.unlink()


def _bundle(key: str, lines: int = 100_000) -> str:
    out = ['import Anthropic from "@anthropic-ai/sdk";const client=new Anthropic();']
    for i in range(1, lines):
        out.append(f'var a{i}=function(e,t){{return client.messages.create({{model:"claude-x",'
                   f'max_tokens:{i},messages:[{{role:"user",content:t.body.q}}]}})}};')
    out[lines // 2] = f'var k="{key}";' + out[lines // 2]
    return "\n".join(out) + "\n"


def test_100k_line_minified_bundle(project, key):
    root = project({"dist/bundle.min.js": _bundle(key)})
    res = scan([root], Config(), jobs=1, root=root)  # over max-file-size: credentials only
    assert [(f.rule_id, f.span.line) for f in res.findings] == [("KL001", 50_001)]
    assert _errors(res)["dist/bundle.min.js"][0] == "too-large"


def test_100k_line_bundle_parsed_within_the_time_budget(project, key):
    """Raised max-file-size: the JS front end gets the whole bundle; the per-file budget stops it
    (or it finishes) and the key is reported either way."""
    import time

    root = project({"bundle.min.js": _bundle(key, 30_000)})
    started = time.perf_counter()
    res = scan([root], Config(max_file_size=64 << 20), jobs=1, root=root, time_budget=2.0)
    elapsed = time.perf_counter() - started
    assert not [e for e in res.errors if e.kind == "internal"], res.errors
    assert [(f.rule_id, f.span.line) for f in res.findings if f.rule_id == "KL001"] == [("KL001", 15_001)]
    assert {e.kind for e in res.errors} <= {"timeout"}
    assert elapsed < 15, elapsed


# --------------------------------------------------------------------------------------------
# A key split across lines (documented limit)
# --------------------------------------------------------------------------------------------
def test_key_split_across_a_line_continuation(project, key):
    """A key split across lines is not a key-shaped string: keylint matches credentials on one
    line. A fragment that still holds the prefix and at least 32 body characters is reported (at
    medium confidence: an off-length body); shorter fragments are not found. Nothing crashes."""
    long_a, long_b = key[:60], key[60:]
    short_a, short_b = key[:30], key[30:]
    root = project({
        "long.py": f'import anthropic\nK = "{long_a}" \\\n    "{long_b}"\nJ = "{long_a}\\\n{long_b}"\n',
        "short.py": f'import anthropic\nK = "{short_a}" \\\n    "{short_b}"\n',
        "short.js": SDK_JS + f'const K = "{short_a}\\\n{short_b}";\n',
        ".env": f"ANTHROPIC_API_KEY={short_a}\\\n{short_b}\n",
    })
    res = scan([root], Config(), jobs=1, root=root)
    assert not [e for e in res.errors if e.kind == "internal"], res.errors
    kl001 = [(f.path, f.span.line, f.confidence.label) for f in res.findings if f.rule_id == "KL001"]
    assert kl001 == [("long.py", 2, "medium"), ("long.py", 4, "medium")]


# --------------------------------------------------------------------------------------------
# Links, git states, no git
# --------------------------------------------------------------------------------------------
def test_named_file_below_a_link_out_of_the_root_is_not_read(project, key, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.py").write_text(f"K = '{key}'\n")
    root = project({"a.py": f"K = '{key}'\n"})

    os.symlink(outside, root / "linkdir")
    os.symlink(outside / "secret.py", root / "link.py")
    for is_git in (False, True):
        if is_git:
            from keylint.testing import git

            git(root, "init", "-q")
        res = scan([root, root / "linkdir" / "secret.py", root / "linkdir"], Config(), jobs=1, root=root)
        assert [f.path for f in res.findings] == ["a.py"], is_git
        errs = _errors(res)
        for rel in ("linkdir", "linkdir/secret.py", "link.py"):
            assert errs[rel][0] == "symlink" and "outside" in errs[rel][1], (is_git, rel)


def test_submodule(project, key, tmp_path_factory):
    """The superproject's files are scanned; a submodule is another repository (scan it on its
    own: its key is found there)."""
    from keylint.testing import git

    sub_src = tmp_path_factory.mktemp("subsrc")
    (sub_src / "lib.py").write_text(f"K = '{key}'\n")
    git(sub_src, "init", "-q")
    git(sub_src, "add", ".")
    git(sub_src, "commit", "-qm", "sub")
    root = project({"a.py": f"K = '{key}'\n"})
    git(root, "init", "-q")
    git(root, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(sub_src), "vendor/sub")
    git(root, "add", ".")
    git(root, "commit", "-qm", "super")
    res = scan([root], Config(), jobs=1)
    assert not [e for e in res.errors if e.kind == "internal"], res.errors
    assert [f.path for f in res.findings if f.rule_id == "KL001"] == ["a.py"]
    inner = scan([root / "vendor" / "sub"], Config(), jobs=1)
    assert [f.path for f in inner.findings] == ["lib.py"]


def test_no_git_installed(project, key, monkeypatch, tmp_path_factory):
    """git missing from PATH: the walk takes over and still honours .gitignore."""
    from keylint.testing import git

    root = project({"a.py": f"K = '{key}'\n", ".gitignore": "build/\n", "build/b.py": f"K = '{key}'\n"})
    git(root, "init", "-q")
    monkeypatch.setenv("PATH", str(tmp_path_factory.mktemp("empty-path")))
    res = scan([root], Config(), jobs=1)
    assert res.project is not None and res.project.is_git is False
    assert [f.path for f in res.findings] == ["a.py"]


def test_broken_git_directory(project, key):
    """A `.git` file pointing nowhere: not a repository, scanned as a plain folder."""
    root = project({"a.py": f"K = '{key}'\n", ".git": "gitdir: /nonexistent/where\n"})
    res = scan([root], Config(), jobs=1)
    assert [f.path for f in res.findings] == ["a.py"]
    assert not [e for e in res.errors if e.kind == "internal"]


def test_plain_folder_without_git(project, key):
    root = project({"a.py": f"K = '{key}'\n", "sub/b.env": f"X={key}\n"})
    res = scan([root], Config(), jobs=1)
    assert res.project is not None and res.project.is_git is False
    assert sorted(f.path for f in res.findings if f.rule_id == "KL001") == ["a.py", "sub/b.env"]


# --------------------------------------------------------------------------------------------
# A broken config: a clear error (exit 2), never a traceback
# --------------------------------------------------------------------------------------------
BROKEN_CONFIGS = {
    "invalid toml": (".keylint.toml", "select = [\n", "invalid TOML"),
    "not utf-8": (".keylint.toml", b"select = ['\xff']\n", "not valid UTF-8"),
    "deep nesting": (".keylint.toml", "x = " + "[" * 5000 + "]" * 5000 + "\n", "invalid TOML"),
    "tool not a table": (".keylint.toml", "tool = 1\n", "unknown option 'tool'"),
    "pyproject tool not a table": ("pyproject.toml", "# [tool.keylint]\ntool = 1\n", "must be a table"),
    "keylint not a table": ("pyproject.toml", "[tool]\nkeylint = 'x' # [tool.keylint\n", "must be a table"),
    "bad exclude pattern": (".keylint.toml", 'exclude = ["\\\\"]\n', "invalid pattern"),
    "bad per-file pattern": (".keylint.toml", '[per-file-ignores]\n"\\\\" = ["KL001"]\n', "invalid pattern"),
    "wrong type": (".keylint.toml", "select = [1]\n", "list of strings"),
    "unknown rule": (".keylint.toml", "ignore = ['KL999']\n", "unknown rule"),
    "unreadable": (".keylint.toml", None, "is a directory"),
}


@pytest.mark.parametrize("case", sorted(BROKEN_CONFIGS))
def test_broken_config_is_a_clear_error(project, key, case):
    import subprocess
    import sys

    name, content, needle = BROKEN_CONFIGS[case]
    root = project({"a.py": f"K = '{key}'\n"})
    if content is None:
        (root / name).mkdir()  # a directory where the file should be: cannot be read
        args = ["--config", name]
    else:
        (root / name).write_bytes(content if isinstance(content, bytes) else content.encode())
        args = []
    proc = subprocess.run([sys.executable, "-m", "keylint", "scan", *args, "."], cwd=root,
                          capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"}, timeout=60)
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr and needle in proc.stderr, proc.stderr
    assert key not in proc.stdout + proc.stderr


def test_bad_exclude_on_the_command_line(project):
    from click.testing import CliRunner

    from keylint.cli import cli

    root = project({"a.py": "x = 1\n"})
    res = CliRunner().invoke(cli, ["scan", "--exclude", "\\", str(root)])
    assert res.exit_code == 2 and "invalid pattern" in res.output


def test_broken_notebooks_are_listed_with_a_reason(project, key):
    """Notebooks the Python front end models (they mention the SDK): bad JSON, a non-notebook
    shape, a broken cell are listed under errors; keys in readable parts are still found."""
    root = project({
        "badjson.ipynb": '{"cells": [{"cell_type": "code", "source": ["import anthropic\\n", "k = \'' + key + "'",
        "shape.ipynb": json.dumps({"cells": "import anthropic", "k": key}),
        "nocells.ipynb": json.dumps([{"source": "import anthropic"}, key]),
        "cell.ipynb": json.dumps({"cells": [
            {"cell_type": "code", "source": "import anthropic\nclient = anthropic.Anthropic(\n"},
            {"source": f"k = '{key}'\n"},  # no cell_type: taken as code
            {"cell_type": "code", "outputs": [{"output_type": "display_data",
                                                "data": {"image/png": "iVBORw0KGgo=" * 50}}]},
            "not a cell", 7, None]}),
    })
    res = scan([root], Config(), jobs=1, root=root)
    assert not [e for e in res.errors if e.kind == "internal"], res.errors
    errs = _errors(res)
    assert errs["badjson.ipynb"][0] == "parse" and "invalid notebook JSON" in errs["badjson.ipynb"][1]
    assert errs["shape.ipynb"][0] == "parse" and "not a Jupyter notebook" in errs["shape.ipynb"][1]
    assert errs["nocells.ipynb"][0] == "parse"
    assert errs["cell.ipynb"][0] == "parse" and "cell 1" in errs["cell.ipynb"][1]
    assert sorted({f.path for f in res.findings if f.rule_id == "KL001"}) == [
        "badjson.ipynb", "cell.ipynb", "nocells.ipynb", "shape.ipynb"]


@pytest.mark.parametrize("mode", ["--staged", "--diff", "--history"])
def test_git_modes_find_keys_in_odd_file_names(project, key, mode):
    import subprocess
    import sys

    from keylint.testing import git

    names = ["plain.py", "with space.py", "ünï côdé.py", "new\nline.py", "tab\tname.py"]
    root = project({"README.md": "x\n"})
    git(root, "init", "-q")
    git(root, "add", "README.md")
    git(root, "commit", "-qm", "base")
    from keylint.testing import fake_key

    for n in names:  # a key of its own per file (history reports each key once)
        (root / n).write_text(f"K = '{fake_key()}'\n")
    git(root, "add", "-A")
    if mode != "--staged":
        git(root, "commit", "-qm", "keys")
    args = {"--staged": ["--staged"], "--diff": ["--diff", "HEAD~1"], "--history": ["--history"]}[mode]
    proc = subprocess.run([sys.executable, "-m", "keylint", "scan", *args, "--no-progress", "-f", "json"],
                          cwd=root, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    assert "Traceback" not in proc.stderr, proc.stderr
    found = sorted(f["path"] for f in json.loads(proc.stdout)["findings"] if f["rule_id"] == "KL001")
    assert found == sorted(names), found


_LONE_CR_APP = '''import anthropic
from flask import Flask, request

app = Flask(__name__)
client = anthropic.Anthropic()
DOC = """one@CR@two"""


@app.post("/chat")
def chat():
    q = request.json["q"]
    return client.messages.create(model="claude-sonnet-4-5", max_tokens=100, system="Be brief " + q,
                                  messages=[{"role": "user", "content": q}])
'''


def test_lone_carriage_return_keeps_python_positions(project):
    """A lone CR (old Mac line ending, or a stray one in a string) must not move findings."""
    spans = {}
    for variant, cr in (("space", " "), ("cr", "\r")):
        root = project({f"{variant}/app.py": _LONE_CR_APP.replace("@CR@", cr).encode()})
        res = scan([root / variant], Config(), jobs=1, root=root / variant)
        spans[variant] = [(f.rule_id, f.span) for f in res.findings]
    assert spans["space"], "the example must produce model findings"
    assert spans["cr"] == spans["space"]


def test_many_findings_in_a_big_file_stay_linear():
    """Every finding's code frame reads one line of its file: that must not re-split the whole
    text per finding (a 640 kB file with 9,000 findings took 46 s, now ~3 s)."""
    import time

    from keylint.project import Project

    text = "x = 1\n" * 200_000  # 1.2 MB
    project = Project(root="/nonexistent", texts={"big.py": text})
    started = time.perf_counter()
    for line in range(1, 5001):
        assert project.line_text("big.py", line) == "x = 1"
    assert time.perf_counter() - started < 1.0  # re-splitting: ~5,000 x 3 ms

"""Hostile files never stop a scan, are listed under errors, and never hide a key."""

from __future__ import annotations

import builtins
import codecs
import json

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
    real_open = builtins.open

    def fake_open(path, *args, **kwargs):
        if str(path).endswith("locked.py"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", fake_open)
    res = _scan(root)
    assert _errors(res)["locked.py"] == ("unreadable", "cannot read: Permission denied")
    assert [f.path for f in res.findings] == ["a.py"]


def test_fifo_is_not_read(project):
    import os

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

"""keylint.cache: content-hash cache of phase-1 results (no secrets, no file text, authenticated)."""

from __future__ import annotations

import multiprocessing
import os
import pickle
from pathlib import Path

import pytest

from keylint.cache import DIRNAME, Cache, key_material
from keylint.config import Config
from keylint.engine import FileScanner
from keylint.registry import all_rules
from keylint.testing import fake_key

RULE_IDS = tuple(r.id for r in all_rules())

APP_PY = '''import anthropic
from flask import Flask, request

app = Flask(__name__)
client = anthropic.Anthropic()
# only-in-the-file-text-7f3a: a comment never enters the model
LIMIT = 100  # keylint: ignore[KL004]


@app.post("/chat")
def chat():
    q = request.json["q"]
    return client.messages.create(model="claude-haiku-4-5", max_tokens=100,
                                  messages=[{"role": "user", "content": q}]).content[0].text
'''


@pytest.fixture(autouse=True)
def _mac_key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEYLINT_CACHE_KEY_FILE", str(tmp_path / "userkey" / "cache.key"))


def _phase1(root: Path, relpath: str, text: str):
    (root / relpath).parent.mkdir(parents=True, exist_ok=True)
    (root / relpath).write_text(text)
    scanner = FileScanner(str(root), RULE_IDS, Config())
    return scanner.scan_data(relpath, text.encode())


def _open(root: Path, **kw) -> Cache:
    return Cache.open(root, key_material(Config(), RULE_IDS), **kw)


def _all_bytes(root: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (root / DIRNAME).rglob("*") if p.is_file())


def test_round_trip_restores_model_findings_text_and_suppressions(tmp_path: Path) -> None:
    result = _phase1(tmp_path, "app.py", APP_PY)
    assert result.model is not None and result.suppressions
    assert result.text is None  # a model keeps no text (phase 2 reads reported files again)
    cache = _open(tmp_path)
    key = Cache.content_hash("app.py", APP_PY.encode())
    assert cache.get(key, text=APP_PY) is None  # miss before put
    assert cache.put(key, result, APP_PY.encode())

    again = _open(tmp_path)
    hit = again.get(key, text=lambda: APP_PY)
    assert hit is not None
    assert hit.model == result.model
    assert hit.findings == result.findings
    assert hit.flags == result.flags and hit.modelled == result.modelled
    assert hit.text is None
    assert [d.ids for d in hit.suppressions.directives] == [("KL004",)]
    assert again.stats["hits"] == 1


def test_round_trip_restores_kept_text_from_the_caller(tmp_path: Path) -> None:
    text = '{"name": "app", "dependencies": {"@anthropic-ai/sdk": "^0.60.0"}}\n'
    result = _phase1(tmp_path, "package.json", text)
    assert result.text == text  # config files keep their text for phase 2
    cache = _open(tmp_path)
    key = Cache.content_hash("package.json", text.encode())
    assert cache.put(key, result, text.encode())
    hit = _open(tmp_path).get(key, text=lambda: text)
    assert hit is not None and hit.text == text  # restored from the caller, not from disk
    assert text.encode() not in _all_bytes(tmp_path)


def test_file_text_is_never_stored(tmp_path: Path) -> None:
    result = _phase1(tmp_path, "app.py", APP_PY)
    cache = _open(tmp_path)
    key = Cache.content_hash("app.py", APP_PY.encode())
    assert cache.put(key, result, APP_PY.encode())
    stored = _all_bytes(tmp_path)
    assert b"only-in-the-file-text-7f3a" not in stored  # a comment: only the text holds it
    assert b"def chat" not in stored
    # an entry that needs its text is a miss without it
    assert _open(tmp_path).get(key) is None


def test_key_includes_path_content_and_key_material(tmp_path: Path) -> None:
    result = _phase1(tmp_path, "app.py", APP_PY)
    cache = _open(tmp_path)
    cache.put(Cache.content_hash("app.py", APP_PY.encode()), result, APP_PY.encode())
    assert cache.get(Cache.content_hash("other.py", APP_PY.encode()), text=APP_PY) is None
    assert cache.get(Cache.content_hash("app.py", APP_PY.encode() + b"\n"), text=APP_PY) is None
    other = Cache.open(tmp_path, key_material(Config(), ("KL001",)))
    assert other.directory != cache.directory
    assert other.get(Cache.content_hash("app.py", APP_PY.encode()), text=APP_PY) is None


def test_git_keys_are_distinct_and_stable() -> None:
    oid = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
    assert Cache.git_key("a.py", oid) == Cache.git_key("a.py", oid)
    assert Cache.git_key("a.py", oid) != Cache.git_key("b.py", oid)
    assert Cache.git_key("a.py", oid) != Cache.content_hash("a.py", b"")


def test_key_material_is_canonical_and_config_sensitive() -> None:
    assert key_material(Config(), RULE_IDS) == key_material(Config(), tuple(reversed(RULE_IDS)))
    assert key_material(Config(), RULE_IDS) != key_material(Config(max_file_size=10), RULE_IDS)


def test_refuses_files_with_credentials(tmp_path: Path) -> None:
    key_text = fake_key()
    text = f'import anthropic\nclient = anthropic.Anthropic(api_key="{key_text}")\n'
    result = _phase1(tmp_path, "leak.py", text)
    assert any(f.rule_id == "KL001" for f in result.findings)
    cache = _open(tmp_path)
    key = Cache.content_hash("leak.py", text.encode())
    assert not cache.put(key, result, text.encode())
    assert not cache.put(key, result)  # even without the bytes: the KL001 finding refuses it
    assert cache.stats["refused"] == 2
    stored = _all_bytes(tmp_path)
    assert b"sk-ant-" not in stored and key_text[-20:].encode() not in stored


def test_refuses_any_secret_looking_string_in_the_model(tmp_path: Path) -> None:
    token = "Zx9" + fake_key()[20:60]  # a high-entropy token that is not an Anthropic key
    text = APP_PY + f'\nOTHER_VENDOR_TOKEN = "{token}"\n'
    result = _phase1(tmp_path, "app.py", text)
    cache = _open(tmp_path)
    assert not cache.put(Cache.content_hash("app.py", text.encode()), result, text.encode())
    assert token.encode() not in _all_bytes(tmp_path)


def test_tampered_or_planted_entries_are_misses_and_never_unpickled(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _phase1(tmp_path, "app.py", APP_PY)
    cache = _open(tmp_path)
    key = Cache.content_hash("app.py", APP_PY.encode())
    cache.put(key, result, APP_PY.encode())
    path = cache._path(key)
    flag = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (os.mkdir, (str(flag),))

    payload = pickle.dumps(Evil())
    path.write_bytes(b"\0" * 32 + payload)  # a repository shipping a crafted cache entry
    assert cache.get(key, text=APP_PY) is None
    assert not flag.exists()
    assert cache.stats["errors"] == 1
    # an entry signed with another user's key is rejected too
    blob = cache._mac(payload) + payload
    path.write_bytes(blob)
    monkeypatch.setenv("KEYLINT_CACHE_KEY_FILE", str(tmp_path / "otheruser" / "cache.key"))
    assert _open(tmp_path).get(key, text=APP_PY) is None
    assert not flag.exists()


def test_layout_gitignore_and_cachedir_tag(tmp_path: Path) -> None:
    _open(tmp_path)
    base = tmp_path / DIRNAME
    assert (base / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (base / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    mode = (tmp_path / "userkey" / "cache.key").stat().st_mode & 0o777
    assert mode == 0o600


def test_old_generations_are_pruned(tmp_path: Path) -> None:
    dirs = []
    for i in range(6):
        c = Cache.open(tmp_path, f"material-{i}")
        os.utime(c.directory, (1000 + i, 1000 + i))
        dirs.append(c.directory)
    latest = Cache.open(tmp_path, "material-final")
    left = sorted(p for p in latest.directory.parent.iterdir())
    assert latest.directory in left and len(left) == 3
    assert dirs[5] in left and dirs[0] not in left


def test_size_is_bounded(tmp_path: Path) -> None:
    result = _phase1(tmp_path, "app.py", APP_PY)
    cache = _open(tmp_path, max_bytes=20_000)
    for i in range(60):
        data = APP_PY.encode() + b"\n" * i
        assert cache.put(Cache.content_hash("app.py", data), result, data)
    cache.close()
    assert cache.size() <= 20_000
    assert cache.stats["writes"] == 60


def test_unwritable_root_disables_the_cache(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = Cache.open(blocker, "m")  # root is a file: .keylint_cache cannot be created
    assert not cache.enabled
    assert cache.get("0" * 64) is None
    assert not cache.put("0" * 64, object())


def _writer(root: str, keyfile: str, n: int) -> None:
    os.environ["KEYLINT_CACHE_KEY_FILE"] = keyfile
    result = _phase1(Path(root), "app.py", APP_PY)
    cache = _open(Path(root))
    for _ in range(n):
        cache.put(Cache.content_hash("app.py", APP_PY.encode()), result, APP_PY.encode())


def test_concurrent_writers_leave_whole_entries(tmp_path: Path) -> None:
    keyfile = os.environ["KEYLINT_CACHE_KEY_FILE"]
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(str(tmp_path), keyfile, 30)) for _ in range(3)]
    for p in procs:
        p.start()
    reader = _open(tmp_path)
    key = Cache.content_hash("app.py", APP_PY.encode())
    seen = 0
    while any(p.is_alive() for p in procs):
        if reader.get(key, text=APP_PY) is not None:
            seen += 1
    for p in procs:
        p.join()
        assert p.exitcode == 0
    assert reader.stats["errors"] == 0  # never a torn entry
    assert _open(tmp_path).get(key, text=APP_PY) is not None
    leftovers = [p for p in (tmp_path / DIRNAME).rglob(".tmp-*")]
    assert leftovers == []

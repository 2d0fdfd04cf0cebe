"""keylint.scan_index: the warm path of a plain scan (stat-keyed index, phase-2 memo)."""

from __future__ import annotations

import os
import pickle
import subprocess
import time
from pathlib import Path

import pytest

from keylint.cache import DIRNAME
from keylint.config import Config
from keylint.engine import scan
from keylint.testing import fake_key

APP = '''import anthropic
from flask import Flask, request

app = Flask(__name__)
client = anthropic.Anthropic()


@app.post("/chat")
def chat():
    q = request.json["q"]
    return client.messages.create(model="claude-haiku-4-5", max_tokens=100, system="Be brief.",
                                  messages=[{"role": "user", "content": q}]).content[0].text
'''
LIMITER = '''from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from app import app

limiter = Limiter(get_remote_address, app=app, default_limits=["10 per minute"])
'''


@pytest.fixture(autouse=True)
def _mac_key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEYLINT_CACHE_KEY_FILE", str(tmp_path / "userkey" / "cache.key"))


def _age(path: Path, seconds: float = 60) -> None:
    """Back-date a file past the racily-clean window, as an edit made a minute ago."""
    t = time.time() - seconds
    os.utime(path, (t, t))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    (root / ".gitignore").write_text(".env\n")
    (root / "app.py").write_text(APP)
    for i in range(30):
        (root / f"util_{i}.py").write_text(f"def f{i}(x):\n    return x + {i}\n")
    for p in root.iterdir():
        if p.is_file():
            _age(p)
    return root


def _scan(root: Path):
    res = scan([root], Config(), jobs=1, root=root, use_cache=True)
    return res, sorted((f.rule_id, f.path, f.span.line, f.fingerprint, f.snippet) for f in res.findings)


def test_warm_scan_reads_nothing_and_equals_the_cold_one(repo: Path) -> None:
    cold, cold_findings = _scan(repo)
    assert cold.stats["cache_unchanged_files"] == 0 and not cold.stats["cache_phase2_reused"]
    assert {f[0] for f in cold_findings} >= {"KL004", "KL008"}
    warm, warm_findings = _scan(repo)
    assert warm.stats["cache_unchanged_files"] == len(warm.project.files)
    assert warm.stats["cache_phase2_reused"]
    assert warm_findings == cold_findings
    assert warm.stats["bytes"] == cold.stats["bytes"]


def test_an_edit_is_seen_and_phase2_runs_again(repo: Path) -> None:
    _scan(repo)
    (repo / "limits.py").write_text(LIMITER)  # a limiter elsewhere: KL008 goes away
    _age(repo / "limits.py")
    res, findings = _scan(repo)
    assert not res.stats["cache_phase2_reused"]
    assert "KL008" not in {f[0] for f in findings}
    (repo / "app.py").write_text(APP.replace('system="Be brief.", ', ""))
    _age(repo / "app.py", 30)
    res, findings = _scan(repo)
    assert res.stats["cache_unchanged_files"] == len(res.project.files) - 1
    assert "KL005" in {f[0] for f in findings}  # no system prompt now


def test_a_racily_clean_file_is_not_trusted(repo: Path) -> None:
    (repo / "app.py").write_text(APP)  # modified "now": inside the racy window
    _scan(repo)
    # an edit of the same size with the mtime put back (as some tools do): the change time and
    # the racy rule (the file was never recorded) both make the next run read it again
    st = (repo / "app.py").stat()
    assert "KL004" in {f[0] for f in _scan(repo)[1]}
    edited = APP.replace('request.json["q"]', '"' + "x" * (len('request.json["q"]') - 2) + '"')
    assert len(edited) == len(APP)  # no user input any more, same size
    (repo / "app.py").write_text(edited)
    os.utime(repo / "app.py", ns=(st.st_atime_ns, st.st_mtime_ns))
    res, findings = _scan(repo)
    assert res.stats["cache_unchanged_files"] == len(res.project.files) - 1
    assert "KL004" not in {f[0] for f in findings}


def test_git_state_change_reruns_phase2(repo: Path) -> None:
    (repo / ".env").write_text("ANTHROPIC_API_KEY=\n")
    _age(repo / ".env")
    _, findings = _scan(repo)
    assert "KL002" not in {f[0] for f in findings}
    subprocess.run(["git", "add", "-f", ".env"], cwd=repo, check=True)  # tracked now
    _, findings = _scan(repo)
    assert "KL002" in {f[0] for f in findings}


def test_a_planted_index_is_ignored_and_no_key_is_stored(repo: Path) -> None:
    key = fake_key()
    (repo / "settings.py").write_text(f'ANTHROPIC_API_KEY = "{key}"\n')
    _age(repo / "settings.py")
    _, cold = _scan(repo)
    _, warm = _scan(repo)
    assert warm == cold and "KL001" in {f[0] for f in warm}
    blobs = list((repo / DIRNAME).rglob("scan-*"))
    assert {b.name for b in blobs} >= {"scan-index", "scan-models", "scan-phase2"}
    body = key.split("-", 3)[3].encode()
    for b in blobs:
        assert body[:24] not in b.read_bytes()
        b.write_bytes(b"\0" * 32 + b"planted pickle")  # a crafted blob: MAC fails, ignored
    res, again = _scan(repo)
    assert again == cold and res.stats["cache_unchanged_files"] == 0


def test_a_model_from_another_version_of_the_file_is_not_used(repo: Path) -> None:
    """Two concurrent runs may each write one of the blobs: the models blob can hold a model
    of an older version of a file than the index. It is used only with its own signature."""
    from keylint.cache import Cache, key_material
    from keylint.registry import all_rules
    from keylint.scan_index import ScanIndex

    _scan(repo)
    cache = Cache.open(repo, key_material(Config(), tuple(r.id for r in all_rules())))
    index = ScanIndex(cache, str(repo), True, read_text=lambda relpath: None)
    models = index.models()
    sig, blob = models["app.py"]
    models["app.py"] = ((sig[0], sig[1] - 1, sig[2], sig[3]), blob)  # as if from another version
    assert cache.put_blob("models", models, check=())
    (repo / "limits.py").write_text(LIMITER)  # any change: phase 2 must run and needs app.py's model
    _age(repo / "limits.py")
    res, _ = _scan(repo)
    assert not res.stats["cache_phase2_reused"]
    assert res.stats["cache_unchanged_files"] == len(res.project.files) - 2  # limits.py and app.py
    assert "app.py" in res.project.models


def test_the_pool_packs_models_in_the_workers(repo: Path) -> None:
    """With a process pool the workers pickle and screen the models (scan_index.pack_model); the
    main process stores those blobs, and a warm run restores the same phase 1 and phase 2."""
    from keylint.engine import PARALLEL_MIN_FILES

    for i in range(PARALLEL_MIN_FILES):
        (repo / f"more_{i}.py").write_text(f"import anthropic\n\nNAME_{i} = 'claude-{i}'\n")
        _age(repo / f"more_{i}.py")
    cold = scan([repo], Config(), jobs=2, root=repo, use_cache=True)
    assert cold.stats["jobs"] == 2 and cold.stats["modelled_files"] > PARALLEL_MIN_FILES
    (repo / "limits.py").write_text(LIMITER)  # phase 2 must run again, from the stored models
    _age(repo / "limits.py")
    warm = scan([repo], Config(), jobs=2, root=repo, use_cache=True)
    assert warm.stats["cache_unchanged_files"] == len(warm.project.files) - 1
    assert not warm.stats["cache_phase2_reused"]
    assert set(warm.project.models) == set(cold.project.models) | {"limits.py"}
    assert warm.project.models["app.py"] == cold.project.models["app.py"]
    assert "KL008" in {f.rule_id for f in cold.findings} and "KL008" not in {f.rule_id for f in warm.findings}


@pytest.mark.parametrize("value, storable", [
    ("claude-haiku-4-5", True),
    ("a_long_identifier_without_any_digits_at_all", True),
    ("Zx81Qw0pLm3Nb7Vc2Rt5Yh9Kj4Df6Gs1", False),   # a machine-made token
    ("sk-ant-api03-", False),                       # an Anthropic key prefix
])
def test_pack_model_screens_like_the_exact_check(value: str, storable: bool) -> None:
    """The byte-level screen of a pickled model gives the exact check's verdict, for a string
    nested anywhere in the model."""
    from keylint.analysis.model import FileModel
    from keylint.scan_index import _storable_model, pack_model

    model = FileModel(language="python", extra=(("constant", value),))
    blob, ok = pack_model(model)
    assert ok is storable is _storable_model(model)
    assert pickle.loads(blob) == model

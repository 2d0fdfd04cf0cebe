"""The benchmark harness starts and plans (the benchmark itself never runs under pytest)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_run_quick_dry_run_plans_every_tool(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--dry-run", "--scale", "0.05",
         "--corpus-dir", str(tmp_path / "corpus"), "--results", str(tmp_path / "results"),
         "--peers-dir", str(tmp_path / "no-peers")],
        check=False, capture_output=True, text=True, timeout=120, env={"PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    for tool in ("keylint", "keylint-warm", "gitleaks", "semgrep", "secretlint", "detect-secrets"):
        assert f" {tool} " in out
    assert "pre-commit sets" in out
    assert (tmp_path / "corpus" / "gen-s0.05" / ".git").is_dir()


def test_generated_corpus_is_deterministic(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from gencorpus import generate
    finally:
        sys.path.pop(0)
    a = generate(tmp_path / "a", scale=0.05, seed=3, git=False)
    b = generate(tmp_path / "b", scale=0.05, seed=3, git=False)
    assert a == b and a["related_files"] > 0 and a["files"] > a["related_files"]
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)
    assert any(b"sk-ant-" in (tmp_path / "a" / f).read_bytes() for f in files)  # fake keys planted


def _ab(tmp_path: Path, scale: float, seed: int, *args: str, timeout: int) -> subprocess.CompletedProcess:
    """benchmarks/ab.py HEAD ``args`` on a tiny generated git corpus."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from gencorpus import generate
    finally:
        sys.path.pop(0)
    generate(tmp_path / "corpus", scale=scale, seed=seed, git=True)
    return subprocess.run([sys.executable, str(ROOT / "benchmarks" / "ab.py"), "HEAD", *args, "--corpus",
                           str(tmp_path / "corpus")], check=False, capture_output=True, text=True, timeout=timeout)


def test_ab_compares_a_commit_with_the_working_tree(tmp_path: Path) -> None:
    """benchmarks/ab.py on a tiny generated corpus: both versions run, findings are compared."""
    proc = _ab(tmp_path, 0.02, 5, "--rounds", "1", timeout=300)
    # (1: the findings differ, as they may while a rule is being changed)
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    assert "round 1: old" in proc.stdout and "round 1: new" in proc.stdout
    assert "new/old cpu: median" in proc.stdout and "findings identical: " in proc.stdout
    assert not (tmp_path / "corpus" / ".keylint_cache").exists()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("valgrind") is None, reason="needs valgrind")
def test_ab_counts_instructions_under_callgrind(tmp_path: Path) -> None:
    proc = _ab(tmp_path, 0.01, 7, "--instructions", timeout=900)
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    counts = [int(line.rsplit(":", 1)[1].replace(",", "")) for line in proc.stdout.splitlines()
              if line.strip().startswith(("old (", "new ("))]
    assert len(counts) == 2 and all(c > 10_000_000 for c in counts), proc.stdout
    assert "new/old: " in proc.stdout and "findings identical: " in proc.stdout

"""Paired A/B of keylint's full scan: an earlier commit against the working tree, same corpus,
same machine, the two versions alternating round by round (a shared machine drifts by tens of
percent within minutes, so only per-round ratios mean something).

Usage: python benchmarks/ab.py COMMIT [--rounds 6] [--corpus benchmarks/corpus/big/mono] [--no-cache]
       python benchmarks/ab.py COMMIT --instructions [--corpus DIR]

Each run is `python -m keylint scan -f json --exit-zero --no-progress .` in the corpus, cold: the
cache directory is removed before every run (as run.py's cold runs), so the run writes it (pass
``--no-cache`` to leave the cache out). COMMIT's ``src/`` is exported (``git archive``) to a
temporary directory and run with ``PYTHONPATH=<that>/src``; the working tree runs with
``PYTHONPATH=<repo>/src``. Wall
time, CPU (user + sys of the process and its workers, from ``wait4``) and peak RSS of the largest
process (``ru_maxrss`` of the children) are printed per run, then the medians and the median of
the per-round new/old ratios. The findings of both versions are compared at the end.

``--instructions``: instead, each version scans once in one process (``-j1 --no-cache``) under
``valgrind --tool=callgrind``, the two at the same time, and the instructions each executed are
compared. On a shared machine whose wall and CPU times drift by tens of percent from minute to
minute this is the figure that does not move (it counts work, not time: cache misses and
syscalls' cost are not in it). The mono corpus takes about 8 minutes this way; a sub-directory
(``--corpus benchmarks/corpus/big/mono/anthropic-sdk-typescript``) a fraction of it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def run_once(src: Path, corpus: Path, out: Path, no_cache: bool) -> tuple[float, float, float]:
    shutil.rmtree(corpus / ".keylint_cache", ignore_errors=True)
    env = dict(os.environ, PYTHONPATH=str(src))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # stale bytecode would be recompiled on every run
    argv = [sys.executable, "-m", "keylint", "scan", "-f", "json", "-o", str(out), "--exit-zero",
            "--no-progress", *(["--no-cache"] if no_cache else []), "."]
    started = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=corpus, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"keylint from {src} exited with {os.waitstatus_to_exitcode(status)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def instructions(src: Path, corpus: Path, out: Path) -> subprocess.Popen:
    """Start one ``-j1 --no-cache`` scan of ``corpus`` by ``src`` under callgrind."""
    env = dict(os.environ, PYTHONPATH=str(src))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    argv = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-m", "keylint",
            "scan", "-j1", "--no-cache", "-f", "json", "-o", str(out), "--exit-zero", "--no-progress", "."]
    return subprocess.Popen(argv, cwd=corpus, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def collected(proc: subprocess.Popen) -> int:
    """The instruction count callgrind reports at the end of a run."""
    _, err = proc.communicate()
    for line in err.splitlines():
        if "Collected :" in line:
            return int(line.rsplit(":", 1)[1].strip().replace(",", ""))
    raise SystemExit(f"callgrind reported no count (exit {proc.returncode}):\n{err[-2000:]}")


def findings(path: Path) -> list[tuple]:
    data = json.loads(path.read_text())
    return sorted((f["rule_id"], f["path"], f["line"], f["column"], f.get("fingerprint", ""))
                  for f in data["findings"])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("commit")
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--corpus", default=str(HERE / "corpus" / "big" / "mono"))
    ap.add_argument("--no-cache", action="store_true")
    ap.add_argument("--instructions", action="store_true", help="count instructions under callgrind instead")
    a = ap.parse_args()
    corpus = Path(a.corpus).resolve()
    if not corpus.is_dir():
        raise SystemExit(f"no corpus at {corpus}: build it with `python benchmarks/run.py --dry-run --corpora big`")
    tmp = Path(tempfile.mkdtemp(prefix="keylint-ab-"))
    old_tree = tmp / "old"
    old_tree.mkdir()
    # the commit's src/ exported, not a worktree: the repository is left as it was
    archive = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", a.commit, "src"],
                             capture_output=True, check=False)
    if archive.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        raise SystemExit(f"cannot export {a.commit}: {archive.stderr.decode(errors='replace').strip()}")
    subprocess.run(["tar", "-x", "-C", str(old_tree)], input=archive.stdout, check=True)
    if a.instructions:
        if shutil.which("valgrind") is None:
            shutil.rmtree(tmp, ignore_errors=True)
            raise SystemExit("--instructions needs valgrind (apt-get install valgrind)")
        try:
            procs = {name: instructions((old_tree if name == "old" else REPO) / "src", corpus, tmp / f"{name}.json")
                     for name in ("old", "new")}
            counts = {name: collected(p) for name, p in procs.items()}
            same = findings(tmp / "old.json") == findings(tmp / "new.json")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        print(f"instructions, one -j1 --no-cache scan of {corpus} under callgrind:")
        print(f"  old ({a.commit}): {counts['old']:,}\n  new (working tree): {counts['new']:,}")
        print(f"  new/old: {counts['new'] / counts['old']:.3f}\n  findings identical: {same}")
        return 0 if same else 1
    rows: dict[str, list[tuple[float, float, float]]] = {"old": [], "new": []}
    try:
        for i in range(1, a.rounds + 1):
            order = ("old", "new") if i % 2 else ("new", "old")
            for name in order:
                src = (old_tree if name == "old" else REPO) / "src"
                r = run_once(src, corpus, tmp / f"{name}.json", a.no_cache)
                rows[name].append(r)
                print(f"round {i}: {name}  {r[0]:6.2f} s wall  {r[1]:6.2f} s cpu  {r[2]:5.0f} MiB", flush=True)
        same = findings(tmp / "old.json") == findings(tmp / "new.json")
    finally:
        shutil.rmtree(corpus / ".keylint_cache", ignore_errors=True)
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"\n{a.rounds} paired rounds on {corpus} ({a.commit} = old, working tree = new)")
    for name in ("old", "new"):
        w, c, m = zip(*rows[name], strict=True)
        print(f"  {name}: median {statistics.median(w):.2f} s wall, {statistics.median(c):.2f} s cpu, "
              f"{max(m):.0f} MiB peak")
    for k, label in ((0, "wall"), (1, "cpu")):
        ratios = [n[k] / o[k] for o, n in zip(rows["old"], rows["new"], strict=True)]
        print(f"  new/old {label}: median {statistics.median(ratios):.3f} "
              f"(min {min(ratios):.3f}, max {max(ratios):.3f})")
    print(f"  findings identical: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())

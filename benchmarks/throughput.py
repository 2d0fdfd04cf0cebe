"""Per-file phase-1 cost, split into Anthropic-related and unrelated files (one process, one core).

Usage: python benchmarks/throughput.py CORPUS [--json OUT]

Discovers the corpus as ``keylint scan`` does (cache off), then runs phase 1 (``FileScanner.scan``: read,
prefilter, decode, model, file rules) on every file in this process and sums the per-file
seconds by bucket. "Related" = the bytes mention ``anthropic`` (any case) or ``sk-ant-``; the
classification reads each file separately, outside the timed part. Also times phase 2 and the
whole ``scan_entries`` once (jobs=1) so the split is complete.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

RELATED = re.compile(rb"(?i)anthropic|sk-ant-")


def measure(corpus: Path) -> dict:
    t0 = time.perf_counter()
    from keylint.config import Config
    from keylint.discovery import discover
    from keylint.engine import FileScanner, project_root_for
    from keylint.registry import select_rules

    config = Config()
    rules = select_rules(config.select, config.ignore)
    t_import = time.perf_counter() - t0
    root, is_git = project_root_for([corpus.resolve()])
    t1 = time.perf_counter()
    found = discover([root], root=root, is_git=is_git, exclude=config.exclude)
    t_discover = time.perf_counter() - t1
    scanner = FileScanner(str(root), tuple(r.id for r in rules), config)
    buckets = {k: {"files": 0, "bytes": 0, "seconds": 0.0, "modelled": 0, "max_file_s": 0.0, "max_file": ""}
               for k in ("related", "unrelated")}
    slowest: list[tuple[float, str]] = []
    t2 = time.perf_counter()
    for entry in found.entries:
        path = root / entry.relpath
        try:
            data = path.read_bytes() if path.is_file() else b""
        except OSError:
            data = b""
        kind = "related" if RELATED.search(data) else "unrelated"
        del data
        s = time.process_time()  # CPU time: robust to other load on a shared machine
        result = scanner.scan(entry)
        dt = time.process_time() - s
        b = buckets[kind]
        b["files"] += 1
        b["bytes"] += result.size
        b["seconds"] += dt
        b["modelled"] += int(result.modelled)
        if dt > b["max_file_s"]:
            b["max_file_s"], b["max_file"] = dt, entry.relpath
        slowest.append((dt, entry.relpath))
    t_phase1 = time.perf_counter() - t2
    for b in buckets.values():
        b["files_per_s"] = b["files"] / b["seconds"] if b["seconds"] else 0.0
        b["mb_per_s"] = b["bytes"] / 1e6 / b["seconds"] if b["seconds"] else 0.0
    slowest.sort(reverse=True)
    return {"corpus": str(corpus), "files": len(found.entries), "import_s": t_import,
            "discover_s": t_discover, "phase1_s": t_phase1, "buckets": buckets,
            "slowest": [[round(s, 4), p] for s, p in slowest[:10]]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--json", type=Path)
    a = ap.parse_args()
    res = measure(a.corpus)
    text = json.dumps(res, indent=1)
    if a.json:
        a.json.write_text(text)
    print(text)


if __name__ == "__main__":
    sys.exit(main())

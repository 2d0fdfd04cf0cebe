"""Real-world smoke run: scan large trees of third-party code and report what keylint does there.

    python benchmarks/smoke.py --setup            # once: build the trees (PyPI + npm, ~2 GB)
    python benchmarks/smoke.py [--jobs 2] [--out /tmp/keylint-smoke/report.json] [TREE ...]

Default trees: the site-packages of a venv with many popular packages (/tmp/keylint-smoke/venv,
else /work/venv) and the node_modules of a front-end app installed from npm
(/tmp/keylint-smoke/app/node_modules). For each tree it prints files scanned, bytes, files
modelled, errors by kind, every internal error (there must be none: the exit code is 1 if any),
every timeout, wall time, peak memory (resource.getrusage, this process and its workers) and
the findings per rule with examples, so that noise on third-party code is visible. The full
findings go to --out as JSON for triage.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import sysconfig
import time
from collections import Counter, defaultdict
from pathlib import Path

BASE = Path("/tmp/keylint-smoke")
PY_PACKAGES = [
    "anthropic", "openai", "langchain", "langchain-anthropic", "litellm", "django", "flask",
    "fastapi", "sqlalchemy", "boto3", "requests", "pandas", "numpy", "scikit-learn", "matplotlib",
    "streamlit", "gradio", "jupyterlab", "notebook",
]
PACKAGE_JSON = {
    "name": "keylint-smoke-app", "private": True, "version": "0.0.0", "type": "module",
    "dependencies": {
        "next": "^15.0.0", "react": "^19.0.0", "react-dom": "^19.0.0", "@anthropic-ai/sdk": "*",
        "ai": "*", "@ai-sdk/anthropic": "*", "@langchain/anthropic": "*", "vue": "^3.4.0",
        "svelte": "^5.0.0", "@sveltejs/kit": "*", "zod": "*", "express": "*", "lodash": "*",
    },
    "devDependencies": {"vite": "*", "typescript": "*", "eslint": "*", "@vitejs/plugin-react": "*",
                        "tailwindcss": "*"},
}


def setup() -> None:
    BASE.mkdir(parents=True, exist_ok=True)
    venv = BASE / "venv"
    if not venv.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", *PY_PACKAGES], check=True)
    app = BASE / "app"
    app.mkdir(exist_ok=True)
    (app / "package.json").write_text(json.dumps(PACKAGE_JSON, indent=2))
    subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=app, check=True)


def default_trees() -> list[Path]:
    trees = []
    venvs = sorted((BASE / "venv" / "lib").glob("python3*/site-packages"))
    trees.append(venvs[0] if venvs else Path(sysconfig.get_paths()["purelib"]))
    node = BASE / "app" / "node_modules"
    if node.is_dir():
        trees.append(node)
    return trees


def peak_mib() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, workers


def smoke(tree: Path, jobs: int, examples: int) -> dict:
    from keylint.config import Config
    from keylint.engine import scan

    started = time.perf_counter()
    result = scan([tree], Config(), jobs=jobs, root=tree)
    seconds = time.perf_counter() - started
    own, workers = peak_mib()
    by_rule: dict[str, list] = defaultdict(list)
    for f in result.findings:
        by_rule[f.rule_id].append(f)
    report = {
        "tree": str(tree),
        "files": result.stats["files"],
        "bytes": result.stats["bytes"],
        "modelled_files": result.stats["modelled_files"],
        "seconds": round(seconds, 1),
        "files_per_second": round(result.stats["files"] / max(seconds, 1e-9), 1),
        "peak_rss_mib": {"main": round(own), "largest_worker": round(workers)},
        "errors_by_kind": dict(Counter(e.kind for e in result.errors)),
        "internal_errors": [{"path": e.path, "message": e.message} for e in result.errors if e.kind == "internal"],
        "timeouts": [{"path": e.path, "message": e.message} for e in result.errors if e.kind == "timeout"],
        "other_errors": [{"path": e.path, "kind": e.kind, "message": e.message} for e in result.errors
                         if e.kind not in ("internal", "timeout", "binary", "too-large")],
        "findings_per_rule": {rid: len(fs) for rid, fs in sorted(by_rule.items())},
        "findings": [{"rule": f.rule_id, "path": f.path, "line": f.span.line, "column": f.span.column,
                      "severity": f.severity.label, "confidence": f.confidence.label, "message": f.message}
                     for f in result.findings],
    }
    print(f"\n== {tree}")
    print(f"files {report['files']:,}  bytes {report['bytes']:,}  modelled {report['modelled_files']:,}  "
          f"time {seconds:.1f} s ({report['files_per_second']:,} files/s)  peak RSS main "
          f"{own:.0f} MiB, largest worker {workers:.0f} MiB")
    print(f"errors by kind: {report['errors_by_kind']}")
    print(f"internal errors: {len(report['internal_errors'])}")
    for e in report["internal_errors"]:
        print(f"  {e['path']}: {e['message']}")
    for e in report["timeouts"]:
        print(f"  timeout {e['path']}: {e['message']}")
    for e in report["other_errors"][:examples * 2]:
        print(f"  {e['kind']} {e['path']}: {e['message'][:160]}")
    print(f"findings per rule: {report['findings_per_rule']}")
    for rid, fs in sorted(by_rule.items()):
        for f in fs[:examples]:
            print(f"  {rid} {f.path}:{f.span.line}: {f.message[:160]}")
        if len(fs) > examples:
            print(f"  {rid} ... {len(fs) - examples} more")
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("trees", nargs="*", type=Path)
    ap.add_argument("--setup", action="store_true", help="build the default trees (PyPI, npm)")
    ap.add_argument("--jobs", "-j", type=int, default=0)
    ap.add_argument("--examples", type=int, default=8, help="findings shown per rule")
    ap.add_argument("--out", type=Path, default=BASE / "report.json")
    args = ap.parse_args(argv)
    if args.setup:
        setup()
        if not args.trees:
            return 0
    trees = args.trees or default_trees()
    reports = [smoke(t.resolve(), args.jobs, args.examples) for t in trees]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(reports, indent=2))
    internal = sum(len(r["internal_errors"]) for r in reports)
    print(f"\ntotal: {sum(r['files'] for r in reports):,} files, {internal} internal errors; "
          f"full report: {args.out}")
    return 1 if internal else 0


if __name__ == "__main__":
    sys.exit(main())

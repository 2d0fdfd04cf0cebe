"""Where keylint's time goes, by stage: one in-process ``keylint scan`` (``-j1`` by default) with
timers wrapped around the engine's stage functions.

Usage: python benchmarks/stages.py [--jobs 1] [--staged] DIR

Stages (inclusive CPU time of this process, summed over files; "other" is what no timer covers):
  imports      python start-up to the CLI entry (measured by -X importtime separately; here:
               importing keylint.cli, the registry and the rules)
  discovery    keylint.discovery.discover (git ls-files / walk)
  reading      FileScanner.scan minus scan_data (stat + open + read)
  binary test  source.looks_binary
  prefilter    FileScanner._rules_for (keyword search) + the front ends' prefilters (prefilter.WANTS)
  decoding     SourceFile.text (first access decodes)
  parsing      ast.parse (Python) and tree-sitter Parser.parse (JS/TS)
  modelling    build_model minus parsing (tree walks, data flow)
  file rules   FileScanner._run_rules
  suppressions parse_suppressions
  phase 2      model and project rules (engine stats phase2_seconds)
  output       reporters.render
With --jobs > 1 the per-file stages run in workers and are not seen; use -j1 for the split.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import time
from collections import defaultdict

T: dict[str, float] = defaultdict(float)
#: stage timers count this process's CPU time, not wall time: on a shared, loaded machine wall
#: time is inflated by preemption wherever it happens to strike; CPU time is what the stage costs
CLOCK = time.process_time
N: dict[str, int] = defaultdict(int)


def timer(name: str, fn):
    @functools.wraps(fn)
    def wrapped(*a, **k):
        s = CLOCK()
        try:
            return fn(*a, **k)
        finally:
            T[name] += CLOCK() - s
            N[name] += 1
    return wrapped


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("path")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--staged", action="store_true")
    ap.add_argument("--json", default=None)
    ap.add_argument("--cache-material", default=None,
                    help="pin the cache generation (as run.py's warm runs do); run twice for a warm profile")
    ap.add_argument("--no-cache", action="store_true")
    a = ap.parse_args()
    if a.cache_material:
        os.environ["KL_BENCH_CACHE_MATERIAL"] = a.cache_material
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import kl_cache_shim

        kl_cache_shim.install()
    t0 = time.perf_counter()
    c0 = CLOCK()
    import ast

    from keylint import cli, discovery, engine, reporters, source
    from keylint.registry import all_rules

    all_rules()
    T["imports"] = CLOCK() - c0

    discovery.discover = timer("discovery", discovery.discover)
    engine.FileScanner.scan = timer("scan (total per file)", engine.FileScanner.scan)
    engine.FileScanner.scan_data = timer("scan_data", engine.FileScanner.scan_data)
    engine.looks_binary = timer("binary test", engine.looks_binary)
    engine.FileScanner._rules_for = timer("prefilter", engine.FileScanner._rules_for)
    engine.FileScanner._run_rules = timer("file rules", engine.FileScanner._run_rules)
    engine.parse_suppressions = timer("suppressions", engine.parse_suppressions)
    prop = source.SourceFile.text
    source.SourceFile.text = property(timer("decoding", prop.fget))
    ast.parse = timer("parsing", ast.parse)
    reporters.render = timer("output", reporters.render)

    orig_front = engine.FileScanner._front_end

    def front_end(self, name):
        mod = orig_front(self, name)
        if mod is not None and not getattr(mod, "_kl_timed", False):
            mod.build_model = timer("build_model", mod.build_model)
            if name == "javascript":  # the front end is js_light; the parser is javascript's
                import keylint.analysis.javascript as parsing_mod
            else:
                parsing_mod = mod
            if hasattr(parsing_mod, "_parser"):
                orig_parser = parsing_mod._parser

                class P:
                    def __init__(self, p):
                        self.p = p

                    def parse(self, *x, **k):
                        s = CLOCK()
                        try:
                            return self.p.parse(*x, **k)
                        finally:
                            T["parsing"] += CLOCK() - s
                            N["parsing"] += 1

                    def __getattr__(self, name):
                        return getattr(self.p, name)

                parsing_mod._parser = lambda d, _o=orig_parser: P(_o(d))
            mod._kl_timed = True
        return mod

    engine.FileScanner._front_end = front_end
    from keylint.analysis import prefilter

    for name, fn in list(prefilter.WANTS.items()):
        prefilter.WANTS[name] = timer("prefilter (wants)", fn)
    stats: dict = {}
    orig_scan_entries = engine.scan_entries

    def scan_entries(*x, **k):
        r = orig_scan_entries(*x, **k)
        stats.update(r.stats)
        return r

    engine.scan_entries = scan_entries
    from keylint import gitscan  # --staged goes through gitscan
    if hasattr(gitscan, "BlobReader"):
        gitscan.BlobReader.read = timer("blob reads", gitscan.BlobReader.read)
    argv = ["scan", "-j", str(a.jobs), "-f", "json", "-o", os.devnull, "--exit-zero", "--no-progress"]
    argv += ["--no-cache"] if a.no_cache else []
    argv += ["--staged"] if a.staged else [a.path]
    if a.staged:
        os.chdir(a.path)
    c1 = CLOCK()
    try:
        cli.cli.main(argv, prog_name="keylint", standalone_mode=False)
    except SystemExit:
        pass
    wall = time.perf_counter() - t0
    total = CLOCK() - c1 + T["imports"]
    # work-tree scans: scan() = stat + open + read + scan_data(); staged scans call scan_data()
    # directly on blobs read through gitscan.BlobReader (timed separately)
    reading = (T["scan (total per file)"] - T["scan_data"] if T["scan (total per file)"] else 0.0) + T["blob reads"]
    modelling = T["build_model"] - T["parsing"]
    rows = [("imports", T["imports"]), ("discovery", T["discovery"]), ("reading", reading),
            ("binary test", T["binary test"]), ("prefilter", T["prefilter"] + T["prefilter (wants)"]),
            ("decoding", T["decoding"]), ("parsing", T["parsing"]), ("modelling", modelling),
            ("file rules", T["file rules"]), ("suppressions", T["suppressions"]),
            ("phase 2 (wall)", float(stats.get("phase2_seconds", 0.0))), ("output", T["output"])]
    covered = sum(v for _, v in rows)
    rows.append(("other", total - covered))
    print(f"stage breakdown (CPU seconds of this process): {a.path} (-j{a.jobs}), total {total:.3f} s "
          f"cpu ({wall:.3f} s wall, load average {os.getloadavg()[0]:.1f}); files {stats.get('files')}, "
          f"modelled {stats.get('modelled_files')}, parses {N['parsing']}, build_model calls {N['build_model']}")
    for name, v in rows:
        print(f"  {name:13s} {v:8.3f} s  {100 * v / total:5.1f} %")
    if a.json:
        with open(a.json, "w") as fh:
            json.dump({"total": total, "wall": wall, "rows": rows, "stats": stats, "counts": dict(N)}, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())

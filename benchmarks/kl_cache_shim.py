"""Run the keylint CLI for the benchmark's warm-cache runs.

Usage: python benchmarks/kl_cache_shim.py scan [keylint scan options...]

- ``KL_BENCH_CACHE_MATERIAL`` (set by run.py) pins the cache generation for one benchmark
  session. The real key material includes a fingerprint of keylint's own source files, so on a
  machine where people edit keylint during the run, every edit would silently turn the "warm"
  runs into cold ones. run.py checks that warm findings equal cold findings.
- ``KL_BENCH_CACHE_STATS`` (a file): every process that opened a cache appends its hit/miss
  counts there (one JSON line), pool workers included.
- If the engine does not wire :mod:`keylint.cache` itself (older checkouts), this patches
  :class:`keylint.engine.FileScanner` the way benchmarks/README.md proposes.
"""

from __future__ import annotations

import atexit
import json
import multiprocessing.util
import os
import sys


def _patch_cache_module() -> None:
    import keylint.cache as kc

    pinned = os.environ.get("KL_BENCH_CACHE_MATERIAL")
    if pinned:
        kc.key_material = lambda config, rule_ids: pinned
    stats_file = os.environ.get("KL_BENCH_CACHE_STATS")
    if not stats_file:
        return
    orig_open = kc.Cache.open.__func__

    def open_(cls, *a, **k):
        cache = orig_open(cls, *a, **k)

        def report() -> None:
            if getattr(cache, "_reported", False):
                return
            cache._reported = True
            if cache.stats["hits"] or cache.stats["misses"]:
                with open(stats_file, "a", encoding="utf-8") as fh:
                    fh.write(json.dumps(cache.stats) + "\n")

        atexit.register(report)
        # pool workers leave through multiprocessing's exit path, which runs Finalize, not atexit
        multiprocessing.util.Finalize(None, report, exitpriority=10)
        return cache

    kc.Cache.open = classmethod(open_)


def _patch_engine() -> None:
    from keylint import engine
    from keylint.cache import Cache

    with open(engine.__file__, encoding="utf-8") as fh:
        wired = "keylint.cache" in fh.read()
    if wired:
        return  # the engine wires the cache itself
    import keylint.cache as kc

    orig_init = engine.FileScanner.__init__
    orig_analyse = engine.FileScanner._analyse

    def __init__(self, root, rule_ids, config, *args, **kwargs):
        orig_init(self, root, rule_ids, config, *args, **kwargs)
        self.cache = cache = Cache.open(root, kc.key_material(config, rule_ids))
        atexit.register(cache.close)

    def expensive(self, source, data) -> bool:
        if any(r.keywords for r in self._rules_for(source, data.lower())):
            return True  # a file rule's keyword hit
        front = engine._front_end_for(source.language)
        if front is None or front not in self.model_languages:
            return False
        module = self._front_end(front)
        try:
            return bool(module is not None and module.wants(data))
        except Exception:  # noqa: BLE001 - let _analyse report it
            return True

    def _analyse(self, source, data, result):
        cache = getattr(self, "cache", None)
        if cache is None or not cache.enabled or not expensive(self, source, data):
            return orig_analyse(self, source, data, result)
        key = cache.content_hash(result.relpath, data)
        hit = cache.get(key, text=lambda: source.text)
        if hit is not None:
            result.findings = hit.findings
            result.errors.extend(hit.errors)
            result.model = hit.model
            result.text = hit.text
            result.suppressions = hit.suppressions
            result.flags = hit.flags
            result.modelled = hit.modelled
            return None
        orig_analyse(self, source, data, result)
        cache.put(key, result, data)
        return None

    engine.FileScanner.__init__ = __init__
    engine.FileScanner._analyse = _analyse


def install() -> None:
    _patch_cache_module()
    _patch_engine()


if __name__ == "__main__":
    install()
    from keylint.cli import main

    sys.argv[0] = "keylint"
    main()

"""Run the keylint CLI with :mod:`keylint.cache` wired into phase 1, for measuring the warm-cache
rescan before the engine does this itself.

Usage: python benchmarks/kl_cache_shim.py scan [keylint scan options...]

It patches :class:`keylint.engine.FileScanner` exactly as proposed for the engine (see
benchmarks/README.md, "Wiring the cache"): ``__init__`` opens the cache for the project root and
the key material; ``_analyse`` looks a file up only on the expensive path (a front end wants it,
or a file rule's keyword hit), adopts a hit, and stores a miss after analysing it. Worker
processes run ``__init__`` themselves (``_init_worker``), so each opens its own handle.
If the engine already wires the cache, this shim does nothing extra.
"""

from __future__ import annotations

import atexit
import json
import multiprocessing.util
import os
import sys


def install() -> None:
    from keylint import engine
    from keylint.cache import Cache, key_material

    if getattr(engine.FileScanner, "_kl_cache_shim", False) or "keylint.cache" in open(
            engine.__file__, encoding="utf-8").read():
        return
    orig_init = engine.FileScanner.__init__
    orig_analyse = engine.FileScanner._analyse

    def __init__(self, root, rule_ids, config, *args, **kwargs):  # noqa: N807
        orig_init(self, root, rule_ids, config, *args, **kwargs)
        # KL_BENCH_CACHE_MATERIAL pins the generation for one benchmark session, so that other
        # people editing keylint's sources mid-run (which changes key_material) cannot turn the
        # warm runs into cold ones; the harness checks warm findings == cold findings.
        material = os.environ.get("KL_BENCH_CACHE_MATERIAL") or key_material(config, rule_ids)
        self.cache = cache = Cache.open(root, material)
        stats_file = os.environ.get("KL_BENCH_CACHE_STATS")

        def report() -> None:
            if getattr(cache, "_reported", False):
                return
            cache._reported = True
            cache.close()
            if stats_file and any(cache.stats.values()):
                with open(stats_file, "a", encoding="utf-8") as fh:
                    fh.write(json.dumps(cache.stats) + "\n")

        atexit.register(report)
        # pool workers leave through multiprocessing's exit path, which runs Finalize, not atexit
        multiprocessing.util.Finalize(None, report, exitpriority=10)

    def expensive(self, source, data) -> bool:
        if any(r.keywords for r in self._rules_for(source, data)):
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
    engine.FileScanner._kl_cache_shim = True


if __name__ == "__main__":
    install()
    from keylint.cli import main

    sys.argv[0] = "keylint"
    main()

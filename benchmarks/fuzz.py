"""The long fuzz run: random mutations of realistic sources in every language, random text and
random bytes, through the real engine with every rule, for a fixed time.

    python benchmarks/fuzz.py --minutes 10 [--seed N] [--save-failures DIR]

Checks the invariants of tests/robustness/fuzzing.py on every input (no exception, no internal
error, spans inside the file, deterministic findings, an intact key always reported) and prints
how many inputs it tried, per kind and language. A failing input is written to --save-failures
(default /tmp/keylint-fuzz-failures) with its traceback, the key replaced by ``@KEY@``; an input
still running after --hang-seconds (a parser stuck in C, which the per-file budget cannot stop)
is recorded as a hang and the run goes on in a fresh worker process. Exit code 1 if any failed.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from robustness.fuzzing import LANGS, NAMES, SEEDS, TOKENS, Checker, Mutation, mutate, notebook, seed  # noqa: E402,F401

from keylint.testing import fake_key  # noqa: E402

KINDS = ["insert", "insert", "insert", "delete", "duplicate", "replace", "truncate", "splice"]
ALPHABET = list("(){}[]<>`'\"$\\\n\r\t ;:,.=+-*/#@!?%&|^~_aAzZ09") + ["é", "😀", "\u2028", "\x00"]


def random_mutations(rng: random.Random) -> list[Mutation]:
    out = []
    for _ in range(rng.randint(1, 16)):
        token = rng.choice(TOKENS) if rng.random() < 0.8 else "".join(
            rng.choice(ALPHABET) for _ in range(rng.randint(0, 12)))
        out.append(Mutation(rng.choice(KINDS), rng.random(), rng.randint(1, 120), token))
    return out


def one_input(rng: random.Random, key: str) -> tuple[str, str, bytes, str | None]:
    """(kind, relpath, data, key that must be found if intact)."""
    lang = rng.choice(LANGS)
    roll = rng.random()
    if roll < 0.70:
        if lang == "ipynb" and rng.random() < 0.5:
            code = mutate(SEEDS["py"], random_mutations(rng)).replace("@KEY@", key)
            return "notebook-code", NAMES[lang], notebook(code, f"out {key}\n").encode(), key
        text = mutate(seed(lang, key), random_mutations(rng)).replace("@KEY@", key)
        return f"mutated-{lang}", NAMES[lang], text.encode("utf-8", "surrogatepass"), key
    if roll < 0.90:
        text = "".join(rng.choice(ALPHABET) if rng.random() < 0.7 else rng.choice(TOKENS)
                       for _ in range(rng.randint(0, 600))).replace("@KEY@", key)
        return f"text-{lang}", NAMES[lang], text.encode("utf-8", "surrogatepass"), key
    data = bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 600)))
    return f"bytes-{lang}", NAMES[lang], data, None


def _worker(conn) -> None:
    """Checks inputs in a child process, so that an input that hangs in C code (a parser) can be
    recorded and the run go on with a fresh worker."""
    checker = Checker()
    try:
        while True:
            item = conn.recv()
            if item is None:
                return
            relpath, data, must_find = item
            try:
                checker.check(relpath, data, key=must_find)
                conn.send(None)
            except Exception as exc:  # noqa: BLE001
                conn.send(f"{type(exc).__name__}: {exc}\n\n{traceback.format_exc()}")
    finally:
        checker.close()


class Pool1:
    def __init__(self) -> None:
        self.proc = None
        self.conn = None

    def start(self) -> None:
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child,), daemon=True)
        self.proc.start()

    def check(self, relpath: str, data: bytes, must_find: str | None, timeout: float) -> str | None:
        """None when the input passed, else the failure (a traceback, or a hang)."""
        if self.proc is None:
            self.start()
        self.conn.send((relpath, data, must_find))
        if self.conn.poll(timeout):
            return self.conn.recv()
        self.proc.kill()
        self.proc.join()
        self.proc = None
        return f"hang: no answer within {timeout:g} s (the per-file budget did not stop it)"

    def close(self) -> None:
        if self.proc is not None:
            self.conn.send(None)
            self.proc.join(5)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--save-failures", default="/tmp/keylint-fuzz-failures")
    ap.add_argument("--hang-seconds", type=float, default=90.0,
                    help="an input still running after this long is recorded as a hang")
    args = ap.parse_args(argv)
    seed_value = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed_value)
    key = fake_key()
    pool = Pool1()
    out_dir = Path(args.save_failures)
    counts: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    deadline = time.monotonic() + args.minutes * 60
    started = time.monotonic()
    try:
        while time.monotonic() < deadline:
            kind, relpath, data, must_find = one_input(rng, key)
            counts[kind] += 1
            failure = pool.check(relpath, data, must_find, args.hang_seconds)
            if failure is not None:  # recorded (the key replaced by @KEY@); the run goes on
                failures[kind] += 1
                out_dir.mkdir(parents=True, exist_ok=True)
                n = sum(failures.values())
                (out_dir / f"{n:04d}-{kind}{Path(relpath).suffix or '.txt'}").write_bytes(
                    data.replace(key.encode(), b"@KEY@"))
                (out_dir / f"{n:04d}-{kind}.traceback.txt").write_text(
                    f"{relpath}\n{failure.replace(key, '@KEY@')}")
                print(f"FAILED {kind} {relpath}: {failure.splitlines()[0][:200]}", flush=True)
    finally:
        pool.close()
    elapsed = time.monotonic() - started
    total = sum(counts.values())
    print(f"keylint fuzz: seed {seed_value}, {total} inputs tried in {elapsed:.0f} s "
          f"({total / max(elapsed, 1e-9):.1f}/s), {sum(failures.values())} failed")
    for kind in sorted(counts):
        print(f"  {kind:<22} {counts[kind]:>7}  failed {failures.get(kind, 0)}")
    if failures:
        print(f"failing inputs and tracebacks: {out_dir}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""Detection benchmark: precision and recall of keylint's flow rules on labelled projects.

Run (one command, no network, a few seconds)::

    python benchmarks/detection.py            # table per rule and overall
    python benchmarks/detection.py -v         # also list every false positive / false negative
    python benchmarks/detection.py --lang py  # only benchmarks/detection/py/

Label format (shared by every language directory, benchmarks/detection/<lang>/<case>/):

- Each case is a small project directory. Every file in it is scanned (as one project, the case
  directory being the project root) with the real engine (``keylint.engine.scan``).
- A comment containing ``expect: KL004`` (several ids comma-separated: ``expect: KL004, KL005``)
  on a line says a finding of that rule must be anchored on that line. Any comment syntax works
  (``#``, ``//``, ``<!-- -->``, ``/* */``, or inside a notebook cell's source line): the benchmark
  only looks for the text ``expect:`` followed by rule ids.
- A case directory with no ``expect`` comment is a near miss: it must produce no finding of
  rules KL003-KL010.
- Cases contain placeholders only, never key-shaped strings.

Scoring: a prediction is (rule, path, line) for every finding of the evaluated rules (KL003-KL010,
plus any rule named in an expectation); an expectation is (rule, path, line). True positive =
in both; false positive = predicted only; false negative = expected only. Findings of every
severity count (``info`` included): a near miss must be silent.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE / "detection"
sys.path.insert(0, str(HERE.parent / "src"))

from keylint.config import Config  # noqa: E402
from keylint.engine import scan  # noqa: E402

EXPECT = re.compile(r"expect:\s*((?:KL\d{3}\s*,?\s*)+)")
FLOW_RULES = tuple(f"KL{n:03d}" for n in range(3, 11))


def expectations(case: Path) -> set[tuple[str, str, int]]:
    out = set()
    for path in sorted(case.rglob("*")):
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        rel = path.relative_to(case).as_posix()
        for lineno, line in enumerate(text.splitlines(), 1):
            m = EXPECT.search(line)
            if m:
                for rule in re.findall(r"KL\d{3}", m.group(1)):
                    out.add((rule, rel, lineno))
    return out


def predictions(case: Path, rules: set[str]) -> tuple[set[tuple[str, str, int]], list[str]]:
    result = scan([case], Config(), root=case, jobs=1)
    found = set()
    for f in result.findings:
        if f.rule_id in rules:
            found.add((f.rule_id, f.path, f.span.line))
    errors = [f"{e.path}: {e.kind}: {e.message}" for e in result.errors] if hasattr(result, "errors") else []
    return found, errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list false positives and negatives")
    parser.add_argument("--lang", action="append", help="language directories to run (default: all)")
    args = parser.parse_args(argv)
    langs = args.lang or sorted(p.name for p in ROOT.iterdir() if p.is_dir())
    tp: dict[str, int] = defaultdict(int)
    fp: dict[str, int] = defaultdict(int)
    fn: dict[str, int] = defaultdict(int)
    details: list[str] = []
    cases = positives = near = 0
    started = time.perf_counter()
    for lang in langs:
        for case in sorted(p for p in (ROOT / lang).iterdir() if p.is_dir()):
            cases += 1
            expected = expectations(case)
            if expected:
                positives += 1
            else:
                near += 1
            rules = set(FLOW_RULES) | {r for r, _, _ in expected}
            predicted, errors = predictions(case, rules)
            name = f"{lang}/{case.name}"
            for item in predicted & expected:
                tp[item[0]] += 1
            for item in predicted - expected:
                fp[item[0]] += 1
                details.append(f"FP {name}: {item[0]} {item[1]}:{item[2]}")
            for item in expected - predicted:
                fn[item[0]] += 1
                details.append(f"FN {name}: {item[0]} {item[1]}:{item[2]}")
            for err in errors:
                details.append(f"ERR {name}: {err}")
    seconds = time.perf_counter() - started

    def ratio(a: int, b: int) -> str:
        return f"{a / b:.3f}" if b else "  -  "

    print(f"keylint detection benchmark: {cases} cases ({positives} with findings expected, "
          f"{near} near misses) in {', '.join(langs)}; {seconds:.1f} s")
    print(f"{'rule':<8}{'TP':>5}{'FP':>5}{'FN':>5}{'precision':>11}{'recall':>8}")
    all_rules = sorted(set(tp) | set(fp) | set(fn))
    for rule in all_rules:
        print(f"{rule:<8}{tp[rule]:>5}{fp[rule]:>5}{fn[rule]:>5}"
              f"{ratio(tp[rule], tp[rule] + fp[rule]):>11}{ratio(tp[rule], tp[rule] + fn[rule]):>8}")
    t, f_, n = sum(tp.values()), sum(fp.values()), sum(fn.values())
    print(f"{'overall':<8}{t:>5}{f_:>5}{n:>5}{ratio(t, t + f_):>11}{ratio(t, t + n):>8}")
    if args.verbose or details:
        if details and not args.verbose:
            print(f"({len(details)} mismatches; run with -v to list them)")
        else:
            for line in details:
                print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

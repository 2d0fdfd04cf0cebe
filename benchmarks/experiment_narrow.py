"""Experiment (not a fix): what phase 1 would cost if only files that mention Anthropic were
modelled. Replaces both front ends' prefilters (``prefilter.WANTS``) with ``bytes.lower()`` + a literal search for
``anthropic``, ``claude``, ``sk-ant-``, ``@ai-sdk``, ``langchain``, then runs benchmarks/stages.py.

Usage: python benchmarks/experiment_narrow.py DIR [--jobs 1] [--json OUT]

This changes detection (the JS client import graph and framework facts of files that do not
mention Anthropic are lost), so it is an upper bound of the gain, for the engine discussion only.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

KEYWORDS = (b"anthropic", b"claude", b"sk-ant-", b"@ai-sdk", b"langchain")


def narrow(data: bytes, lowered: bytes | None = None) -> bool:
    lowered = data.lower() if lowered is None else lowered
    return any(k in lowered for k in KEYWORDS)


if __name__ == "__main__":
    from keylint.analysis import prefilter

    prefilter.WANTS.update(python=narrow, javascript=narrow)
    sys.argv[0] = str(Path(__file__).with_name("stages.py"))
    runpy.run_path(sys.argv[0], run_name="__main__")

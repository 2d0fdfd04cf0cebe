"""The front ends' prefilters: should this Python or JS/TS file be modelled at all?

Kept apart from the front ends so that the engine asks them without importing ``python``,
``javascript`` and the model, frameworks and guardrails tables they pull in (~25 ms of imports):
a pre-commit run over files with nothing Anthropic-related never imports the analysis layer.
Both take the raw bytes and, when the caller has it, ``data.lower()`` (shared with the keyword
rules' prefilter).
"""

from __future__ import annotations

import re

#: `limiter` (slowapi's `Limiter`, `limiter.limit`, `RateLimiter`) but not `delimiter`, on lowercased bytes
LIMITER = re.compile(rb"(?<!de)limiter")

# -- Python and notebooks -------------------------------------------------------------------------
#: Literal keywords are tested with ``in`` on the lowercased bytes (~120 MB/s on site-packages);
#: the regex runs only on files that hold one of its anchors. The former single
#: case-insensitive regex alternation over the raw bytes ran at ~5 MB/s (measured by the lead).
#: (no `prompt`: a module whose constant a prompt call imports is modelled on demand in phase 2,
#: Project.model_of; the word alone pulled 288 of ansible's and eslint's files into analysis.
#: No `max_length`: a request model's module is modelled on demand when a handler imports it,
#: xref.resolve_origin; the word pulled every Django models.py in)
_PY_LITERALS = (b"anthropic", b"claude", b"litellm", b"langchain", b"ratelimit",
                b"rate_limit", b"throttl", b"slowapi", b"llama_index", b"pydantic_ai", b"api_view")
#: (anchor, pattern led by it): each pattern runs only when its anchor occurs, and starts with a
#: literal for the regex engine's prefix scan (one alternation led by `m`, `c`, `@` was slow)
_PY_ANCHORED = (
    (b"messages.", re.compile(rb"messages\.(?:create|stream|parse|batches)")),
    (b"completion", re.compile(rb"completions?\.create")),
    (b"@", re.compile(rb"@(?:app|router|bp|api|blueprint|routes)\.(?:route|get|post|put|patch|delete|websocket)\b")),
    # `Limiter(` / `limiter.limit`, not `delimiter`: the word pulled 31 of ansible's files in
    (b"limiter", LIMITER),
)


def python_wants(data: bytes, lowered: bytes | None = None) -> bool:
    """Does this Python/notebook file mention anything the model describes?"""
    lowered = data.lower() if lowered is None else lowered
    if any(k in lowered for k in _PY_LITERALS):
        return True
    return any(a in lowered and rx.search(lowered) is not None for a, rx in _PY_ANCHORED)


# -- JavaScript / TypeScript (and script blocks of .vue, .svelte, .astro, .html) -------------------
#: lowercase substrings that make a file interesting (checked on ``data.lower()``: a plain
#: substring search is ~20x faster than one case-insensitive regex)
_JS_WORDS = (b"anthropic", b"claude", b"@ai-sdk", b"langchain", b"llamaindex", b"ratelimit", b"rate-limit",
             b"rate_limit", b"throttl", b"use client", b"use server", b"server-only", b"client-only",
             b"process.env", b"import.meta.env", b"$env/", b"<py-script", b"<mpy-script", b"type=\"py\"",
             b"type='py'", b"type=py", b"text/python", b"type=\"mpy\"")
#: relative / alias imports: the file may be part of the client import graph. One pattern per
#: keyword, each led by its literal (one alternation led by `f`, `r`, `i` scanned every position:
#: 0.09 -> 0.05 s on 15,000 files)
_JS_REL_IMPORTS = tuple(re.compile(lead + rb"""\s*['"](?:\.{1,2}/|@/|~/|\$lib|#)""")
                        for lead in (rb"from", rb"require\(", rb"import\("))


def javascript_wants(data: bytes, lowered: bytes | None = None) -> bool:
    """Could this JS/TS file matter to a rule or to the client import graph?"""
    if any(rx.search(data) for rx in _JS_REL_IMPORTS):  # first: half the files have one
        return True
    low = data.lower() if lowered is None else lowered
    return any(w in low for w in _JS_WORDS)


#: front end (engine.FRONT_ENDS) -> its prefilter
WANTS = {"python": python_wants, "javascript": javascript_wants}

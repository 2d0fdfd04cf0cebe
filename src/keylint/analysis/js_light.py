"""The JS/TS front end's light path: what a file needs without a syntax tree.

- :class:`ScriptView`: the code to parse (the script blocks of ``.vue``, ``.svelte``, ``.astro``
  and ``.html`` in place, everything else blanked) and what the markup says (``<script src>``,
  PyScript tags, Astro frontmatter).
- the semantic prefilter: a file with no Anthropic, key, limiter, framework or handler word gets
  the **light model** (its imports and directives, for the client import graph) and no analysis;
- :func:`build_model`, the engine's entry: the light model, else the full analysis of
  :mod:`keylint.analysis.javascript`, imported only then. Most JS/TS files a scan models are light
  (6,640 of 7,300 on the benchmark corpus), so a pre-commit run over them never imports the
  analyser, the SDK tables or tree-sitter.
"""

from __future__ import annotations

import re

from keylint.analysis.model import FileModel, Import
from keylint.analysis.prefilter import LIMITER
from keylint.source import SourceFile

# --------------------------------------------------------------------------------------------
# Script blocks of .vue / .svelte / .astro / .html
# --------------------------------------------------------------------------------------------
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)(?:</script\s*>|\Z)", re.S | re.I)
_PY_TAG = re.compile(r"<(py-script|mpy-script)\b([^>]*)>", re.I)
_ATTR = re.compile(r"""([\w:-]+)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_FRONTMATTER = re.compile(r"\A(\s*---[ \t]*\r?\n)(.*?)(\r?\n---)", re.S)
_NON_NL = re.compile(r"[^\n]")
_JS_TYPES = {"", "module", "text/javascript", "application/javascript", "text/babel", "text/jsx",
             "module-shim", "text/typescript"}


def _attrs(text: str) -> dict[str, str]:
    out = {}
    for m in _ATTR.finditer(text):
        out[m.group(1).lower()] = m.group(2) or m.group(3) or m.group(4) or ""
    return out


def _blank(text: str) -> str:
    return _NON_NL.sub(" ", text)


class ScriptView:
    """The text to parse (script blocks in place, everything else blanked) and what the markup said."""

    def __init__(self, source: SourceFile):
        self.dialect = "javascript"
        self.server_ranges: list[tuple[int, int]] = []  # character offsets
        self.imports: list[Import] = []
        self.directives: list[str] = []
        lang = source.language
        text = source.text
        if lang in ("javascript", "typescript", "tsx", "jsx"):
            self.text = text
            self.dialect = {"typescript": "typescript", "tsx": "tsx"}.get(lang, "javascript")
            if lang == "typescript" and source.relpath.endswith((".tsx",)):
                self.dialect = "tsx"
            return
        keep: list[tuple[int, int]] = []
        ts = False
        if lang == "astro":
            m = _FRONTMATTER.match(text)
            if m:
                keep.append((m.start(2), m.end(2)))
                self.server_ranges.append((m.start(2), m.end(2)))
                ts = True  # Astro frontmatter is TypeScript
        for m in _SCRIPT.finditer(text):
            attrs = _attrs(m.group(1))
            typ = attrs.get("type", "").lower()
            src = attrs.get("src", "")
            loc = source.span(m.start(), m.start() + len(m.group(0).split(">", 1)[0]) + 1)
            if typ in ("py", "text/python", "mpy", "text/x-python", "pyodide"):
                self.directives.append("pyscript")
                if src:
                    self.imports.append(Import(src, ("pyscript",), loc))
                continue
            if typ and typ not in _JS_TYPES:
                continue
            if src:
                self.imports.append(Import(src, ("script-src",), loc))
            if attrs.get("lang", "").lower() in ("ts", "typescript", "tsx") or typ == "text/typescript":
                ts = True
            keep.append((m.start(2), m.end(2)))
        for m in _PY_TAG.finditer(text):
            self.directives.append("pyscript")
            src = _attrs(m.group(2)).get("src", "")
            if src:
                self.imports.append(Import(src, ("pyscript",), source.span(m.start(), m.end())))
        if ts:
            self.dialect = "typescript"
        parts: list[str] = []
        pos = 0
        for start, end in sorted(keep):
            if start < pos:
                continue
            parts.append(_blank(text[pos:start]))
            parts.append(text[start:end])
            pos = end
        parts.append(_blank(text[pos:]))
        self.text = "".join(parts)


# --------------------------------------------------------------------------------------------
# Light or full model (``wants``, whether to model the file at all, is prefilter.py's)
# --------------------------------------------------------------------------------------------
#: files with none of these get a light model (imports, directives, signals) without a tree walk:
#: Anthropic code, keys, limiters, server frameworks and handler shapes. Env reads alone
#: (`process.env`, `import.meta.env`) are not enough: the reads that matter name the key
#: (`anthropic`, `claude`, `apikey` are words here) or sit in a build config (`defineconfig`...).
#: Words that are common inside other identifiers are matched with boundaries (`express` is not
#: `expression`, `koa` not `koala`), else a file of eslint's AST code got the full analysis.
_SEMANTIC_WORDS = (b"anthropic", b"claude", b"@ai-sdk", b"llamaindex", b"$env/", b"throttler", b"use server",
                   b"fastify", b"nestjs", b"socket.io", b"websocket", b"ipcmain", b"getserversideprops",
                   b"firebase-functions", b"exports.handler", b"envprefix", b"environmentplugin", b"runtimeconfig")
#: words that share a lead, one literal-led pattern per group (`ratelimit`, `rate-limit`,
#: `rate_limit`; `defineEventHandler`, `defineConfig`, `definePlugin`): a pattern led by a rare
#: literal scans as fast as one ``in``, so a group costs one scan instead of three
_SEMANTIC_GROUPS = (re.compile(rb"rate[-_]?limit"), re.compile(rb"define(?:eventhandler|config|plugin)"))
#: ... and the whole environment used as a value (`console.log(process.env)`, `{...process.env}`).
#: Each pattern starts with a multi-character literal and runs only when that literal occurs:
#: an alternation whose branches start with common letters (`e`, `p`, `(`) tried a match at
#: almost every position (60 MB/s; these checks cost 0.9 s of CPU on the mono corpus).
#: one literal-led pattern per word (`expression` is everywhere in eslint's code)
_FRAMEWORK_WORDS = tuple((w, re.compile(w + rb"(?<![\w$]" + w + rb")\b(?!-)")) for w in (b"express", b"koa", b"hono"))
_ENV_AS_VALUE = re.compile(rb"process\.env\s*[),}\]]")
_ENV_SPREAD = re.compile(rb"\.\.\.\s*process\.env")
_HANDLER_EXPORT = re.compile(
    rb"export\s+(?:default\s+(?:async\s+)?function\s*\w*\s*\(\s*(?:req|request|event|ctx|c)\b"
    rb"|(?:default\s+)?(?:async\s+)?(?:function\s*\*?\s*|const\s+)(?:GET|POST|PUT|PATCH|DELETE|action|loader|handler)\b"
    rb"|const\s+actions\b)")
#: `(req, res)` / `(request: Request, reply)`: found from `req`, the `(` before it checked apart
_REQ_RES = re.compile(rb"req(?:uest)?\s*(?::\s*\w+\s*)?,\s*(?:res|reply|response)\b")
_FETCH_REQ = re.compile(rb"fetch(?<![\w$]fetch)\s*\(\s*(?:req|request)\b")  # literal-led: the lookbehind after it
_FETCH_LISTENER = re.compile(rb"addEventListener\(\s*['\"]fetch")


def _handler_shape(data: bytes) -> bool:
    if b"export" in data and _HANDLER_EXPORT.search(data):
        return True
    if b"req" in data:
        for m in _REQ_RES.finditer(data):
            before = data[max(0, m.start() - 40):m.start()].rstrip()
            if before.endswith(b"("):
                return True
    return b"fetch" in data and bool(_FETCH_REQ.search(data) or _FETCH_LISTENER.search(data))


def _semantic(data: bytes) -> bool:
    low = data.lower()
    if any(w in low for w in _SEMANTIC_WORDS) or any(rx.search(low) for rx in _SEMANTIC_GROUPS):
        return True
    if any(w in low and rx.search(low) for w, rx in _FRAMEWORK_WORDS):
        return True
    if b"socket.on(" in low or b"limiter" in low and LIMITER.search(low):
        return True
    if b"process.env" in low and (_ENV_AS_VALUE.search(low) or (b"..." in low and _ENV_SPREAD.search(low))):
        return True
    return _handler_shape(data)


# --------------------------------------------------------------------------------------------
# Light model (no semantic keyword): imports, directives, signals
# --------------------------------------------------------------------------------------------
#: static imports and re-exports, `require(...)` and `import(...)`, after their keyword. The
#: boundary checks are fixed-width lookbehinds after the keyword: a leading ``(?:^|[;\s])`` or
#: ``\b`` would keep the regex engine from skipping to candidates by its literal prefix (9x slower)
_IMPORT_BODY = (
    r"""(?:(?<![^;\s]import)(?<![^;\s]export)(?:(?<=import)\s+(?:type\s+)?"""
    r"""(?:(?:[\w$]+(?:\s*,\s*(?:\*\s*as\s+[\w$]+|\{[^}]*\}))?|\*\s*as\s+[\w$]+|\{[^}]*\})\s*from\s+)?"""
    r"""|(?<=export)\s+(?:type\s+)?(?:\*(?:\s*as\s+[\w$]+)?|\{[^}]*\}|[\w$]+(?:\s*,\s*(?:\{[^}]*\}|\*\s*as\s+[\w$]+))?)"""
    r"""\s*from\s+)['"]([^'"\n]+)['"]"""
    r"""|(?<![\w$]require)(?<=require)\(\s*['"]([^'"\n]+)['"]\s*\)|(?<![\w$]import)(?<=import)\(\s*['"]([^'"\n]+)['"]\s*\))""")
#: (keyword, its pattern), the same groups in each: an alternation of the three keywords ran the
#: matcher at every `i`, `e` and `r` of the text; led by its literal, a pattern skips to candidates.
#: Their matches are merged in order of position (:func:`_import_matches`)
_IMPORT_RES = tuple((lead, re.compile(lead + _IMPORT_BODY)) for lead in ("import", "export", "require"))


def _import_matches(text: str) -> list[re.Match]:
    """The matches of the three patterns by position, none inside another (as one alternation's)."""
    found = [m for lead, rx in _IMPORT_RES if lead in text for m in rx.finditer(text)]
    found.sort(key=lambda m: m.start())
    out: list[re.Match] = []
    end = -1
    for m in found:
        if m.start() >= end:
            out.append(m)
            end = m.end()
    return out


def _prologue_directive(text: str) -> str:
    """'use client' / 'use server' at the top of a file, after whitespace and comments (linear scan)."""
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j == -1 else j + 1
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j == -1 else j + 2
        else:
            break
    for d in ("use client", "use server"):
        if text.startswith((f"'{d}'", f'"{d}"'), i):
            return d
    return ""


def light_model(source: SourceFile, view: ScriptView) -> FileModel:
    text = view.text
    imports = list(view.imports)
    directives = list(view.directives)
    d = _prologue_directive(text)
    if d:
        directives.append(d)
    for m in _import_matches(text):
        spec = m.group(1) or m.group(2) or m.group(3)
        stmt = m.group(0)
        type_only = False
        if "type" in stmt:  # both forms below need the word: skip the regexes for the rest
            braces = re.search(r"\{([^}]*)\}", stmt)
            type_only = bool(re.match(r"[;\s]*(?:import|export)\s+type\b", stmt)) or bool(
                braces and not re.search(r"(?:import|export)\s+[\w$]+\s*,", stmt) and braces.group(1).strip()
                and all(part.strip().startswith("type ") for part in braces.group(1).split(",") if part.strip()))
        # no position: nothing reports at a light model's imports, and computing line/column
        # for every import of every file was a third of the light model's cost
        imports.append(Import(spec, ("*",), None, bool(m.group(3)), type_only))
        if spec in ("server-only", "client-only"):
            directives.append(spec)
    # no browser signals: runtime classification reads them only for files that build a client
    # or read a key, which get the full model
    server_lines = tuple((source.position(a)[0], source.position(max(a, b - 1))[0]) for a, b in view.server_ranges)
    return FileModel(language="javascript", imports=tuple(imports), directives=tuple(dict.fromkeys(directives)),
                     server_lines=server_lines, light=True)


DECLARATION_SUFFIXES = (".d.ts", ".d.mts", ".d.cts")


def build_model(source: SourceFile, full: bool = False) -> FileModel:
    """Model one JS/TS-family file: light when the semantic prefilter passes it over (and for type
    declarations, which hold no code), else the full analysis. ``full``: analyse even a file the
    prefilter would pass over (phase 2 asks for a module whose constant a prompt call imports)."""
    view = ScriptView(source)
    data = view.text.encode("utf-8", "surrogatepass")
    if source.relpath.endswith(DECLARATION_SUFFIXES) or (not full and not _semantic(data)):
        return light_model(source, view)
    from keylint.analysis import javascript

    return javascript.analyse(source, view, data)

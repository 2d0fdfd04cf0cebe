"""The Python front end: one stdlib ``ast`` pass per file -> :class:`~keylint.analysis.model.FileModel`.

Why ``ast`` and not libcst: research/performance.md §6.2/§9 measured libcst at 0.44 MB/s per core
(0.17 MB/s with position metadata) against 7.6 MB/s for ``ast``; keylint must stay faster than
the secret scanners on full scans. libcst is kept for fixes only. ``ast`` columns are UTF-8 byte
offsets; :class:`_Positions` turns them into character columns (and, for notebooks, into the
``.ipynb`` file's physical line and column through the cell line table).

What the pass resolves (research/llm-rules.md §1.1-§1.9):

- **Clients** by import and assignment: ``import anthropic [as a]``, ``from anthropic import
  AsyncAnthropic as A``, Bedrock/Vertex/Foundry/AWS/Google classes, ``self.client = ...`` in any
  method of a class, module singletons, factories whose body returns a client, ``instructor``
  patching; wrappers: LangChain ``ChatAnthropic`` / ``init_chat_model("anthropic:...")`` (and
  ``prompt | llm`` chains), LlamaIndex ``Anthropic``, LiteLLM ``completion`` with a Claude model,
  pydantic-ai ``Agent("anthropic:...")``, the Claude Agent SDK ``query`` / ``ClaudeSDKClient``.
- **Prompt calls**: the chain after the client is normalised (``with_options(...)``,
  ``with_raw_response``, ``with_streaming_response`` dropped) and looked up in
  ``frameworks.PY_SINK_CHAINS``; ``count_tokens`` is a bound check, never a sink. A method name
  alone is never enough: the receiver must resolve to a client. Fallbacks:
  (a) a receiver imported from another module of the repository gets
  ``PromptCall.receiver_ref`` and is confirmed in phase 2 by that module's
  ``FileModel.client_exports`` (``analysis/xref.py``: one hop across modules);
  (b) an unresolved receiver in a file that imports ``anthropic`` (and neither ``openai`` nor
  ``twilio``) with a ``messages.create``-like chain is kept at medium confidence (§1.4 step 4).
- **Text** of system prompts: literals, f-strings, ``+``, ``%``, ``.format``, ``textwrap.dedent``,
  ``inspect.cleandoc``, ``"".join``, lists of text blocks, ``role: "system"`` messages, LangChain
  ``SystemMessage`` / ``("system", ...)`` templates, module constants, same-file functions
  returning text, ``PROMPTS[mode]`` (the weakest candidate). A constant imported from another
  module becomes ``PromptCall.system_ref = (module, name)``; a prompt file read from a literal path
  (``open(p).read()``, ``Path(p).read_text()``) becomes ``system_ref = ("@file", path)``; both are
  resolved in phase 2 by ``analysis/xref.py``. Unknown stays unknown (``None`` parts).
- **Taint** from the framework sources of §1.7, propagated through assignments, containers,
  f-strings, attribute/subscript access, string methods and unknown calls, and *into* same-file
  helpers and methods (the callee is re-analysed with the caller's argument values, two levels
  deep). Sanitisers (§1.8): a length guard that rejects, slicing, ``textwrap.shorten``, a
  truncating helper, pydantic/FastAPI ``max_length``, Django/DRF form and serializer maximums on
  validated data, Streamlit ``max_chars``, a token-count comparison. ``max_tokens`` is not a bound.
- **Handlers** (§1.9), **rate limiters**, **PII** (KL009), **log calls of the key** (KL010) and
  **env reads** (KL006/KL002).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from keylint.analysis import ParseFailure, prefilter
from keylint.analysis import frameworks as fw
from keylint.analysis.guardrails import weakest
from keylint.analysis.model import (
    ClientConstruction,
    EnvRef,
    FileModel,
    Handler,
    Import,
    LogCall,
    Origin,
    PromptCall,
    TextValue,
)
from keylint.findings import Span

wants = prefilter.python_wants  # the engine calls prefilter.WANTS without importing this module


# --------------------------------------------------------------------------------------------
# Positions
# --------------------------------------------------------------------------------------------
_LONE_CR = re.compile(r"\r(?!\n)")
_UNIVERSAL_NEWLINE = re.compile(r"\r\n|\r|\n")


class _Positions:
    def __init__(self, text: str, source: Any, table: list | None = None) -> None:
        self.source = source
        self.table = table
        self.text = text
        # ast counts a lone CR as a line break; keylint's lines (SourceFile, KL001, editors'
        # LF-based tools, SARIF) count only LF. With a lone CR, ast positions go through offsets.
        self.starts: list[int] | None = None
        if table is None and "\r" in text and _LONE_CR.search(text):
            self.lines = _UNIVERSAL_NEWLINE.split(text)
            self.starts = [0] + [m.end() for m in _UNIVERSAL_NEWLINE.finditer(text)]
        else:
            self.lines = text.split("\n")

    def _char_col(self, line: int, bcol: int) -> int:
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        if text.isascii():
            return bcol
        return len(text.encode("utf-8")[:bcol].decode("utf-8", "replace"))

    def loc(self, node: ast.AST) -> Span:
        line = getattr(node, "lineno", 1)
        col = self._char_col(line, getattr(node, "col_offset", 0))
        end_line = getattr(node, "end_lineno", None) or line
        end_off = getattr(node, "end_col_offset", None)
        end_col = self._char_col(end_line, end_off) if end_off is not None else col
        if self.table is None:
            if self.starts is not None:
                a = self.source.position(self._offset(line, col))
                b = self.source.position(self._offset(end_line, end_col))
                return Span(a[0], a[1], b[0], max(b[1], 1))
            return Span(line, col + 1, end_line, end_col + 1)
        a = self._file_pos(line, col)
        b = self._file_pos(end_line, end_col)
        if b < a:
            b = a
        return Span(a[0], a[1], b[0], b[1])

    def _offset(self, line: int, col0: int) -> int:
        starts = self.starts or [0]
        return starts[min(max(line - 1, 0), len(starts) - 1)] + col0

    def _file_pos(self, line: int, col0: int) -> tuple[int, int]:
        table = self.table or []
        i = min(max(line - 1, 0), len(table) - 1) if table else -1
        while i >= 0:
            _cell, cl = table[i]
            if cl.file_offset >= 0:
                return self.source.position(cl.file_column_offset(col0 if i == line - 1 else len(cl.text)))
            i -= 1
        return (1, 1)


# --------------------------------------------------------------------------------------------
# Abstract values
# --------------------------------------------------------------------------------------------
class Val:
    """What an expression evaluates to, as far as keylint cares."""

    __slots__ = ("parts", "origins", "kind", "info", "items", "keys", "resolved_from", "role_safe")

    def __init__(self, parts: tuple = (None,), origins: tuple = (), kind: str = "", info: dict | None = None,
                 items: tuple | None = None, keys: dict | None = None, resolved_from: str = "",
                 role_safe: bool = False) -> None:
        self.parts = parts
        self.origins = origins
        self.kind = kind
        self.info = info or {}
        self.items = items
        self.keys = keys
        self.resolved_from = resolved_from
        self.role_safe = role_safe

    @property
    def text(self) -> str | None:
        if self.parts and all(p is not None for p in self.parts):
            return "".join(self.parts)  # type: ignore[arg-type]
        return None

    def with_origins(self, origins: tuple) -> Val:
        v = Val(self.parts, origins, self.kind, self.info, self.items, self.keys, self.resolved_from, self.role_safe)
        return v


UNKNOWN = Val()


def _merge(*groups: tuple) -> tuple:
    seen = set()
    out = []
    for group in groups:
        for o in group:
            key = (o.kind, o.description, o.loc, o.bounded)
            if key not in seen:
                seen.add(key)
                out.append(o)
    return tuple(out)


def _concat(vals: list[Val]) -> Val:
    parts: list = []
    for v in vals:
        parts.extend(v.parts if v.parts else (None,))
    # collapse adjacent known text
    out: list = []
    for p in parts:
        if p is not None and out and out[-1] is not None:
            out[-1] += p
        else:
            out.append(p)
    resolved = next((v.resolved_from for v in vals if v.resolved_from), "")
    return Val(tuple(out), _merge(*(v.origins for v in vals)), resolved_from=resolved if len(vals) == 1 else "")


def _bound(origins: tuple, how: str) -> tuple:
    return tuple(replace(o, bounded=True, bound=how) if o.kind in ("user", "history") and not o.bounded else o
                 for o in origins)


_AST = ast.AST


@lru_cache(maxsize=4096)
def _names_secret(name: str) -> bool:
    """Does a name (``settings.ANTHROPIC_API_KEY``, an env var) name an Anthropic key, token or
    secret? Asked for every attribute read; names repeat."""
    return re.search(r"(?i)(anthropic|claude).*(key|token|secret)", name) is not None


@lru_cache(maxsize=4096)
def _masks(name: str) -> bool:
    """Does a called name (its last part) redact PII or mask a secret? Asked at every call;
    names repeat (two regex searches per call did not)."""
    return bool(fw.PII_REDACTOR.search(name) or fw.PY_MASK_FUNC.search(name))


#: expressions that name a value (their key is looked up in a frame's allowed/bounded tables)
_KEYED = frozenset({ast.Name, ast.Attribute, ast.Subscript})


def _walk(node: ast.AST, skip: type | tuple[type, ...] = ()) -> list[ast.AST]:
    """``ast.walk`` (same breadth-first order) as a list, ~1.35x faster: no generator frames
    per node (the list grows while it is iterated). The front end walks trees many times.
    ``skip``: node types not descended into (``_EXPR`` when only statements are wanted:
    expressions never contain statements, and the statements keep their relative order)."""
    out = [node]
    add = out.append
    for n in out:
        for name in n._fields:
            v = getattr(n, name, None)
            if v.__class__ is list:
                for x in v:
                    if isinstance(x, _AST) and not isinstance(x, skip):
                        add(x)
            elif isinstance(v, _AST) and not isinstance(v, skip):
                add(v)
    return out


_EXPR = ast.expr


def _iter_stmts(body: list):
    """Every statement, nested ones included, without visiting expressions (cheap import scan)."""
    stack = list(reversed(body))
    while stack:
        st = stack.pop()
        yield st
        for name in ("body", "orelse", "finalbody"):
            sub = getattr(st, name, None)
            if isinstance(sub, list):
                stack.extend(reversed(sub))
        for h in getattr(st, "handlers", None) or ():
            stack.extend(reversed(h.body))
        for case in getattr(st, "cases", None) or ():
            stack.extend(reversed(case.body))


def _anchored_pattern(node: ast.AST | None) -> bool:
    """``Field(pattern="^(user|assistant)$")`` / ``constr(regex=...)``: an anchored allowlist."""
    if node is None:
        return False
    for sub in _walk(node):
        if isinstance(sub, ast.Call):
            for k in sub.keywords:
                if k.arg in ("pattern", "regex"):
                    text = _const_str(k.value) or ""
                    if text.startswith("^") and text.endswith("$"):
                        return True
    return False


def _no_secret(origins: tuple) -> tuple:
    return tuple(o for o in origins if o.kind != "secret")


def _not_the_environment(result: Val, args: list, kwargs: dict) -> Val:
    """A helper given ``os.environ`` (``detect_session(os.environ)``) reads some variables of it;
    its result is not the whole environment. Reads of named secret variables keep their own
    origins; only the generic whole-environment origin is dropped."""
    if not any(getattr(a, "kind", "") == "environ" for a in (*args, *kwargs.values())):
        return result
    kept = tuple(o for o in result.origins if not (o.kind == "secret" and o.description == "os.environ"))
    return result if len(kept) == len(result.origins) else result.with_origins(kept)


def _bound_val(v: Val, how: str, depth: int = 0) -> Val:
    """Mark a value and what it contains (message lists, dicts) as length-bounded."""
    out = v.with_origins(_bound(v.origins, how))
    if depth < 4:
        if v.items is not None:
            out.items = tuple(_bound_val(i, how, depth + 1) for i in v.items)
        if v.keys is not None:
            out.keys = {k: _bound_val(i, how, depth + 1) for k, i in v.keys.items()}
    return out


def _refine(origins: tuple, suffix: str) -> tuple:
    """Extend the description of user origins by an access path (bounded length)."""
    out = []
    for o in origins:
        if o.kind in ("user", "history") and len(o.description) + len(suffix) <= 80:
            o = replace(o, description=o.description + suffix)
        out.append(o)
    return tuple(out)


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else ""
    if isinstance(node, ast.Call):
        base = _dotted(node.func)
        return f"{base}()" if base else ""
    return ""


def _expr_key(node: ast.AST) -> str | None:
    """A stable key for env lookups: ``x``, ``self.client``, ``st.session_state.messages``
    (``st.session_state["messages"]`` normalised to the same key)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _expr_key(node.value)
        return f"{base}.{node.attr}" if base else None
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
        base = _expr_key(node.value)
        return f"{base}.{node.slice.value}" if base else None
    return None


def _short(node: ast.AST, limit: int = 60) -> str:
    try:
        text = ast.unparse(node)
    except Exception:  # pragma: no cover - unparse is total on parsed trees
        return "?"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _const_str(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _const_int(node: ast.AST | None) -> int | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        v = _const_int(node.operand)
        return -v if v is not None else None
    return None


def _kw(call: ast.Call, *names: str) -> ast.AST | None:
    for k in call.keywords:
        if k.arg in names:
            return k.value
    return None


def _max_length_of(node: ast.AST | None) -> str:
    """``Field(max_length=N)``, ``constr(max_length=N)``, ``Annotated[str, StringConstraints(...)]``,
    ``Query(max_length=N)``, ``CharField(max_length=N)``, ``validate.Length(max=N)`` -> "max_length=N"."""
    if node is None:
        return ""
    for sub in _walk(node):
        if isinstance(sub, ast.Call):
            for k in sub.keywords:
                if k.arg in fw.PY_MAXLEN_KEYWORDS and k.value is not None and not (
                        isinstance(k.value, ast.Constant) and k.value.value is None):
                    if k.arg == "max" and not _dotted(sub.func).endswith("Length"):
                        continue
                    return f"{k.arg}={_short(k.value, 20)}"
    return ""


_REQUEST_GLOBALS = frozenset({"flask.request", "quart.request", "werkzeug.local.request", "bottle.request",
                              "quart.websocket"})
_RELEVANT_ROOTS = frozenset({
    "anthropic", "langchain", "langchain_anthropic", "langchain_core", "langchain_community", "litellm", "llama_index",
    "pydantic_ai", "claude_agent_sdk", "instructor", "streamlit", "gradio", "chainlit", "slack_bolt", "discord",
    "telegram", "slowapi", "flask_limiter", "django_ratelimit", "ratelimit", "fastapi_limiter", "limits",
}) | fw.PY_WEB_MODULES
#: functions whose result is looked up with their arguments rather than made of them
_LOOKUP_NAME = re.compile(
    r"(?i)^(?:get|fetch|load|find|search|query|lookup|retrieve|read|parse|count|check|validate|is|has|classify|"
    r"embed|score|compute|calculate|list|exists|select|download|open)(?:_|$|[A-Z])")
_LLM_ROOTS = frozenset({"anthropic", "langchain", "langchain_anthropic", "langchain_community", "llama_index",
                        "pydantic_ai", "claude_agent_sdk", "instructor", "litellm"})
#: literals, then (literal, pattern led by it): a module naming none needs no full analysis (one
#: alternation of all of them tried a match at every position of the text)
_RELEVANT_WORDS = ("ANTHROPIC", "CLAUDE", "count_tokens")
_RELEVANT_CALLS = ((".create", re.compile(r"messages\.create|completions?\.create")),
                   ("messages.", re.compile(r"messages\.(?:stream|parse|batches)")))
_SCALAR_ANNOTATIONS = frozenset({"Annotated", "Optional", "List", "Dict", "Any", "Union", "UploadFile", "Literal",
                                 "Sequence", "Mapping", "Json", "UUID", "EmailStr"})
_THIRD_PARTY_ROOTS = frozenset({
    "anthropic", "openai", "twilio", "os", "sys", "json", "re", "flask", "fastapi", "django", "starlette",
    "streamlit", "gradio", "requests", "httpx", "logging", "typing", "pydantic", "langchain", "langchain_core",
    "langchain_anthropic", "langchain_community", "litellm", "boto3", "google", "azure", "cohere", "groq",
    "mistralai", "vertexai", "chainlit", "slack_bolt", "discord", "telegram", "aiohttp", "rest_framework",
})


# --------------------------------------------------------------------------------------------
# Per-function state
# --------------------------------------------------------------------------------------------
@dataclass
class _Frame:
    env: dict[str, Val]
    handler: str = ""
    handler_kind: str = ""
    cls: str = ""
    func: ast.AST | None = None
    bounded: dict[str, str] = field(default_factory=dict)
    allowed: set[str] = field(default_factory=set)
    depth: int = 0
    returns: list[Val] = field(default_factory=list)
    is_handler_fn: bool = False
    #: the module-level function (or method) this frame belongs to, for nested closures
    top_name: str = ""
    top_func: ast.AST | None = None

    @property
    def function_name(self) -> str:
        return self.top_name or (getattr(self.func, "name", "") if self.func is not None else "")


@dataclass
class _ClassInfo:
    node: ast.ClassDef
    bases: tuple[str, ...]
    methods: dict[str, ast.AST]
    attrs: dict[str, Val] = field(default_factory=dict)
    field_bounds: dict[str, str] = field(default_factory=dict)
    fields: tuple[str, ...] = ()
    is_model: bool = False


#: what the prepass's walk looks for (call names `Route`, `WebSocketRoute`, `add_route`,
#: `add_url_rule`, `add_api_route`..., `Textbox`, and the settings `MAX_CONTENT_LENGTH`,
#: `REST_FRAMEWORK`): a module naming none of them is not walked
_PREPASS_WORDS = ("Textbox", "MAX_CONTENT_LENGTH", "REST_FRAMEWORK")
#: (literal, pattern led by it) for the route registrations by call the prepass looks for: the bare
#: words `Route` and `add_` (`APIRouter`, `add_argument`) sent 61 of the benchmark corpus's
#: files through the walk for nothing
_PREPASS_CALLS = (
    # led by the literal (a leading lookbehind scanned every position); `Route` or `WebSocketRoute`
    ("Route", re.compile(r"Route(?:(?<![\w]Route)|(?<=WebSocketRoute))\s*\(")),
    ("add_", re.compile(r"add_(?:route|get|post|put|patch|delete|url_rule|api_route|websocket_route|"
                        r"api_websocket_route)\b")),
)


class _Analyzer:
    def __init__(self, tree: ast.Module, pos: _Positions, relpath: str, language: str) -> None:
        self.tree = tree
        self.pos = pos
        self.relpath = relpath
        self.language = language
        self.imports: dict[str, tuple[str, str]] = {}  # local name -> (module, name or "")
        self.import_facts: list[Import] = []
        self.module_env: dict[str, Val] = {}
        self.functions: dict[str, ast.AST] = {}
        self.classes: dict[str, _ClassInfo] = {}
        self.clients: list[ClientConstruction] = []
        self.calls: list[PromptCall] = []
        self.handlers: dict[str, Handler] = {}
        self.logs: list[LogCall] = []
        self.env_refs: dict[Span, EnvRef] = {}
        self.limiters: set[str] = set()
        self.gradio_fns: set[str] = set()
        self.gradio_textbox_max = False
        self.flask_max_content = False
        self.inline_stack: list[int] = []
        self.module_handler = ""
        self.client_seen: set[Span] = set()
        self.roots: set[str] = set()
        self.seen_calls: set[tuple] = set()
        self.deferred: list[ast.AST] = []
        self.outgoing: list[PromptCall] = []
        self.light = False
        self.route_fns: dict[str, tuple[str, str, bool]] = {}
        #: a request model of this module restricts `role` (Literal / anchored pattern)
        self.role_restricted = False

    # ---------------------------------------------------------------- imports & pre-passes
    def collect_imports(self) -> None:
        """One walk over the whole tree: imports, plus the calls and assignments the prepass needs."""
        for node in _iter_stmts(self.tree.body):
            if isinstance(node, ast.Import):
                for a in node.names:
                    local = a.asname or a.name.split(".")[0]
                    self.imports[local] = (a.name if a.asname else a.name.split(".")[0], "")
                    self.roots.add(a.name.split(".")[0])
                    self.import_facts.append(Import(a.name, (a.asname or a.name,), self.pos.loc(node)))
            elif isinstance(node, ast.ImportFrom):
                mod = "." * (node.level or 0) + (node.module or "")
                if node.level == 0 and node.module:
                    self.roots.add(node.module.split(".")[0])
                for a in node.names:
                    self.imports[a.asname or a.name] = (mod, a.name)
                self.import_facts.append(Import(mod, tuple(a.name for a in node.names), self.pos.loc(node)))
        for (mod, name) in list(self.imports.values()):
            full = f"{mod}.{name}" if name else mod
            for lim, label in fw.PY_LIMITER_MODULES.items():
                if full == lim or full.startswith(lim + "."):
                    self.limiters.add(label)

    def qname_of_import(self, local: str) -> str:
        mod, name = self.imports[local]
        return f"{mod}.{name}" if name else mod

    @property
    def imports_anthropic(self) -> bool:
        return "anthropic" in self.roots

    def prepass(self) -> None:
        for node in self.tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.functions[node.name] = node
            elif isinstance(node, ast.ClassDef):
                self._register_class(node)
        # gradio / chainlit registrations, flask limits, textbox max_length, DRF throttling: a walk
        # over every node, so only when the source names one of them (the names below are in
        # the source text as written)
        text = self.pos.text
        if "gradio" not in self.roots and not any(w in text for w in _PREPASS_WORDS) and not any(
                w in text and rx.search(text) for w, rx in _PREPASS_CALLS):
            nodes: list[ast.AST] = []
        else:
            nodes = _walk(self.tree)
        for node in nodes:
            if isinstance(node, ast.Call):
                d = _dotted(node.func)
                last = d.rsplit(".", 1)[-1]
                if "gradio" in self.roots and last in ("ChatInterface", "Interface", "click", "submit", "change",
                                                        "input", "load", "then", "select", "upload"):
                    fn = _kw(node, "fn") or (node.args[0] if node.args else None)
                    if isinstance(fn, ast.Name):
                        self.gradio_fns.add(fn.id)
                if last == "Textbox" and _kw(node, "max_length") is not None:
                    self.gradio_textbox_max = True
                # routes registered by call: Starlette Route(path, fn), aiohttp add_post(path, fn),
                # Flask add_url_rule(path, view_func=fn), FastAPI add_api_route(path, fn)
                if last in ("Route", "WebSocketRoute", "add_route", "add_get", "add_post", "add_put", "add_patch",
                            "add_delete", "add_url_rule", "add_api_route", "add_websocket_route", "add_api_websocket_route"):
                    fn = _kw(node, "endpoint", "view_func", "handler")
                    if fn is None:
                        pos = 2 if last == "add_route" and len(node.args) > 2 else 1
                        fn = node.args[pos] if len(node.args) > pos else None
                    if isinstance(fn, ast.Name):
                        route = _const_str(node.args[0]) if node.args else None
                        if last == "add_route" and len(node.args) > 2:
                            route = _const_str(node.args[1])
                        self.route_fns[fn.id] = (route or "", "socket" if "ebsocket" in last else "http",
                                                 last in ("add_api_route", "add_api_websocket_route"))
                if d.endswith("config.update") and any(k.arg == "MAX_CONTENT_LENGTH" for k in node.keywords):
                    self.flask_max_content = True
            if isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for t in targets:
                    if isinstance(t, ast.Subscript) and _const_str(t.slice) == "MAX_CONTENT_LENGTH":
                        self.flask_max_content = True
                    if isinstance(t, ast.Name) and t.id == "REST_FRAMEWORK" and isinstance(node.value, ast.Dict):
                        for k in node.value.keys:
                            if _const_str(k) == "DEFAULT_THROTTLE_CLASSES":
                                self.limiters.add("drf-throttling:global")
        if "streamlit" in self.roots:
            imp = next((i for i in self.import_facts if i.module.split(".")[0] == "streamlit"), None)
            loc = imp.loc if imp and imp.loc else Span(1, 1, 1, 1)
            key = f"streamlit@{loc.line}"
            self.handlers[key] = Handler(key=key, name="<streamlit app>", loc=loc, framework="streamlit", kind="ui")
            self.module_handler = key

    def _register_class(self, node: ast.ClassDef) -> None:
        bases = tuple(_dotted(b).rsplit(".", 1)[-1] for b in node.bases)
        methods = {n.name: n for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        info = _ClassInfo(node, bases, methods)
        fields: list[str] = []
        for stmt in node.body:
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                fields.append(stmt.target.id)
                ann_text = _short(stmt.annotation, 200)
                ann_name = _dotted(stmt.annotation).rsplit(".", 1)[-1]
                if "Literal[" in ann_text or ann_name in ("bool", "int", "float", "UUID", "date", "datetime") or (
                        ann_name in self.classes and set(self.classes[ann_name].bases) & {"Enum", "StrEnum", "IntEnum"}) \
                        or _anchored_pattern(stmt.annotation) or _anchored_pattern(stmt.value):
                    info.field_bounds[stmt.target.id] = "allowlist"
                    if stmt.target.id == "role":
                        self.role_restricted = True
                    continue
                bound = _max_length_of(stmt.annotation) or _max_length_of(stmt.value)
                if bound:
                    info.field_bounds[stmt.target.id] = bound
            elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                name = stmt.targets[0].id
                if isinstance(stmt.value, ast.Call):
                    fields.append(name)
                    bound = _max_length_of(stmt.value)
                    if bound:
                        info.field_bounds[name] = bound
        info.fields = tuple(fields)
        info.is_model = bool(set(bases) & {"BaseModel", "Schema", "SQLModel", "TypedDict", "Model", "Form",
                                           "ModelForm", "Serializer", "ModelSerializer", "BaseSettings"}) \
            or any(isinstance(d, ast.Name) and d.id == "dataclass" or _dotted(d).endswith("dataclass")
                   for d in node.decorator_list)
        self.classes[node.name] = info

    # ---------------------------------------------------------------- handlers
    def handler_for(self, fn: ast.AST, cls: str = "") -> tuple[Handler | None, dict[str, Val]]:
        """(Handler, tainted parameter values) for a function, or (None, {})."""
        assert isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))
        args = fn.args
        params = [a for a in args.posonlyargs + args.args + args.kwonlyargs]
        names = [a.arg for a in params]
        defaults: dict[str, ast.AST] = {}
        pos_defaults = args.defaults
        for a, d in zip((args.posonlyargs + args.args)[len(args.posonlyargs + args.args) - len(pos_defaults):], pos_defaults):
            defaults[a.arg] = d
        for a, d in zip(args.kwonlyargs, args.kw_defaults):
            if d is not None:
                defaults[a.arg] = d
        framework = ""
        kind = ""
        route = ""
        rate_limited = False
        taint_all = False
        taint_names: set[str] = set()
        limit_decorator = False
        web = self.roots & fw.PY_WEB_MODULES
        for dec in fn.decorator_list:
            call = dec if isinstance(dec, ast.Call) else None
            d = _dotted(call.func if call else dec)
            segs = d.split(".")
            last = segs[-1]
            if fw.PY_LIMIT_DECORATORS.search(d) and ("limit" in d.lower() or "throttl" in d.lower()):
                rate_limited = True
                limit_decorator = True
                continue
            if call is not None:
                for k in call.keywords:
                    if k.arg == "dependencies" and "RateLimiter" in _short(k.value, 400):
                        rate_limited = True
            if len(segs) >= 2 and last in fw.PY_ROUTE_METHODS and (web or segs[0] in ("app", "router", "bp", "api", "routes", "blueprint")):
                kind = "socket" if last == "websocket" else "http"
                framework = next(iter(sorted(web)), "web")
                if call is not None and call.args:
                    route = _const_str(call.args[0]) or ""
                taint_all = True
            elif last == "api_view":
                kind, framework = "http", "rest_framework"
            elif last in ("on_message", "on_chat_start") and "chainlit" in self.roots:
                kind, framework, taint_all = "ui", "chainlit", True
            elif "slack_bolt" in self.roots and last in ("message", "event", "command", "shortcut", "action", "view"):
                kind, framework = "bot", "slack_bolt"
                taint_names |= {"message", "event", "body", "command", "payload"}
            elif "discord" in self.roots and (last in ("command", "event", "listen", "hybrid_command", "slash_command")):
                kind, framework = "bot", "discord"
                taint_names |= set(names[1:] if fn.name != "on_message" else names)
            elif last == "http" and "functions_framework" in d:
                kind, framework = "serverless", "functions_framework"
        if not kind and not cls and fn.name in self.route_fns:
            route, kind, params_are_input = self.route_fns[fn.name]
            framework = next(iter(sorted(web)), "web")
            taint_all = params_are_input
        if not kind and fn.name in self.gradio_fns:
            kind, framework, taint_all = "ui", "gradio", True
        if not kind and cls:
            info = self.classes.get(cls)
            if info and set(info.bases) & fw.PY_VIEW_BASES and fn.name in fw.PY_VIEW_METHODS:
                kind, framework = "http", "django"
                taint_names |= set(names[2:])
                if any(isinstance(s, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "throttle_classes"
                                                         for t in s.targets) for s in info.node.body):
                    rate_limited = True
        if not kind and not cls and names and names[0] in ("event",) and len(names) >= 2 and names[1] == "context":
            kind, framework = "serverless", "lambda"
            taint_names.add("event")
        if not kind and not cls and names[:1] == ["request"] and (self.roots & {"django", "rest_framework"}) and not fn.name.startswith("_"):
            kind, framework = "http", "django"
            taint_names |= set(names[1:])
        if not kind and "telegram" in self.roots and "update" in names:
            kind, framework = "bot", "telegram"
            taint_names.add("update")
        if not kind and "discord" in self.roots and fn.name == "on_message" and names:
            kind, framework = "bot", "discord"
            taint_names.add(names[-1])
        if not kind:
            return None, {}
        # parameters
        values: dict[str, Val] = {}
        has_request_param = False
        for a in params:
            ann = a.annotation
            ann_name = _dotted(ann).rsplit(".", 1)[-1] if ann is not None else ""
            default = defaults.get(a.arg)
            dname = _dotted(default.func).rsplit(".", 1)[-1] if isinstance(default, ast.Call) else ""
            if a.arg in ("self", "cls"):
                continue
            if dname in fw.PY_DEPENDENCY_DEFAULTS:
                if isinstance(default, ast.Call) and "RateLimiter" in _short(default, 400):
                    rate_limited = True
                continue
            if ann_name in ("Request", "HttpRequest", "WSGIRequest", "ASGIRequest") or (
                    a.arg in fw.PY_REQUEST_PARAM_NAMES and not ann_name):
                has_request_param = True
                values[a.arg] = Val(kind="request", info={"source_kind": "http"})
                continue
            if ann_name in ("WebSocket",) or a.arg in ("websocket", "ws"):
                has_request_param = True
                values[a.arg] = Val(kind="request", info={"source_kind": "socket"})
                continue
            if ann_name in fw.PY_NON_INPUT_ANNOTATIONS or ann_name in ("int", "float", "bool", "UUID", "date", "datetime") \
                    or (ann is not None and "Literal[" in _short(ann, 200)):
                continue
            if not (taint_all or a.arg in taint_names):
                continue
            source_kind = {"ui": "ui", "bot": "bot", "socket": "socket"}.get(kind, "http")
            bound = _max_length_of(ann) or (_max_length_of(default) if dname in fw.PY_PARAM_INPUT_DEFAULTS else "")
            origin = Origin("user", a.arg, self.pos.loc(a), source_kind=source_kind,
                            bounded=bool(bound), bound=bound)
            if framework == "gradio" and self.gradio_textbox_max and not bound:
                origin = replace(origin, bound="client-side: Gradio `Textbox(max_length=...)`")
            if framework in ("discord", "telegram") and not bound:
                # the platform rejects longer messages (Discord 2,000/4,000, Telegram 4,096 characters)
                origin = replace(origin, bounded=True, bound=f"{framework}'s message length limit")
            if (ann_name in self.classes and self.classes[ann_name].is_model) or (
                    ann_name and ann_name[:1].isupper() and ann_name not in _SCALAR_ANNOTATIONS and ann_name not in self.classes):
                values[a.arg] = Val(origins=(origin,), kind="model", info={"class": ann_name, "source_kind": source_kind})
            else:
                values[a.arg] = Val(origins=(origin,))
        key = f"{fn.name}@{fn.lineno}"
        note = ""
        if limit_decorator and "slowapi" in self.limiters and not has_request_param:
            note = "slowapi's `@limiter.limit` has no effect on an endpoint without a `request` parameter"
        fn_calls = [sub for sub in _walk(fn) if isinstance(sub, ast.Call)]  # one walk for both
        if not rate_limited:
            for sub in fn_calls:
                if fw.PY_LIMIT_CALL.search(_dotted(sub.func) or ""):
                    rate_limited = True
                    break
        calls = []
        for sub in fn_calls:
            d = _dotted(sub.func)
            head = d.split(".")[0]
            if d and (head in self.functions or head in self.imports or head == "self") and "(" not in d:
                calls.append(d[5:] if d.startswith("self.") else d)
        handler = Handler(key=key, name=fn.name, loc=self.def_loc(fn), framework=framework, kind=kind,
                          rate_limited=rate_limited and not note, route=route, rate_limit_note=note,
                          calls=tuple(dict.fromkeys(calls)))
        self.handlers[key] = handler
        return handler, values

    def def_loc(self, fn: ast.AST) -> Span:
        """The ``def name`` part of a function definition (where KL008 anchors)."""
        line = fn.lineno  # type: ignore[attr-defined]
        text = self.pos.lines[line - 1] if 0 < line <= len(self.pos.lines) else ""
        m = re.search(r"\bdef\s+" + re.escape(getattr(fn, "name", "")), text)
        if m is None:
            return self.pos.loc(fn)
        start = m.start()
        if text[:start].rstrip().endswith("async"):
            start = text[:start].rstrip().rfind("async")
        fake = ast.Name(id="_", lineno=line, col_offset=len(text[:start].encode()), end_lineno=line,
                        end_col_offset=len(text[:m.end()].encode()))
        return self.pos.loc(fake)

    # ---------------------------------------------------------------- driving
    def relevant(self) -> bool:
        """Does the file need the full analysis? Files the prefilter let through for a weak
        keyword (``prompt``) but that import nothing LLM-, web- or limiter-related and name no
        Anthropic env var or prompt-call chain only get their module-level facts (constants,
        exports, imports) for other modules' system prompts."""
        if self.roots & _RELEVANT_ROOTS:
            return True
        text = self.pos.text
        return any(w in text for w in _RELEVANT_WORDS) or any(w in text and rx.search(text) for w, rx in _RELEVANT_CALLS)

    def run(self) -> None:
        self.collect_imports()
        if not self.relevant():
            self.light = True
            for node in self.tree.body:  # request models' field bounds, for importers (xref)
                if isinstance(node, ast.ClassDef):
                    self._register_class(node)
            frame = _Frame(env=self.module_env)
            self.module_frame = frame
            self.exec_block([st for st in self.tree.body if isinstance(st, (ast.Assign, ast.AnnAssign, ast.Expr))], frame)
            return
        self.prepass()
        frame = _Frame(env=self.module_env, handler=self.module_handler,
                       handler_kind="ui" if self.module_handler else "")
        self.module_frame = frame
        # class attributes (self.client = Anthropic()) before anything uses them: a first run of
        # the module body gives them the module's names, then its findings are dropped. Only
        # when a class has methods to look into (a notebook or a script is all module body: two
        # runs of it were a fifth of the front end's time)
        if any(info.methods for info in self.classes.values()):
            self.exec_block([s for s in self.tree.body if not isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))], frame)
            for info in self.classes.values():
                self._class_attrs(info)
            # module body for real
            self.calls.clear(); self.logs.clear(); self.clients.clear(); self.client_seen.clear()
            self.env_refs.clear(); self.seen_calls.clear(); self.deferred.clear(); self.outgoing.clear()
            self.module_env.clear()
        self.exec_block(self.tree.body, frame)
        for fn in self.deferred:
            self.analyze_function(fn)
        for info in self.classes.values():
            for meth in info.methods.values():
                self.analyze_function(meth, info.node.name)

    def _class_attrs(self, info: _ClassInfo) -> None:
        for meth in info.methods.values():
            fr = _Frame(env=dict(self.module_env), cls=info.node.name, func=meth, depth=99)
            for node in _walk(meth, _EXPR):  # assignments are statements
                if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    for t in targets:
                        if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self":
                            saved = (len(self.calls), len(self.logs), len(self.clients))
                            v = self.ev(node.value, fr)
                            del self.calls[saved[0]:]; del self.logs[saved[1]:]; del self.clients[saved[2]:]
                            if v.kind in ("client", "wrapper") or v.text is not None:
                                info.attrs.setdefault(t.attr, v)
        self.client_seen.clear()

    def analyze_function(self, fn: ast.AST, cls: str = "", outer: _Frame | None = None) -> None:
        handler, values = self.handler_for(fn, cls)  # type: ignore[arg-type]
        env = dict(outer.env) if outer else dict(self.module_env)
        for a in self._params(fn):
            env[a.arg] = values.get(a.arg) or self._param_val(a)
        if cls and "self" not in values:
            env["self"] = Val(kind="instance", info={"class": cls})
        hkey = handler.key if handler else (outer.handler if outer else self.module_handler)
        hkind = handler.kind if handler else (outer.handler_kind if outer else ("ui" if self.module_handler else ""))
        fr = _Frame(env=env, handler=hkey, handler_kind=hkind, cls=cls, func=fn, is_handler_fn=handler is not None,
                    top_name=outer.function_name if outer is not None else "",
                    top_func=(outer.top_func or outer.func) if outer is not None else None)
        self.exec_block(fn.body, fr)  # type: ignore[attr-defined]

    def _param_val(self, a: ast.arg) -> Val:
        """A parameter of unknown provenance; typed with a same-module class it is an instance of
        that class (so ``json.dumps(asdict(p))`` of a ``Patient`` shows its PII fields)."""
        origin = Origin("param", a.arg, self.pos.loc(a))
        ann = _dotted(a.annotation).rsplit(".", 1)[-1] if a.annotation is not None else ""
        if ann in self.classes:
            return Val(origins=(origin,), kind="instance", info={"class": ann})
        return Val(origins=(origin,))

    @staticmethod
    def _params(fn: ast.AST) -> list[ast.arg]:
        args = fn.args  # type: ignore[attr-defined]
        out = list(args.posonlyargs + args.args + args.kwonlyargs)
        if args.vararg:
            out.append(args.vararg)
        if args.kwarg:
            out.append(args.kwarg)
        return out

    def inline(self, fn: ast.AST, cls: str, args: list[Val], kwargs: dict[str, Val], caller: _Frame,
               self_val: Val | None = None) -> Val:
        """Re-analyse a same-file function with the caller's argument values (two levels)."""
        if caller.depth >= 2 or id(fn) in self.inline_stack:
            return Val(origins=_merge(*(a.origins for a in args), *(v.origins for v in kwargs.values())))
        env = dict(self.module_env)
        params = self._params(fn)
        for p in params:
            env[p.arg] = UNKNOWN
        positional = [p for p in params if p is not fn.args.vararg and p is not fn.args.kwarg]  # type: ignore[attr-defined]
        if cls and positional and positional[0].arg in ("self", "cls"):
            env[positional[0].arg] = self_val or Val(kind="instance", info={"class": cls})
            positional = positional[1:]
        for p, v in zip(positional, args):
            env[p.arg] = v
        for k, v in kwargs.items():
            if k in env:
                env[k] = v
        fr = _Frame(env=env, handler=caller.handler, handler_kind=caller.handler_kind, cls=cls, func=fn,
                    depth=caller.depth + 1)
        self.inline_stack.append(id(fn))
        try:
            self.exec_block(fn.body, fr)  # type: ignore[attr-defined]
        finally:
            self.inline_stack.pop()
        if not fr.returns:
            return UNKNOWN
        if len(fr.returns) == 1:
            return fr.returns[0]
        texts = [r.text for r in fr.returns]
        if all(t is not None for t in texts):
            return self._choices(fr.returns)
        return Val(origins=_merge(*(r.origins for r in fr.returns)),
                   kind=next((r.kind for r in fr.returns if r.kind in ("client", "wrapper")), ""),
                   info=next((r.info for r in fr.returns if r.kind in ("client", "wrapper")), {}))

    def _choices(self, vals: list[Val]) -> Val:
        texts = [v.text for v in vals]
        if texts and all(t is not None for t in texts):
            i, _rep = weakest([t for t in texts if t is not None])
            chosen = vals[i]
            return Val(chosen.parts, _merge(*(v.origins for v in vals)), resolved_from=chosen.resolved_from)
        return Val((None,), _merge(*(v.origins for v in vals)))

    # ---------------------------------------------------------------- statements
    def exec_block(self, body: list, fr: _Frame) -> None:
        for stmt in body:
            try:
                self.exec_stmt(stmt, fr)
            except RecursionError:
                raise
            except Exception:  # one odd statement must not lose the file
                continue

    def exec_stmt(self, s: ast.stmt, fr: _Frame) -> None:
        if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if fr.func is None:
                if fr.depth == 0:
                    self.deferred.append(s)
            elif fr.depth == 0:
                self.analyze_function(s, fr.cls if False else "", outer=fr)
                fr.env[s.name] = Val(kind="func", info={"node": s, "cls": ""})
            return
        if isinstance(s, ast.ClassDef):
            return
        if isinstance(s, ast.Assign):
            v = self.ev(s.value, fr)
            for t in s.targets:
                self.assign(t, v, fr)
            return
        if isinstance(s, ast.AnnAssign):
            if s.value is not None:
                self.assign(s.target, self.ev(s.value, fr), fr)
            return
        if isinstance(s, ast.AugAssign):
            v = self.ev(s.value, fr)
            key = _expr_key(s.target)
            old = self.lookup(key, fr) if key else None
            if isinstance(s.op, ast.Add) and old is not None:
                if old.items is not None:
                    self.assign(s.target, Val(items=old.items + (v.items or (v,)), origins=_merge(old.origins, v.origins)), fr)
                else:
                    self.assign(s.target, _concat([old, v]), fr)
            return
        if isinstance(s, ast.Expr):
            self.ev(s.value, fr)
            return
        if isinstance(s, ast.Return):
            if s.value is not None:
                v = self.ev(s.value, fr)
                fr.returns.append(v)
                if fr.is_handler_fn:
                    self.check_log("return", s, [v], fr)
            return
        if isinstance(s, ast.If):
            self.ev(s.test, fr)
            allow = self.allow_guard(s.test)
            if allow is not None:
                keys, negated = allow
                if negated and self.rejects(s.body):
                    self.exec_block(s.body, fr)
                    self.exec_block(s.orelse, fr)
                    fr.allowed |= set(keys)
                    return
                if not negated:
                    saved_allowed = set(fr.allowed)
                    fr.allowed |= set(keys)
                    self.exec_block(s.body, fr)
                    fr.allowed = saved_allowed
                    self.exec_block(s.orelse, fr)
                    return
            guard = self.guard_of(s.test, fr)
            rejects = self.rejects(s.body)
            if guard and guard[1] == "over" and rejects:
                # `if len(x) > N: raise` -> x is bounded after the if
                self.exec_block(s.body, fr)
                self.exec_block(s.orelse, fr)
                for k in guard[0]:
                    fr.bounded[k] = guard[2]
                return
            if guard and guard[1] == "under":
                saved = dict(fr.bounded)
                for k in guard[0]:
                    fr.bounded[k] = guard[2]
                self.exec_block(s.body, fr)
                fr.bounded = saved
                if self.rejects(s.orelse):
                    for k in guard[0]:
                        fr.bounded[k] = guard[2]
                else:
                    self.exec_block(s.orelse, fr)
                return
            self.exec_block(s.body, fr)
            self.exec_block(s.orelse, fr)
            return
        if isinstance(s, (ast.For, ast.AsyncFor)):
            it = self.ev(s.iter, fr)
            elem = self.element_of(it)
            self.assign(s.target, elem, fr)
            self.exec_block(s.body, fr)
            self.exec_block(s.orelse, fr)
            return
        if isinstance(s, ast.While):
            self.ev(s.test, fr)
            self.exec_block(s.body, fr)
            self.exec_block(s.orelse, fr)
            return
        if isinstance(s, (ast.With, ast.AsyncWith)):
            for item in s.items:
                v = self.ev(item.context_expr, fr)
                if item.optional_vars is not None:
                    self.assign(item.optional_vars, v, fr)
            self.exec_block(s.body, fr)
            return
        if isinstance(s, ast.Try) or type(s).__name__ == "TryStar":
            self.exec_block(s.body, fr)  # type: ignore[attr-defined]
            for h in s.handlers:  # type: ignore[attr-defined]
                self.exec_block(h.body, fr)
            self.exec_block(s.orelse, fr)  # type: ignore[attr-defined]
            self.exec_block(s.finalbody, fr)  # type: ignore[attr-defined]
            return
        if isinstance(s, ast.Raise):
            if s.exc is not None:
                self.ev(s.exc, fr)
            return
        if type(s).__name__ == "Match":
            self.ev(s.subject, fr)  # type: ignore[attr-defined]
            for case in s.cases:  # type: ignore[attr-defined]
                self.exec_block(case.body, fr)
            return

    @staticmethod
    def allow_guard(test: ast.AST) -> tuple[list[str], bool] | None:
        """``x not in {"en", "fr"}`` -> ([x], True); ``x in ALLOWED`` -> ([x], False);
        ``re.fullmatch(...)`` of x -> ([x], False). Membership in a literal or constant collection."""
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            inner = _Analyzer.allow_guard(test.operand)
            return (inner[0], not inner[1]) if inner else None
        if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], (ast.In, ast.NotIn)):
            coll = test.comparators[0]
            if isinstance(coll, (ast.Set, ast.List, ast.Tuple, ast.Dict)) or (
                    isinstance(coll, ast.Name) and coll.id.isupper()) or isinstance(coll, ast.Attribute):
                k = _expr_key(test.left)
                if k:
                    return [k], isinstance(test.ops[0], ast.NotIn)
        if isinstance(test, ast.Call) and _dotted(test.func) in ("re.fullmatch", "re.match") and len(test.args) >= 2:
            k = _expr_key(test.args[1])
            if k:
                return [k], False
        return None

    def rejects(self, body: list) -> bool:
        for st in body:
            if isinstance(st, (ast.Raise, ast.Return, ast.Continue, ast.Break)):
                return True
            if isinstance(st, ast.Expr) and isinstance(st.value, ast.Call):
                d = _dotted(st.value.func)
                if d.rsplit(".", 1)[-1] in ("abort", "exit", "stop", "_exit", "error_response") or d in ("st.stop", "sys.exit"):
                    return True
            if isinstance(st, ast.If) and self.rejects(st.body) and self.rejects(st.orelse or [ast.Pass()]) and st.orelse:
                return True
        return False

    def guard_of(self, test: ast.AST, fr: _Frame) -> tuple[list[str], str, str] | None:
        """``len(x) > N`` -> ([key of x], "over", how); ``len(x) <= N`` -> "under"; token counts too."""
        if isinstance(test, ast.BoolOp):
            for v in test.values:
                g = self.guard_of(v, fr)
                if g:
                    return g
            return None
        if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
            return None
        left, op, right = test.left, test.ops[0], test.comparators[0]
        flip = False
        if self._measure(right, fr) is not None and self._measure(left, fr) is None:
            left, right, flip = right, left, True
        keys = self._measure(left, fr)
        if keys is None:
            return None
        over_ops = (ast.Gt, ast.GtE) if not flip else (ast.Lt, ast.LtE)
        under_ops = (ast.Lt, ast.LtE) if not flip else (ast.Gt, ast.GtE)
        how = f"`{_short(test, 50)}` check at line {test.lineno}"
        if isinstance(op, over_ops):
            return keys, "over", how
        if isinstance(op, under_ops):
            return keys, "under", how
        return None

    def _measure(self, node: ast.AST, fr: _Frame) -> list[str] | None:
        # len(x)
        if isinstance(node, ast.Call) and _dotted(node.func) == "len" and node.args:
            k = _expr_key(node.args[0])
            return [k] if k else None
        # count.input_tokens / count_tokens(...).input_tokens / n where n from count_tokens
        base = node
        if isinstance(base, ast.Attribute):
            base = base.value
        v = self.ev(base, fr) if isinstance(base, (ast.Name, ast.Call, ast.Attribute)) else UNKNOWN
        if v.kind == "tokens":
            return list(v.info.get("keys", ()))
        if isinstance(node, ast.Name):
            vv = self.lookup(node.id, fr)
            if vv is not None and vv.kind == "tokens":
                return list(vv.info.get("keys", ()))
        return None

    def assign(self, target: ast.AST, v: Val, fr: _Frame) -> None:
        if isinstance(target, (ast.Tuple, ast.List)):
            for i, t in enumerate(target.elts):
                if v.items is not None and len(v.items) == len(target.elts):
                    self.assign(t, v.items[i], fr)
                else:
                    self.assign(t, Val(origins=v.origins) if v.kind != "request" else v, fr)
            return
        if isinstance(target, ast.Starred):
            self.assign(target.value, v, fr)
            return
        key = _expr_key(target)
        if key is None:
            return
        fr.env[key] = v
        fr.bounded.pop(key, None)
        if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self" and fr.cls:
            info = self.classes.get(fr.cls)
            if info is not None and (v.kind in ("client", "wrapper")):
                info.attrs.setdefault(target.attr, v)

    def lookup(self, key: str | None, fr: _Frame) -> Val | None:
        if key is None:
            return None
        if key in fr.env:
            return fr.env[key]
        if key in self.module_env:
            return self.module_env[key]
        return None

    def element_of(self, it: Val) -> Val:
        if it.items:
            first = it.items[0]
            return Val(first.parts if len(it.items) == 1 else (None,), _merge(it.origins, *(i.origins for i in it.items)),
                       kind=first.kind if first.kind in ("model",) else "", info=first.info, keys=first.keys)
        if it.kind == "model":
            return it
        return Val(origins=it.origins)

    # ---------------------------------------------------------------- expressions
    def ev(self, node: ast.AST | None, fr: _Frame) -> Val:
        if node is None:
            return UNKNOWN
        v = self._ev(node, fr)
        key = _expr_key(node) if node.__class__ in _KEYED else None
        if key is not None and key in fr.allowed and v.origins:
            v = v.with_origins(tuple(o for o in v.origins if o.kind not in ("user", "history")))
        if key is not None and fr.bounded and v.origins:
            how = fr.bounded.get(key)
            if how:
                v = _bound_val(v, how)
        return v

    def _ev(self, node: ast.AST, fr: _Frame) -> Val:
        # the most frequent node types first, by exact class (ast.parse makes no subclasses; each
        # branch below tests a distinct class)
        cls = node.__class__
        if cls is ast.Name:
            return self._name(node, fr)
        if cls is ast.Call:
            return self._call(node, fr)
        if cls is ast.Attribute:
            return self._attribute(node, fr)
        if cls is ast.Subscript:
            return self._subscript(node, fr)
        if cls is ast.Constant:
            if isinstance(node.value, str):
                return Val((node.value,))
            if isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
                return Val((str(node.value),))
            return Val((None,), kind="const")
        if isinstance(node, ast.JoinedStr):
            vals = []
            for part in node.values:
                if isinstance(part, ast.Constant):
                    vals.append(Val((str(part.value),)))
                elif isinstance(part, ast.FormattedValue):
                    inner = self.ev(part.value, fr)
                    plain = part.format_spec is None and part.conversion == -1 and inner.kind in ("", "const")
                    vals.append(Val(inner.parts if plain and inner.parts and inner.items is None else (None,),
                                    self._pii_at(part.value, inner)))
            return _concat(vals)
        if isinstance(node, ast.BinOp):
            left = self.ev(node.left, fr)
            right = self.ev(node.right, fr)
            if isinstance(node.op, ast.Add):
                if left.items is not None or right.items is not None:
                    return Val(items=(left.items or ()) + (right.items or ()), origins=_merge(left.origins, right.origins))
                return _concat([left, Val(right.parts, self._pii_at(node.right, right), resolved_from=right.resolved_from)])
            if isinstance(node.op, ast.Mod) and left.text is not None:
                pieces = re.split(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdrif]", left.text)
                parts: list = []
                for i, p in enumerate(pieces):
                    if i:
                        parts.append(None)
                    parts.append(p)
                return Val(tuple(parts), _merge(left.origins, self._pii_at(node.right, right)))
            if isinstance(node.op, ast.BitOr) and (left.kind in ("wrapper", "template") or right.kind in ("wrapper", "template")):
                return self._pipe(left, right)
            if isinstance(node.op, ast.Div) and left.kind == "path":
                r = right.text
                base = left.info.get("path")
                if r is not None and base is not None:
                    return Val(kind="path", info={"path": f"{base}/{r}" if base else r})
                return UNKNOWN
            return Val(origins=_merge(left.origins, right.origins))
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            items = tuple(self.ev(e, fr) for e in node.elts)
            origins = _merge(*(self._pii_at(e, i) for e, i in zip(node.elts, items)))
            return Val(items=items, origins=origins)
        if isinstance(node, ast.Dict):
            keys: dict = {}
            nodes: dict = {}
            origins_l = []
            for k, vnode in zip(node.keys, node.values):
                val = self.ev(vnode, fr)
                ks = _const_str(k)
                if ks is not None:
                    keys[ks] = val
                    nodes[ks] = vnode
                    tier = fw.pii_name_tier(ks)
                    if tier and val.text is None and not self._redacted(vnode):
                        origins_l.append((Origin("pii", f'"{ks}": {_short(vnode, 40)}', self.pos.loc(vnode),
                                                 confidence=tier),))
                elif k is None:  # **spread
                    keys.update(val.keys or {})
                origins_l.append(self._pii_at(vnode, val))
            return Val(keys=keys, origins=_merge(*origins_l), info={"nodes": nodes})
        if isinstance(node, (ast.ListComp, ast.GeneratorExp, ast.SetComp)):
            sub = _Frame(env=dict(fr.env), handler=fr.handler, handler_kind=fr.handler_kind, cls=fr.cls,
                         func=fr.func, bounded=dict(fr.bounded), depth=fr.depth)
            role_safe = False
            from_items = True
            for gen in node.generators:
                it = self.ev(gen.iter, sub)
                from_items = from_items and it.items is not None
                self.assign(gen.target, self.element_of(it), sub)
                for cond in gen.ifs:
                    if "role" in _short(cond, 200):
                        role_safe = True
            elt = self.ev(node.elt, sub)
            if isinstance(node.elt, ast.Dict) and any(_const_str(k) == "role" for k in node.elt.keys) and \
                    all(_const_str(v) in ("user", "assistant") for k, v in zip(node.elt.keys, node.elt.values)
                        if _const_str(k) == "role"):
                role_safe = True
            # over a list the code built itself (st.session_state.messages): not a client history
            return Val(items=(elt,), origins=_merge(elt.origins), role_safe=role_safe,
                       info={"comp": True, "from_items": from_items})
        if isinstance(node, ast.DictComp):
            sub = _Frame(env=dict(fr.env), handler=fr.handler, handler_kind=fr.handler_kind, func=fr.func, depth=fr.depth)
            for gen in node.generators:
                self.assign(gen.target, self.element_of(self.ev(gen.iter, sub)), sub)
            return Val(origins=_merge(self.ev(node.key, sub).origins, self.ev(node.value, sub).origins))
        if isinstance(node, ast.IfExp):
            self.ev(node.test, fr)
            return self._choices([self.ev(node.body, fr), self.ev(node.orelse, fr)])
        if isinstance(node, ast.BoolOp):
            vals = [self.ev(v, fr) for v in node.values]
            if isinstance(node.op, ast.Or):
                best = next((v for v in vals if v.kind in ("client", "wrapper")), None)
                if best is not None:
                    return best
                return self._choices(vals)
            return Val(origins=())
        if isinstance(node, ast.Await):
            return self.ev(node.value, fr)
        if isinstance(node, ast.NamedExpr):
            v = self.ev(node.value, fr)
            self.assign(node.target, v, fr)
            return v
        if isinstance(node, ast.Starred):
            return self.ev(node.value, fr)
        if isinstance(node, (ast.Compare, ast.UnaryOp)):
            for sub in ast.iter_child_nodes(node):
                if isinstance(sub, ast.expr):
                    self.ev(sub, fr)
            return UNKNOWN
        if isinstance(node, ast.Lambda):
            return UNKNOWN
        return UNKNOWN

    def _redacted(self, node: ast.AST) -> bool:
        return isinstance(node, ast.Call) and bool(fw.PII_REDACTOR.search(_dotted(node.func) or ""))

    def _pii_at(self, node: ast.AST, val: Val) -> tuple:
        """Origins of ``val`` plus a PII origin when ``node`` names personal data."""
        origins = val.origins
        if val.text is not None and not val.origins:
            return origins
        name = ""
        if isinstance(node, ast.Name):
            name = node.id
        elif isinstance(node, ast.Attribute):
            name = node.attr
        elif isinstance(node, ast.Subscript):
            name = _const_str(node.slice) or ""
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" and node.args:
            name = _const_str(node.args[0]) or ""
        if name:
            tier = fw.pii_name_tier(name)
            if tier:
                origins = _merge(origins, (Origin("pii", _short(node, 50), self.pos.loc(node), confidence=tier),))
        return origins

    def _name(self, node: ast.Name, fr: _Frame) -> Val:
        v = self.lookup(node.id, fr)
        if v is not None:
            return v
        if node.id in self.imports:
            mod, name = self.imports[node.id]
            q = self.qname_of_import(node.id)
            if q in _REQUEST_GLOBALS:
                return Val(kind="request", info={"source_kind": "http"})
            if q == "os.environ":
                return Val(kind="environ", origins=(Origin("secret", "os.environ", self.pos.loc(node), confidence="medium"),))
            return Val(kind="import", info={"qname": self.qname_of_import(node.id), "module": mod, "name": name or "",
                                            "rest": ()})
        if node.id in self.functions:
            return Val(kind="func", info={"node": self.functions[node.id], "cls": ""})
        if node.id in self.classes:
            return Val(kind="class", info={"class": node.id})
        if node.id == "anthropic":  # a snippet that uses the module without importing it
            return Val(kind="import", info={"qname": "anthropic", "module": "anthropic", "name": "", "rest": ()})
        return UNKNOWN

    def _attribute(self, node: ast.Attribute, fr: _Frame) -> Val:
        key = _expr_key(node)
        known = self.lookup(key, fr)
        if known is not None:
            return known
        base = self.ev(node.value, fr)
        attr = node.attr
        if base.kind == "client":
            if attr in ("api_key", "auth_token"):
                return Val(origins=(Origin("secret", _short(node), self.pos.loc(node)),))
            if attr in fw.PY_CHAIN_NOISE:
                return base
            return Val(kind="client", info={**base.info, "path": base.info.get("path", ()) + (attr,)})
        if base.kind == "remote":
            return Val(kind="remote", info={**base.info, "path": base.info.get("path", ()) + (attr,)})
        if base.kind == "import":
            q = base.info["qname"] + "." + attr
            if q == "sys.argv":
                return Val(origins=(Origin("user", "sys.argv", self.pos.loc(node), source_kind="cli"),))
            if q in _REQUEST_GLOBALS:
                return Val(kind="request", info={"source_kind": "http"})
            if q in ("os.environ",):
                return Val(kind="environ", origins=(Origin("secret", "os.environ", self.pos.loc(node), confidence="medium"),))
            return Val(kind="import", info={**base.info, "qname": q, "rest": base.info.get("rest", ()) + (attr,)})
        if base.kind == "request":
            sk = base.info.get("source_kind", "http")
            if attr in fw.PY_REQUEST_ATTRS:
                return Val(origins=(Origin("user", _short(node), self.pos.loc(node), source_kind=sk,
                                           weakly_bounded=self.flask_max_content and sk == "http",
                                           bound="Flask MAX_CONTENT_LENGTH" if self.flask_max_content else ""),))
            return Val(kind="request_attr", info={"attr": attr, "source_kind": sk})
        if base.kind == "model":
            cls = self.classes.get(base.info.get("class", ""))
            origins = base.origins
            if cls is not None:
                bound = cls.field_bounds.get(attr, "")
                if bound == "allowlist":
                    return UNKNOWN
                origins = tuple(replace(o, description=_short(node), loc=self.pos.loc(node),
                                        bounded=bool(bound) or o.bounded, bound=(f"`{attr}: {bound}`" if bound else o.bound))
                                for o in origins)
            else:
                # a model imported from another module: phase 2 looks its field bounds up
                # (analysis/xref.py, FileModel.extra ("field_bound", "Class.field"))
                origins = tuple(o if o.bounded else replace(o, description=_short(node), loc=self.pos.loc(node),
                                                            bound=f"?model:{base.info.get('class', '')}.{attr}")
                                for o in origins)
            return Val(origins=self._pii_at(node, Val(origins=origins)))
        if base.kind == "instance":
            cls = self.classes.get(base.info.get("class", ""))
            if cls is not None:
                if attr in cls.attrs:
                    return cls.attrs[attr]
                if attr in cls.methods:
                    return Val(kind="method", info={"node": cls.methods[attr], "cls": cls.node.name, "self": base})
                if attr in ("cleaned_data", "validated_data", "data"):
                    return Val(origins=base.origins, kind="validated", info={"class": cls.node.name})
            return Val(origins=base.origins)
        if base.kind == "wrapper":
            if attr in ("anthropic_api_key", "api_key"):
                return Val(kind="secretstr")
            return Val(kind="wrapper", info={**base.info, "method": attr})
        if base.kind == "secretstr":
            return Val(kind="secretstr", info={"method": attr})
        if attr in ("cleaned_data", "validated_data"):
            return Val(origins=base.origins, kind="validated", info={})
        # settings.ANTHROPIC_API_KEY and friends
        if _names_secret(attr) and base.kind not in ("wrapper",):
            return Val(origins=(Origin("secret", _short(node), self.pos.loc(node), confidence="medium"),))
        if base.origins:
            # message.author.name: say which part of the input it is
            return Val(origins=self._pii_at(node, base.with_origins(_refine(base.origins, "." + attr))))
        return Val(origins=self._pii_at(node, UNKNOWN))

    def _subscript(self, node: ast.Subscript, fr: _Frame) -> Val:
        key = _expr_key(node)
        known = self.lookup(key, fr)
        if known is not None:
            return known
        base = self.ev(node.value, fr)
        sl = node.slice
        if isinstance(sl, ast.Slice):
            self.ev(sl.lower, fr); self.ev(sl.upper, fr)
            lo, hi = _const_int(sl.lower), _const_int(sl.upper)
            bounded = sl.upper is not None and (hi is None or hi >= 0) or (lo is not None and lo < 0 and sl.upper is None)
            origins = base.origins
            if bounded:
                origins = _bound(origins, f"`{_short(node, 40)}` at line {node.lineno}")
            # a slice keeping <= 8 characters of a secret is a safe preview (KL010)
            keep = None
            if sl.step is None:
                if sl.lower is None and hi is not None and hi >= 0:
                    keep = hi
                elif lo is not None and lo < 0 and sl.upper is None:
                    keep = -lo
                elif lo is not None and hi is not None and lo >= 0 and hi >= 0:
                    keep = hi - lo
            if keep is not None and keep <= 8:
                origins = tuple(o for o in origins if o.kind != "secret")
            parts = (base.text[sl.lower and lo or 0: hi],) if base.text is not None and (sl.lower is None or lo is not None) and (sl.upper is None or hi is not None) else (None,)
            return Val(parts, origins, items=base.items, role_safe=base.role_safe)
        idx = self.ev(sl, fr)
        k = _const_str(sl)
        if base.kind == "environ" and k is not None:
            return self._env_read(k, node)
        if base.kind == "import" and base.info.get("qname", "").endswith("secrets") and k is not None:
            if k in fw.SECRET_ENV_VARS or re.search(r"(?i)(anthropic|claude).*(key|token)", k):
                return Val(origins=(Origin("secret", _short(node), self.pos.loc(node)),))
            return UNKNOWN
        if base.kind == "request_attr":
            return UNKNOWN
        if base.keys is not None and k is not None and k in base.keys:
            return base.keys[k]
        if base.keys is not None and k is None and base.keys and not base.origins:
            vals = list(base.keys.values())
            if all(v.text is not None for v in vals):
                return self._choices(vals)
        if base.items is not None and isinstance(sl, ast.Constant) and isinstance(sl.value, int):
            i = sl.value
            if -len(base.items) <= i < len(base.items):
                return base.items[i]
        origins = _merge(base.origins, idx.origins if base.origins else ())
        if origins and k is not None:
            # describe the access: request.json["q"], data["first_name"] -> request.get_json()['first_name']
            origins = self._field_bound(base, k, _refine(origins, f"[{k!r}]"))
        return Val(origins=self._pii_at(node, Val(origins=origins)))

    def _field_bound(self, container: Val, key: str, origins: tuple) -> tuple:
        """A field read from validated data (a request model, a serializer's validated_data) is
        bounded when the schema declares a maximum for it."""
        if container.kind != "validated":
            return origins
        cls = self.classes.get(container.info.get("class", ""))
        bound = cls.field_bounds.get(key, "") if cls else ""
        if not bound:
            bound = next((c.field_bounds[key] for c in self.classes.values() if key in c.field_bounds), "")
        return _bound(origins, f"validated field `{key}` ({bound})") if bound else origins

    def _env_read(self, name: str, node: ast.AST) -> Val:
        loc = self.pos.loc(node)
        self.env_refs.setdefault(loc, EnvRef(name, loc, "read"))
        origins = []
        if name in fw.SECRET_ENV_VARS or _names_secret(name):
            origins.append(Origin("secret", _short(node), loc))
        kind = "public-env" if fw.public_env_prefix(name) else "env"
        origins.append(Origin(kind, name, loc))
        return Val(origins=tuple(origins))

    # ---------------------------------------------------------------- calls
    def _args(self, node: ast.Call, fr: _Frame) -> tuple[list[Val], dict[str, Val]]:
        args = [self.ev(a, fr) for a in node.args]
        kwargs = {}
        for k in node.keywords:
            v = self.ev(k.value, fr)
            if k.arg is None:
                for kk, vv in (v.keys or {}).items():
                    kwargs[kk] = vv
            else:
                kwargs[k.arg] = v
        return args, kwargs

    def _call(self, node: ast.Call, fr: _Frame) -> Val:
        func = node.func
        last_name = (_dotted(func) or "").rsplit(".", 1)[-1]
        if last_name and _masks(last_name):
            args, kwargs = self._args(node, fr)
            drop = {"pii", "secret"}
            return Val(origins=tuple(o for o in _merge(*(a.origins for a in args), *(v.origins for v in kwargs.values()))
                                     if o.kind not in drop))
        # method calls on values: evaluate the receiver first
        if isinstance(func, ast.Attribute):
            recv = self.ev(func.value, fr)
            method = func.attr
            handled = self._method_call(node, recv, method, fr)
            if handled is not None:
                return handled
            fv = self._attribute(func, fr) if recv.kind in ("client", "import", "remote", "instance", "wrapper") else Val(kind="method_on", info={})
        else:
            fv = self.ev(func, fr)
        args, kwargs = self._args(node, fr)
        if fv.kind == "client":
            return self._client_call(node, fv, args, kwargs, fr)
        if fv.kind == "remote":
            return self._remote_call(node, fv, kwargs, fr)
        if fv.kind == "import":
            return _not_the_environment(self._import_call(node, fv, args, kwargs, fr), args, kwargs)
        if fv.kind == "func":
            fn = fv.info["node"]
            result = self.inline(fn, "", args, kwargs, fr)
            return _not_the_environment(self._helper_result(fn, result, args, node), args, kwargs)
        if fv.kind == "method":
            fn = fv.info["node"]
            result = self.inline(fn, fv.info["cls"], args, kwargs, fr, self_val=fv.info.get("self"))
            return _not_the_environment(self._helper_result(fn, result, args, node), args, kwargs)
        if fv.kind == "class":
            cls = fv.info["class"]
            info = self.classes[cls]
            origins = _merge(*(a.origins for a in args), *(v.origins for v in kwargs.values()))
            if info.is_model and origins:
                return Val(origins=origins, kind="instance", info={"class": cls})
            return Val(origins=origins, kind="instance", info={"class": cls})
        name = _dotted(func)
        if isinstance(func, ast.Name):
            if func.id == "input":
                return Val(origins=(Origin("user", "input()", self.pos.loc(node), source_kind="cli"),))
            if func.id == "open" and args:
                p = args[0].text if args[0].kind != "path" else args[0].info.get("path")
                return Val(kind="file", info={"path": p}) if p else UNKNOWN
            if func.id in ("print", "pprint"):
                self.check_log(func.id, node, args + list(kwargs.values()), fr)
                return UNKNOWN
            if func.id in ("str", "repr", "format") and args:
                a = args[0]
                origins = a.origins
                if a.kind == "instance":
                    origins = _merge(origins, self._whole_object_pii(a, node))
                return Val(a.parts if a.text is not None else (None,), origins)
            if func.id in fw.PY_NON_PROPAGATING or func.id in fw.PY_SAFE_SECRET_FUNCS:
                return UNKNOWN
            if func.id in ("dict", "list", "tuple", "sorted", "reversed") and args:
                a = args[0]
                if a.kind == "environ":
                    return Val(origins=a.origins)
                return Val(items=a.items, origins=a.origins, role_safe=a.role_safe)
        if fw.PY_MASK_FUNC.search(name.rsplit(".", 1)[-1] if name else ""):
            return Val(origins=tuple(o for o in _merge(*(a.origins for a in args)) if o.kind not in ("secret", "pii")))
        if fw.PII_REDACTOR.search(name.rsplit(".", 1)[-1] if name else ""):
            return Val(origins=tuple(o for o in _merge(*(a.origins for a in args)) if o.kind != "pii"))
        # unknown function: the result may carry its arguments' text (json.loads, html.escape...),
        # unless its name says it looks something up (get_user(id), search(q), parse_pdfs(dir))
        if _LOOKUP_NAME.match(last_name or ""):
            return UNKNOWN
        return Val(origins=_no_secret(_merge(*(a.origins for a in args), *(v.origins for v in kwargs.values()))))

    def _helper_result(self, fn: ast.AST, result: Val, args: list[Val], node: ast.Call) -> Val:
        name = getattr(fn, "name", "")
        if fw.PY_TRUNCATE_NAME.search(name):
            body_checks = any(isinstance(n, ast.Subscript) and isinstance(n.slice, ast.Slice) or
                              isinstance(n, ast.Call) and _dotted(n.func) in ("len", "textwrap.shorten")
                              for n in _walk(fn))
            if body_checks:
                origins = _merge(result.origins, *(a.origins for a in args))
                return Val(result.parts, _bound(origins, f"`{name}()` at line {node.lineno}"))
        return result

    def _whole_object_pii(self, val: Val, node: ast.AST) -> tuple:
        cls = self.classes.get(val.info.get("class", ""))
        if cls is None:
            return ()
        pii = [f for f in cls.fields if fw.pii_name_tier(f)]
        if not pii:
            return ()
        tier = "high" if any(fw.pii_name_tier(f) == "high" for f in pii) else "medium"
        return (Origin("pii", f"{_short(node, 40)} (serialises {cls.node.name}.{pii[0]})", self.pos.loc(node), confidence=tier),)

    def _append(self, node: ast.Call, recv: Val, method: str, new: Val, fr: _Frame) -> None:
        """``x.append(v)`` / ``insert`` / ``extend``: rebind ``x`` to the grown list."""
        items = recv.items or ()
        if method == "extend":
            items = items + (new.items or (new,))
        else:
            items = items + (Val(new.parts, self._pii_at(node.args[-1], new) if node.args else new.origins,
                                 kind=new.kind, info=new.info, items=new.items, keys=new.keys,
                                 resolved_from=new.resolved_from),)
        nv = Val(items=items, origins=_merge(recv.origins, new.origins), role_safe=recv.role_safe)
        self.assign(node.func.value, nv, fr)  # type: ignore[attr-defined]

    def _method_call(self, node: ast.Call, recv: Val, method: str, fr: _Frame) -> Val | None:
        """Calls whose meaning depends on the receiver value; None = not handled here."""
        if method in ("append", "insert", "extend") and recv.kind in ("import", "instance", "") and \
                isinstance(node.func, ast.Attribute) and _expr_key(node.func.value) is not None:  # type: ignore[attr-defined]
            args, _kwargs = self._args(node, fr)
            self._append(node, recv, method, args[-1] if args else UNKNOWN, fr)
            return UNKNOWN
        if recv.kind in ("client", "import", "remote", "instance", "class", "func"):
            if recv.kind == "class" and method in ("from_messages", "from_template"):
                return None
            return None
        if recv.kind == "wrapper":
            return self._wrapper_call(node, recv, method, fr)
        if method in ("post", "request", "stream") and (recv.kind == "http" or isinstance(node.func, ast.Attribute)):
            # httpx.Client(base_url="https://api.anthropic.com").post("/v1/messages", json=...),
            # aiohttp session.post("https://api.anthropic.com/v1/messages", json=...)
            pos = 1 if method in ("request", "stream") else 0
            url_node = _kw(node, "url") or (node.args[pos] if len(node.args) > pos else None)
            url = self.ev(url_node, fr).text if url_node is not None else None
            if url is not None and self._raw_http(node, (recv.info.get("base_url", "") if recv.kind == "http" else "") + url, fr):
                return Val(kind="response")
        if recv.kind == "template" and method in ("format_messages", "invoke", "format", "format_prompt"):
            args, kwargs = self._args(node, fr)
            return Val(origins=_merge(*(a.origins for a in args), *(v.origins for v in kwargs.values())))
        if recv.kind == "secretstr" and method == "get_secret_value":
            return Val(origins=(Origin("secret", _short(node), self.pos.loc(node)),))
        if recv.kind == "request":
            sk = recv.info.get("source_kind", "http")
            if method in fw.PY_REQUEST_METHODS or method in fw.PY_SOCKET_METHODS:
                return Val(origins=(Origin("user", _short(node), self.pos.loc(node), source_kind=sk,
                                           weakly_bounded=self.flask_max_content and sk == "http",
                                           bound="Flask MAX_CONTENT_LENGTH" if self.flask_max_content else ""),))
            return UNKNOWN
        if recv.kind == "request_attr":
            return UNKNOWN
        if recv.kind == "environ" and method == "get" and node.args:
            k = _const_str(node.args[0])
            if k is not None:
                return self._env_read(k, node)
        if recv.kind == "file" and method in ("read", "readlines"):
            p = recv.info.get("path")
            return Val((None,), resolved_from=p or "")
        if recv.kind == "path" and method in ("read_text", "open"):
            p = recv.info.get("path")
            if method == "open":
                return Val(kind="file", info={"path": p})
            return Val((None,), resolved_from=p or "")
        if recv.kind == "path" and method in ("joinpath", "with_suffix", "resolve", "absolute"):
            if method == "joinpath" and node.args:
                t = self.ev(node.args[0], fr).text
                base = recv.info.get("path")
                if t is not None and base is not None:
                    return Val(kind="path", info={"path": f"{base}/{t}" if base else t})
                return UNKNOWN
            return recv
        if recv.kind == "path" and method in ("parent",):
            return recv
        args, kwargs = self._args(node, fr)
        key = _expr_key(node.func.value) if isinstance(node.func, ast.Attribute) else None  # type: ignore[attr-defined]
        if method in ("append", "insert", "extend") and key is not None:
            self._append(node, recv, method, args[-1] if args else UNKNOWN, fr)
            return UNKNOWN
        if method == "format" and recv.text is not None:
            return self._format(recv, args, kwargs, node)
        if method == "join" and recv.text is not None and args:
            seq = args[0]
            if seq.items is not None:
                parts: list = []
                for i, it in enumerate(seq.items):
                    if i:
                        parts.append(recv.text)
                    parts.extend(it.parts)
                return Val(tuple(parts) if len(seq.items) > 0 else ("",), _merge(seq.origins, *(i.origins for i in seq.items)))
            return Val(origins=seq.origins)
        if method in ("strip", "lstrip", "rstrip") and recv.text is not None:
            return Val((getattr(recv.text, method)(),), recv.origins, resolved_from=recv.resolved_from)
        if method in ("get",) and node.args:
            k = _const_str(node.args[0])
            if recv.keys is not None and k is not None and k in recv.keys:
                return recv.keys[k]
            origins = recv.origins
            if origins and k is not None:
                origins = self._field_bound(recv, k, _refine(origins, f".get({k!r})"))
            return Val(origins=self._pii_at(node, Val(origins=origins)))
        if method in ("model_dump", "dict", "model_dump_json", "json", "to_dict", "as_dict") and recv.kind == "instance":
            return Val(origins=_merge(recv.origins, self._whole_object_pii(recv, node)))
        if method in fw.PY_LOG_METHODS and isinstance(node.func, ast.Attribute):  # type: ignore[attr-defined]
            rname = _dotted(node.func.value).lower()  # type: ignore[attr-defined]
            if "log" in rname or rname in ("structlog", "loguru"):
                self.check_log(_dotted(node.func), node, args + list(kwargs.values()), fr)
                return UNKNOWN
        if method in ("write", "text", "code", "markdown", "json", "info", "success", "error", "warning",
                      "caption", "echo"):
            d = _dotted(node.func)
            if d.startswith(("st.", "sys.stdout.", "sys.stderr.", "click.", "typer.")) or (
                    d.split(".")[0] in self.imports and self.qname_of_import(d.split(".")[0]).startswith("streamlit")):
                self.check_log(d, node, args + list(kwargs.values()), fr)
                return UNKNOWN
        if method in ("lower", "upper", "strip", "lstrip", "rstrip", "replace", "title", "capitalize", "encode",
                      "decode", "casefold", "splitlines", "split", "removeprefix", "removesuffix", "expandtabs",
                      "center", "ljust", "rjust", "zfill", "copy", "values", "items", "keys", "to_string",
                      "read", "getvalue", "text", "content", "dumps", "loads"):
            return Val(origins=recv.origins, items=recv.items if method in ("copy",) else None, role_safe=recv.role_safe)
        if method in ("count", "index", "find", "startswith", "endswith", "isdigit", "isalpha", "isspace"):
            return UNKNOWN
        # an unknown method: its result derives from the receiver (``q.casefold()``), not from the
        # arguments (``http.post(json=q)``, ``retriever.search(q)`` return other data); a secret
        # never travels through an unknown call (``httpx.Client(headers={"x-api-key": key})``)
        return Val(origins=_no_secret(recv.origins))

    def _format(self, recv: Val, args: list[Val], kwargs: dict[str, Val], node: ast.Call) -> Val:
        text = recv.text or ""
        parts: list = []
        pos = 0
        auto = 0
        for m in re.finditer(r"\{\{|\}\}|\{([^{}]*)\}", text):
            parts.append(text[pos:m.start()])
            pos = m.end()
            if m.group(0) in ("{{", "}}"):
                parts.append(m.group(0)[0])
                continue
            field_name = (m.group(1) or "").split("!")[0].split(":")[0]
            head = re.split(r"[.\[]", field_name)[0] if field_name else ""
            if head == "":
                val = args[auto] if auto < len(args) else UNKNOWN
                auto += 1
            elif head.isdigit():
                val = args[int(head)] if int(head) < len(args) else UNKNOWN
            else:
                val = kwargs.get(head, UNKNOWN)
            parts.append(val.text if val.text is not None and field_name == head else None)
        parts.append(text[pos:])
        origins = [recv.origins]
        for i, a in enumerate(args):
            origins.append(self._pii_at(node.args[i], a) if i < len(node.args) else a.origins)
        for k in node.keywords:
            if k.arg is not None:
                origins.append(self._pii_at(ast.Name(id=k.arg), kwargs.get(k.arg, UNKNOWN)))
        return _concat([Val(tuple(parts), _merge(*origins))])

    # -- calls on imported names ------------------------------------------------------------
    def _import_call(self, node: ast.Call, fv: Val, args: list[Val], kwargs: dict[str, Val], fr: _Frame) -> Val:
        q = fv.info["qname"]
        root = q.split(".")[0]
        last = q.rsplit(".", 1)[-1]
        if root == "anthropic" and last in fw.PY_CLIENT_CLASSES:
            return self._construct(node, last, "anthropic", kwargs, fr)
        if root == "anthropic" and last.endswith("Param"):
            # BetaTextBlockParam(type="text", text=q): a TypedDict, i.e. a dict literal
            return Val(keys=dict(kwargs), origins=_merge(*(v.origins for v in kwargs.values())))
        if root == "anthropic" and fv.info.get("rest"):
            # anthropic.Anthropic().messages.create(...) handled via client path; anthropic.X.y(): nothing
            return UNKNOWN
        if q.startswith(("langchain_anthropic", "langchain_community.chat_models", "langchain.chat_models")) and last in ("ChatAnthropic", "ChatAnthropicMessages", "AnthropicLLM"):
            self._construct(node, last, "langchain_anthropic", kwargs, fr, wrapper=True)
            return Val(kind="wrapper", info={"wrapper": "langchain", "class": last})
        if last == "init_chat_model" and root == "langchain":
            model = (args[0].text if args else None) or (kwargs.get("model", UNKNOWN).text)
            provider = kwargs.get("model_provider", UNKNOWN).text
            if (model and model.startswith(("anthropic:", "claude"))) or provider == "anthropic":
                self._construct(node, "init_chat_model", "langchain", kwargs, fr, wrapper=True)
                return Val(kind="wrapper", info={"wrapper": "langchain", "class": "init_chat_model"})
            return UNKNOWN
        if root == "llama_index" and last == "Anthropic":
            self._construct(node, "Anthropic", "llama_index.llms.anthropic", kwargs, fr, wrapper=True)
            return Val(kind="wrapper", info={"wrapper": "llamaindex", "class": "Anthropic",
                                             "system": kwargs.get("system_prompt"), "system_node": _kw(node, "system_prompt")})
        if root == "pydantic_ai" and last == "Agent":
            model = (args[0] if args else kwargs.get("model", UNKNOWN))
            if (model.text or "").startswith(("anthropic:", "claude")) or model.kind == "wrapper":
                sys_node = _kw(node, "system_prompt", "instructions")
                return Val(kind="wrapper", info={"wrapper": "pydantic_ai", "class": "Agent",
                                                 "system": self.ev(sys_node, fr) if sys_node is not None else None,
                                                 "system_node": sys_node})
            return UNKNOWN
        if root == "pydantic_ai" and last in ("AnthropicModel",):
            return Val(kind="wrapper", info={"wrapper": "pydantic_model"})
        if root == "claude_agent_sdk":
            if last == "ClaudeAgentOptions":
                sys_node = _kw(node, "system_prompt")
                return Val(kind="options", info={"system": self.ev(sys_node, fr) if sys_node is not None else None,
                                                 "system_node": sys_node})
            if last == "ClaudeSDKClient":
                opts = kwargs.get("options") or (args[0] if args else UNKNOWN)
                return Val(kind="wrapper", info={"wrapper": "agent_sdk", "class": "ClaudeSDKClient", "options": opts})
            if last == "query":
                opts = kwargs.get("options", UNKNOWN)
                self._sink(node, "claude_agent_sdk.query", fr, prompt=_kw(node, "prompt") or (node.args[0] if node.args else None),
                           system_val=opts.info.get("system") if opts.kind == "options" else None,
                           system_node=opts.info.get("system_node") if opts.kind == "options" else None,
                           system_default_unknown=True)
                return UNKNOWN
        if root == "litellm" and last in ("completion", "acompletion", "text_completion", "atext_completion", "batch_completion"):
            model = kwargs.get("model") or (args[0] if args else UNKNOWN)
            mt = (model.text or "").lower()
            if mt.startswith(("anthropic/", "claude", "bedrock/anthropic", "vertex_ai/claude", "bedrock/us.anthropic")) or "claude" in mt:
                self._sink(node, f"litellm.{last}", fr, messages=_kw(node, "messages") or (node.args[1] if len(node.args) > 1 else None),
                           prompt=_kw(node, "prompt"))
            return UNKNOWN
        if root == "instructor" and last in ("from_anthropic", "patch", "apatch", "from_provider") and args:
            if args[0].kind == "client":
                return args[0]
            if last == "from_provider" and (args[0].text or "").startswith("anthropic/"):
                return Val(kind="client", info={"class": "instructor", "package": "instructor", "path": ()})
            return UNKNOWN
        if root.startswith("langchain") and last in ("SystemMessage", "HumanMessage", "AIMessage", "SystemMessagePromptTemplate", "HumanMessagePromptTemplate"):
            content = kwargs.get("content") or (args[0] if args else UNKNOWN)
            if last.startswith("SystemMessagePromptTemplate"):
                content = kwargs.get("template", content)
            role = {"S": "system", "H": "user", "A": "assistant"}[last[0]]
            cnode = _kw(node, "content", "template") or (node.args[0] if node.args else node)
            return Val(content.parts, content.origins, kind="lcmsg", info={"role": role, "node": cnode},
                       resolved_from=content.resolved_from)
        if root.startswith("langchain") and last in ("from_messages", "ChatPromptTemplate"):
            msgs = kwargs.get("messages") or (args[0] if args else UNKNOWN)
            return Val(kind="template", info={"messages": msgs, "node": _kw(node, "messages") or (node.args[0] if node.args else None)},
                       origins=msgs.origins)
        if root.startswith("langchain") and last in ("from_template", "PromptTemplate"):
            return Val(kind="template", info={"messages": None})
        if root == "streamlit" and last in fw.PY_STREAMLIT_INPUTS:
            mc = _kw(node, "max_chars")
            bounded = mc is not None and not (isinstance(mc, ast.Constant) and mc.value is None)
            return Val(origins=(Origin("user", f"st.{last}()", self.pos.loc(node), source_kind="ui", bounded=bounded,
                                       bound=f"max_chars={_short(mc, 12)}" if bounded else ""),))
        if root == "streamlit" and last in ("write", "text", "code", "markdown", "json", "info", "success", "error",
                                             "warning", "caption", "title", "header", "subheader", "metric"):
            self.check_log("st." + last, node, args + list(kwargs.values()), fr)
            return UNKNOWN
        if q in ("httpx.Client", "httpx.AsyncClient"):
            base = kwargs.get("base_url", UNKNOWN).text or ""
            return Val(kind="http", info={"base_url": base})
        if root in ("requests", "httpx") and last in ("post", "request"):
            url = kwargs.get("url") or (args[1] if last == "request" and len(args) > 1 else args[0] if args else UNKNOWN)
            if self._raw_http(node, url.text or "", fr):
                return Val(kind="response")
            return UNKNOWN
        if q in ("asyncio.to_thread", "functools.partial", "anyio.to_thread.run_sync") and node.args:
            # asyncio.to_thread(client.messages.create, model=..., messages=...): the same call
            target = self.ev(node.args[0], fr)
            if target.kind in ("client", "remote") or (target.kind == "import" and target.info.get("rest")):
                synth = ast.copy_location(ast.Call(func=node.args[0], args=list(node.args[1:]), keywords=node.keywords), node)
                synth.end_lineno, synth.end_col_offset = node.end_lineno, node.end_col_offset
                return self._call(synth, fr)
            return UNKNOWN
        if q in ("os.getenv", "os.environ.get", "os.getenv") and node.args:
            k = _const_str(node.args[0])
            if k is not None:
                return self._env_read(k, node)
        if q in ("textwrap.dedent", "inspect.cleandoc") and args:
            a = args[0]
            if a.text is not None:
                import inspect
                import textwrap
                t = textwrap.dedent(a.text) if last == "dedent" else inspect.cleandoc(a.text)
                return Val((t,), a.origins, resolved_from=a.resolved_from)
            return a
        if q == "textwrap.shorten" and args:
            return Val(origins=_bound(args[0].origins, f"`textwrap.shorten` at line {node.lineno}"))
        if q in ("json.dumps", "json.dump", "dataclasses.asdict", "dataclasses.astuple") and args:
            a = args[0]
            return Val(origins=_merge(a.origins, self._whole_object_pii(a, node) if a.kind == "instance" else ()))
        if q in ("pathlib.Path", "pathlib.PurePath", "os.path.join") and args:
            texts = [a.text if a.kind != "path" else a.info.get("path") for a in args]
            if q == "os.path.join" and all(t is not None for t in texts):
                return Val(("/".join(texts),))  # type: ignore[arg-type]
            if q != "os.path.join":
                t = texts[0]
                if t is not None and t != "__file__":
                    return Val(kind="path", info={"path": t})
            return UNKNOWN
        if q in ("logging.debug", "logging.info", "logging.warning", "logging.error", "logging.exception",
                 "logging.critical", "logging.log", "pprint.pprint", "rich.print", "click.echo", "typer.echo",
                 "warnings.warn", "flask.jsonify", "quart.jsonify", "fastapi.responses.JSONResponse",
                 "starlette.responses.JSONResponse", "fastapi.HTTPException", "django.http.JsonResponse",
                 "loguru.logger.info", "loguru.logger.debug"):
            self.check_log(q, node, args + list(kwargs.values()), fr)
            return UNKNOWN
        if q.startswith("os.environ") or q in ("os.getenv",):
            return UNKNOWN
        if q == "importlib.resources.read_text" and len(args) >= 2:
            pkg, res = args[0].text, args[1].text
            if pkg and res:
                return Val((None,), resolved_from=pkg.replace(".", "/") + "/" + res)
        if q in ("pkgutil.get_data",) and len(args) >= 2:
            pkg, res = args[0].text, args[1].text
            if pkg and res:
                return Val((None,), resolved_from=pkg.replace(".", "/") + "/" + res)
        lookup = _LOOKUP_NAME.match(last) is not None and root != "json"
        if lookup and root in _THIRD_PARTY_ROOTS:
            return UNKNOWN
        if root in _THIRD_PARTY_ROOTS or root in ("typing", "collections", "functools", "itertools"):
            return Val(origins=_no_secret(_merge(*(a.origins for a in args), *(v.origins for v in kwargs.values()))))
        rest = tuple(p for p in fv.info.get("rest", ()) if p not in fw.PY_CHAIN_NOISE)
        if fv.info.get("name") and rest in fw.PY_SINK_CHAINS:
            # `from app.llm import client` ... client.messages.create(): confirmed in phase 2
            self._sdk_sink(node, ".".join(rest), fr, conf="low", receiver_ref=(fv.info["module"], fv.info["name"]))
            return Val(kind="response")
        # a call on a name imported from (probably) a repository module: a factory or a helper
        if fv.info.get("name") and not fv.info.get("rest"):
            carried = [(f"{i}:", a.origins) for i, a in enumerate(args)] + [(f":{k}", v.origins) for k, v in kwargs.items()]
            for key, origins in carried:
                passed = [o for o in origins if o.kind in ("user", "pii")]
                if not passed:
                    continue
                self.outgoing.append(PromptCall(
                    loc=self.pos.loc(node), api=fv.info["name"], confidence="medium",
                    inputs=tuple(o for o in passed if o.kind == "user"),
                    pii_inputs=tuple(o for o in passed if o.kind == "pii"),
                    handler=fr.handler, receiver_ref=(fv.info["module"], fv.info["name"]),
                    function=fr.function_name, param_inputs=(key,)))
            if fr.handler:
                # a handler calling a repository helper: KL008 needs to know it reaches Claude
                self.outgoing.append(PromptCall(
                    loc=self.pos.loc(node), api=fv.info["name"], confidence="medium", handler=fr.handler,
                    receiver_ref=(fv.info["module"], fv.info["name"]), function=fr.function_name))
        # the result of a lookup-named helper (get_amount(n), search(q)) is not made of its arguments
        return Val(kind="remote", info={"ref": (fv.info["module"], (fv.info["name"] or "") + "()") if not fv.info.get("rest")
                                        else (fv.info["module"], ".".join((fv.info["name"],) + fv.info["rest"]) + "()"),
                                        "path": ()},
                   origins=() if lookup else _merge(*(a.origins for a in args), *(v.origins for v in kwargs.values())))

    def _construct(self, node: ast.Call, cls: str, package: str, kwargs: dict[str, Val], fr: _Frame,
                   wrapper: bool = False) -> Val:
        loc = self.pos.loc(node)
        key_node = _kw(node, "api_key", "auth_token", "anthropic_api_key")
        origin = None
        literal = ""
        khash = ""
        if key_node is not None:
            kv = self.ev(key_node, fr)
            text = kv.text
            if text is not None and not kv.origins:
                from keylint.analysis.secrets import classify_key_literal, redact
                from keylint.rule import secret_hash
                literal = classify_key_literal(text)
                khash = secret_hash(text)
                origin = Origin("literal", redact(text), self.pos.loc(key_node))
            else:
                order = ("public-env", "env", "secret", "user", "param")
                pick = min((o for o in kv.origins if o.kind in order), key=lambda o: order.index(o.kind), default=None)
                if pick is not None:
                    kind = pick.kind if pick.kind != "user" else "param"
                    origin = Origin(kind, pick.description if pick.kind in ("env", "public-env") else _short(key_node, 50),
                                    self.pos.loc(key_node))
                    for o in kv.origins:
                        if o.kind in ("env", "public-env", "secret"):
                            ref = self.env_refs.get(o.loc)
                            if ref is not None:
                                self.env_refs[o.loc] = replace(ref, flows_to_api_key=True)
                else:
                    origin = Origin("param", _short(key_node, 50), self.pos.loc(key_node), confidence="low")
        if loc not in self.client_seen:
            self.client_seen.add(loc)
            self.clients.append(ClientConstruction(
                loc=loc, class_name=cls, package=package, api_key=origin,
                api_key_loc=self.pos.loc(key_node) if key_node is not None else None,
                api_key_literal=literal, api_key_hash=khash,
                base_url_same_origin=False))
        return Val(kind="client", info={"class": cls, "package": package, "path": ()})

    def _client_call(self, node: ast.Call, fv: Val, args: list[Val], kwargs: dict[str, Val], fr: _Frame) -> Val:
        path = tuple(p for p in fv.info.get("path", ()) if p not in fw.PY_CHAIN_NOISE)
        if not path:
            return fv
        if path[-1] in fw.PY_CHAIN_CALL_NOISE:
            return Val(kind="client", info={**fv.info, "path": path[:-1]})
        if path in fw.PY_SINK_CHAINS:
            self._sdk_sink(node, ".".join(path), fr, conf=fv.info.get("confidence", "high"),
                           receiver_ref=fv.info.get("ref"))
            return Val(kind="response")
        if path in fw.PY_COUNT_CHAINS:
            keys = set()
            for sub in _walk(node):
                k = _expr_key(sub) if isinstance(sub, (ast.Name, ast.Attribute)) else None
                if k and isinstance(sub, ast.Name):
                    keys.add(k)
            return Val(kind="tokens", info={"keys": tuple(sorted(keys))})
        return UNKNOWN

    def _remote_call(self, node: ast.Call, fv: Val, kwargs: dict[str, Val], fr: _Frame) -> Val:
        path = tuple(p for p in fv.info.get("path", ()) if p not in fw.PY_CHAIN_NOISE)
        if path and path[-1] in fw.PY_CHAIN_CALL_NOISE:
            return Val(kind="remote", info={**fv.info, "path": path[:-1]})
        if path in fw.PY_SINK_CHAINS:
            self._sdk_sink(node, ".".join(path), fr, conf="low", receiver_ref=fv.info.get("ref"))
            return Val(kind="response")
        if not path:
            # calling an imported factory: the result may be a client
            ref = fv.info.get("ref")
            return Val(kind="remote", info={"ref": (ref[0], ref[1] + "()") if ref else None, "path": ()})
        return UNKNOWN

    # -- sinks --------------------------------------------------------------------------------
    def _sdk_sink(self, node: ast.Call, api: str, fr: _Frame, conf: str = "high",
                  receiver_ref: tuple | None = None) -> None:
        if api.endswith("batches.create"):
            reqs = _kw(node, "requests")
            rv = self.ev(reqs, fr) if reqs is not None else UNKNOWN
            params_nodes = []
            if reqs is not None:
                for sub in _walk(reqs):
                    if isinstance(sub, ast.Dict):
                        for k, v in zip(sub.keys, sub.values):
                            if _const_str(k) == "params":
                                params_nodes.append(v)
            for pn in params_nodes:
                if isinstance(pn, ast.Dict):
                    kv = dict((_const_str(k), v) for k, v in zip(pn.keys, pn.values))
                    self._sink(node, api, fr, system=kv.get("system"), messages=kv.get("messages"), conf=conf,
                               receiver_ref=receiver_ref, env_override=self._comp_env(reqs, fr))
            if not params_nodes:
                self._sink(node, api, fr, conf=conf, receiver_ref=receiver_ref, extra_inputs=rv.origins)
            return
        if api.startswith("beta.agents"):
            self._sink(node, api, fr, system=_kw(node, "system"), conf=conf, receiver_ref=receiver_ref)
            return
        if api in ("completions.create", "completion", "acompletion", "completion_stream", "acompletion_stream"):
            self._sink(node, api, fr, prompt=_kw(node, "prompt"), conf=conf, receiver_ref=receiver_ref, legacy=True)
            return
        self._sink(node, api, fr, system=_kw(node, "system"), messages=_kw(node, "messages"), conf=conf,
                   receiver_ref=receiver_ref, metadata=_kw(node, "metadata"))

    def _comp_env(self, reqs: ast.AST | None, fr: _Frame) -> _Frame | None:
        if isinstance(reqs, (ast.ListComp, ast.GeneratorExp)):
            sub = _Frame(env=dict(fr.env), handler=fr.handler, handler_kind=fr.handler_kind, cls=fr.cls,
                         func=fr.func, bounded=dict(fr.bounded), depth=fr.depth)
            for gen in reqs.generators:
                self.assign(gen.target, self.element_of(self.ev(gen.iter, sub)), sub)
            return sub
        return None

    def _wrapper_call(self, node: ast.Call, recv: Val, method: str, fr: _Frame) -> Val | None:
        w = recv.info.get("wrapper")
        if method in ("with_structured_output", "bind_tools", "bind", "with_config", "with_retry",
                      "with_fallbacks", "with_types", "configurable_fields"):
            self._args(node, fr)
            return recv
        if w in ("langchain", "chain") and method in ("invoke", "ainvoke", "stream", "astream", "batch", "abatch",
                                                      "predict", "apredict", "astream_events"):
            arg = node.args[0] if node.args else _kw(node, "input")
            self._sink(node, f"ChatAnthropic.{method}" if w == "langchain" else f"chain.{method}", fr,
                       lc_input=arg, template=recv.info.get("template"))
            return Val(kind="response")
        if w == "llamaindex" and method in ("chat", "achat", "stream_chat", "astream_chat", "complete", "acomplete",
                                            "stream_complete", "astream_complete"):
            arg = node.args[0] if node.args else _kw(node, "messages", "prompt")
            self._sink(node, f"llama_index.{method}", fr, lc_input=arg, system_val=recv.info.get("system"),
                       system_node=recv.info.get("system_node"))
            return Val(kind="response")
        if w == "pydantic_ai" and method in ("run", "run_sync", "run_stream", "iter"):
            arg = node.args[0] if node.args else _kw(node, "user_prompt")
            self._sink(node, f"Agent.{method}", fr, prompt=arg, system_val=recv.info.get("system"),
                       system_node=recv.info.get("system_node"), system_default_unknown=False)
            return Val(kind="response")
        if w == "agent_sdk" and method in ("query",):
            opts = recv.info.get("options") or UNKNOWN
            arg = node.args[0] if node.args else _kw(node, "prompt")
            self._sink(node, "ClaudeSDKClient.query", fr, prompt=arg,
                       system_val=opts.info.get("system") if opts.kind == "options" else None,
                       system_node=opts.info.get("system_node") if opts.kind == "options" else None,
                       system_default_unknown=True)
            return Val(kind="response")
        return None

    def _raw_http(self, node: ast.Call, url: str, fr: _Frame) -> bool:
        """A POST to the Messages (or legacy Complete) endpoint of api.anthropic.com with a JSON body."""
        m = re.search(r"api\.anthropic\.com(?::\d+)?/v1/(messages(?:/batches)?|complete)\b", url)
        if m is None or "count_tokens" in url:
            return False
        body = _kw(node, "json")
        if body is None:
            return False
        nodes: dict = {}
        if isinstance(body, ast.Dict):
            nodes = {_const_str(k): v for k, v in zip(body.keys, body.values) if _const_str(k)}
        else:
            nodes = dict(self.ev(body, fr).info.get("nodes", {}))
        api = "POST /v1/" + m.group(1)
        if m.group(1) == "complete":
            self._sink(node, api, fr, prompt=nodes.get("prompt"), legacy=True)
        else:
            self._sink(node, api, fr, system=nodes.get("system"), messages=nodes.get("messages"),
                       metadata=nodes.get("metadata"))
        return True

    def _pipe(self, left: Val, right: Val) -> Val:
        if left.kind == "template" and right.kind == "wrapper":
            return Val(kind="wrapper", info={"wrapper": "chain", "template": left, "inner": right.info.get("wrapper")})
        if left.kind == "wrapper":
            return left
        return Val(kind="wrapper", info={"wrapper": "chain", "template": left if left.kind == "template" else None})

    def _sink(self, node: ast.Call, api: str, fr: _Frame, *, system: ast.AST | None = None,
              messages: ast.AST | None = None, prompt: ast.AST | None = None, lc_input: ast.AST | None = None,
              template: Val | None = None, system_val: Val | None = None, system_node: ast.AST | None = None,
              system_default_unknown: bool = False, metadata: ast.AST | None = None, conf: str = "high",
              receiver_ref: tuple | None = None, legacy: bool = False, extra_inputs: tuple = (),
              env_override: _Frame | None = None) -> None:
        ef = env_override or fr
        sys_vals: list[tuple[Val, ast.AST]] = []
        content_origins: list[tuple] = [extra_inputs]
        system_inputs: list[tuple] = []
        history = None
        role_filtered = False
        if system is not None:
            sys_vals.append((self.ev(system, ef), system))
        if system_val is not None and system_node is not None:
            sys_vals.append((system_val, system_node))
        if template is not None and template.kind == "template":
            msgs = template.info.get("messages")
            tnode = template.info.get("node") or node
            if msgs is not None:
                self._messages_into(msgs, tnode, sys_vals, content_origins)
        for mnode in (messages, lc_input):
            if mnode is None:
                continue
            mv = self.ev(mnode, ef)
            if mv.items is None and mv.keys is None and mv.kind not in ("lcmsg",) and mv.text is None and mnode is messages:
                users = [o for o in mv.origins if o.kind == "user"]
                if users:
                    first = users[0]
                    history = Origin("history", first.description, first.loc, source_kind=first.source_kind,
                                     bounded=all(o.bounded for o in users), bound=first.bound)
                    role_filtered = mv.role_safe or self.role_restricted
                content_origins.append(mv.origins)
                continue
            if mv.info.get("comp") and not mv.info.get("from_items") and mnode is messages and mv.items:
                elt = mv.items[0]
                role = (elt.keys or {}).get("role")
                if not (role is not None and role.text in ("user", "assistant")):
                    users = [o for o in _merge(elt.origins, *((elt.keys or {}).values() and
                                                              [v.origins for v in (elt.keys or {}).values()]))
                             if o.kind == "user"]
                    if users:
                        first = users[0]
                        history = Origin("history", first.description, first.loc, source_kind=first.source_kind,
                                         bounded=all(o.bounded for o in users), bound=first.bound)
                        role_filtered = mv.role_safe or self.role_restricted
                        content_origins.append(tuple(users))
                        continue
            if mv.kind == "lcmsg":
                mv = Val(items=(mv,))
            if mv.kind == "template":
                self._messages_into(mv.info.get("messages") or UNKNOWN, mnode, sys_vals, content_origins)
                continue
            if mv.items is None:
                content_origins.append(self._pii_at(mnode, mv))
                if mv.keys:
                    content_origins.extend(v.origins for v in mv.keys.values())
                continue
            self._messages_into(mv, mnode, sys_vals, content_origins)
        if prompt is not None:
            pv = self.ev(prompt, ef)
            content_origins.append(self._pii_at(prompt, pv))
            if legacy and pv.text is not None:
                pass
        if metadata is not None:
            md = self.ev(metadata, ef)
            uid = (md.keys or {}).get("user_id")
            if uid is not None:
                tier_origins = [o for o in uid.origins if o.kind == "pii"]
                if tier_origins:
                    content_origins.append(tuple(replace(o, description=f"metadata user_id = {o.description}") for o in tier_origins))
        # system prompt facts
        sys_origins = _merge(*(v.origins for v, _ in sys_vals))
        system_inputs = [o for o in sys_origins if o.kind == "user"]
        pii = [o for o in _merge(sys_origins, *content_origins) if o.kind == "pii"]
        inputs = [o for o in _merge(sys_origins, *content_origins) if o.kind in ("user",)]
        has_system = bool(sys_vals)
        system_tv = None
        system_loc = None
        resolvable = True
        system_ref = None
        if sys_vals:
            parts: list = []
            origins: list = []
            for i, (v, n) in enumerate(sys_vals):
                if i:
                    parts.append("\n")
                parts.extend(self._system_parts(v))
                origins.extend(v.origins)
            first_v, first_n = sys_vals[0]
            system_loc = self.pos.loc(first_n)
            resolved_from = ""
            if len(sys_vals) == 1:
                v = first_v
                if v.resolved_from:
                    system_ref = ("@file", v.resolved_from)
                    resolved_from = v.resolved_from
                elif v.kind == "import" and not v.info.get("rest") and v.info.get("name"):
                    system_ref = (v.info["module"], v.info["name"])
                    resolved_from = f"{v.info['module']}:{v.info['name']}"
                elif v.kind == "import" and v.info.get("rest") and len(v.info["rest"]) == 1:
                    system_ref = (v.info["qname"].rsplit(".", 1)[0], v.info["rest"][0])
            from keylint.analysis.secrets import redact_text
            tparts = tuple(redact_text(p) if p is not None else None for p in parts)
            system_tv = TextValue(loc=system_loc, parts=tparts, origins=tuple(o for o in _merge(tuple(origins))
                                                                                  if o.kind in ("user", "pii")),
                                  resolved_from=resolved_from)
            known = system_tv.known_text
            resolvable = system_ref is not None or system_tv.is_fully_known or bool(known.strip())
            if system_ref is not None:
                resolvable = True
        elif system_default_unknown:
            has_system = True
            resolvable = False
        # literal PII in prompt text (SSN / Luhn-valid card numbers)
        for v, n in sys_vals:
            t = v.text or ""
            m = fw.PII_LITERAL_SSN.search(t)
            if m:
                pii.append(Origin("pii", "a social security number in the prompt text", self.pos.loc(n), confidence="high"))
        param_inputs: tuple[str, ...] = ()
        top = fr.top_func or fr.func
        if top is not None and fr.depth == 0:
            names = [a.arg for a in self._params(top)]
            if names and names[0] in ("self", "cls"):
                names = names[1:]
            reached = {o.description for o in _merge(sys_origins, *content_origins) if o.kind == "param"}
            param_inputs = tuple(f"{i}:{n}" for i, n in enumerate(names) if n in reached)
        conf_eff = conf
        if receiver_ref is not None:
            conf_eff = "low"
        key = (self.pos.loc(node), api, tuple(inputs), tuple(system_inputs), tuple(pii), history, fr.handler,
               system_tv, has_system, resolvable, system_ref, receiver_ref)
        if key in self.seen_calls:
            return
        self.seen_calls.add(key)
        self.calls.append(PromptCall(
            loc=self.pos.loc(node), api=api, confidence=conf_eff, has_system=has_system,
            system_resolvable=resolvable, system=system_tv, system_loc=system_loc,
            inputs=tuple(inputs), system_inputs=tuple(system_inputs), pii_inputs=tuple(_merge(tuple(pii))),
            history_passthrough=history, handler=fr.handler, system_ref=system_ref, receiver_ref=receiver_ref,
            history_role_filtered=role_filtered, param_inputs=param_inputs,
            function=fr.function_name))

    def _system_parts(self, v: Val) -> tuple:
        if v.items is not None:  # list of text blocks
            parts: list = []
            for i, it in enumerate(v.items):
                if i:
                    parts.append("\n")
                if it.keys is not None and "text" in it.keys:
                    parts.extend(it.keys["text"].parts)
                else:
                    parts.extend(it.parts)
            return tuple(parts) or (None,)
        return v.parts or (None,)

    def _messages_into(self, mv: Val, mnode: ast.AST, sys_vals: list, content_origins: list) -> None:
        for it in (mv.items or ()):
            role = None
            content = it
            if it.keys is not None:
                r = it.keys.get("role")
                role = r.text if r is not None else None
                content = it.keys.get("content", UNKNOWN)
                if content.items is not None:
                    # content blocks; an image's token cost is capped by the API (it is resized),
                    # so what only reaches an image block counts as bounded
                    block_origins = []
                    for b in content.items:
                        inner = _merge(b.origins, *((bv.origins for bv in (b.keys or {}).values())))
                        btype = (b.keys or {}).get("type")
                        if btype is not None and btype.text == "image":
                            inner = _bound(inner, "an image block (its token cost is capped by the API)")
                        block_origins.append(inner)
                    content = Val(self._system_parts(content), _merge(*block_origins))
            elif it.kind == "lcmsg":
                role = it.info.get("role")
            elif it.items is not None and len(it.items) == 2 and it.items[0].text is not None:
                role = {"human": "user", "ai": "assistant"}.get(it.items[0].text, it.items[0].text)
                content = it.items[1]
            if role == "system":
                sys_vals.append((content, it.info.get("node") or it.info.get("nodes", {}).get("content") or mnode))
            else:
                content_origins.append(content.origins if it.keys is not None else _merge(content.origins, it.origins))

    # -- KL010 -----------------------------------------------------------------------------
    def check_log(self, callee: str, node: ast.AST, vals: list[Val], fr: _Frame) -> None:
        for v in vals:
            for o in v.origins:
                if o.kind == "secret":
                    loc = self.pos.loc(node)
                    if not any(lc.loc == loc for lc in self.logs):
                        self.logs.append(LogCall(loc=loc, callee=callee.replace("streamlit.", "st."), value=o))
                    return

    # ---------------------------------------------------------------- result
    def model(self) -> FileModel:
        constants = []
        exports = []
        client_exports = []
        from keylint.analysis.secrets import redact_text
        for stmt in self.tree.body:
            targets: list = []
            if isinstance(stmt, ast.Assign):
                targets = stmt.targets
            elif isinstance(stmt, ast.AnnAssign):
                targets = [stmt.target]
            elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                exports.append(stmt.name)
                if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and self.roots & _LLM_ROOTS:
                    for sub in _walk(stmt, _EXPR):  # return statements
                        if isinstance(sub, ast.Return) and sub.value is not None:
                            fr = _Frame(env=dict(self.module_env), depth=99, func=stmt)
                            saved = (len(self.calls), len(self.logs), len(self.clients))
                            try:
                                rv = self.ev(sub.value, fr)
                            except Exception:
                                rv = UNKNOWN
                            del self.calls[saved[0]:]; del self.logs[saved[1]:]; del self.clients[saved[2]:]
                            if rv.kind in ("client", "wrapper"):
                                client_exports.append(stmt.name + "()")
                                break
                continue
            for t in targets:
                if isinstance(t, ast.Name):
                    exports.append(t.id)
                    v = self.module_env.get(t.id)
                    if v is None:
                        continue
                    if v.kind in ("client", "wrapper"):
                        client_exports.append(t.id)
                    elif v.parts and any(p for p in v.parts if p) and v.kind == "":
                        parts = tuple(redact_text(p) if p is not None else None for p in v.parts)
                        constants.append((t.id, TextValue(loc=self.pos.loc(stmt.value or stmt), parts=parts,
                                                          resolved_from=v.resolved_from)))
                    elif v.resolved_from:
                        constants.append((t.id, TextValue(loc=self.pos.loc(stmt.value or stmt), parts=(None,),
                                                          resolved_from=v.resolved_from)))
        uses = self.imports_anthropic or bool(self.clients) or bool(self.calls)
        return FileModel(
            language="python",
            imports=tuple(self.import_facts),
            exports=tuple(dict.fromkeys(exports)),
            constants=tuple(constants),
            uses_anthropic=uses,
            clients=tuple(self.clients),
            prompt_calls=tuple(self.calls),
            handlers=tuple(self.handlers.values()),
            log_calls=tuple(self.logs),
            env_refs=tuple(self.env_refs.values()),
            rate_limiters=tuple(sorted(self.limiters)),
            client_exports=tuple(dict.fromkeys(client_exports)),
            outgoing_calls=tuple(dict.fromkeys(self.outgoing)),
            extra=tuple(("field_bound", f"{c}.{f}={b}") for c, info in self.classes.items()
                        for f, b in info.field_bounds.items()),
        )


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------
def build_model(source: Any) -> FileModel:
    """Parse one Python file or notebook and return its model (``ParseFailure`` if it cannot be parsed)."""
    table = None
    text = source.text
    if source.language == "notebook":
        from keylint.notebook import NotebookError, cells, code_source
        try:
            nb_cells = cells(source.text)
        except NotebookError as exc:
            raise ParseFailure(str(exc)) from None
        text, table = code_source(nb_cells)
    try:
        tree = ast.parse(text, filename=source.relpath)
    except SyntaxError as exc:
        if table is not None:
            return _notebook_by_cells(source, text, table, exc)
        raise ParseFailure(f"syntax error at line {exc.lineno}: {exc.msg}") from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise ParseFailure(f"cannot parse: {type(exc).__name__}") from None
    pos = _Positions(text, source, table)
    return _analyze(tree, pos, source.relpath, source.language)


def _analyze(tree: ast.Module, pos: _Positions, relpath: str, language: str) -> FileModel:
    analyzer = _FallbackAnalyzer(tree, pos, relpath, language)
    try:
        analyzer.run()
        return analyzer.model()
    except RecursionError:
        raise ParseFailure("code nested too deeply to analyse") from None


def _notebook_by_cells(source: Any, text: str, table: list, exc: SyntaxError) -> FileModel:
    """A notebook with one broken cell: drop the failing cell's lines and analyse the rest."""
    lines = text.split("\n")
    bad_line = exc.lineno or 1
    cell = table[bad_line - 1][0] if 0 < bad_line <= len(table) else None
    if cell is None:
        raise ParseFailure(f"syntax error at line {exc.lineno}: {exc.msg}") from None
    kept = [ln if table[i][0] is not cell else "" for i, ln in enumerate(lines)]
    new_text = "\n".join(kept)
    try:
        tree = ast.parse(new_text)
    except SyntaxError as exc2:
        raise ParseFailure(f"syntax error at line {exc2.lineno}: {exc2.msg}") from None
    pos = _Positions(new_text, source, table)
    model = _analyze(tree, pos, source.relpath, source.language)
    return replace(model, parse_errors=(f"{cell.label}: syntax error: {exc.msg}",))


class _FallbackAnalyzer(_Analyzer):
    """Unresolved receivers: in a file importing ``anthropic`` (and not ``openai``/``twilio``), a
    ``<x>.messages.create``-like chain on a parameter or unknown value is a medium-confidence call.

    An override, not a closure patched onto the instance: a closure over the analyser stored on
    it made a reference cycle, so every file's analyser and syntax tree waited for the cyclic
    garbage collector (~900,000 objects per 400 files)."""

    def _method_call(self, node: ast.Call, recv: Val, method: str, fr: _Frame) -> Val | None:
        res = super()._method_call(node, recv, method, fr)
        if self.roots & {"openai", "twilio"} or self.light:
            return res
        if res is not None and recv.kind not in ("", "method_on"):
            return res
        if recv.kind in ("client", "remote", "import", "wrapper", "instance", "class", "func"):
            return res
        chain = _chain_of(node.func)
        if chain is None:
            return res
        root, path = chain
        if "threads" in path or "chat" in path:
            return res
        if path[0] == "messages" or path[0] == "completions":
            # `c.messages.create` where `c` is an instance of a class of this module (a local
            # stand-in named Anthropic...) is not the SDK
            root_val = self.ev(root, fr) if isinstance(root, ast.Name) else UNKNOWN
            if root_val.kind in ("instance", "class"):
                return res
        for n in range(len(path)):
            if path[n:] in fw.PY_SINK_CHAINS and len(path[n:]) >= 2:
                if self.imports_anthropic:
                    self._sdk_sink(node, ".".join(path[n:]), fr, conf="medium")
                else:
                    # `cog.client.messages.create(...)` in a module that does not import anthropic:
                    # kept only if the project builds an Anthropic client (analysis/xref.py)
                    self._sdk_sink(node, ".".join(path[n:]), fr, conf="low", receiver_ref=("@project", "anthropic"))
                return Val(kind="response")
        return res


def _chain_of(func: ast.AST) -> tuple[ast.AST, tuple[str, ...]] | None:
    path: list[str] = []
    node = func
    while True:
        if isinstance(node, ast.Attribute):
            if node.attr not in fw.PY_CHAIN_NOISE:
                path.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in fw.PY_CHAIN_CALL_NOISE:
            node = node.func.value
        else:
            break
    if len(path) < 2:
        return None
    return node, tuple(reversed(path))

"""The JavaScript/TypeScript front end: tree-sitter trees -> :class:`~keylint.analysis.model.FileModel`.

Languages: ``javascript`` (also JSX, via the JavaScript grammar), ``typescript`` and ``tsx``
(tree-sitter-typescript's two grammars), and the script parts of ``vue``, ``svelte``, ``astro``
(the frontmatter between ``---`` fences runs on the server: :attr:`FileModel.server_lines`) and
``html`` (``<script>`` blocks). Script blocks are parsed in place: every character outside them is
blanked to a space (newlines kept), so positions need no mapping. tree-sitter points count bytes;
:class:`_Positions` converts them to character columns.

What it extracts (research/llm-rules.md §1.2-§1.9): imports (static, every ``require`` form,
dynamic ``import()``, CDN URLs), Anthropic clients (SDK and cloud variants, Vercel AI SDK
``createAnthropic``/``anthropic(...)``, LangChain ``ChatAnthropic``, raw ``fetch`` to
api.anthropic.com), prompt-sending calls resolved through the receiver (never by method name alone:
Twilio's and OpenAI's ``messages.create`` are not Claude), system prompts folded from literals,
template literals, concatenation, constants and references to imported constants / prompt files,
user input from the handler frameworks with the length bounds on the way, request handlers, rate
limiters, env reads (and build-config publication), logging of the key, directives and weak
browser signals.

It is an abstract interpreter over expressions with function scopes: precise enough for the shapes
real apps use, and it never raises on odd code (tree-sitter recovers from syntax errors; the
ERROR nodes are recorded in :attr:`FileModel.parse_errors`).
"""

from __future__ import annotations

import bisect
import posixpath
import re
import time
from functools import lru_cache
from typing import Any

from keylint.analysis import ParseFailure, js_light, prefilter
from keylint.analysis import frameworks as fw
from keylint.analysis.js_light import ScriptView, light_model
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
from keylint.source import SourceFile

wants = prefilter.javascript_wants  # the engine calls prefilter.WANTS without importing this module


# --------------------------------------------------------------------------------------------
# Parsers (cached per process)
# --------------------------------------------------------------------------------------------
_PARSERS: dict[str, Any] = {}


def _parser(dialect: str) -> Any:
    parser = _PARSERS.get(dialect)
    if parser is None:
        import tree_sitter

        if dialect == "javascript":
            import tree_sitter_javascript

            lang = tree_sitter.Language(tree_sitter_javascript.language())
        else:
            import tree_sitter_typescript

            raw = (tree_sitter_typescript.language_tsx() if dialect == "tsx"
                   else tree_sitter_typescript.language_typescript())
            lang = tree_sitter.Language(raw)
        parser = tree_sitter.Parser(lang)
        _PARSERS[dialect] = parser
    return parser


class _Positions:
    """tree-sitter byte offsets -> character offsets (identity for ASCII text).

    For non-ASCII text only the multi-byte characters are visited: ``ends`` holds the byte offset
    just past each one and ``extra`` the bytes beyond one-per-character accumulated so far."""

    _NON_ASCII = re.compile(r"[^\x00-\x7f]")

    def __init__(self, text: str, data: bytes):
        self.ascii = len(text) == len(data)
        self.ends: list[int] = []
        self.extra: list[int] = []
        if not self.ascii:
            cum = 0
            for m in self._NON_ASCII.finditer(text):
                n = len(m.group().encode("utf-8", "surrogatepass"))
                b = m.start() + cum
                cum += n - 1
                self.ends.append(b + n)
                self.extra.append(cum)

    def char(self, byte: int) -> int:
        if self.ascii:
            return byte
        k = bisect.bisect_right(self.ends, byte)
        return byte - (self.extra[k - 1] if k else 0)


# --------------------------------------------------------------------------------------------
# Abstract values
# --------------------------------------------------------------------------------------------
class Val:
    """What an expression evaluates to, as far as the analysis cares.

    kinds: unknown, text, object, array, function, param, module (an import), sdk-class, client,
    factory (createAnthropic), provider, model, ai-fn, llm-class, llm, lc-msg-class, lc-msg,
    req, res, url, env-object, schema-lib, schema, validated, limiter, limiter-class, app, storage.
    """

    __slots__ = ("kind", "parts", "origins", "info", "desc", "flags")

    def __init__(self, kind: str = "unknown", parts: tuple = (None,), origins: tuple = (),
                 info: dict | None = None, desc: str = "", flags: frozenset = frozenset()):
        self.kind = kind
        self.parts = parts
        self.origins = origins
        self.info = info or {}
        self.desc = desc
        self.flags = flags

    def with_origins(self, origins: tuple) -> Val:
        return Val(self.kind, self.parts, origins, self.info, self.desc, self.flags)

    @property
    def known(self) -> bool:
        return bool(self.parts) and all(p is not None for p in self.parts)

    @property
    def text(self) -> str:
        return "".join(p for p in self.parts if p is not None)


UNKNOWN = Val()

_SDK_PKGS = tuple(fw.JS_SDK_PACKAGES)


@lru_cache(maxsize=2048)
def _package_kind(spec: str) -> str:
    """Classify an import specifier: sdk, aisdk, ai, langchain, llamaindex, agent, lc-core, zod...."""
    s = spec.split("?", 1)[0]
    if s.startswith(("http://", "https://", "//")):
        for pkg in _SDK_PKGS:
            if pkg in s:
                return "sdk"
        if "@ai-sdk/anthropic" in s:
            return "aisdk"
        return ""
    for pkg in _SDK_PKGS:
        if s == pkg or s.startswith(pkg + "/"):
            return "sdk"
    if s in fw.JS_AISDK_ANTHROPIC or s.startswith("@ai-sdk/anthropic"):
        return "aisdk"
    if s == "ai" or s.startswith("ai/"):
        return "ai"
    if s in fw.JS_LANGCHAIN_PACKAGES:
        return "langchain"
    if s in fw.JS_LLAMAINDEX_PACKAGES:
        return "llamaindex"
    if s in fw.JS_AGENT_SDK_PACKAGES:
        return "agent"
    if s.startswith("@langchain/core/messages") or s == "langchain/schema":
        return "lc-core"
    if s.startswith("@langchain/core/prompts") or s == "langchain/prompts":
        return "lc-prompts"
    if s in ("zod", "zod/v4", "zod/v3", "valibot", "yup", "joi", "@hapi/joi", "superstruct", "arktype"):
        return "schema"
    for pkg in fw.JS_LIMITER_PACKAGES:
        if s == pkg or s.startswith(pkg + "/"):
            return "limiter"
    if s.startswith("$env/"):
        return "env"
    return ""


_MAXRE = re.compile(r"\.max\(|\.length\(|maxLength|max_length|\bmax\s*:|MaxLength|isLength\([^)]*max|\.maxLength\(")
_STRING_PASS_METHODS = frozenset({
    "trim", "trimStart", "trimEnd", "toString", "toLowerCase", "toUpperCase", "replace", "replaceAll",
    "normalize", "concat", "split", "join", "map", "flat", "flatMap", "get", "getAll", "padEnd",
    "padStart", "at", "valueOf", "toJSON", "then", "reverse", "sort", "entries", "values", "text",
    "json", "toLocaleLowerCase", "toLocaleUpperCase", "repeat", "find", "pop", "shift", "reduce",
})
_PASS_FUNCS = frozenset({"String", "JSON.stringify", "JSON.parse", "encodeURIComponent",
                         "decodeURIComponent", "convertToModelMessages", "convertToCoreMessages",
                         "structuredClone", "Array.from", "Object.values", "escape", "sanitize",
                         "escapeHtml", "dedent", "stripIndent", "stripIndents", "Buffer.from",
                         "atob", "btoa", "formatMessages", "toModelMessages"})
_TRUNCATE_NAME = re.compile(r"(?i)(truncat|clip|shorten|limit|cap(?:_|[A-Z]|$)|max_?len|trim_?to)")


@lru_cache(maxsize=4096)
def _masks(method: str) -> bool:
    """Does a called method mask or hash its argument (a key logged as a hash is safe)?"""
    return fw.JS_MASK_FUNC.search(method) is not None


@lru_cache(maxsize=4096)
def _name_traits(name: str) -> tuple[bool, bool]:
    """A called function's name (its last part): (it masks or redacts, it truncates). Asked at
    every plain call; names repeat, three regex searches per call did not."""
    return _masks(name) or fw.PII_REDACTOR.search(name) is not None, _TRUNCATE_NAME.search(name) is not None


_STORAGE_CALL = re.compile(
    r"(?:localStorage|sessionStorage|AsyncStorage|SecureStore|chrome\.storage\.\w+|browser\.storage\.\w+"
    r"|storage\.\w+|idb|localforage|Preferences|Cookies)\.(?:getItem|get|getItemAsync|getString)\b")


@lru_cache(maxsize=4096)
def _storage_call(callee: str) -> bool:
    """Is ``callee(...)`` a browser-storage or settings-store read (:data:`_STORAGE_CALL`)? Asked at
    every method call; callee texts repeat."""
    return _STORAGE_CALL.search(callee + "(") is not None


#: env reads in member expressions (`process.env.X`, `import.meta.env['X']`, Bun, globalThis):
#: each pattern can only match text that starts with one of the leads
_ENV_MEMBER_LEADS = ("process", "import", "Bun", "globalThis")
_ENV_MEMBER = re.compile(r"^(?:process\s*\.\s*env|import\s*\.\s*meta\s*\.\s*env|Bun\s*\.\s*env|globalThis\s*\.\s*process\s*\.\s*env)\s*(?:\.\s*|\??\.?\[\s*['\"`])(\w+)")
_ENV_WHOLE = re.compile(r"^(?:process\s*\.\s*env|import\s*\.\s*meta\s*\.\s*env)$")
_RUNTIME_CONFIG_PUBLIC = re.compile(r"^useRuntimeConfig\(\s*\w*\s*\)\s*\.\s*public\s*\.\s*(\w+)$")
_READ_FILE_CALL = re.compile(r"(?:^|\.)(readFileSync|readFile)$")
#: (literal, pattern led by it): browser APIs and hooks, each at a word start. One alternation
#: behind a leading `\b` tried a match at every position (0.18 s of CPU on the benchmark corpus's
#: 660 analysed files); led by its literal, a pattern skips to candidates, and the word-start test
#: is a lookbehind right after the literal
_BROWSER_SIGNALS = tuple(
    (lead, re.compile(re.escape(lead) + r"(?<!\w" + re.escape(lead) + r")" + rest))
    for lead, rest in (("window.", ""), ("document.", ""), ("localStorage", r"\b"), ("sessionStorage", r"\b"),
                       ("navigator.", ""), ("use", r"(?:State|Effect|Ref|Reducer|Context|Memo|Callback)\("),
                       ("on", r"(?:Click|Change|Submit)="), ("chrome.", r"(?:runtime|storage)"),
                       ("addEventListener(", "")))


def _browser_signals(text: str) -> tuple[str, ...]:
    return tuple(sorted({m.group().rstrip(".(=") for lead, rx in _BROWSER_SIGNALS if lead in text
                         for m in rx.finditer(text)}))


_HTTP_VERBS = fw.JS_HTTP_VERBS
_NEXT_PAGE = re.compile(r"(?:^|/)app/(?:.*/)?(?:page|layout|template|default)\.(?:t|j)sx?$")
_ROUTE_FILE = re.compile(r"(?:^|/)(?:route|\+server|\+page\.server|\+layout\.server|[^/]*\+api)\.[cm]?[jt]sx?$")
_API_DIR = re.compile(r"(?:^|/)(?:pages/api|api|netlify/functions|functions)/")
_REMIX = re.compile(r"(?:^|/)(?:app/)?routes/")


def _prop_name(node: Any, src: _Src) -> str | None:
    """The name of an object key / member property node."""
    t = node.type
    if t in ("property_identifier", "identifier", "shorthand_property_identifier",
             "private_property_identifier", "number"):
        return src.text(node)
    if t == "string":
        return src.string_value(node)
    if t == "computed_property_name":
        inner = node.named_children[0] if node.named_children else None
        if inner is not None and inner.type == "string":
            return src.string_value(inner)
    return None


class _Src:
    def __init__(self, source: SourceFile, data: bytes, pos: _Positions, text: str):
        self.source = source
        self.data = data
        self.pos = pos
        self._text = text
        if pos.ascii:  # byte offsets are character offsets: slice the text, decode nothing
            self.text = self._ascii_text  # type: ignore[method-assign]

    def text(self, node: Any) -> str:
        """A node's source text (the analyser's most frequent call)."""
        return self.data[node.start_byte:node.end_byte].decode("utf-8", "replace")

    def _ascii_text(self, node: Any) -> str:
        return self._text[node.start_byte:node.end_byte]

    def loc(self, node: Any, end_node: Any = None):
        end = (end_node or node).end_byte
        return self.source.span(self.pos.char(node.start_byte), self.pos.char(end))

    def line(self, node: Any) -> int:
        return node.start_point[0] + 1

    def string_value(self, node: Any) -> str:
        out = []
        for ch in node.named_children:
            if ch.type == "string_fragment":
                out.append(self.text(ch))
            elif ch.type == "escape_sequence":
                esc = self.text(ch)
                out.append({"\\n": "\n", "\\t": "\t", "\\'": "'", '\\"': '"', "\\\\": "\\"}.get(esc, esc[1:]))
        return "".join(out)


def _unwrap(node: Any) -> Any:
    while node is not None and node.type in ("parenthesized_expression", "as_expression",
                                               "satisfies_expression", "non_null_expression",
                                               "type_assertion", "await_expression"):
        kids = [c for c in node.named_children if c.type not in ("type_annotation",) and not c.type.endswith("_type")
                and c.type not in ("type_identifier", "predefined_type", "generic_type", "type_arguments")]
        if not kids:
            return node
        node = kids[0]
    return node


# --------------------------------------------------------------------------------------------
# The analyzer
# --------------------------------------------------------------------------------------------
class _Frame:
    __slots__ = ("vars", "handler", "func", "bounded", "guard_all", "limited", "calls", "is_fn",
                 "source_kind", "this")

    def __init__(self, handler: dict | None = None, func: str = "", is_fn: bool = True,
                 source_kind: str = "", this: dict | None = None):
        self.vars: dict[str, Val] = {}
        self.handler = handler
        self.func = func
        self.bounded: set[str] = set()
        self.guard_all = False
        self.limited = False
        self.calls: set[str] = set()
        self.is_fn = is_fn
        self.source_kind = source_kind
        self.this = this


class _Analyzer:
    def __init__(self, source: SourceFile, view: ScriptView, root: Any, data: bytes, pos: _Positions):
        self.source = source
        self.relpath = source.relpath
        self.view = view
        self.root = root
        self.s = _Src(source, data, pos, view.text)
        self.imports: list[Import] = list(view.imports)
        self.import_kinds: set[str] = set()
        self.exports: list[str] = []
        self.constants: dict[str, TextValue] = {}
        self.directives: list[str] = list(view.directives)
        self.clients: list[ClientConstruction] = []
        self.client_vals: dict[int, int] = {}
        self.prompts: list[PromptCall] = []
        self.handlers: list[dict] = []
        self.logs: list[LogCall] = []
        self.env: list[list] = []  # [name, loc, context, flows]
        self.env_by_loc: dict[Any, int] = {}
        self.limiters: set[str] = set()
        self.server_ranges: list[tuple[int, int]] = []
        self.frames: list[_Frame] = [_Frame(is_fn=False)]
        # keyed by the tree-sitter node itself (hashed and compared by node id; a (start, end, type)
        # tuple cost three property reads per evaluation)
        self.memo: dict[Any, Val] = {}
        self.visited: set[Any] = set()
        self.functions: dict[str, Any] = {}
        self.pending: list[tuple[Any, str]] = []
        self.exported_names: set[str] = set()
        self.default_export: Any = None
        self.aisdk_default_used = False
        self.client_exports: set[str] = set()
        self.dto_bounds: dict[str, dict[str, bool]] = {}
        self.func_calls: dict[str, set[str]] = {}
        #: an explicit small global request-body limit (express.json({ limit: '16kb' })): "weakly bounded"
        self.body_limit = ""
        self.uses_anthropic = False
        self.use_server_file = False
        self.is_config = bool(re.search(r"(?:^|/)[^/]*\.config\.[cm]?[jt]s$", self.relpath))
        self.base = posixpath.basename(self.relpath)

    # -- small helpers ---------------------------------------------------------------------------
    def origin(self, kind: str, desc: str, node: Any, source_kind: str = "", bounded: bool = False,
               bound: str = "", confidence: str = "high", weak: bool = False) -> Origin:
        return Origin(kind, desc[:80], self.s.loc(node), source_kind, bounded, weak, bound, confidence)

    def lookup(self, name: str) -> Val | None:
        for frame in reversed(self.frames):
            v = frame.vars.get(name)
            if v is not None:
                return v
        return None

    def bind(self, name: str, val: Val) -> None:
        self.frames[-1].vars[name] = val

    def fn_frame(self) -> _Frame:
        for frame in reversed(self.frames):
            if frame.is_fn:
                return frame
        return self.frames[0]

    def handler(self) -> dict | None:
        for frame in reversed(self.frames):
            if frame.handler is not None:
                return frame.handler
        return None

    def calls_frame(self) -> _Frame | None:
        """The frame that collects the calls made here: the nearest handler or named function."""
        for frame in reversed(self.frames):
            if frame.handler is not None or frame.func:
                return frame
        return None

    def current_func(self) -> str:
        for frame in reversed(self.frames):
            if frame.func:
                return frame.func
        return ""

    def this_scope(self) -> dict | None:
        for frame in reversed(self.frames):
            if frame.this is not None:
                return frame.this
        return None

    def is_bounded_text(self, text: str) -> bool:
        if not any(frame.guard_all or frame.bounded for frame in self.frames):
            return False  # (most evaluations: no bound in scope, nothing to normalise)
        norm = re.sub(r"\s+|\?(?=\.)", "", text)
        for frame in reversed(self.frames):
            if frame.guard_all or norm in frame.bounded:
                return True
        return False

    # -- entry -------------------------------------------------------------------------------------
    def run(self) -> FileModel:
        root = self.root
        self.prepass(root)
        for child in root.named_children:
            self.statement(child)
        # functions never reached through a call site: visit them with their export context
        i = 0
        while i < len(self.pending):
            node, name = self.pending[i]
            i += 1
            if node not in self.visited:
                self.visit_function(node, name, self.export_context(name, node))
        return self.finish()

    def prepass(self, root: Any) -> None:
        s = self.s
        first = True
        for child in root.named_children:
            t = child.type
            if first and t == "expression_statement":
                inner = child.named_children[0] if child.named_children else None
                if inner is not None and inner.type == "string":
                    d = s.string_value(inner)
                    if d in ("use client", "use server"):
                        self.directives.append(d)
                    continue
            if t != "comment":
                first = False
            if t == "import_statement":
                self.import_statement(child)
            elif t == "export_statement":
                src_node = child.child_by_field_name("source")
                if src_node is not None:
                    spec = s.string_value(src_node)
                    names = []
                    for clause in child.named_children:
                        if clause.type == "export_clause":
                            for spec_node in clause.named_children:
                                nm = spec_node.child_by_field_name("name")
                                if nm is not None:
                                    names.append(_prop_name(nm, s) or s.text(nm))
                                    alias = spec_node.child_by_field_name("alias")
                                    self.exported_names.add(s.text(alias) if alias is not None else names[-1])
                    self.add_import(spec, tuple(names) or ("*",), child,
                                    type_only=any(c.type == "type" for c in child.children))
                decl = child.child_by_field_name("declaration")
                if decl is not None:
                    for name in self.declared_names(decl):
                        self.exported_names.add(name)
                    if decl.type in ("function_declaration", "generator_function_declaration"):
                        name_node = decl.child_by_field_name("name")
                        if name_node is not None:
                            self.functions[s.text(name_node)] = decl
                value = child.child_by_field_name("value")
                if value is not None or any(c.type == "default" for c in child.children):
                    self.exported_names.add("default")
                    if decl is not None:
                        self.default_export = decl
                    else:
                        self.default_export = value
                for clause in child.named_children:
                    if clause.type == "export_clause":
                        for spec_node in clause.named_children:
                            alias = spec_node.child_by_field_name("alias") or spec_node.child_by_field_name("name")
                            if alias is not None:
                                self.exported_names.add(s.text(alias))
                self.collect_dto(decl)
            elif t in ("function_declaration", "generator_function_declaration"):
                name_node = child.child_by_field_name("name")
                if name_node is not None:
                    self.functions[s.text(name_node)] = child
            elif t == "class_declaration":
                self.collect_dto(child)
        if "use server" in self.directives:
            self.use_server_file = True

    def collect_dto(self, decl: Any) -> None:
        """class-validator DTOs: field -> has @MaxLength/@Length/@IsString({max})."""
        if decl is None or decl.type != "class_declaration":
            return
        name_node = decl.child_by_field_name("name")
        body = decl.child_by_field_name("body")
        if name_node is None or body is None:
            return
        fields: dict[str, bool] = {}
        pending_decorators: list[str] = []
        for member in body.named_children:
            if member.type == "decorator":
                pending_decorators.append(self.s.text(member))
                continue
            if member.type in ("public_field_definition", "field_definition"):
                texts = pending_decorators + [self.s.text(d) for d in member.named_children if d.type == "decorator"]
                fname_node = member.child_by_field_name("name") or member.child_by_field_name("property")
                if fname_node is not None:
                    fields[self.s.text(fname_node)] = any(re.search(r"MaxLength|Length\(|ArrayMaxSize", t) for t in texts)
            pending_decorators = []
        if fields:
            self.dto_bounds[self.s.text(name_node)] = fields

    def declared_names(self, decl: Any) -> list[str]:
        s = self.s
        out = []
        if decl.type in ("lexical_declaration", "variable_declaration"):
            for d in decl.named_children:
                if d.type == "variable_declarator":
                    n = d.child_by_field_name("name")
                    if n is not None and n.type == "identifier":
                        out.append(s.text(n))
        else:
            n = decl.child_by_field_name("name")
            if n is not None:
                out.append(s.text(n))
        return out

    # -- imports -----------------------------------------------------------------------------------
    def add_import(self, spec: str, names: tuple[str, ...], node: Any, dynamic: bool = False,
                   type_only: bool = False) -> str:
        self.imports.append(Import(spec, names, self.s.loc(node), dynamic, type_only))
        kind = _package_kind(spec)
        if kind:
            self.import_kinds.add(kind)
        if kind in ("sdk", "aisdk", "langchain", "llamaindex", "agent"):
            self.uses_anthropic = True
        if kind == "limiter":
            for pkg, label in fw.JS_LIMITER_PACKAGES.items():
                if spec == pkg or spec.startswith(pkg + "/"):
                    self.limiters.add(label)
        if spec in ("server-only", "client-only"):
            self.directives.append(spec)
        return kind

    def module_val(self, spec: str, imported: str, node: Any) -> Val:
        """The value of ``imported`` (``default``, ``*`` or a name) from module ``spec``."""
        kind = _package_kind(spec)
        info = {"spec": spec, "name": imported}
        if kind == "sdk":
            if imported == "*":
                return Val("module", info=dict(info, pkg="sdk"))
            if imported in fw.JS_CLIENT_CLASSES or imported == "default":
                cls = imported if imported != "default" else self.default_class(spec)
                return Val("sdk-class", info=dict(info, cls=cls, package=self.sdk_package(spec)))
            return Val("unknown", info=info)
        if kind == "aisdk":
            if imported in fw.JS_AISDK_FACTORIES:
                return Val("factory", info=dict(info, cls=imported))
            if imported in ("anthropic", "vertexAnthropic", "default"):
                return Val("provider", info=dict(info, default=True))
            if imported == "*":
                return Val("module", info=dict(info, pkg="aisdk"))
            return Val("unknown", info=info)
        if kind == "ai":
            if imported in fw.JS_AI_FUNCTIONS:
                return Val("ai-fn", info=dict(info, fn=imported))
            if imported in ("ToolLoopAgent", "Experimental_Agent", "Agent"):
                return Val("agent-class", info=dict(info, cls=imported))
            if imported in ("createAgentUIStreamResponse", "createAgentUIStream", "pipeAgentUIStreamToResponse"):
                return Val("agent-fn", info=dict(info, fn=imported))
            if imported == "*":
                return Val("module", info=dict(info, pkg="ai"))
            return Val("unknown", info=info)
        if kind == "langchain" and imported in ("ChatAnthropic", "ChatAnthropicMessages", "Anthropic"):
            return Val("llm-class", info=dict(info, cls=imported, package=spec, forces=True))
        if kind == "llamaindex" and imported in ("Anthropic",):
            if spec == "llamaindex" or spec.startswith("@llamaindex/anthropic"):
                return Val("llm-class", info=dict(info, cls="Anthropic", package=spec, forces=False))
        if kind == "agent" and imported in ("query",):
            return Val("agent-query", info=info)
        if kind == "lc-core" and imported in ("SystemMessage", "HumanMessage", "AIMessage"):
            return Val("lc-msg-class", info=dict(info, role={"SystemMessage": "system", "HumanMessage": "user",
                                                               "AIMessage": "assistant"}[imported]))
        if kind == "schema":
            return Val("schema-lib", info=info)
        if kind == "limiter":
            return Val("limiter-class", info=info)
        if kind == "env":
            if imported == "env":
                return Val("env-object", info=dict(info, public="public" in spec))
            if imported not in ("*", "default"):
                return self.env_read(imported, node, public="public" in spec)
        if spec in ("h3", "#imports", "nuxt/app") and imported in fw.JS_H3_SOURCES:
            return Val("h3-source", info=dict(info, fn=imported))
        return Val("import", info=info)

    @staticmethod
    def sdk_package(spec: str) -> str:
        for pkg in _SDK_PKGS:
            if pkg in spec:
                return pkg
        return spec

    def default_class(self, spec: str) -> str:
        pkg = self.sdk_package(spec)
        return fw.JS_SDK_PACKAGES.get(pkg, ("Anthropic",))[0]

    def import_statement(self, node: Any) -> None:
        s = self.s
        src_node = node.child_by_field_name("source")
        if src_node is None:
            return
        spec = s.string_value(src_node)
        type_only = any(c.type == "type" for c in node.children)
        names: list[str] = []
        bindings: list[tuple[str, str, Any]] = []
        for clause in node.named_children:
            if clause.type != "import_clause":
                continue
            for part in clause.named_children:
                if part.type == "identifier":
                    names.append("default")
                    bindings.append((s.text(part), "default", part))
                elif part.type == "namespace_import":
                    ident = part.named_children[0] if part.named_children else None
                    names.append("*")
                    if ident is not None:
                        bindings.append((s.text(ident), "*", part))
                elif part.type == "named_imports":
                    for spec_node in part.named_children:
                        if spec_node.type != "import_specifier":
                            continue
                        name_node = spec_node.child_by_field_name("name")
                        alias_node = spec_node.child_by_field_name("alias") or name_node
                        if name_node is None:
                            continue
                        imported = _prop_name(name_node, s) or s.text(name_node)
                        names.append(imported)
                        bindings.append((s.text(alias_node), imported, spec_node))
        if not type_only and bindings and all(
                any(c.type == "type" for c in b[2].children) for b in bindings if b[2].type == "import_specifier") \
                and all(b[2].type == "import_specifier" for b in bindings):
            type_only = True  # `import { type A, type B } from ...` is erased by TypeScript
        self.add_import(spec, tuple(names), node, type_only=type_only)
        if type_only:
            return
        for local, imported, bnode in bindings:
            self.frames[0].vars[local] = self.module_val(spec, imported, bnode)
        if spec.endswith("?raw") and bindings:
            local = bindings[0][0]
            path = self.resolve_path(spec[:-4], relative_to_file=True)
            if path:
                self.frames[0].vars[local] = Val("text", (None,), info={"ref": ("@file", path)})

    def resolve_path(self, p: str, relative_to_file: bool) -> str:
        if p.startswith(("http:", "https:")):
            return ""
        if p.startswith("/"):
            p = p.lstrip("/")
            relative_to_file = False
        base = posixpath.dirname(self.relpath) if relative_to_file else ""
        out = posixpath.normpath(posixpath.join(base, p))
        return "" if out.startswith("..") else out

    # -- env ---------------------------------------------------------------------------------------
    def env_read(self, name: str, node: Any, public: bool | None = None, desc: str = "") -> Val:
        loc = self.s.loc(node)
        self.env_by_loc[loc] = len(self.env)
        self.env.append([name, loc, "read", False])
        is_public = bool(fw.public_env_prefix(name)) if public is None else public
        kind = "public-env" if is_public else "env"
        desc = desc or name
        origins = [Origin(kind, desc, loc)]
        if self.secretish(name):
            origins.append(Origin("secret", desc, loc))
        return Val("env", (None,), tuple(origins), info={"env": name}, desc=desc)

    @staticmethod
    def secretish(name: str) -> bool:
        up = name.upper()
        if up in fw.SECRET_ENV_VARS:
            return True
        return bool(re.search(r"(ANTHROPIC|CLAUDE)", up) and re.search(r"(KEY|TOKEN|SECRET)", up))

    # -- statements --------------------------------------------------------------------------------
    def statement(self, node: Any) -> None:
        t = node.type
        if t in ("import_statement", "comment", "empty_statement", "debugger_statement"):
            return
        if t in ("lexical_declaration", "variable_declaration"):
            for d in node.named_children:
                if d.type == "variable_declarator":
                    self.declarator(d)
            return
        if t == "export_statement":
            decl = node.child_by_field_name("declaration")
            value = node.child_by_field_name("value")
            if decl is not None:
                self.statement(decl)
                if decl.type in ("lexical_declaration", "variable_declaration"):
                    for name in self.declared_names(decl):
                        v = self.frames[0].vars.get(name)
                        if v is not None and v.kind in ("client", "llm", "provider", "model"):
                            self.client_exports.add(name)
            elif value is not None:
                v = self.function_or_value(value, "default")
                if v.kind in ("client", "llm", "provider", "model"):
                    self.client_exports.add("default")
            else:
                for clause in node.named_children:
                    if clause.type == "export_clause":
                        for spec_node in clause.named_children:
                            nm = spec_node.child_by_field_name("name")
                            alias = spec_node.child_by_field_name("alias") or nm
                            if nm is not None:
                                v = self.lookup(self.s.text(nm))
                                if v is not None and v.kind in ("client", "llm", "provider", "model"):
                                    self.client_exports.add(self.s.text(alias))
            return
        if t in ("function_declaration", "generator_function_declaration"):
            name_node = node.child_by_field_name("name")
            name = self.s.text(name_node) if name_node is not None else ""
            self.bind(name, Val("function", info={"node": node, "name": name}))
            if self.frames[-1] is self.frames[0]:
                self.pending.append((node, name))
            else:
                self.visit_function(node, name, None)
            return
        if t in ("class_declaration", "class"):
            self.visit_class(node)
            return
        if t == "expression_statement":
            for child in node.named_children:
                self.ev(child)
            return
        if t == "if_statement":
            self.if_statement(node)
            return
        if t == "return_statement":
            for child in node.named_children:
                v = self.ev(child)
                h = self.handler()
                if h is not None and any(o.kind == "secret" for o in v.origins) and self.frames[-1].is_fn:
                    if child.type == "object" or h.get("framework") in ("sveltekit-load",):
                        self.log_from(node, "return", v)
            return
        if t == "throw_statement":
            for child in node.named_children:
                v = self.ev(child)
                if self.handler() is not None:
                    self.log_from(node, "throw", v)
            return
        if t in ("statement_block", "program"):
            for child in node.named_children:
                self.statement(child)
            return
        if t in ("for_in_statement", "for_statement", "while_statement", "do_statement",
                 "try_statement", "catch_clause", "finally_clause", "else_clause", "switch_statement",
                 "switch_body", "switch_case", "switch_default", "labeled_statement", "with_statement"):
            for child in node.named_children:
                if child.type.endswith("statement") or child.type in (
                        "statement_block", "catch_clause", "finally_clause", "else_clause", "switch_body",
                        "switch_case", "switch_default", "lexical_declaration", "variable_declaration"):
                    self.statement(child)
                else:
                    self.ev(child)
            return
        if t in ("interface_declaration", "type_alias_declaration", "enum_declaration",
                 "ambient_declaration", "abstract_class_declaration", "module", "internal_module"):
            if t == "abstract_class_declaration":
                self.visit_class(node)
            return
        # expressions in statement position, ERROR nodes...
        for child in node.named_children:
            if child.type.endswith("statement") or child.type.endswith("declaration"):
                self.statement(child)
            else:
                self.ev(child)

    def declarator(self, d: Any) -> None:
        name_node = d.child_by_field_name("name")
        value = d.child_by_field_name("value")
        if name_node is None:
            return
        if value is None:
            if name_node.type == "identifier":
                self.bind(self.s.text(name_node), Val("unknown", desc=self.s.text(name_node)))
            return
        inner = _unwrap(value)
        if (name_node.type == "identifier" and self.s.text(name_node) == "actions" and inner.type == "object"
                and "actions" in self.exported_names and self.frames[-1] is self.frames[0]):
            # SvelteKit form actions: `export const actions = { default: async ({ request }) => ... }`
            for prop in inner.named_children:
                fn = prop if prop.type == "method_definition" else (
                    _unwrap(prop.child_by_field_name("value")) if prop.type == "pair" else None)
                key = prop.child_by_field_name("name") if prop.type == "method_definition" else (
                    prop.child_by_field_name("key") if prop.type == "pair" else None)
                if fn is not None and fn.type in ("arrow_function", "function_expression", "function", "method_definition"):
                    aname = f"actions.{_prop_name(key, self.s) if key is not None else 'default'}"
                    self.visit_function(fn, aname, {"style": "web", "framework": "sveltekit-action"})
            self.bind("actions", Val("object", info={"node": inner}))
            return
        if name_node.type == "identifier" and inner.type in ("arrow_function", "function_expression", "function"):
            name = self.s.text(name_node)
            self.bind(name, Val("function", info={"node": inner, "name": name}))
            if self.frames[-1] is self.frames[0]:
                self.pending.append((inner, name))
            else:
                self.visit_function(inner, name, None)
            return
        val = self.ev(value)
        self.bind_pattern(name_node, val)
        if name_node.type == "identifier" and self.frames[-1] is self.frames[0]:
            name = self.s.text(name_node)
            if val.kind in ("text", "unknown", "env") and any(p is not None for p in val.parts) or val.info.get("ref"):
                if value.type in ("string", "template_string", "binary_expression") or val.info.get("ref") or val.known:
                    self.constants[name] = TextValue(self.s.loc(value), tuple(val.parts), tuple(
                        o for o in val.origins if o.kind in ("user", "pii")),
                        resolved_from=self.ref_text(val.info.get("ref")))
            if val.kind in ("client", "llm", "provider", "model") or (val.kind == "agent" and val.info.get("claude")):
                self.client_exports.add(name)
        if value.type == "object" and self.is_config:
            pass

    @staticmethod
    def ref_text(ref: Any) -> str:
        if not ref:
            return ""
        return f"{ref[0]}:{ref[1]}" if ref[1] else str(ref[0])

    def bind_pattern(self, pattern: Any, val: Val) -> None:
        s = self.s
        t = pattern.type
        if t == "identifier":
            name = s.text(pattern)
            if not val.desc:
                val = Val(val.kind, val.parts, val.origins, val.info, name, val.flags)
            self.bind(name, val)
        elif t == "object_pattern":
            for prop in pattern.named_children:
                if prop.type == "shorthand_property_identifier_pattern":
                    name = s.text(prop)
                    self.bind(name, self.member(val, name, prop))
                elif prop.type == "pair_pattern":
                    key = prop.child_by_field_name("key")
                    value = prop.child_by_field_name("value")
                    pname = _prop_name(key, s) if key is not None else None
                    if value is not None:
                        self.bind_pattern(value, self.member(val, pname or "?", prop))
                elif prop.type == "object_assignment_pattern":
                    left = prop.child_by_field_name("left")
                    if left is not None:
                        name = s.text(left)
                        self.bind(name, self.member(val, name, prop))
                elif prop.type == "rest_pattern":
                    for c in prop.named_children:
                        self.bind_pattern(c, val)
        elif t == "array_pattern":
            kids = pattern.named_children
            use_state = val.info.get("use_state")
            for i, c in enumerate(kids):
                if use_state:
                    if i == 0:
                        self.bind_pattern(c, Val("storage", (None,), (self.origin("storage", "React state", c),)))
                    continue
                self.bind_pattern(c, Val("unknown", (None,), val.origins, dict(val.info), val.desc, val.flags))
        elif t == "assignment_pattern":
            left = pattern.child_by_field_name("left")
            if left is not None:
                self.bind_pattern(left, val)
        elif t in ("rest_pattern",):
            for c in pattern.named_children:
                self.bind_pattern(c, val)

    def if_statement(self, node: Any) -> None:
        cond = node.child_by_field_name("condition")
        cons = node.child_by_field_name("consequence")
        alt = node.child_by_field_name("alternative")
        if cond is not None:
            ctext = self.s.text(cond)
            self.ev(cond)
            rejects = cons is not None and re.search(
                r"\breturn\b|\bthrow\b|status\(\s*4\d\d|status:\s*4\d\d|error\(\s*4\d\d|\b4\d\d\b|\bnext\(", self.s.text(cons))
            frame = self.fn_frame()
            # (each pattern below needs a literal of the condition: tested first, most
            # conditions have none)
            length = "length" in ctext
            if rejects:
                if length:
                    for m in re.finditer(r"([\w$.?\[\]'\"]+?)\s*(?:\?\.)?\.length\s*(?:>|>=|!==|===)\s*[\w$.]+", ctext):
                        frame.bounded.add(re.sub(r"\s+|\?(?=\.)", "", m.group(1)))
                    for m in re.finditer(r"[\w$.]+\s*(?:<|<=)\s*([\w$.?\[\]'\"]+?)\s*(?:\?\.)?\.length\b", ctext):
                        frame.bounded.add(re.sub(r"\s+|\?(?=\.)", "", m.group(1)))
                if ("oken" in ctext or "encode(" in ctext) and re.search(
                        r"countTokens|input_tokens|inputTokens|tokenCount|token_count|encode\(|tokens?\s*>", ctext):
                    frame.guard_all = True
            elif length:
                # the sink sits inside `if (x.length <= N) {...}`
                for m in re.finditer(r"([\w$.?\[\]'\"]+?)\s*(?:\?\.)?\.length\s*(?:<|<=)\s*[\w$.]+", ctext):
                    frame.bounded.add(re.sub(r"\s+|\?(?=\.)", "", m.group(1)))
            low = ctext.lower()
            if ("limit" in low or "throttl" in low) and re.search(r"(?i)rate.?limit|ratelimit|throttl|limiter|\.limit\(", ctext):
                frame.limited = True
        if cons is not None:
            self.statement(cons)
        if alt is not None:
            self.statement(alt)

    # -- functions ---------------------------------------------------------------------------------
    def function_or_value(self, node: Any, name: str) -> Val:
        inner = _unwrap(node)
        if inner.type in ("arrow_function", "function_expression", "function", "function_declaration",
                          "generator_function_declaration"):
            name_node = inner.child_by_field_name("name")
            nm = self.s.text(name_node) if name_node is not None else name
            self.visit_function(inner, nm, self.export_context(name, inner))
            return Val("function", info={"node": inner, "name": nm})
        if inner.type in ("class", "class_declaration"):
            self.visit_class(inner)
            return UNKNOWN
        if inner.type == "object" and name == "default":
            # Workers / Deno `export default { fetch(request, env) {...} }`
            for prop in inner.named_children:
                if prop.type == "method_definition":
                    nn = prop.child_by_field_name("name")
                    if nn is not None and self.s.text(nn) in ("fetch", "scheduled", "queue", "email"):
                        kind = "web" if self.s.text(nn) == "fetch" else None
                        self.visit_function(prop, self.s.text(nn),
                                            {"style": "workers", "framework": "workers"} if kind else None)
                    else:
                        self.visit_function(prop, self.s.text(nn) if nn is not None else "", None)
            return UNKNOWN
        if inner.type == "call_expression":
            # export default defineEventHandler(...) and friends are handled in ev_call
            return self.ev(inner)
        if inner.type == "identifier":
            fn = self.functions.get(self.s.text(inner))
            v = self.lookup(self.s.text(inner))
            if v is not None and v.kind == "function":
                fnode = v.info["node"]
                if fnode not in self.visited:
                    self.visit_function(fnode, v.info.get("name", ""), self.export_context("default", fnode))
                return v
            if fn is not None:
                return Val("function", info={"node": fn})
            return v or UNKNOWN
        return self.ev(inner)

    def export_context(self, name: str, node: Any) -> dict | None:
        """Handler context of a top-level function from how it is exported and where it lives."""
        rel = self.relpath
        exported = name in self.exported_names or name == "default"
        if self.default_export is not None and _unwrap(self.default_export) == node:
            exported = True
        if not exported:
            if name == "getServerSideProps":
                return None
            return None
        if name in _HTTP_VERBS:
            fwk = ("sveltekit" if "+server." in rel else "expo" if "+api." in rel else
                   "astro" if "/pages/" in rel and self.source.language in ("typescript", "javascript") and "astro" in rel else
                   "next" if re.search(r"(?:^|/)route\.[cm]?[jt]sx?$", rel) else "web")
            return {"style": "web", "framework": fwk, "route": rel}
        if name in ("action", "loader", "clientAction", "clientLoader") and name in ("action", "loader"):
            self.server_ranges.append((node.start_point[0] + 1, node.end_point[0] + 1))
            return {"style": "web", "framework": "remix"}
        if name in ("getServerSideProps",):
            self.server_ranges.append((node.start_point[0] + 1, node.end_point[0] + 1))
            return {"style": "express", "framework": "next-gssp", "req_only": True}
        if name in ("getStaticProps", "getStaticPaths", "generateMetadata", "generateStaticParams"):
            self.server_ranges.append((node.start_point[0] + 1, node.end_point[0] + 1))
            return None
        if self.use_server_file:
            return {"style": "action", "framework": "next-action"}
        if name == "default" or (self.default_export is not None and _unwrap(self.default_export) == node):
            if re.search(r"(?:^|/)pages/api/", rel) or re.match(r"(?:[^/]+/)*?api/", rel) and not _NEXT_PAGE.search(rel):
                return {"style": "express", "framework": "next-api" if "pages/api" in rel else "serverless"}
            if re.search(r"(?:^|/)netlify/(?:edge-)?functions/", rel):
                return {"style": "web", "framework": "netlify"}
            if _NEXT_PAGE.search(rel) and "use client" not in self.directives and re.search(r"/page\.", rel):
                return {"style": "page", "framework": "next-page"}
        if name == "handler" and re.search(r"(?:^|/)(?:netlify/functions|functions|lambda|api)/", rel):
            return {"style": "express", "framework": "serverless"}
        params = node.child_by_field_name("parameters")
        if params is not None and re.match(r"\(\s*(?:req|request)\b[^,]*,\s*(?:res|reply|response)\b", self.s.text(params)):
            # an exported Express/Fastify controller `(req, res) => ...` registered on a router elsewhere
            return {"style": "express", "framework": "express"}
        return None

    def visit_function(self, node: Any, name: str, ctx: dict | None) -> None:
        if node in self.visited:
            return
        self.visited.add(node)
        body = node.child_by_field_name("body")
        # inline 'use server' (server action defined inside a component or module)
        if body is not None and body.type == "statement_block" and body.named_children:
            first = body.named_children[0]
            if first.type == "expression_statement" and first.named_children and first.named_children[0].type == "string":
                if self.s.string_value(first.named_children[0]) == "use server":
                    ctx = {"style": "action", "framework": "next-action"}
        handler = None
        if ctx is not None and ctx.get("style") != "none":
            kind = {"action": "action", "socket": "socket"}.get(ctx["style"], "http")
            if ctx.get("framework") == "serverless":
                kind = "serverless"
            handler = {"name": name or ctx.get("name", "handler"), "node": node, "framework": ctx.get("framework", ""),
                       "kind": kind, "rate_limited": ctx.get("rate_limited", False), "route": ctx.get("route", ""),
                       "note": ctx.get("note", ""), "bound": ctx.get("bound", ""), "calls": set(),
                       "anchor": ctx.get("anchor") or self.anchor_of(node)}
            self.handlers.append(handler)
        frame = _Frame(handler=handler, func=name or "", source_kind=(ctx or {}).get("source_kind", ""))
        self.frames.append(frame)
        try:
            params = node.child_by_field_name("parameters") or node.child_by_field_name("parameter")
            if params is not None:
                self.bind_params(params, ctx, handler)
            if body is not None:
                if body.type == "statement_block":
                    for child in body.named_children:
                        self.statement(child)
                else:
                    v = self.ev(body)
                    if handler is not None and any(o.kind == "secret" for o in v.origins) and body.type == "object":
                        self.log_from(body, "return", v)
        finally:
            self.frames.pop()
        if handler is not None:
            handler["rate_limited"] = handler["rate_limited"] or frame.limited
            handler["calls"] |= frame.calls
        elif name:
            self.func_calls.setdefault(name, set()).update(frame.calls)

    def bind_params(self, params: Any, ctx: dict | None, handler: dict | None) -> None:
        s = self.s
        plist = [p for p in params.named_children if p.type not in ("comment",)] if params.type == "formal_parameters" else [params]
        style = (ctx or {}).get("style", "")
        bound = bool((ctx or {}).get("bound"))
        for i, p in enumerate(plist):
            pattern = p
            decorators = []
            if p.type in ("required_parameter", "optional_parameter"):
                pattern = p.child_by_field_name("pattern") or p
                decorators = [s.text(d) for d in p.named_children if d.type == "decorator"]
            elif p.type == "assignment_pattern":
                pattern = p.child_by_field_name("left") or p
            pname = s.text(pattern) if pattern.type == "identifier" else ""
            val: Val
            if decorators:
                dec = " ".join(decorators)
                m = re.search(r"@(Body|Query|Param|Headers|Req|Request|MessageBody|Payload)\b", dec)
                if m and m.group(1) in ("Req", "Request"):
                    val = Val("req", info={"sk": "http", "bound": bound}, desc=pname)
                elif m:
                    type_node = p.child_by_field_name("type")
                    tname = s.text(type_node).lstrip(":").strip() if type_node is not None else ""
                    fields = self.dto_bounds.get(tname)
                    arg = re.search(r"@\w+\(\s*['\"](\w+)['\"]", dec)
                    desc = f"@{m.group(1)}() {pname}"
                    if fields is not None and not arg:
                        val = Val("validated", (None,), (self.origin("user", desc, pattern, "http"),),
                                  info={"fields": fields, "all": False}, desc=pname)
                    else:
                        conf = "high" if fields is not None or tname in ("", "string", "any") else "medium"
                        val = Val("unknown", (None,), (self.origin("user", desc, pattern, "http",
                                                                    confidence=conf),), desc=pname)
                else:
                    val = self.param_val(pattern, pname)
            elif style in ("express", "workers", "web", "hono", "koa") and i == 0:
                if pattern.type == "object_pattern":
                    val = Val("web-event", info={"sk": "http", "bound": bound}, desc="event")
                else:
                    val = Val("req", info={"sk": "http", "bound": bound}, desc=pname or "request")
                    if (ctx or {}).get("req_only"):
                        val = Val("req", info={"sk": "http", "bound": bound, "gssp": True}, desc=pname or "context")
            elif style == "express" and i == 1:
                val = Val("res", desc=pname or "res")
            elif style == "workers" and i == 1:
                val = Val("env-object", info={"public": False}, desc=pname or "env")
            elif style == "web" and i == 1:
                val = Val("web-event", info={"sk": "http", "bound": bound}, desc="context")
            elif style == "page" and i == 0:
                val = Val("web-event", info={"sk": "http", "bound": bound}, desc="props")
            elif style == "action":
                val = Val("unknown", (None,), (self.origin("user", pname or "argument", pattern, "action",
                                                            bounded=bound),), desc=pname)
            elif style == "socket":
                if pname in ("cb", "callback", "ack", "done", "next", "sender", "sendResponse") or (
                        ctx or {}).get("skip_first") and i == 0:
                    val = Val("unknown", desc=pname)
                else:
                    val = Val("unknown", (None,), (self.origin("user", pname or "payload", pattern, "socket",
                                                                bounded=bound),), desc=pname)
            else:
                val = self.param_val(pattern, pname)
            self.bind_pattern(pattern, val)

    def param_val(self, pattern: Any, pname: str) -> Val:
        if pattern.type == "identifier":
            return Val("param", (None,), (self.origin("param", pname, pattern),), desc=pname)
        return Val("param", (None,), (), desc=pname)

    def visit_class(self, node: Any) -> None:
        body = node.child_by_field_name("body")
        if body is None:
            return
        cls_decorators = " ".join(self.s.text(d) for d in node.named_children if d.type == "decorator")
        this: dict = {}
        frame = _Frame(is_fn=False, this=this)
        self.frames.append(frame)
        try:
            decorators: list[str] = []
            methods = []
            for member in body.named_children:
                if member.type == "decorator":
                    decorators.append(self.s.text(member))
                    continue
                if member.type in ("public_field_definition", "field_definition"):
                    nn = member.child_by_field_name("name") or member.child_by_field_name("property")
                    value = member.child_by_field_name("value")
                    if nn is not None and value is not None:
                        inner = _unwrap(value)
                        if inner.type in ("arrow_function", "function_expression"):
                            methods.append((inner, self.s.text(nn), decorators))
                        else:
                            this["this." + self.s.text(nn)] = self.ev(value)
                elif member.type == "method_definition":
                    nn = member.child_by_field_name("name")
                    mname = self.s.text(nn) if nn is not None else ""
                    decorators = decorators + [self.s.text(d) for d in member.named_children if d.type == "decorator"]
                    if mname == "constructor":
                        methods.insert(0, (member, mname, decorators))
                    else:
                        methods.append((member, mname, decorators))
                decorators = []
            for method, mname, decs in methods:
                dec = " ".join(decs)
                ctx = None
                m = re.search(r"@(Get|Post|Put|Patch|Delete|All|MessagePattern|SubscribeMessage|EventPattern)\(", dec)
                if m:
                    route = re.search(r"\(\s*['\"]([^'\"]*)", dec[m.start():])
                    limited = bool(re.search(r"Throttle|ThrottlerGuard|RateLimit", dec + " " + cls_decorators))
                    note = "@SkipThrottle()" if "SkipThrottle" in dec + cls_decorators else ""
                    ctx = {"style": "nest" if not m.group(1).endswith(("Message", "Pattern")) else "socket",
                           "framework": "nest", "rate_limited": limited and not note,
                           "route": route.group(1) if route else "", "note": note}
                self.visit_function(method, mname, ctx)
        finally:
            self.frames.pop()

    # -- expressions -------------------------------------------------------------------------------
    def ev(self, node: Any) -> Val:
        if node is None:
            return UNKNOWN
        cached = self.memo.get(node)
        if cached is not None:
            return cached
        val = self._ev(node)
        self.memo[node] = val
        return val

    def merge(self, vals: list[Val], kind: str = "unknown") -> Val:
        origins: list[Origin] = []
        flags: set = set()
        for v in vals:
            origins.extend(v.origins)
            flags |= v.flags
        return Val(kind, (None,), tuple(origins), flags=frozenset(flags))

    def _ev(self, node: Any) -> Val:
        s = self.s
        t = node.type
        # the three most frequent node types first (each branch below tests a distinct type)
        if t == "identifier" or t == "shorthand_property_identifier":
            return self.ev_identifier(node)
        if t == "call_expression":
            return self.ev_call(node)
        if t == "member_expression" or t == "subscript_expression":
            return self.ev_member(node)
        if t == "string":
            return Val("text", (s.string_value(node),))
        if t == "template_string":
            parts: list[str | None] = []
            origins: list[Origin] = []
            flags: set = set()
            for ch in node.named_children:
                if ch.type == "string_fragment":
                    parts.append(s.text(ch))
                elif ch.type == "escape_sequence":
                    esc = s.text(ch)
                    parts.append({"\\n": "\n", "\\t": "\t", "\\`": "`", "\\\\": "\\", "\\$": "$"}.get(esc, esc[1:]))
                elif ch.type == "template_substitution":
                    inner = ch.named_children[0] if ch.named_children else None
                    v = self.ev(inner)
                    parts.extend(v.parts if v.known else [None])
                    origins.extend(v.origins)
                    flags |= v.flags
            return Val("text", tuple(parts) or ("",), tuple(origins), flags=frozenset(flags))
        if t == "number":
            return Val("number", (s.text(node),))
        if t in ("true", "false", "null", "undefined", "regex"):
            return Val(t, (None,))
        if t in ("parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression",
                 "type_assertion", "await_expression", "spread_element"):
            inner = _unwrap(node) if t != "spread_element" else (node.named_children[0] if node.named_children else None)
            if inner is node:
                inner = node.named_children[0] if node.named_children else None
            return self.ev(inner)
        if t == "binary_expression":
            op_node = node.child_by_field_name("operator")
            op = s.text(op_node) if op_node is not None else ""
            left = self.ev(node.child_by_field_name("left"))
            right = self.ev(node.child_by_field_name("right"))
            if op == "+":
                if left.kind in ("number",) and right.kind in ("number",):
                    return Val("number")
                return Val("text", tuple(left.parts) + tuple(right.parts), left.origins + right.origins,
                           flags=left.flags | right.flags)
            if op in ("||", "??"):
                v = self.merge([left, right])
                if left.kind in ("env",):
                    return Val("env", (None,), v.origins, left.info, left.desc)
                return v
            if op == "&&":
                return Val("unknown", (None,), right.origins, flags=right.flags)
            return Val("boolean")
        if t == "ternary_expression":
            self.ev(node.child_by_field_name("condition"))
            a = self.ev(node.child_by_field_name("consequence"))
            b = self.ev(node.child_by_field_name("alternative"))
            return self.merge([a, b])
        if t == "unary_expression":
            self.ev(node.named_children[0] if node.named_children else None)
            return Val("boolean")
        if t == "new_expression":
            return self.ev_new(node)
        if t == "object":
            vals = []
            for prop in node.named_children:
                if prop.type == "pair":
                    vals.append(self.ev(prop.child_by_field_name("value")))
                elif prop.type == "shorthand_property_identifier":
                    vals.append(self.ev_identifier(prop))
                elif prop.type == "spread_element":
                    vals.append(self.ev(prop))
                elif prop.type == "method_definition":
                    nn = prop.child_by_field_name("name")
                    self.visit_function(prop, s.text(nn) if nn is not None else "", None)
            v = self.merge(vals, "object")
            v.info = {"node": node}
            self.config_object(node)
            return v
        if t == "array":
            vals = [self.ev(c) for c in node.named_children]
            v = self.merge(vals, "array")
            v.info = {"node": node, "pushed": []}
            return v
        if t in ("arrow_function", "function_expression", "function", "generator_function"):
            name_node = node.child_by_field_name("name")
            self.visit_function(node, s.text(name_node) if name_node is not None else "", None)
            return Val("function", info={"node": node})
        if t == "assignment_expression" or t == "augmented_assignment_expression":
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            ltext = s.text(left) if left is not None else ""
            cjs = re.match(r"^(?:module\.)?exports(?:\.(\w+))?$", ltext)
            if cjs and right is not None and (cjs.group(1) or ltext == "module.exports"):
                # CommonJS exports: `exports.handler = async (event) => ...`, `module.exports = fn`
                name = cjs.group(1) or "default"
                self.exported_names.add(name)
                inner = _unwrap(right)
                if inner.type in ("arrow_function", "function_expression", "function"):
                    self.visit_function(inner, name, self.export_context(name, inner))
                    return Val("function", info={"node": inner, "name": name})
                if inner.type == "identifier" and name == "default":
                    fv = self.lookup(s.text(inner))
                    if fv is not None and fv.kind == "function" and fv.info["node"] not in self.visited:
                        self.visit_function(fv.info["node"], s.text(inner), self.export_context("default", fv.info["node"]))
                if inner.type == "object" and name == "default":
                    for prop in inner.named_children:
                        if prop.type == "shorthand_property_identifier":
                            self.exported_names.add(s.text(prop))
                        elif prop.type == "pair":
                            k = prop.child_by_field_name("key")
                            if k is not None and _prop_name(k, s):
                                self.exported_names.add(_prop_name(k, s))
            v = self.ev(right)
            if left is not None:
                if left.type == "identifier":
                    if t == "augmented_assignment_expression":
                        old = self.lookup(s.text(left)) or UNKNOWN
                        v = Val("text", tuple(old.parts) + tuple(v.parts), old.origins + v.origins)
                    self.assign_identifier(s.text(left), v)
                elif left.type == "member_expression":
                    obj = left.child_by_field_name("object")
                    prop = left.child_by_field_name("property")
                    pname = s.text(prop) if prop is not None else ""
                    if obj is not None and obj.type == "this":
                        this = self.this_scope()
                        if this is not None:
                            this["this." + pname] = v
                    elif pname in ("textContent", "innerHTML", "innerText", "value", "outerHTML"):
                        if any(o.kind == "secret" for o in v.origins):
                            self.log_from(node, pname, v)
                    else:
                        self.ev(obj)
                elif left.type in ("object_pattern", "array_pattern"):
                    self.bind_pattern(left, v)
            return v
        if t in ("jsx_element", "jsx_self_closing_element", "jsx_fragment", "jsx_expression", "jsx_opening_element",
                 "jsx_attribute"):
            for c in node.named_children:
                self.ev(c)
            return UNKNOWN
        if t in ("class", "class_declaration"):
            self.visit_class(node)
            return UNKNOWN
        if t in ("sequence_expression",):
            vals = [self.ev(c) for c in node.named_children]
            return vals[-1] if vals else UNKNOWN
        if t in ("update_expression",):
            return Val("number")
        if t in ("this",):
            return Val("this")
        # unknown expression kinds (including ERROR): visit for side effects
        for c in node.named_children:
            if c.type.endswith("statement") or c.type.endswith("declaration"):
                self.statement(c)
            else:
                self.ev(c)
        return UNKNOWN

    def assign_identifier(self, name: str, v: Val) -> None:
        for frame in reversed(self.frames):
            if name in frame.vars:
                frame.vars[name] = v
                return
        self.bind(name, v)

    def ev_identifier(self, node: Any) -> Val:
        name = self.s.text(node)
        v = self.lookup(name)
        if v is None:
            fn = self.functions.get(name)
            if fn is not None:
                return Val("function", info={"node": fn, "name": name})
            if name == "undefined":
                return Val("undefined")
            v = UNKNOWN
        extra: list[Origin] = []
        tier = fw.pii_name_tier(name)
        if tier:
            extra.append(self.origin("pii", name, node, confidence=tier))
        if v.origins and self.is_bounded_text(name):
            v = v.with_origins(tuple(self.mark_bounded(o, f"{name}.length check") for o in v.origins))
        if extra:
            v = v.with_origins(v.origins + tuple(extra))
        return v

    @staticmethod
    def mark_bounded(o: Origin, bound: str) -> Origin:
        if o.kind in ("user", "history") and not o.bounded:
            return Origin(o.kind, o.description, o.loc, o.source_kind, True, o.weakly_bounded, bound, o.confidence)
        return o

    def member_path(self, node: Any) -> tuple[Any, list[str]]:
        """``a.b.c`` -> (node a, ["b", "c"]); calls in between are kept as the root."""
        props: list[str] = []
        cur = node
        while cur is not None and cur.type in ("member_expression", "subscript_expression"):
            if cur.type == "member_expression":
                prop = cur.child_by_field_name("property")
                props.append(self.s.text(prop) if prop is not None else "")
                cur = cur.child_by_field_name("object")
            else:
                idx = cur.child_by_field_name("index")
                props.append(_prop_name(idx, self.s) or "[]" if idx is not None else "[]")
                cur = cur.child_by_field_name("object")
            while cur is not None and cur.type in ("parenthesized_expression", "non_null_expression", "as_expression"):
                cur = _unwrap(cur)
        props.reverse()
        return cur, props

    def ev_member(self, node: Any) -> Val:
        s = self.s
        text = s.text(node)
        # process.env.X / import.meta.env.X / process.env['X'] / Bun.env.X / Deno.env
        if text.startswith(_ENV_MEMBER_LEADS):  # (every member expression comes here: regexes only then)
            m = _ENV_MEMBER.match(text)
            if m:
                prefix = "import.meta.env" if text.startswith("import") else "process.env"
                return self.env_read(m.group(1), node, desc=f"{prefix}.{m.group(1)}")
            if _ENV_WHOLE.match(text):
                return Val("env-object", info={"whole": True}, desc=text)
        m = _RUNTIME_CONFIG_PUBLIC.match(text) if text.startswith("useRuntimeConfig") else None
        if m:  # Nuxt: runtimeConfig.public.x is overridden by NUXT_PUBLIC_X and shipped to the client
            return self.env_read("NUXT_PUBLIC_" + self.env_name(m.group(1)).upper(), node, public=True,
                                 desc=text)
        obj_node = node.child_by_field_name("object")
        if node.type == "member_expression":
            prop_node = node.child_by_field_name("property")
            pname = s.text(prop_node) if prop_node is not None else ""
        else:
            idx = node.child_by_field_name("index")
            pname = (_prop_name(idx, s) if idx is not None else None) or "[]"
            if idx is not None and pname == "[]":
                self.ev(idx)
        if obj_node is not None and obj_node.type == "this":
            this = self.this_scope()
            v = this.get("this." + pname) if this is not None else None
            return v if v is not None else Val("unknown", desc=text)
        obj = self.ev(obj_node)
        v = self.member(obj, pname, node, text)
        if v.origins and self.is_bounded_text(text):
            v = v.with_origins(tuple(self.mark_bounded(o, f"`{text}.length` check") for o in v.origins))
        return v

    def member(self, obj: Val, pname: str, node: Any, text: str = "") -> Val:
        """The value of ``obj.pname`` (also used for destructuring)."""
        desc = f"{obj.desc}.{pname}" if obj.desc else (text or pname)
        k = obj.kind
        tier = fw.pii_name_tier(pname) if pname not in ("[]", "?") else ""
        pii = (self.origin("pii", desc, node, confidence=tier),) if tier else ()
        if k == "env-object":
            if pname in ("[]", "?"):
                return Val("env-object", info=obj.info, desc=desc)
            return self.env_read(pname, node, public=obj.info.get("public"), desc=f"{obj.desc or 'env'}.{pname}")
        if k == "module":
            spec = obj.info.get("spec", "")
            return self.module_val(spec, pname, node)
        if k == "import":
            spec = obj.info.get("spec", "")
            if obj.info.get("name") in ("default", "*") and _package_kind(spec):
                return self.module_val(spec, pname, node)
            return Val("import", info={"spec": spec, "name": f"{obj.info.get('name')}.{pname}", "member": pname}, desc=desc)
        if k == "sdk-class" and pname in fw.JS_CLIENT_CLASSES:
            return Val("sdk-class", info=dict(obj.info, cls=pname if pname != "default" else obj.info.get("cls")))
        if k == "req":
            sk = obj.info.get("sk", "http")
            bound = obj.info.get("bound")
            if pname in fw.JS_REQUEST_PROPS or (obj.info.get("gssp") and pname in ("query", "params")):
                kind = "history" if pname in fw.JS_HISTORY_NAMES else "user"
                weak = bool(self.body_limit) and pname == "body" and not bound
                return Val("unknown", (None,), (self.origin(kind, desc, node, sk, bounded=bool(bound),
                                                            bound=str(bound or (self.body_limit if weak else "")),
                                                            weak=weak),), desc=desc)
            if pname in ("request", "req", "event"):
                return Val("req", info=obj.info, desc=desc)
            if pname in ("url", "nextUrl", "originalUrl", "path"):
                return Val("url", (None,), (self.origin("user", desc, node, sk, bounded=True, bound="url"),),
                           info=obj.info, desc=desc)
            if pname in ("env",):
                return Val("env-object", info={"public": False}, desc=desc)
            if pname in ("apiKey", "api_key"):
                return Val("unknown", desc=desc)
            return Val("unknown", desc=desc)
        if k == "web-event":
            sk = obj.info.get("sk", "http")
            if pname in ("request",):
                return Val("req", info=obj.info, desc=pname)
            if pname in ("params", "searchParams", "query"):
                return Val("unknown", (None,), (self.origin("user", pname, node, sk),), desc=pname)
            if pname == "url":
                return Val("url", (None,), (self.origin("user", "url", node, sk, bounded=True, bound="url"),),
                           info=obj.info, desc="url")
            if pname in ("env",):
                return Val("env-object", info={"public": False}, desc=pname)
            if pname in ("platform",):
                return Val("web-event", info=obj.info, desc=pname)
            return Val("unknown", desc=pname)
        if k == "url":
            if pname == "searchParams":
                return Val("unknown", (None,), (self.origin("user", desc, node, obj.info.get("sk", "http")),), desc=desc)
            return Val("unknown", desc=desc)
        if k == "client":
            if pname in ("apiKey", "authToken", "api_key"):
                return Val("unknown", (None,), (self.origin("secret", desc, node),), desc=desc)
            return Val("client-path", info=dict(obj.info, path=obj.info.get("path", ()) + (pname,)), desc=desc)
        if k == "client-path":
            return Val("client-path", info=dict(obj.info, path=obj.info.get("path", ()) + (pname,)), desc=desc)
        if k == "validated":
            fields = obj.info.get("fields") or {}
            if pname in ("data", "value", "output", "body", "validated"):
                return Val("validated", obj.parts, obj.origins, obj.info, desc)
            if pname in ("success", "error", "issues", "length"):
                return Val("boolean")
            bounded = fields.get(pname, obj.info.get("all", False)) if fields else obj.info.get("all", False)
            kind_hist = pname in fw.JS_HISTORY_NAMES
            origins = tuple(
                Origin("history" if kind_hist and o.kind == "user" else o.kind, f"{o.description}.{pname}"[:80],
                       self.s.loc(node), o.source_kind, bounded or o.bounded, o.weakly_bounded,
                       "schema max" if bounded else o.bound, o.confidence) if o.kind in ("user", "history") else o
                for o in obj.origins)
            return Val("unknown", (None,), origins + pii, desc=desc)
        if k in ("object",) and obj.info.get("node") is not None:
            value_node = self.object_prop(obj.info["node"], pname)
            if value_node is not None:
                v = self.ev(value_node)
                return v.with_origins(v.origins + pii) if pii else v
        if pname == "length":
            return Val("number")
        if k == "storage" or any(o.kind == "storage" for o in obj.origins):
            return Val("storage", (None,), obj.origins, desc=desc)
        if pname == "value" and re.search(r"(getElementById|querySelector|target|currentTarget|Ref\b|ref\.current|input)",
                                          obj.desc + " " + (text or "")):
            return Val("storage", (None,), (self.origin("storage", desc, node),), desc=desc)
        if obj.origins:
            origins = []
            for o in obj.origins:
                if o.kind in ("user", "history"):
                    kind = "history" if pname in fw.JS_HISTORY_NAMES and o.kind == "user" else o.kind
                    if o.kind == "history" and pname in ("content", "text"):
                        kind = "user"
                    origins.append(Origin(kind, desc[:80], self.s.loc(node), o.source_kind, o.bounded,
                                          o.weakly_bounded, o.bound, o.confidence))
                elif o.kind in ("secret", "public-env", "env", "param"):
                    if pname in ("apiKey", "api_key", "key", "token", "value") or o.kind == "secret":
                        origins.append(o)
                elif o.kind == "pii":
                    continue
                else:
                    origins.append(o)
            return Val("unknown", (None,), tuple(origins) + pii, desc=desc, flags=obj.flags)
        return Val("unknown", (None,), pii, desc=desc)

    def object_prop(self, obj_node: Any, pname: str) -> Any:
        for prop in obj_node.named_children:
            if prop.type == "pair":
                key = prop.child_by_field_name("key")
                if key is not None and _prop_name(key, self.s) == pname:
                    return prop.child_by_field_name("value")
            elif prop.type == "shorthand_property_identifier" and self.s.text(prop) == pname:
                return prop
        return None

    def obj_props(self, node: Any) -> dict[str, Any] | None:
        """Properties of an object literal (following one identifier binding and spreads)."""
        if node is None:
            return None
        node = _unwrap(node)
        if node.type == "identifier":
            v = self.lookup(self.s.text(node))
            if v is not None and v.kind == "object" and v.info.get("node") is not None:
                node = v.info["node"]
            else:
                return None
        if node.type != "object":
            return None
        out: dict[str, Any] = {}
        for prop in node.named_children:
            if prop.type == "pair":
                key = prop.child_by_field_name("key")
                name = _prop_name(key, self.s) if key is not None else None
                if name is not None:
                    out[name] = prop
            elif prop.type == "shorthand_property_identifier":
                out[self.s.text(prop)] = prop
            elif prop.type == "spread_element":
                inner = prop.named_children[0] if prop.named_children else None
                sub = self.obj_props(inner)
                if sub:
                    for k, v in sub.items():
                        out.setdefault(k, v)
                else:
                    out.setdefault("...", prop)
            elif prop.type == "method_definition":
                nn = prop.child_by_field_name("name")
                if nn is not None:
                    out[self.s.text(nn)] = prop
        return out

    def prop_value(self, prop: Any) -> Any:
        if prop is None:
            return None
        if prop.type == "pair":
            return prop.child_by_field_name("value")
        return prop

    # -- calls ---------------------------------------------------------------------------------------
    def args_of(self, node: Any) -> list[Any]:
        args = node.child_by_field_name("arguments")
        if args is None:
            return []
        if args.type == "template_string":
            return [args]
        return [a for a in args.named_children if a.type != "comment"]

    def ev_call(self, node: Any) -> Val:
        s = self.s
        callee = node.child_by_field_name("function")
        args = self.args_of(node)
        if callee is None:
            return UNKNOWN
        ctext = s.text(callee)
        ctype = callee.type
        # require / import()
        if ctype == "identifier" and ctext == "require" and args and args[0].type == "string":
            spec = s.string_value(args[0])
            self.add_import(spec, ("*",), node)
            return self.module_val(spec, "default", node) if _package_kind(spec) else Val(
                "import", info={"spec": spec, "name": "default"})
        if ctype == "import":
            if args and args[0].type in ("string", "template_string"):
                spec = s.string_value(args[0]) if args[0].type == "string" else s.text(args[0]).strip("`")
                self.add_import(spec, ("*",), node, dynamic=True)
                return Val("module", info={"spec": spec, "pkg": _package_kind(spec)}) if _package_kind(spec) else Val(
                    "import", info={"spec": spec, "name": "*"})
            for a in args:
                self.ev(a)
            return UNKNOWN
        frame = self.calls_frame()
        if frame is not None:
            if ctype == "identifier":
                frame.calls.add(ctext)
            elif ctype == "member_expression":
                root, props = self.member_path(callee)
                if root is not None and root.type == "identifier" and props:
                    frame.calls.add(f"{s.text(root)}.{props[-1]}")
                    frame.calls.add(s.text(root))
        # a route registration? visit its handlers with the right context before evaluating args
        if ctype == "member_expression":
            routed = self.route_registration(node, callee, args)
            if routed is not None:
                return routed
        fval = self.ev(callee) if ctype != "member_expression" else None
        if ctype == "member_expression":
            obj_node = callee.child_by_field_name("object")
            prop_node = callee.child_by_field_name("property")
            method = s.text(prop_node) if prop_node is not None else ""
            obj = self.ev(obj_node) if obj_node is not None and obj_node.type != "this" else (
                self.ev_member(obj_node) if obj_node is not None and obj_node.type == "member_expression" else Val("this"))
            if obj_node is not None and obj_node.type == "this":
                obj = Val("this")
            return self.method_call(node, callee, obj, method, args, ctext)
        return self.function_call(node, callee, fval or UNKNOWN, args, ctext)

    def note_body_limit(self, text: str) -> None:
        m = re.search(r"(?:json|urlencoded|text|raw|bodyParser)\w*\(\s*\{[^}]*\blimit\s*:\s*['\"]?(\d+(?:\.\d+)?)\s*([kKmM]?[bB])?", text)
        if m:
            size = float(m.group(1)) * {"kb": 1024, "mb": 1 << 20, "b": 1}.get((m.group(2) or "b").lower(), 1)
            if size <= 64 * 1024:
                self.body_limit = f"{m.group(0).split('(')[0]}({{ limit: {m.group(1)}{m.group(2) or ''} }})"

    def route_registration(self, node: Any, callee: Any, args: list[Any]) -> Val | None:
        s = self.s
        obj_node = callee.child_by_field_name("object")
        prop_node = callee.child_by_field_name("property")
        method = s.text(prop_node) if prop_node is not None else ""
        if method not in fw.JS_ROUTE_METHODS and method not in ("use", "register", "addListener", "handle",
                                                                 "addEventListener", "fetch"):
            return None
        otext = s.text(obj_node) if obj_node is not None else ""
        funcs = [a for a in args if _unwrap(a).type in ("arrow_function", "function_expression", "function")
                 or (a.type == "identifier" and (self.functions.get(s.text(a)) is not None or (
                     (self.lookup(s.text(a)) or UNKNOWN).kind == "function")))]
        has_server = bool(self.import_kinds & set()) or any(
            i.module in fw.JS_SERVER_PACKAGES or i.module.split("/")[0] in fw.JS_SERVER_PACKAGES for i in self.imports)
        appish = re.search(r"(?i)(^|\.)(app|router|server|api|fastify|instance|routes?|r|hono|koa|v1|chat|web|http|srv)$", otext) \
            or (self.ev(obj_node).kind == "app" if obj_node is not None else False) or re.search(r"\.route\(", otext)
        if method in ("on", "addListener", "handle", "addEventListener") and funcs:
            event = s.string_value(args[0]) if args and args[0].type == "string" else ""
            socketish = re.search(r"(?i)(socket|ws|io|conn|channel|peer|client|ipcMain|onMessage|port|bot|slack|discord)", otext)
            if otext.endswith("onMessage") or otext.endswith("onMessageExternal") or otext.endswith("onConnect"):
                socketish = True
            if not socketish or event in ("connection", "connect", "close", "error", "disconnect", "open",
                                          "listening", "ready", "end", "exit"):
                return None
            ctx = {"style": "socket", "framework": "socket", "skip_first": otext == "ipcMain" or otext.endswith("ipcMain")}
            for a in args:
                if a in funcs:
                    self.visit_route_fn(a, f"{otext}.{method}({event!r})", ctx)
                else:
                    self.ev(a)
            return UNKNOWN
        if method == "fetch" and otext in ("app", "self") or not funcs:
            if method in ("use", "register"):
                for a in args:
                    self.note_body_limit(s.text(a))
                    v = self.ev(a)
                    if v.kind == "limiter" or re.search(r"(?i)rate.?limit|ratelimit|throttl|slowDown|limiter", s.text(a)):
                        self.limiters.add(v.info.get("label", "middleware") if v.kind == "limiter" else "middleware")
                return UNKNOWN
            return None
        if not (appish or has_server):
            return None
        if method in ("use", "register") and not (args and args[0].type == "string" and len(funcs) >= 1):
            # middleware without a path: a limiter installed app-wide, or a plugin
            for a in args:
                self.note_body_limit(s.text(a))
                if a in funcs and method == "use":
                    self.visit_route_fn(a, "middleware", None)
                    continue
                v = self.ev(a)
                if v.kind == "limiter" or re.search(r"(?i)rate.?limit|ratelimit|throttl|slowDown|limiter", s.text(a)):
                    self.limiters.add(v.info.get("label", "middleware") if v.kind == "limiter" else "middleware")
            return UNKNOWN
        route = s.string_value(args[0]) if args and args[0].type == "string" else ""
        limited = False
        bound = ""
        style = "hono" if "hono" in {i.module for i in self.imports} or any(
            i.module.startswith("hono") for i in self.imports) else "express"
        for a in args:
            if a in funcs:
                continue
            v = self.ev(a)
            atext = s.text(a)
            if v.kind == "limiter" or re.search(r"(?i)rate.?limit|ratelimit|throttl|slowDown|limiter", atext):
                limited = True
            if _MAXRE.search(atext) and re.search(r"(?i)maxLength|isLength|\.max\(|zValidator|validator|schema", atext):
                bound = "schema maxLength" if "maxLength" in atext else "validator max"
        ctx = {"style": style, "framework": style if style == "hono" else "express", "route": route,
               "rate_limited": limited, "bound": bound, "anchor": node}
        for a in funcs[-1:]:
            self.visit_route_fn(a, f"{method.upper()} {route}".strip() if route else method, ctx)
        for a in funcs[:-1]:
            self.visit_route_fn(a, "middleware", None)
        return UNKNOWN

    def visit_route_fn(self, a: Any, name: str, ctx: dict | None) -> None:
        inner = _unwrap(a)
        if inner.type == "identifier":
            v = self.lookup(self.s.text(inner))
            fnode = v.info.get("node") if v is not None and v.kind == "function" else self.functions.get(self.s.text(inner))
            if fnode is not None:
                self.visit_function(fnode, self.s.text(inner), ctx)
            return
        name_node = inner.child_by_field_name("name")
        self.visit_function(inner, self.s.text(name_node) if name_node is not None else name, ctx)

    def function_call(self, node: Any, callee: Any, fval: Val, args: list[Any], ctext: str) -> Val:
        s = self.s
        k = fval.kind
        if k == "factory":
            opts = args[0] if args else None
            idx = self.add_client(node, callee, fval.info.get("cls", "createAnthropic"), "@ai-sdk/anthropic", opts)
            return Val("provider", info={"client": idx})
        if k == "provider":
            for a in args:
                self.ev(a)
            if fval.info.get("default") and not self.aisdk_default_used:
                self.aisdk_default_used = True
                self.add_client(node, callee, "anthropic", "@ai-sdk/anthropic", None)
            return Val("model", info={"model": s.text(args[0]) if args else ""})
        if k == "module" and fval.info.get("pkg") == "sdk" or k == "sdk-class":
            # CJS: require('@anthropic-ai/sdk')(opts)
            opts = args[0] if args else None
            cls = fval.info.get("cls") or "Anthropic"
            idx = self.add_client(node, callee, cls, self.sdk_package(fval.info.get("spec", "@anthropic-ai/sdk")), opts)
            return Val("client", info={"client": idx})
        if k == "ai-fn":
            return self.ai_call(node, fval.info["fn"], args)
        if k == "agent-query":
            return self.agent_query(node, args)
        if k == "agent-fn":
            props = self.obj_props(args[0] if args else None) or {}
            aprop = props.get("agent")
            agent = self.ev(self.prop_value(aprop)) if aprop is not None else UNKNOWN
            claude, conf, instr = self.agent_from(agent, aprop)
            ref = None
            if not claude and agent.kind == "import" and agent.info.get("spec", "").startswith((".", "@/", "~/", "$lib", "#")):
                # an agent built in another module: a prompt call once phase 2 confirms it targets Claude
                claude, conf, instr, ref = True, "medium", "?", (agent.info["spec"], agent.info.get("name", "default"))
            if claude:
                self.uses_anthropic = self.uses_anthropic or ref is None
                self.record_prompt(node, fval.info.get("fn", "createAgentUIStreamResponse"), args[0], conf, ref,
                                   style="ai", extra_system=instr)
                return Val("response", info={"prompt": True})
        if k == "h3-source" or (ctext in fw.JS_H3_SOURCES and (self.handler() is not None or "server/" in self.relpath)):
            vals = [self.ev(a) for a in args]
            fn = fval.info.get("fn", ctext)
            if fn.startswith(("readValidated", "getValidated")):
                bounded = any(_MAXRE.search(s.text(a)) for a in args[1:]) or self.schema_arg_bounded(args[1:])
                return Val("validated", (None,), (self.origin("user", f"{fn}(event)", node, "http"),),
                           info={"fields": {}, "all": bounded})
            del vals
            kind = "user"
            return Val("unknown", (None,), (self.origin(kind, f"{fn}(event)", node, "http"),), desc=f"{fn}(event)")
        if k == "schema-lib" or k == "schema":
            for a in args:
                self.ev(a)
            return self.schema_val(node)
        if k == "limiter-class":
            for a in args:
                self.ev(a)
            return Val("limiter", info={"label": fw.JS_LIMITER_PACKAGES.get(fval.info.get("spec", ""), "limiter")})
        if ctext in ("defineEventHandler", "eventHandler", "defineHandler", "defineLazyEventHandler",
                     "onRequest", "onCall", "https.onRequest", "https.onCall", "functions.https.onRequest",
                     "functions.https.onCall", "cachedEventHandler", "defineWebSocketHandler"):
            style = "express" if "onRequest" in ctext else "h3"
            for a in args:
                inner = _unwrap(a)
                if inner.type in ("arrow_function", "function_expression", "function"):
                    if "onCall" in ctext:
                        self.visit_function(inner, ctext, {"style": "express", "framework": "firebase",
                                                           "req_only": False})
                    else:
                        self.visit_function(inner, ctext, {"style": style, "framework": "nuxt" if style == "h3" else "firebase"})
                elif inner.type == "object":
                    for prop in inner.named_children:
                        if prop.type in ("pair", "method_definition"):
                            val = prop.child_by_field_name("value") if prop.type == "pair" else prop
                            if val is not None and _unwrap(val).type in ("arrow_function", "function_expression", "method_definition", "function"):
                                self.visit_function(_unwrap(val), ctext, {"style": style, "framework": "nuxt"})
                            else:
                                self.ev(val)
                else:
                    self.ev(a)
            return UNKNOWN
        if ctext in ("useState", "useLocalStorage", "useSessionStorage", "useStorage", "useAtom", "useLocalStorageState"):
            for a in args:
                self.ev(a)
            return Val("unknown", info={"use_state": True})
        if ctext in ("fetch", "ky", "ofetch", "$fetch", "got") and args:
            return self.raw_fetch(node, args[0], args[1] if len(args) > 1 else None, None)
        # logging via bare functions
        if ctext in ("alert", "print", "json", "error", "text", "fail") and args:
            vals = [self.ev(a) for a in args]
            if ctext in ("json", "text", "error", "fail") and self.handler() is None:
                return UNKNOWN
            for v in vals:
                self.log_from(node, ctext, v)
            return UNKNOWN
        vals = [self.ev(a) for a in args]
        if ctext in ("JSON.stringify", "String") and vals and vals[0].kind == "env-object" and vals[0].info.get("whole"):
            return Val("unknown", (None,), (self.origin("secret", vals[0].desc, node, confidence="low"),))
        name = ctext.rsplit(".", 1)[-1]
        masks, truncates = _name_traits(name)
        if masks:
            return Val("unknown")
        if truncates and vals:
            origins = tuple(self.mark_bounded(o, f"`{ctext}()`") for o in vals[0].origins)
            return Val("text", (None,), origins, flags=vals[0].flags)
        if ctext in _PASS_FUNCS or name in ("convertToModelMessages", "convertToCoreMessages"):
            return self.merge(vals[:1] if ctext != "JSON.stringify" else vals[:1], "unknown") if vals else UNKNOWN
        if k == "function":
            merged = self.merge(vals)
            return Val("unknown", (None,), tuple(o for o in merged.origins if o.kind in ("user", "history", "pii")),
                       flags=merged.flags)
        if ctext.endswith(("readFileSync", "readFile")) and _READ_FILE_CALL.search(ctext) and args:
            path = self.path_arg(args[0])
            if path:
                return Val("text", (None,), info={"ref": ("@file", path)})
        if k == "import" and vals:
            return Val("unknown", (None,), (), info={"call_import": fval.info})
        return UNKNOWN

    def path_arg(self, node: Any) -> str:
        """A literal repository path from ``'x.md'``, ``path.join(process.cwd(), 'a', 'b.md')``,
        ``path.join(__dirname, 'x.md')``, ``new URL('./x.md', import.meta.url)``."""
        s = self.s
        node = _unwrap(node)
        if node.type == "string":
            return self.resolve_path(s.string_value(node), relative_to_file=False)
        if node.type == "new_expression":
            ctor = node.child_by_field_name("constructor")
            args = self.args_of(node)
            if ctor is not None and s.text(ctor) == "URL" and args and args[0].type == "string":
                return self.resolve_path(s.string_value(args[0]), relative_to_file=True)
        if node.type == "identifier":
            v = self.lookup(s.text(node))
            if v is not None and v.info.get("path"):
                return v.info["path"]
            if v is not None and v.known:
                return self.resolve_path(v.text, relative_to_file=False)
        if node.type == "call_expression":
            callee = node.child_by_field_name("function")
            ctext = s.text(callee) if callee is not None else ""
            if ctext.endswith(("join", "resolve")):
                parts = []
                rel_file = False
                for a in self.args_of(node):
                    at = s.text(a)
                    if at in ("__dirname", "import.meta.dirname"):
                        rel_file = True
                    elif at == "process.cwd()":
                        rel_file = False
                    elif a.type == "string":
                        parts.append(s.string_value(a))
                    else:
                        return ""
                if parts:
                    return self.resolve_path(posixpath.join(*parts), relative_to_file=rel_file)
        return ""

    def schema_arg_bounded(self, args: list[Any]) -> bool:
        for a in args:
            root, _ = self.member_path(_unwrap(a)) if _unwrap(a).type == "member_expression" else (_unwrap(a), [])
            if root is not None and root.type == "identifier":
                v = self.lookup(self.s.text(root))
                if v is not None and v.kind == "schema" and (v.info.get("all") or any(v.info.get("fields", {}).values())):
                    return True
        return False

    def schema_val(self, node: Any) -> Val:
        text = self.s.text(node)
        fields: dict[str, bool] = {}
        # find an object({...}) / keys({...}) call inside the chain
        cur = node
        while cur is not None and cur.type == "call_expression":
            callee = cur.child_by_field_name("function")
            if callee is None:
                break
            method = ""
            if callee.type == "member_expression":
                pn = callee.child_by_field_name("property")
                method = self.s.text(pn) if pn is not None else ""
            args = self.args_of(cur)
            if method in ("object", "strictObject", "looseObject", "keys", "shape") and args and args[0].type == "object":
                for prop in args[0].named_children:
                    if prop.type == "pair":
                        key = prop.child_by_field_name("key")
                        val = prop.child_by_field_name("value")
                        name = _prop_name(key, self.s) if key is not None else None
                        if name is not None and val is not None:
                            vtext = self.s.text(val)
                            bounded = bool(_MAXRE.search(vtext))
                            if not bounded and val.type == "identifier":
                                sv = self.lookup(vtext)
                                bounded = bool(sv is not None and sv.kind == "schema" and sv.info.get("all"))
                            fields[name] = bounded
                break
            cur = callee.child_by_field_name("object") if callee.type == "member_expression" else None
        return Val("schema", info={"fields": fields, "all": bool(_MAXRE.search(text)) and not fields})

    def method_call(self, node: Any, callee: Any, obj: Val, method: str, args: list[Any], ctext: str) -> Val:
        s = self.s
        k = obj.kind
        # --- Anthropic SDK client chains
        if k in ("client", "client-path"):
            path = obj.info.get("path", ()) + (method,)
            chain = ".".join(p for p in path if p not in ("withRawResponse", "withStreamingResponse"))
            if chain in ("withOptions",) or method in ("withOptions",):
                for a in args:
                    self.ev(a)
                return Val("client", info={k2: v for k2, v in obj.info.items() if k2 != "path"})
            if chain in fw.JS_SINK_CHAINS:
                return self.sdk_prompt(node, chain, args, "high", None)
            if chain in fw.JS_COUNT_CHAINS:
                for a in args:
                    self.ev(a)
                return Val("number", info={"count_tokens": True})
            for a in args:
                self.ev(a)
            return UNKNOWN
        if k == "llm":
            if method in fw.JS_LLM_METHODS:
                return self.lc_invoke(node, method, args, obj)
            if method in ("pipe", "bind", "bindTools", "withStructuredOutput", "withConfig", "withRetry"):
                for a in args:
                    self.ev(a)
                return Val("llm", info=obj.info)
        if k in ("agent", "import") and method in ("generate", "stream", "respond"):
            claude, conf, instr = self.agent_from(obj, callee)
            if claude:
                self.record_prompt(node, f"Agent.{method}", args[0] if args else None, conf, None, style="ai",
                                   extra_system=instr)
                return Val("response", info={"prompt": True})
        if k == "model" and method in ("generate", "stream", "doGenerate", "doStream"):
            for a in args:
                self.ev(a)
            return UNKNOWN
        if k == "provider" and method in ("languageModel", "chat", "messages", "textEmbeddingModel"):
            for a in args:
                self.ev(a)
            if not obj.info.get("client") and obj.info.get("default") and not self.aisdk_default_used:
                self.aisdk_default_used = True
                self.add_client(node, callee, "anthropic", "@ai-sdk/anthropic", None)
            return Val("model")
        if k == "module":
            pkg = obj.info.get("pkg")
            if pkg == "ai" and method in fw.JS_AI_FUNCTIONS:
                return self.ai_call(node, method, args)
            if pkg == "sdk" and method in fw.JS_CLIENT_CLASSES:
                idx = self.add_client(node, callee, method if method != "default" else "Anthropic",
                                      self.sdk_package(obj.info.get("spec", "")), args[0] if args else None)
                return Val("client", info={"client": idx})
        if k == "schema-lib":
            if method in ("parse", "safeParse", "parseAsync", "safeParseAsync", "is", "assert", "create") and len(args) >= 2:
                schema = self.ev(args[0])
                data = self.ev(args[1])
                return self.validated(schema, data)
            for a in args:
                self.ev(a)
            return self.schema_val(node)
        if k == "schema":
            if method in ("parse", "safeParse", "parseAsync", "safeParseAsync", "validate", "validateSync",
                          "validateAsync", "cast", "assert", "create", "mask"):
                data = self.merge([self.ev(a) for a in args[:1]])
                return self.validated(obj, data)
            for a in args:
                self.ev(a)
            v = self.schema_val(node)
            if obj.info.get("fields") and not v.info.get("fields"):
                v.info["fields"] = obj.info["fields"]
            return v
        if k == "limiter-class" or k == "limiter":
            for a in args:
                self.ev(a)
            if method in ("limit", "consume", "protect", "check", "penalty", "take", "removeTokens", "get"):
                self.fn_frame().limited = True
                return Val("unknown", info={"limiter_result": True})
            return Val("limiter", info={"label": obj.info.get("label") or fw.JS_LIMITER_PACKAGES.get(
                obj.info.get("spec", ""), "limiter")})
        if k == "req":
            vals = [self.ev(a) for a in args]
            sk = obj.info.get("sk", "http")
            bound = obj.info.get("bound")
            if method in ("json", "text", "formData", "parseBody", "arrayBuffer", "blob") and not args:
                return Val("unknown", (None,), (self.origin("user", f"{obj.desc or 'request'}.{method}()", node, sk,
                                                            bounded=bool(bound), bound=str(bound or "")),),
                           desc=f"{obj.desc}.{method}()")
            if method in ("query", "param", "header", "get", "queries", "cookie", "param") and args:
                return Val("unknown", (None,), (self.origin("user", s.text(node), node, sk, bounded=bool(bound),
                                                            bound=str(bound or "")),), desc=s.text(node)[:40])
            if method in ("query", "param") and not args:
                return Val("unknown", (None,), (self.origin("user", s.text(node), node, sk),), desc=s.text(node)[:40])
            if method == "valid":
                return Val("validated", (None,), (self.origin("user", s.text(node), node, sk, confidence="medium"),),
                           info={"fields": {}, "all": True})
            if method in fw.JS_RESPONSE_METHODS and args:
                for v in vals:
                    self.log_from(node, ctext, v)
            return UNKNOWN
        if k == "res" or (method in fw.JS_RESPONSE_METHODS and args and re.search(
                r"^(?:res|reply|response|resp|ctx|c|h|NextResponse|Response|Response\.json|ctx\.body)$",
                s.text(callee.child_by_field_name("object")))):
            vals = [self.ev(a) for a in args]
            if method in fw.JS_RESPONSE_METHODS or method in ("status", "code"):
                for v in vals:
                    self.log_from(node, ctext, v)
            if method in ("status", "code", "header", "set", "type", "setHeader"):
                return Val("res", desc=obj.desc)
            return UNKNOWN
        if k == "app" or k == "unknown" and obj.info.get("app"):
            pass
        # --- logging
        otext = s.text(callee.child_by_field_name("object"))
        if (otext == "console" and method in fw.JS_CONSOLE_METHODS) or (
                method in fw.JS_LOGGER_METHODS and fw.JS_LOGGER_NAMES.match(otext.rsplit(".", 1)[-1])) or (
                otext in ("process.stdout", "process.stderr") and method == "write") or (
                otext == "document" and method in ("write", "writeln")):
            vals = [self.ev(a) for a in args]
            for v in vals:
                self.log_from(node, ctext, v)
            return UNKNOWN
        # --- storage (bring-your-own-key)
        if _storage_call(ctext) or method in ("getItem", "getItemAsync") or (
                "storage" in otext.lower() and method == "get"):
            for a in args:
                self.ev(a)
            return Val("storage", (None,), (self.origin("storage", ctext, node),), desc=ctext)
        # --- axios / got / ky raw HTTP
        if otext in ("axios", "got", "ky", "superagent", "request", "http") and method in ("post", "request") and args:
            return self.raw_fetch(node, args[0], args[2] if len(args) > 2 else None, args[1] if len(args) > 1 else None)
        # --- array / string helpers on values
        vals = [self.ev(a) for a in args]
        if method == "push" and obj.kind == "array":
            obj.info.setdefault("pushed", []).extend(args)
            obj.origins = obj.origins + tuple(o for v in vals for o in v.origins)
            return Val("number")
        if method == "push" and node.parent is not None and callee.child_by_field_name("object").type == "identifier":
            target = self.lookup(otext)
            if target is not None and target.kind == "array":
                target.info.setdefault("pushed", []).extend(args)
                target.origins = target.origins + tuple(o for v in vals for o in v.origins)
                return Val("number")
        if method in ("slice", "substring", "substr") and obj.origins:
            n_args = len(args)
            neg = n_args == 1 and s.text(args[0]).lstrip().startswith("-")
            keep_small = False
            if n_args == 2 and args[0].type == "number" and args[1].type == "number":
                try:
                    # a prefix of up to 16 characters shows the `sk-ant-api03-` kind and 3 body characters at most
                    keep_small = abs(int(s.text(args[1])) - int(s.text(args[0]))) <= (16 if s.text(args[0]) == "0" else 8)
                except ValueError:
                    keep_small = False
            if n_args == 1 and neg:
                try:
                    keep_small = abs(int(s.text(args[0]))) <= 8
                except ValueError:
                    keep_small = False
            if n_args >= 2 or neg:
                origins = []
                for o in obj.origins:
                    if o.kind == "secret":
                        if not keep_small:
                            origins.append(o)
                        continue
                    origins.append(self.mark_bounded(o, f"`.{method}({s.text(args[0]) if args else ''}...)`"))
                return Val("text", (None,), tuple(origins), flags=obj.flags)
            return Val("text", (None,), obj.origins, flags=obj.flags)
        if method == "filter" and obj.origins:
            flt = s.text(args[0]) if args else ""
            flags = obj.flags | ({"role_filtered"} if re.search(r"\brole\b", flt) else set())
            return Val("array", (None,), obj.origins, flags=frozenset(flags))
        if method in ("map",) and obj.origins:
            mtext = s.text(args[0]) if args else ""
            flags = set(obj.flags)
            if re.search(r"role\s*:\s*['\"](?:user|assistant)['\"]", mtext) and not re.search(r"role\s*:\s*\w+\.role", mtext):
                flags.add("role_filtered")
            return Val("array", (None,), obj.origins, flags=frozenset(flags))
        if method in ("length",):
            return Val("number")
        if method in ("includes", "startsWith", "endsWith", "test", "has", "indexOf", "match", "some", "every",
                      "localeCompare", "search", "findIndex"):
            return Val("boolean")
        if method in _STRING_PASS_METHODS and (obj.origins or obj.parts):
            if method in ("replace", "replaceAll") and obj.known and all(v.known for v in vals[1:2]):
                return Val("text", (None,), obj.origins, flags=obj.flags)
            if method == "join" and obj.kind == "array" and obj.info.get("node") is not None:
                texts = [self.ev(c) for c in obj.info["node"].named_children]
                sep = vals[0].text if vals and vals[0].known else ("," if not args else None)
                parts: list = []
                for i, tv in enumerate(texts):
                    if i and sep is not None:
                        parts.append(sep)
                    elif i:
                        parts.append(None)
                    parts.extend(tv.parts if tv.known else [None])
                return Val("text", tuple(parts), obj.origins, flags=obj.flags)
            if method in ("trim", "trimStart", "trimEnd", "toString", "valueOf", "normalize") and obj.known:
                return Val("text", tuple(p.strip() if method.startswith("trim") else p for p in obj.parts), obj.origins)
            return Val("unknown", (None,), obj.origins + tuple(o for v in vals for o in v.origins if o.kind in ("user",)) if method == "concat" else obj.origins,
                       flags=obj.flags, info={"ref": obj.info.get("ref")} if obj.info.get("ref") else None)
        if _masks(method):
            return UNKNOWN
        if k == "import" and obj.info.get("spec", "").startswith((".", "@/", "~/", "$lib", "#")):
            sink = self.fallback_sink(node, callee, method, args)
            if sink is not UNKNOWN:
                return sink
            return Val("unknown", info={"call_import": obj.info})
        if method in ("readFileSync", "readFile") and args:
            path = self.path_arg(args[0])
            if path:
                return Val("text", (None,), info={"ref": ("@file", path)})
        if method == "then" and obj.origins:
            return Val("unknown", (None,), obj.origins)
        if method in ("json", "text", "formData") and not args and k == "unknown" and obj.origins:
            return Val("unknown", (None,), obj.origins)
        # SDK call on an unresolved receiver (fallback, §1.4 step 4) or on an imported singleton
        return self.fallback_sink(node, callee, method, args)

    def fallback_sink(self, node: Any, callee: Any, method: str, args: list[Any]) -> Val:
        root, props = self.member_path(callee)
        chain = ".".join(p for p in props if p not in ("withRawResponse", "withStreamingResponse"))
        if not chain:
            return UNKNOWN
        # strip the receiver segments before the SDK resource (this.client.messages.create)
        parts = chain.split(".")
        for i in range(len(parts)):
            tail = ".".join(parts[i:])
            if tail in fw.JS_SINK_CHAINS and (i < len(parts) - 1 or tail in ("complete",)):
                break
        else:
            return UNKNOWN
        if tail in ("complete", "completeStream") or "threads" in parts or "chat" in parts:
            return UNKNOWN
        recv = parts[:i]
        receiver_ref = None
        rv = None
        if root is not None and root.type == "identifier":
            rv = self.lookup(self.s.text(root))
            if rv is not None and rv.kind == "import" and not recv:
                spec = rv.info.get("spec", "")
                if spec.startswith((".", "@/", "~/", "$lib", "#", "src/")) or not _package_kind(spec):
                    if not _package_kind(spec) and not spec.startswith((".", "@/", "~/", "$lib", "#")):
                        return UNKNOWN  # a package we do not know (twilio...): never a Claude call
                    receiver_ref = (spec, rv.info.get("name", "default"))
        if rv is not None and rv.kind == "import" and recv and rv.info.get("spec", "").startswith((".", "@/", "~/", "$lib", "#")):
            receiver_ref = (rv.info["spec"], rv.info.get("name", "default") + "." + ".".join(recv))
        if root is not None and root.type == "call_expression" and not recv:
            fn = root.child_by_field_name("function")
            fname = self.s.text(fn) if fn is not None else ""
            fv = self.lookup(fname) if fn is not None and fn.type == "identifier" else None
            if fv is not None and fv.kind == "import" and fv.info.get("spec", "").startswith((".", "@/", "~/", "$lib", "#")) \
                    and re.search(r"(?i)anthropic|claude", fname + fv.info.get("spec", "")):
                return self.sdk_prompt(node, tail, args, "medium", None)
            if fv is not None and fv.kind == "function":
                fnode = fv.info["node"]
                if any(fnode.start_byte <= self.s.source.offset(c.loc.line, c.loc.column) <= fnode.end_byte
                       for c in self.clients) or re.search(r"new\s+Anthropic\w*\s*\(", self.s.text(fnode)):
                    return self.sdk_prompt(node, tail, args, "high" if "sdk" in self.import_kinds else "medium", None)
        clash = any(i.module.split("/")[0] in fw.JS_NAME_CLASH_PACKAGES for i in self.imports)
        sdk = "sdk" in self.import_kinds
        if receiver_ref is None and not (sdk and not (clash and not sdk)):
            for a in args:
                self.ev(a)
            return UNKNOWN
        if receiver_ref is None and clash:
            # both an SDK import and openai/twilio: only a receiver named like Claude counts
            name = self.s.text(root) if root is not None else ""
            if not re.search(r"(?i)anthropic|claude", name + ".".join(recv)):
                for a in args:
                    self.ev(a)
                return UNKNOWN
        shape = set(self.obj_props(args[0] if args else None) or ())
        if shape & {"to", "body", "thread_id"} and not shape & {"max_tokens", "system"}:
            for a in args:  # Twilio's messages.create({ to, from, body }) or OpenAI threads: not Claude
                self.ev(a)
            return UNKNOWN
        anthropic_shaped = bool(shape & {"max_tokens", "system", "stop_sequences", "thinking", "tool_choice"}) or (
            "messages" in shape and "model" in shape)
        if tail.startswith("completions"):
            anthropic_shaped = "max_tokens_to_sample" in shape  # OpenAI's legacy completions take max_tokens
        other_vendor = receiver_ref is not None and re.search(
            r"(?i)openai|gpt|twilio|sms|azure|groq|mistral|cohere|gemini|google|ollama|deepseek|together|perplexity"
            r"|fireworks|replicate|bedrock-runtime|llama", receiver_ref[0] + " " + receiver_ref[1] + " " + (
                self.s.text(root) if root is not None else ""))
        if other_vendor:
            anthropic_shaped = False
        if receiver_ref is not None and not clash and not (shape & {"to", "from", "body", "thread_id"}) and (
                anthropic_shaped or (root is not None and re.search(
                    r"(?i)anthropic|claude", self.s.text(root) + receiver_ref[1] + receiver_ref[0].rsplit("/", 1)[-1]))):
            # an imported singleton named like Claude (`import anthropic from '@/lib/anthropic'`) or
            # called with Anthropic's parameters (max_tokens, system, model + messages; never Twilio's
            # to/from/body): accept at medium confidence; others wait for phase-2 confirmation
            receiver_ref = None
        return self.sdk_prompt(node, tail, args, "medium", receiver_ref)

    def validated(self, schema: Val, data: Val) -> Val:
        fields = schema.info.get("fields") or {}
        all_b = bool(schema.info.get("all"))
        origins = data.origins
        if all_b and not fields:
            origins = tuple(self.mark_bounded(o, "schema max") for o in origins)
        return Val("validated", (None,), origins, info={"fields": fields, "all": all_b}, desc=data.desc, flags=data.flags)

    def ev_new(self, node: Any) -> Val:
        s = self.s
        ctor = node.child_by_field_name("constructor")
        args = self.args_of(node)
        if ctor is None:
            return UNKNOWN
        cval = self.ev(ctor)
        ctext = s.text(ctor)
        k = cval.kind
        if k == "sdk-class" or (k == "module" and cval.info.get("pkg") == "sdk"):
            cls = cval.info.get("cls") or "Anthropic"
            idx = self.add_client(node, ctor, cls, cval.info.get("package") or self.sdk_package(cval.info.get("spec", "")),
                                  args[0] if args else None)
            return Val("client", info={"client": idx})
        if k == "llm-class":
            idx = self.add_client(node, ctor, cval.info.get("cls", "ChatAnthropic"), cval.info.get("package", ""),
                                  args[0] if args else None, forces=bool(cval.info.get("forces")))
            return Val("llm", info={"client": idx})
        if k == "agent-class":
            props = self.obj_props(args[0] if args else None) or {}
            claude, conf = self.claude_model(self.prop_value(props.get("model")))
            for name, p in props.items():
                if name != "model":
                    val = self.prop_value(p)
                    if val is not None and val.type != "shorthand_property_identifier":
                        self.ev(val)
            if claude:
                self.uses_anthropic = True
            return Val("agent", info={"claude": claude, "conf": conf,
                                      "instructions": props.get("instructions") or props.get("system")})
        if k == "lc-msg-class":
            v = self.merge([self.ev(a) for a in args])
            content = args[0] if args else None
            return Val("lc-msg", (None,), v.origins, info={"role": cval.info["role"], "content": content})
        if k == "limiter-class" or re.match(r"^(?:Ratelimit|RateLimiter\w*|RateLimiterMemory|RateLimiterRedis)$", ctext):
            for a in args:
                self.ev(a)
            label = fw.JS_LIMITER_PACKAGES.get(cval.info.get("spec", ""), "limiter")
            self.limiters.add(label) if k == "limiter-class" else None
            return Val("limiter", info={"label": label})
        if ctext in ("URL",) and args:
            v = self.ev(args[0])
            for a in args[1:]:
                self.ev(a)
            if v.kind == "url" or v.origins:
                return Val("url", (None,), v.origins, info=v.info, desc="url")
            path = self.path_arg(node)
            return Val("unknown", info={"path": path} if path else None)
        if ctext in ("Response", "NextResponse") and args:
            v = self.ev(args[0])
            for a in args[1:]:
                self.ev(a)
            self.log_from(node, f"new {ctext}", v)
            return Val("res")
        if ctext in ("Error", "TypeError", "HTTPException", "HttpException", "BadRequestException", "createError") and args:
            vals = [self.ev(a) for a in args]
            return self.merge(vals)
        if ctext.endswith(("DefinePlugin", "EnvironmentPlugin")) and args:
            # webpack: inlines the named variables into the bundle
            inner = _unwrap(args[0])
            if inner.type == "object":
                for prop in inner.named_children:
                    key = prop.child_by_field_name("key") if prop.type == "pair" else None
                    name = _prop_name(key, s) if key is not None else None
                    if name:
                        self.env.append([re.sub(r"^(?:process\.env|import\.meta\.env)\.", "", name), s.loc(prop),
                                         "define", False])
            elif inner.type == "array":
                for el in inner.named_children:
                    if el.type == "string":
                        self.env.append([s.string_value(el), s.loc(el), "define", False])
            for a in args:
                self.ev(a)
            return UNKNOWN
        if ctext in ("Hono", "Koa", "Router", "Elysia") or ctext.endswith(("Router", "Server")):
            for a in args:
                self.ev(a)
            return Val("app")
        if ctext == "Anthropic" and cval.kind == "unknown" and not self.lookup("Anthropic"):
            # a global Anthropic (CDN <script> UMD build) in an HTML page
            if self.source.language == "html":
                idx = self.add_client(node, ctor, "Anthropic", "@anthropic-ai/sdk", args[0] if args else None,
                                      confidence="medium")
                return Val("client", info={"client": idx})
        vals = [self.ev(a) for a in args]
        return Val("unknown", (None,), tuple(o for v in vals for o in v.origins if o.kind in ("user", "history")))

    # -- Anthropic clients -----------------------------------------------------------------------------
    def add_client(self, node: Any, callee: Any, cls: str, package: str, opts: Any, forces: bool = False,
                   confidence: str = "high") -> int:
        from keylint.analysis.secrets import classify_key_literal, redact
        from keylint.rule import secret_hash

        s = self.s
        self.uses_anthropic = True
        props = self.obj_props(opts) or {}
        if opts is not None and not props:
            self.ev(opts)
        key_prop = None
        for name in ("apiKey", "authToken", "anthropicApiKey", "api_key", "awsAccessKey", "accessToken"):
            if name in props:
                key_prop = props[name]
                break
        api_key = None
        api_key_loc = None
        literal_kind = ""
        key_hash = ""
        if key_prop is not None:
            value = self.prop_value(key_prop)
            v = self.ev(value) if value.type != "shorthand_property_identifier" else self.ev_identifier(value)
            api_key_loc = s.loc(key_prop)
            api_key, literal_kind, key_hash = self.key_origin(value, v, classify_key_literal, redact, secret_hash)
        dab = ""
        dab_loc = None
        dprop = props.get("dangerouslyAllowBrowser")
        copts = props.get("clientOptions")
        if dprop is None and copts is not None:
            sub = self.obj_props(self.prop_value(copts)) or {}
            dprop = sub.get("dangerouslyAllowBrowser")
        if dprop is not None:
            dval = self.prop_value(dprop)
            if dval.type == "true":
                dab = "true"
            elif dval.type in ("false", "null", "undefined"):
                dab = ""
            else:
                v = self.ev(dval)
                dab = "" if v.kind == "false" else "dynamic"
            dab_loc = s.loc(dprop)
        same_origin = False
        for name in ("baseURL", "baseUrl", "anthropicApiUrl", "apiUrl"):
            bprop = props.get(name)
            if bprop is not None:
                btext = s.text(self.prop_value(bprop))
                bval = self.ev(self.prop_value(bprop))
                lit = bval.text if bval.known else ""
                if (lit.startswith("/") and not lit.startswith("//")) or lit.startswith("./") or re.search(
                        r"location\.origin|window\.location|location\.host|document\.baseURI", btext) or (
                        bval.parts and isinstance(bval.parts[0], str) and bval.parts[0].startswith("/")
                        and not bval.parts[0].startswith("//")):
                    same_origin = True
        for p in props.values():
            if p not in (key_prop, dprop):
                val = self.prop_value(p)
                if val is not None and val.type != "shorthand_property_identifier":
                    self.ev(val)
        if api_key is not None and api_key.kind in ("env", "public-env"):
            idx = self.env_by_loc.get(api_key.loc)
            if idx is not None:
                self.env[idx][3] = True
        # the construction's own span: `new Anthropic` / `createAnthropic`
        loc = s.loc(node, callee)
        self.clients.append(ClientConstruction(
            loc=loc, class_name=cls, package=package, api_key=api_key, api_key_loc=api_key_loc,
            dangerously_allow_browser=dab, dangerously_allow_browser_loc=dab_loc,
            base_url_same_origin=same_origin, api_key_literal=literal_kind, api_key_hash=key_hash,
            forces_browser_access=forces, confidence=confidence))
        return len(self.clients) - 1

    def key_origin(self, node: Any, v: Val, classify, redact, secret_hash) -> tuple[Origin | None, str, str]:
        loc = self.s.loc(node)
        for kind in ("public-env", "env"):
            for o in v.origins:
                if o.kind == kind:
                    return o, "", ""
        for o in v.origins:
            if o.kind in ("storage", "param", "secret", "user"):
                return (Origin("storage" if o.kind == "user" else o.kind, o.description, o.loc, o.source_kind), "", "")
        if v.known and v.kind in ("text",):
            value = v.text
            return Origin("literal", redact(value), loc), classify(value), secret_hash(value)
        if v.kind in ("undefined", "null"):
            return None, "", ""
        if v.kind == "storage":
            return Origin("storage", v.desc or self.s.text(node)[:40], loc), "", ""
        text = self.s.text(node)
        if re.search(r"(?i)localStorage|sessionStorage|storage|settings|prefs|config\.user|userKey|input|"
                     r"profile|\buser|account|workspace|byok|customer|tenant|\breq\.|request\.|headers", text):
            return Origin("storage", text[:60], loc, confidence="medium"), "", ""
        return Origin("unknown", text[:60], loc, confidence="low"), "", ""

    # -- prompt-sending calls ----------------------------------------------------------------------------
    def sdk_prompt(self, node: Any, api: str, args: list[Any], confidence: str,
                   receiver_ref: tuple[str, str] | None) -> Val:
        self.uses_anthropic = self.uses_anthropic or confidence == "high"
        opts = args[0] if args else None
        if api.endswith("batches.create"):
            props = self.obj_props(opts) or {}
            reqs = self.prop_value(props.get("requests"))
            params = None
            if reqs is not None and _unwrap(reqs).type == "array":
                for el in _unwrap(reqs).named_children:
                    sub = self.obj_props(el) or {}
                    if "params" in sub:
                        params = self.prop_value(sub["params"])
                        break
            if params is not None:
                opts = params
        self.record_prompt(node, api, opts, confidence, receiver_ref, style="sdk")
        for a in args[1:]:
            self.ev(a)
        return Val("response", info={"prompt": True})

    def ai_call(self, node: Any, fn: str, args: list[Any]) -> Val:
        opts = args[0] if args else None
        props = self.obj_props(opts) or {}
        claude, conf = self.claude_model(self.prop_value(props.get("model")))
        if not claude:
            if opts is not None:
                self.ev(opts)
            return UNKNOWN
        self.uses_anthropic = True
        self.record_prompt(node, fn, opts, conf, None, style="ai")
        return Val("response", info={"prompt": True})

    def claude_model(self, model_node: Any) -> tuple[bool, str]:
        """Does an AI SDK ``model`` expression target Claude? (anthropic(...) models, 'anthropic/...'
        gateway ids; an unresolved model in a file that uses the Anthropic provider: medium)."""
        claude = False
        conf = "high"
        if model_node is not None:
            mv = self.ev(model_node)
            if mv.kind == "model":
                claude = True
            elif mv.known and re.match(r"(?i)^(anthropic[/:]|claude)", mv.text):
                claude = True
            elif (mv.kind in ("unknown", "import", "param") and _unwrap(model_node).type != "call_expression"
                  and not mv.known and self.uses_anthropic and "aisdk" in self.import_kinds):
                claude, conf = True, "medium"
        return claude, conf

    def agent_from(self, val: Val, node: Any) -> tuple[bool, str, Any]:
        """(targets Claude, confidence, instructions property) of an AI SDK agent value."""
        if val.kind == "agent":
            return val.info.get("claude", False), val.info.get("conf", "high"), val.info.get("instructions")
        if val.kind == "import" and re.search(r"(?i)anthropic|claude", val.info.get("spec", "") + val.info.get("name", "")) \
                and re.search(r"(?i)agent", val.info.get("spec", "") + val.info.get("name", "")):
            return True, "medium", "?"  # defined in another module: its instructions are unknown here
        return False, "", None

    def agent_query(self, node: Any, args: list[Any]) -> Val:
        self.uses_anthropic = True
        self.record_prompt(node, "query", args[0] if args else None, "high", None, style="agent")
        return Val("response")

    def lc_invoke(self, node: Any, method: str, args: list[Any], llm: Val) -> Val:
        self.record_prompt(node, method, args[0] if args else None, "high", None, style="langchain")
        for a in args[1:]:
            self.ev(a)
        return Val("response")

    def raw_fetch(self, node: Any, url_node: Any, opts_node: Any, body_node: Any) -> Val:
        s = self.s
        uv = self.ev(url_node)
        utext = uv.text if uv.parts else ""
        if "api.anthropic.com" not in (utext + s.text(url_node)):
            if opts_node is not None:
                self.ev(opts_node)
            if body_node is not None:
                self.ev(body_node)
            return UNKNOWN
        props = self.obj_props(opts_node) or {}
        headers = self.obj_props(self.prop_value(props.get("headers"))) or {}
        key_prop = None
        dab = ""
        dab_loc = None
        for hname, hprop in headers.items():
            low = hname.lower()
            if low in ("x-api-key", "authorization"):
                key_prop = hprop
            if low == "anthropic-dangerous-direct-browser-access":
                hv = self.ev(self.prop_value(hprop))
                dab = "true" if hv.known and hv.text.lower() == "true" else "dynamic"
                dab_loc = s.loc(hprop)
        from keylint.analysis.secrets import classify_key_literal, redact
        from keylint.rule import secret_hash

        api_key = None
        literal = key_hash = ""
        api_key_loc = None
        if key_prop is not None:
            kv_node = self.prop_value(key_prop)
            kv = self.ev(kv_node)
            api_key_loc = s.loc(key_prop)
            api_key, literal, key_hash = self.key_origin(kv_node, kv, classify_key_literal, redact, secret_hash)
            if api_key is not None and api_key.kind in ("env", "public-env"):
                idx = self.env_by_loc.get(api_key.loc)
                if idx is not None:
                    self.env[idx][3] = True
        self.uses_anthropic = True
        self.clients.append(ClientConstruction(
            loc=s.loc(url_node), class_name="fetch", package="api.anthropic.com", api_key=api_key,
            api_key_loc=api_key_loc, dangerously_allow_browser=dab, dangerously_allow_browser_loc=dab_loc,
            api_key_literal=literal, api_key_hash=key_hash, confidence="medium"))
        body = body_node if body_node is not None else self.prop_value(props.get("body"))
        if body is not None:
            b = _unwrap(body)
            if b.type == "call_expression":
                bargs = self.args_of(b)
                if bargs:
                    b = bargs[0]
            if "/v1/messages" in utext + s.text(url_node) or "/v1/complete" in utext + s.text(url_node):
                self.record_prompt(node, "fetch /v1/messages", b, "medium", None, style="sdk")
            else:
                self.ev(body)
        return Val("response")

    def text_value(self, node: Any, v: Val) -> tuple[TextValue, tuple[str, str] | None]:
        ref = v.info.get("ref") if v.info else None
        parts = tuple(v.parts) if v.parts else (None,)
        if v.kind in ("array",) and v.info.get("node") is not None:
            # text blocks: [{type: 'text', text: '...'}]
            ps: list = []
            for el in v.info["node"].named_children:
                sub = self.obj_props(el)
                if sub and "text" in sub:
                    tv = self.ev(self.prop_value(sub["text"]))
                    if ps:
                        ps.append("\n")
                    ps.extend(tv.parts if tv.parts else [None])
                    r = tv.info.get("ref") if tv.info else None
                    ref = ref or r
                elif el.type in ("string", "template_string"):
                    ps.extend(self.ev(el).parts)
                else:
                    ps.append(None)
            parts = tuple(ps) or (None,)
        if ref is None and v.kind in ("unknown", "import", "text") and node is not None and _unwrap(node).type == "identifier":
            iv = self.lookup(self.s.text(_unwrap(node)))
            if iv is not None and iv.kind == "import":
                spec = iv.info.get("spec", "")
                if spec.startswith((".", "@/", "~/", "$lib", "#", "src/")):
                    ref = (spec, iv.info.get("name", "default"))
        if ref is None and v.info and v.info.get("call_import"):
            pass
        origins = tuple(o for o in v.origins if o.kind in ("user", "history", "pii"))
        return TextValue(self.s.loc(node), parts, origins, resolved_from=self.ref_text(ref)), ref

    def content_of(self, v: Val, inputs: list, pii: list, history: list, flags: set) -> None:
        for o in v.origins:
            if o.kind == "user":
                inputs.append(o)
            elif o.kind == "history":
                history.append(o)
                inputs.append(o)
            elif o.kind == "pii":
                pii.append(o)
        flags |= set(v.flags)

    def messages_of(self, node: Any, inputs: list, pii: list, history: list, flags: set,
                    sys_parts: list, sys_origins: list, depth: int = 0) -> None:
        if node is None or depth > 3:
            return
        node = _unwrap(node)
        if node.type in ("identifier", "shorthand_property_identifier"):
            v = self.ev_identifier(node)
            if v.kind == "array" and v.info.get("node") is not None and _unwrap(v.info["node"]).type == "array":
                self.messages_of(v.info["node"], inputs, pii, history, flags, sys_parts, sys_origins, depth + 1)
                for pushed in v.info.get("pushed", []):
                    self.message_element(pushed, inputs, pii, history, flags, sys_parts, sys_origins, depth)
                return
            self.content_of(v, inputs, pii, history, flags)
            return
        if node.type != "array":
            v = self.ev(node)
            if v.kind == "array" and v.info.get("node") is not None and v.info["node"] is not node:
                self.messages_of(v.info["node"], inputs, pii, history, flags, sys_parts, sys_origins, depth + 1)
                return
            self.content_of(v, inputs, pii, history, flags)
            return
        for el in node.named_children:
            self.message_element(el, inputs, pii, history, flags, sys_parts, sys_origins, depth)

    def message_element(self, el: Any, inputs: list, pii: list, history: list, flags: set,
                        sys_parts: list, sys_origins: list, depth: int) -> None:
        s = self.s
        el = _unwrap(el) if el.type != "spread_element" else el
        if el.type == "spread_element":
            inner = el.named_children[0] if el.named_children else None
            v = self.ev(inner)
            if v.kind == "array" and v.info.get("node") is not None:
                self.messages_of(v.info["node"], inputs, pii, history, flags, sys_parts, sys_origins, depth + 1)
                return
            for o in v.origins:
                if o.kind == "user":
                    history.append(Origin("history", o.description, o.loc, o.source_kind, o.bounded,
                                          o.weakly_bounded, o.bound, o.confidence))
            self.content_of(v, inputs, pii, history, flags)
            return
        if el.type == "array" and len(el.named_children) == 2 and el.named_children[0].type == "string":
            role = s.string_value(el.named_children[0])
            v = self.ev(el.named_children[1])
            if role == "system":
                sys_parts.extend(v.parts or [None])
                sys_origins.extend(o for o in v.origins if o.kind in ("user", "history"))
            else:
                self.content_of(v, inputs, pii, history, flags)
            return
        props = self.obj_props(el)
        if props is not None:
            role_v = self.ev(self.prop_value(props.get("role"))) if "role" in props else UNKNOWN
            role = role_v.text if role_v.known else ""
            content = props.get("content") or props.get("text")
            cv = self.ev(self.prop_value(content)) if content is not None else UNKNOWN
            if "role" in props and not role_v.known and role_v.origins:
                # role taken from the client: the history decides its own roles
                for o in role_v.origins:
                    history.append(Origin("history", o.description, o.loc, o.source_kind, o.bounded,
                                          o.weakly_bounded, o.bound, o.confidence))
            if role == "system":
                sys_parts.extend(cv.parts or [None])
                sys_origins.extend(o for o in cv.origins if o.kind in ("user", "history"))
                return
            self.content_of(cv, inputs, pii, history, flags)
            return
        v = self.ev(el)
        if v.kind == "lc-msg":
            cv = self.ev(v.info.get("content")) if v.info.get("content") is not None else UNKNOWN
            if v.info.get("role") == "system":
                sys_parts.extend(cv.parts or [None])
                sys_origins.extend(o for o in cv.origins if o.kind in ("user", "history"))
                return
            self.content_of(cv, inputs, pii, history, flags)
            return
        self.content_of(v, inputs, pii, history, flags)

    def record_prompt(self, node: Any, api: str, opts: Any, confidence: str,
                      receiver_ref: tuple[str, str] | None, style: str, extra_system: Any = None) -> None:
        s = self.s
        inputs: list[Origin] = []
        pii: list[Origin] = []
        history: list[Origin] = []
        flags: set = set()
        sys_parts: list = []
        sys_origins: list[Origin] = []
        system_tv = None
        system_loc = None
        system_ref = None
        has_system = False
        resolvable = True
        role_filtered = False
        if style == "langchain":
            if opts is not None:
                o = _unwrap(opts)
                if o.type == "array" or o.type == "identifier":
                    self.messages_of(o, inputs, pii, history, flags, sys_parts, sys_origins)
                else:
                    v = self.ev(o)
                    self.content_of(v, inputs, pii, history, flags)
                    if v.kind not in ("text",) and not v.known:
                        has_system, resolvable = True, False
            if sys_parts:
                has_system = True
        else:
            props = self.obj_props(opts)
            if props is None:
                if opts is not None:
                    v = self.ev(opts)
                    self.content_of(v, inputs, pii, history, flags)
                    for o in v.origins:
                        if o.kind == "user":
                            history.append(Origin("history", o.description, o.loc, o.source_kind, o.bounded,
                                                  o.weakly_bounded, o.bound, o.confidence))
                has_system, resolvable = True, False
            else:
                sys_key = "system"
                if style == "agent":
                    options = self.obj_props(self.prop_value(props.get("options"))) or {}
                    sprop = options.get("systemPrompt") or options.get("customSystemPrompt") or options.get("appendSystemPrompt")
                else:
                    sprop = props.get(sys_key) or (props.get("instructions") if style == "ai" else None) or (
                        extra_system if extra_system != "?" else None)
                    if sprop is None and extra_system == "?":
                        has_system, resolvable = True, False
                if sprop is not None:
                    has_system = True
                    value = self.prop_value(sprop)
                    sv = self.ev(value) if value.type != "shorthand_property_identifier" else self.ev_identifier(value)
                    system_tv, system_ref = self.text_value(value, sv)
                    system_loc = s.loc(sprop)
                    sys_origins.extend(o for o in sv.origins if o.kind in ("user", "history"))
                    pii.extend(o for o in sv.origins if o.kind == "pii")
                    if sv.kind not in ("text", "array") and not any(p for p in system_tv.parts if p) and system_ref is None:
                        resolvable = False
                mprop = props.get("messages") or props.get("uiMessages")
                if mprop is not None:
                    self.messages_of(self.prop_value(mprop), inputs, pii, history, flags, sys_parts, sys_origins)
                for key in ("prompt", "input", "question"):
                    pprop = props.get(key)
                    if pprop is not None:
                        pv = self.ev(self.prop_value(pprop))
                        self.content_of(pv, inputs, pii, history, flags)
                if "..." in props:
                    v = self.ev(self.prop_value(props["..."]))
                    self.content_of(v, inputs, pii, history, flags)
                    if not has_system:
                        has_system, resolvable = True, False
                allow = props.get("allowSystemInMessages")
                if allow is not None and self.prop_value(allow).type == "false":
                    role_filtered = True
                for name, p in props.items():
                    if name not in ("system", "messages", "prompt", "input", "question", "...", "instructions"):
                        val = self.prop_value(p)
                        if val is not None and val.type != "shorthand_property_identifier":
                            mv = self.ev(val)
                            if name == "metadata":
                                pii.extend(o for o in mv.origins if o.kind == "pii")
        if sys_parts:
            has_system = True
            if system_tv is None:
                first = sys_origins[0].loc if sys_origins else s.loc(node)
                system_tv = TextValue(first, tuple(sys_parts), tuple(sys_origins))
                if not any(p for p in sys_parts if p):
                    resolvable = False
            else:
                system_tv = TextValue(system_tv.loc, tuple(system_tv.parts) + ("\n",) + tuple(sys_parts),
                                      system_tv.origins + tuple(sys_origins), system_tv.resolved_from)
        if "role_filtered" in flags:
            role_filtered = True
        passthrough = None
        if history:
            unb = [o for o in history if not o.bounded]
            passthrough = (unb or history)[0]
        if system_ref is not None:
            resolvable = True
        user_inputs = tuple(o for o in inputs if o.kind in ("user", "history"))
        h = self.handler()
        self.prompts.append(PromptCall(
            loc=s.loc(node), api=api, confidence=confidence, has_system=has_system,
            system_resolvable=resolvable, system=system_tv, system_loc=system_loc,
            inputs=user_inputs + tuple(o for o in sys_origins if o not in user_inputs),
            system_inputs=tuple(sys_origins), pii_inputs=tuple(dict.fromkeys(pii)),
            history_passthrough=passthrough, handler=self.handler_key(h) if h else "",
            system_ref=system_ref, receiver_ref=receiver_ref, function=self.current_func(),
            history_role_filtered=role_filtered))

    def handler_key(self, h: dict) -> str:
        return f"{h['name']}@{h['node'].start_point[0] + 1}"

    # -- logging -------------------------------------------------------------------------------------
    def log_from(self, node: Any, callee: str, v: Val) -> None:
        if v.kind == "env-object" and v.info.get("whole"):
            self.logs.append(LogCall(self.s.loc(node), callee[:40],
                                     Origin("secret", v.desc or "process.env", self.s.loc(node), confidence="low")))
            return
        for o in v.origins:
            if o.kind == "secret":
                self.logs.append(LogCall(self.s.loc(node), callee[:40], o))
                return

    # -- build config (Next env, Vite define/envPrefix, webpack DefinePlugin, Nuxt runtimeConfig.public) ----
    def config_object(self, node: Any) -> None:
        if not self.is_config:
            return
        s = self.s
        for prop in node.named_children:
            if prop.type != "pair":
                continue
            key = prop.child_by_field_name("key")
            value = prop.child_by_field_name("value")
            name = _prop_name(key, s) if key is not None else None
            if name is None or value is None:
                continue
            inner = _unwrap(value)
            if name in ("env", "publicRuntimeConfig", "define") and inner.type == "object" and self.config_parent_ok(node):
                for sub in inner.named_children:
                    if sub.type == "pair":
                        sk = sub.child_by_field_name("key")
                        sname = _prop_name(sk, s) if sk is not None else None
                        if sname:
                            env_name = re.sub(r"^(?:import\.meta\.env|process\.env)\.", "", sname)
                            self.env.append([self.env_name(env_name), s.loc(sub), "define", False])
                        sv = sub.child_by_field_name("value")
                        if sv is not None:
                            for m in re.finditer(r"(?:process\.env|import\.meta\.env)\.(\w+)", s.text(sv)):
                                self.env.append([m.group(1), s.loc(sub), "define", False])
                    elif sub.type == "shorthand_property_identifier":
                        self.env.append([s.text(sub), s.loc(sub), "define", False])
            elif name == "public" and inner.type == "object" and re.search(r"runtimeConfig", s.text(node.parent) if node.parent is not None else ""):
                for sub in inner.named_children:
                    if sub.type == "pair":
                        sk = sub.child_by_field_name("key")
                        sname = _prop_name(sk, s) if sk is not None else None
                        if sname:
                            self.env.append([self.env_name(sname), s.loc(sub), "define", False])
            elif name in ("envPrefix", "publicPrefix"):
                vals = [inner] if inner.type != "array" else list(inner.named_children)
                for v in vals:
                    if v.type == "string":
                        self.env.append([s.string_value(v), s.loc(v), "prefix", False])

    def config_parent_ok(self, node: Any) -> bool:
        return True

    @staticmethod
    def env_name(name: str) -> str:
        if re.match(r"^[a-z][A-Za-z0-9]*$", name):
            return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).upper()
        return name

    # -- finish ----------------------------------------------------------------------------------------
    def finish(self) -> FileModel:
        s = self.s
        handlers = []
        for h in self.handlers:
            handlers.append(Handler(
                key=self.handler_key(h), name=h["name"], loc=s.loc(h["anchor"], self.header_end(h["node"])),
                framework=h["framework"], kind=h["kind"], rate_limited=bool(h["rate_limited"]),
                route=h["route"], rate_limit_note=h.get("note", ""), calls=tuple(sorted(h["calls"]))))
        if "429" in self.source.text and any(fw.JS_LIMIT_NAME.search(n) for n in self.functions):
            self.limiters.add("custom")
        env_refs = tuple(EnvRef(name, loc, ctx, bool(flows)) for name, loc, ctx, flows in self.env)
        text = self.view.text
        signals = _browser_signals(text)
        server_lines = []
        for start, end in self.view.server_ranges:
            server_lines.append((self.source.position(start)[0], self.source.position(max(start, end - 1))[0]))
        server_lines.extend(self.server_ranges)
        extra = []
        if any(i.module.startswith(("http://", "https://")) and _package_kind(i.module) for i in self.imports):
            extra.append(("cdn-sdk", "1"))
        # named functions that reach a prompt call through other functions of this file
        reach = {p.function for p in self.prompts if p.function and not p.handler}
        changed = True
        while changed:
            changed = False
            for fname, callees in self.func_calls.items():
                if fname not in reach and any(c.rsplit(".", 1)[-1] in reach for c in callees):
                    reach.add(fname)
                    changed = True
        for fname in sorted(reach - {p.function for p in self.prompts}):
            extra.append(("reaches_prompt", fname))
        return FileModel(
            language="javascript",
            imports=tuple(self.imports),
            exports=tuple(sorted(self.exported_names)),
            constants=tuple(self.constants.items()),
            directives=tuple(dict.fromkeys(self.directives)),
            uses_anthropic=self.uses_anthropic,
            clients=tuple(self.clients),
            prompt_calls=tuple(self.prompts),
            handlers=tuple(handlers),
            log_calls=tuple(self.logs),
            env_refs=env_refs,
            rate_limiters=tuple(sorted(self.limiters)),
            browser_signals=signals,
            extra=tuple(extra),
            client_exports=tuple(sorted(self.client_exports)),
            server_lines=tuple(server_lines),
        )

    def header_end(self, node: Any) -> Any:
        """The end of a function's header (its parameters, or ``=>``), so a handler's span is short."""
        if node.type == "arrow_function":
            for c in node.children:
                if c.type == "=>":
                    return c
        params = node.child_by_field_name("parameters") or node.child_by_field_name("parameter")
        return params if params is not None else node

    @staticmethod
    def anchor_of(node: Any) -> Any:
        """Where a handler's definition starts: the ``export`` keyword, the declaration, the method."""
        cur = node
        for _ in range(4):
            parent = cur.parent
            if parent is None:
                break
            if parent.type in ("export_statement",):
                return parent
            if parent.type in ("variable_declarator", "lexical_declaration", "variable_declaration"):
                cur = parent
                continue
            break
        return cur if cur.type in ("lexical_declaration", "variable_declaration") else node


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------
def _errors(root: Any, source: SourceFile, pos: _Positions, limit: int = 5) -> tuple[str, ...]:
    if not root.has_error:
        return ()
    out: list[str] = []
    stack = [root]
    while stack and len(out) < limit:
        node = stack.pop()
        if node.is_error or node.is_missing:
            line, col = source.position(pos.char(node.start_byte))
            out.append(f"syntax error at {line}:{col}" + (f" (missing {node.type})" if node.is_missing else ""))
            continue
        if node.has_error:
            stack.extend(reversed(node.children))
    return tuple(out)


BUNDLE_BYTES = 512 * 1024  # half a MiB of script is generated or vendored, not hand-written app code
_LONG_LINE = 5000
#: a bundler's module runtime at the top of a file: webpack's, or browserify's prelude (a loader
#: with one-letter parameters that throws "Cannot find module"). Prettified bundles have short
#: lines; eslint's test copy of jshint (0.39 MB) was 10 % of the benchmark corpus's JS analysis
_BUNDLE_RUNTIME = re.compile(r"webpackBootstrap|__webpack_require__\(")
_BROWSERIFY_PRELUDE = re.compile(r"\(\s*function\s*\w?\s*\(\s*\w\s*,\s*\w\s*,\s*\w\s*\)\s*\{")


def _is_bundle(text: str) -> bool:
    if len(text) > BUNDLE_BYTES:
        return True
    head = text[:200_000]
    if len(head) < 20_000:
        return False
    lines = head.count("\n") + 1
    if len(head) / lines > 300 or any(len(line) > _LONG_LINE for line in head.split("\n", 50)[:50]):
        return True
    top = head[:5000]
    return bool(_BUNDLE_RUNTIME.search(top) or (
        "Cannot find module" in top and _BROWSERIFY_PRELUDE.search(top)))


#: seconds tree-sitter may spend on one file. Some inputs send the TSX grammar's error recovery
#: into a practically endless loop (a 60-byte fuzz input ran for minutes); the parse runs in C,
#: where the engine's SIGALRM budget cannot interrupt it. Parsing through a read callback with a
#: progress callback gives control back to Python thousands of times a second; past the deadline
#: the read answers "end of input" and the progress callback cancels (measured cost: ~5%).
PARSE_DEADLINE = 5.0


def _parse_with_deadline(parser: Any, data: bytes, seconds: float) -> Any:
    deadline = time.monotonic() + seconds
    expired = False

    def read(offset: int, _point: Any) -> bytes:
        nonlocal expired
        if expired or time.monotonic() > deadline:
            expired = True
            return b""
        return data[offset:offset + 65536]

    def progress(*_state: Any) -> bool:
        # called by tree-sitter thousands of times a second even when it reads nothing more
        # (a small file is read at once); True cancels the parse. It is also the Python frame in
        # which the engine's budget alarm fires.
        nonlocal expired
        if time.monotonic() > deadline:
            expired = True
        return expired

    try:
        tree = parser.parse(read, progress_callback=progress)
    except BaseException:
        parser.reset()  # a cancelled or interrupted parse must not resume on the next file
        if not expired:
            raise
        tree = None
    if expired or tree is None:
        parser.reset()
        raise ParseFailure(f"tree-sitter did not finish parsing within {seconds:g} s (pathological input); "
                           "credentials were still scanned")
    return tree


def build_model(source: SourceFile, full: bool = False) -> FileModel:
    """Parse one JS/TS-family file and extract its facts. Never raises on syntax errors.
    ``full``: analyse even a file the semantic prefilter would give the light model (phase 2
    asks for a module whose constant a prompt call imports). The light path is js_light's."""
    return js_light.build_model(source, full)


def analyse(source: SourceFile, view: ScriptView, data: bytes) -> FileModel:
    """The full analysis of a file js_light did not pass over (``data``: the view's text, UTF-8)."""
    if _is_bundle(view.text):
        # minified or bundled output (vendor code, build artefacts): imports and directives only;
        # credential literals in it are still found by KL001's text scan
        from dataclasses import replace

        return replace(light_model(source, view), extra=(("analysis", "skipped: minified or bundled file"),))
    try:
        tree = _parse_with_deadline(_parser(view.dialect), data, PARSE_DEADLINE)
    except ParseFailure:
        raise
    except Exception as exc:  # noqa: BLE001 - tree-sitter itself failing is a parse failure
        # the engine's per-file budget fires inside the read callback; tree-sitter then reports
        # a SystemError whose context is the budget's exception: let that through
        if isinstance(exc.__context__, BaseException) and not isinstance(exc.__context__, Exception):
            raise exc.__context__ from None
        raise ParseFailure(f"tree-sitter could not parse the file: {exc}") from exc
    pos = _Positions(view.text, data)
    root = tree.root_node
    analyzer = _Analyzer(source, view, root, data, pos)
    model = analyzer.run()
    errors = _errors(root, source, pos)
    if errors:
        from dataclasses import replace

        model = replace(model, parse_errors=errors)
    return model

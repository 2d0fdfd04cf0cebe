"""The language-neutral model of an Anthropic integration, built once per file.

The Python front end (``analysis/python.py``) and the JavaScript/TypeScript front end
(``analysis/javascript.py``) each turn a parsed file into one :class:`FileModel`. Rules KL003-KL010
never look at syntax trees: they read these facts, so a rule is written once for both languages and
its examples in both languages run through the same code.

Everything here is a small frozen value, picklable, holding no secret: a credential literal is
recorded as a redacted preview plus a hash, never its text. Front ends fill what they can; an
empty tuple means "none found", never "unknown" (unknowns are modelled explicitly, e.g.
:attr:`TextValue.parts` holding ``None``).

Positions are :class:`Loc` values: 1-based lines, 1-based columns in characters, end exclusive,
relative to the *file* (a notebook cell or a ``<script>`` block is mapped back by the front end).

Extending this module: add fields with defaults only, so both front ends keep working.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from keylint.findings import Span

Loc = Span  # one position type across keylint


# --------------------------------------------------------------------------------------------
# Values and where they come from
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Origin:
    """Where (part of) a value comes from.

    ``kind``:
      - ``user``        user-controlled input (a taint source from frameworks.py)
      - ``history``     a client-supplied message history (array) forwarded as ``messages``
      - ``pii``         a value whose name or source denotes personal data (KL009)
      - ``secret``      the API key's value (an env read of a secret-bearing var, a key literal)
      - ``public-env``  a value read from a public (browser-inlined) env var (KL006)
      - ``env``         a value read from a private env var
      - ``literal``     a string literal in the code
      - ``storage``     browser storage / an <input> / settings store (bring-your-own-key)
      - ``param``       a function parameter of unknown provenance
    ``source_kind`` refines ``user`` for severity: ``http``, ``action`` (server action), ``bot``,
    ``ui`` (Streamlit/Gradio/Chainlit), ``socket``, ``cli``, ``stored`` (DB rows, fetched pages).
    ``description`` is short code-like text for messages, e.g. ``request.json["q"]``.
    ``bounded``: a length bound (frameworks.py / llm-rules.md section 1.8) dominates the use;
    ``weakly_bounded``: only a global request-size limit does; ``bound`` says which check.
    """

    kind: str
    description: str
    loc: Loc
    source_kind: str = ""
    bounded: bool = False
    weakly_bounded: bool = False
    bound: str = ""
    confidence: str = "high"  # high | medium | low


@dataclass(frozen=True)
class TextValue:
    """A string-valued expression as far as it could be resolved.

    ``parts`` holds the known text pieces in order and ``None`` for each piece that could not be
    resolved (a call result, a parameter...). ``origins`` lists what flows into the value (user
    input, PII, env reads...), each with its own location. ``loc`` is the expression's location.
    """

    loc: Loc
    parts: tuple[str | None, ...] = ()
    origins: tuple[Origin, ...] = ()
    #: the value came from a file in the repository (a prompt file) or another module's constant
    resolved_from: str = ""

    @property
    def known_text(self) -> str:
        return "".join(p for p in self.parts if p is not None)

    @property
    def is_fully_known(self) -> bool:
        return bool(self.parts) and all(p is not None for p in self.parts)

    @property
    def is_unknown(self) -> bool:
        return not any(p for p in self.parts if p)


# --------------------------------------------------------------------------------------------
# Facts
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Import:
    """An import: ``module`` is the specifier as written (``anthropic``, ``./lib/claude``,
    ``@/lib/ai``); ``names`` the imported names (``default``, ``*`` or identifiers)."""

    module: str
    names: tuple[str, ...] = ()
    loc: Loc | None = None
    is_dynamic: bool = False
    is_type_only: bool = False


@dataclass(frozen=True)
class ClientConstruction:
    """An Anthropic client (or a wrapper provider/model) being built.

    ``api_key`` describes where the key given to it comes from: an :class:`Origin` of kind
    ``literal`` / ``env`` / ``public-env`` / ``storage`` / ``param`` / ``secret``, or None when no
    key is passed (the SDK reads ``ANTHROPIC_API_KEY`` from the environment).
    ``dangerously_allow_browser``: ``"true"`` (literal true), ``"dynamic"`` (a non-literal
    value) or ``""`` (absent/false). ``base_url_same_origin``: the baseURL is a relative or
    same-origin proxy path.
    """

    loc: Loc
    class_name: str  # Anthropic, AsyncAnthropic, AnthropicBedrock, createAnthropic, ChatAnthropic...
    package: str  # anthropic, @anthropic-ai/sdk, @ai-sdk/anthropic, langchain_anthropic...
    api_key: Origin | None = None
    api_key_loc: Loc | None = None
    dangerously_allow_browser: str = ""
    dangerously_allow_browser_loc: Loc | None = None
    base_url_same_origin: bool = False
    #: for a string-literal key: secrets.classify_key_literal(value) -> "credential",
    #: "placeholder" or "secret"; and secrets.redact(value) in ``api_key.description``
    api_key_literal: str = ""
    #: rule.secret_hash(value) of a literal key (fingerprint identity; never the value)
    api_key_hash: str = ""
    #: wrapper that forces browser access internally (LangChain JS ChatAnthropic)
    forces_browser_access: bool = False
    confidence: str = "high"


@dataclass(frozen=True)
class PromptCall:
    """A call that sends content to Claude (messages.create/stream/parse, batches, legacy
    completions, AI SDK generateText/streamText, LangChain invoke, LiteLLM completion...).

    ``system`` is the resolved system prompt (including ``role: "system"`` entries of
    ``messages``); ``has_system`` is False when the call carries no system prompt at all;
    ``system_resolvable`` is False when a system prompt exists but could not be resolved to text
    (then KL005 stays quiet). ``inputs`` are the values that reach the prompt content
    (``messages[*].content``, ``prompt``, ``system``...), each with the :class:`Origin` chain
    that makes it interesting (user input, PII). ``handler`` is the :attr:`Handler.key` of the
    enclosing request handler, if any.
    """

    loc: Loc
    api: str  # normalised chain, e.g. "messages.create", "beta.messages.stream", "streamText"
    confidence: str = "high"
    has_system: bool = False
    system_resolvable: bool = True
    system: TextValue | None = None
    system_loc: Loc | None = None
    inputs: tuple[Origin, ...] = ()
    #: user input flowing into the system prompt (KL007), with where it enters
    system_inputs: tuple[Origin, ...] = ()
    #: PII values flowing into prompt content (KL009), with where they enter
    pii_inputs: tuple[Origin, ...] = ()
    #: a client-supplied history forwarded as ``messages`` without an array bound
    history_passthrough: Origin | None = None
    handler: str = ""
    #: the system prompt is defined by a reference still to resolve in the project phase,
    #: e.g. ("prompts", "SYSTEM_PROMPT") for a constant imported from ./prompts
    system_ref: tuple[str, str] | None = None
    #: (added by the Python front end) the receiver is a name imported from another module of
    #: the repository, e.g. ("app.llm", "client"); the call is a prompt call only if that module
    #: exports a client under that name (FileModel.client_exports) -- see analysis/xref.py.
    #: ``system_ref`` may also be ("@file", "prompts/system.md") for a prompt file read from a
    #: literal path (relative to the project root or to the module's directory)
    receiver_ref: tuple[str, str] | None = None
    #: (added by the JS front end) name of the enclosing named function or method, so a handler
    #: that calls it (Handler.calls) reaches this call -- KL008's one-hop call graph
    function: str = ""
    #: (JS front end) ``history_passthrough.bounded`` says whether an array/length bound applies
    #: (added by the Python front end) the forwarded history (``history_passthrough``) is
    #: filtered or rebuilt by role on the way (KL007's history variant does not apply)
    history_role_filtered: bool = False
    #: (added by the Python front end) parameters of the enclosing module-level function whose
    #: values reach the prompt, as "index:name" (for cross-module joins, analysis/xref.py); on an
    #: entry of FileModel.outgoing_calls: the one argument it carries, as "index:" or ":name"
    param_inputs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Handler:
    """A request handler or other public entry point (§1.9 of llm-rules.md).

    ``kind``: ``http``, ``action`` (server action), ``socket``, ``bot``, ``ui``, ``serverless``.
    ``rate_limited``: a per-user limit is visible at the handler (decorator, middleware on the
    route, an in-body limiter check).
    """

    key: str  # unique within the file, e.g. "chat@12"
    name: str
    loc: Loc
    framework: str = ""
    kind: str = "http"
    rate_limited: bool = False
    route: str = ""
    #: (added by the Python front end) why a visible limiter may not work, e.g. slowapi's
    #: ``@limiter.limit`` on an endpoint without a ``request`` parameter
    rate_limit_note: str = ""
    #: (added by the JS front end) functions the handler calls: local names and names imported
    #: from repository modules (``ask``, ``claude.ask``), for KL008's one-hop call graph
    calls: tuple[str, ...] = ()


@dataclass(frozen=True)
class LogCall:
    """A print/log/console call (or a response body) that outputs the API key's value."""

    loc: Loc
    callee: str  # print, logging.info, console.log, res.json...
    value: Origin  # kind "secret": what was logged, e.g. os.environ["ANTHROPIC_API_KEY"]
    masked: bool = False  # the value is visibly truncated/masked (key[:8] + "...")


@dataclass(frozen=True)
class EnvRef:
    """A read (or publication) of an environment variable by name.

    ``context``: ``read`` (os.environ / process.env / import.meta.env), ``define`` (build config
    that inlines it: Next ``env``, Vite ``define``), ``assign`` (a .env or CI file assigns it),
    ``prefix`` (JS: a build config makes every name with this prefix public: Vite ``envPrefix``,
    SvelteKit ``publicPrefix``; ``name`` is the prefix).
    ``flows_to_api_key``: the value is passed as a client's key.
    """

    name: str
    loc: Loc
    context: str = "read"
    flows_to_api_key: bool = False


@dataclass(frozen=True)
class FileModel:
    """Everything the rules need to know about one Python or JS/TS file."""

    language: str  # "python" | "javascript"
    imports: tuple[Import, ...] = ()
    #: names this module exports/defines at top level (for the import graph and constants)
    exports: tuple[str, ...] = ()
    #: module-level string constants: name -> resolved value
    constants: tuple[tuple[str, TextValue], ...] = ()
    #: directives and markers: "use client", "use server", "server-only", "client-only"
    directives: tuple[str, ...] = ()
    uses_anthropic: bool = False
    clients: tuple[ClientConstruction, ...] = ()
    prompt_calls: tuple[PromptCall, ...] = ()
    handlers: tuple[Handler, ...] = ()
    log_calls: tuple[LogCall, ...] = ()
    env_refs: tuple[EnvRef, ...] = ()
    #: rate limiters this file installs or uses (slowapi, express-rate-limit, ...), for the
    #: project-wide inventory of KL008
    rate_limiters: tuple[str, ...] = ()
    #: weak browser signals for runtime classification (window., document., hooks...)
    browser_signals: tuple[str, ...] = ()
    #: parse problems the front end recovered from (tree-sitter ERROR nodes, a cell that failed)
    parse_errors: tuple[str, ...] = ()
    extra: tuple[tuple[str, str], ...] = field(default=())
    #: (added by the Python front end) module-level names bound to an Anthropic client or
    #: wrapper, for one-hop cross-module client resolution (PromptCall.receiver_ref)
    client_exports: tuple[str, ...] = ()
    #: (added by the Python front end) calls to functions imported from other modules of the
    #: repository that pass user input: ``api`` = the called name, ``receiver_ref`` = (module,
    #: function), ``inputs`` = the user input passed, ``handler`` = the calling handler.
    #: analysis/xref.py joins them with the callee's prompt calls (one cross-module hop).
    outgoing_calls: tuple[PromptCall, ...] = ()
    #: (added by the JS front end) 1-based inclusive line ranges of code that runs on the server
    #: even in a browser file: Astro frontmatter, Next getServerSideProps/getStaticProps bodies,
    #: Remix/React Router loader/action bodies (see runtime.runtime_at)
    server_lines: tuple[tuple[int, int], ...] = ()
    #: import facts only (imports, directives, server_lines), no analysis: a file the front end's
    #: semantic prefilter passed over. Phase 1 keeps no text for it (the client import graph
    #: needs none; Project.text_of reads it again if a rule ever does)
    light: bool = False

    def constant(self, name: str) -> TextValue | None:
        for key, value in self.constants:
            if key == name:
                return value
        return None

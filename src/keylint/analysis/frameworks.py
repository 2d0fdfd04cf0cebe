"""Knowledge tables shared by the front ends and rules (research/llm-rules.md §1.3-§1.9).

Plain data, no logic beyond tiny helpers. Sections are owned by different engineers: edit your
section with small, local changes.
"""

from __future__ import annotations

import functools
import re

# --------------------------------------------------------------------------------------------
# Shared (both languages)
# --------------------------------------------------------------------------------------------
#: env vars that hold an Anthropic credential (KL006, KL010)
SECRET_ENV_VARS = frozenset({
    "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_FOUNDRY_API_KEY", "ANTHROPIC_AWS_API_KEY",
    "AWS_BEARER_TOKEN_BEDROCK", "ANTHROPIC_WEBHOOK_SIGNING_KEY", "ANTHROPIC_IDENTITY_TOKEN",
    "ANTHROPIC_ENVIRONMENT_KEY", "ANTHROPIC_WORK_SECRET", "CLAUDE_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN",
})

#: env-name prefixes that frameworks inline into browser bundles (llm-rules.md §1.6)
PUBLIC_ENV_PREFIXES: tuple[tuple[str, str, str], ...] = (
    # (prefix, framework, confidence)
    ("NEXT_PUBLIC_", "Next.js", "high"),
    ("VITE_", "Vite", "high"),
    ("REACT_APP_", "Create React App", "high"),
    ("NUXT_PUBLIC_", "Nuxt", "high"),
    ("NUXT_ENV_", "Nuxt 2", "medium"),
    ("PUBLIC_", "SvelteKit/Astro", "high"),
    ("EXPO_PUBLIC_", "Expo", "high"),
    ("GATSBY_", "Gatsby", "high"),
    ("VUE_APP_", "Vue CLI", "high"),
    ("PLASMO_PUBLIC_", "Plasmo", "high"),
    ("WXT_", "WXT", "high"),
    ("STORYBOOK_", "Storybook", "high"),
    ("REDWOOD_ENV_", "RedwoodJS", "high"),
    ("SANITY_STUDIO_", "Sanity Studio", "medium"),
    ("UMI_APP_", "Umi", "medium"),
)

_KEYISH = r"(?:KEY|TOKEN|SECRET)"
_VENDOR = r"(?:ANTHROPIC|CLAUDE)"


def public_env_prefix(name: str) -> tuple[str, str, str] | None:
    """The (prefix, framework, confidence) that publishes env var ``name``, if any."""
    for entry in PUBLIC_ENV_PREFIXES:
        if name.startswith(entry[0]):
            return entry
    return None


_PUBLIC_KEY_NAME = re.compile(
    rf"^(?:{'|'.join(p for p, _, _ in PUBLIC_ENV_PREFIXES)})[A-Z0-9_]*"
    rf"(?:{_VENDOR}[A-Z0-9_]*{_KEYISH}|{_KEYISH}[A-Z0-9_]*{_VENDOR})[A-Z0-9_]*$"
)


def is_public_key_env_name(name: str) -> bool:
    """``NEXT_PUBLIC_ANTHROPIC_API_KEY`` yes; ``NEXT_PUBLIC_ANTHROPIC_MODEL`` no."""
    return bool(_PUBLIC_KEY_NAME.match(name))


# -- PII lexicon (KL009, llm-rules.md §2 KL009), matched on snake/camel-split name tokens -------
#: high-sensitivity personal data: warning
PII_HIGH = re.compile(
    r"^(?:ssn|social_security(?:_number)?|social_insurance(?:_number)?|sin_number|passport(?:_no|_number)?|"
    r"drivers?_licen[cs]e(?:_number|_no)?|driver_licen[cs]e(?:_number|_no)?|national_id|tax_id|itin|"
    r"credit_card(?:_number)?|card_number|cc_number|cvv|cvc|iban|bank_account(?:_number)?|"
    r"account_number|routing_number|medical_record(?:_number)?|mrn|diagnosis|"
    r"health_insurance_(?:id|number)|password)$"
)
#: medium-sensitivity personal data: info
PII_MEDIUM = re.compile(
    r"^(?:dob|date_of_birth|birth_?date|birthday|email|email_address|e_?mail|phone|phone_number|"
    r"mobile|mobile_number|home_address|street|street_address|address_line\d?|postal_code|"
    r"zip_?code|ip_address|ip_addr)$"
)
#: a name ending like this is metadata about the field, not the value
PII_EXCLUDE = re.compile(
    r"(?:^(?:is|has|needs?|should|can|num|count)_)|"
    r"(?:_(?:id|ids|verified|enabled|count|template|subject|format|regex|pattern|label|placeholder|"
    r"field|fields|type|domain|provided|last4|last_four|masked|hash|hashed|redacted|token|valid|"
    r"validator|column|key|prefix|suffix|length|len|required|sent|status|confirmed|opt_in|"
    r"country_code|code|name_field|hint|prompt|text_template)$)|(?:^last4|^last_four)"
)
_PII_EXCLUDE_PREFIX = re.compile(r"^(?:is|has|needs?|should|can|num|count|max|min)_")
#: calls that remove personal data from a value (KL009 sanitisers)
PII_REDACTOR = re.compile(r"(?i)(mask|redact|anonymi[sz]e|scrub|pseudonymi[sz]e|hash|sha\d+|md5|encrypt)")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


@functools.lru_cache(maxsize=8192)  # names repeat: 49,000 calls over 1,200 analysed files
def pii_name_tier(name: str) -> str:
    """``"high"``, ``"medium"`` or ``""`` for an identifier, attribute, key or field name.

    ``customer_ssn`` -> high, ``userEmail`` -> medium, ``email_template`` / ``card_last4`` /
    ``user_id`` -> "" (llm-rules.md §5 trap 21)."""
    snake = _CAMEL.sub("_", name).lower().strip("_")
    if not snake or _PII_EXCLUDE_PREFIX.search(snake):
        return ""
    # only a PII token at the *end* of the name counts, so `email_template`, `card_last4`,
    # `email_verified`, `user_id` never match while `customer_tax_id` does
    tokens = snake.split("_")
    best = ""
    # try every suffix of the token list: "customer_ssn" -> "ssn", "user_email" -> "email"
    for i in range(len(tokens)):
        tail = "_".join(tokens[i:])
        if PII_HIGH.match(tail):
            return "high"
        if PII_MEDIUM.match(tail):
            best = "medium"
    return best


#: a US SSN or a 13-19 digit card-like number inside literal prompt text
PII_LITERAL_SSN = re.compile(r"\b\d{3}-\d{2}-\d{4}\b")
PII_LITERAL_CARD = re.compile(r"\b(?:\d[ -]?){13,19}\b")


def luhn_ok(digits: str) -> bool:
    nums = [int(c) for c in digits if c.isdigit()]
    if not 13 <= len(nums) <= 19:
        return False
    total = 0
    for i, n in enumerate(reversed(nums)):
        if i % 2:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


# --------------------------------------------------------------------------------------------
# Python (owned by the Python front end)
# --------------------------------------------------------------------------------------------

#: Anthropic SDK client classes (llm-rules.md §1.1); matched on the last segment of a name
#: whose qualified module starts with ``anthropic``
PY_CLIENT_CLASSES = frozenset({
    "Anthropic", "AsyncAnthropic", "Client", "AsyncClient",
    "AnthropicBedrock", "AsyncAnthropicBedrock", "AnthropicBedrockMantle", "AsyncAnthropicBedrockMantle",
    "AnthropicVertex", "AsyncAnthropicVertex", "AnthropicFoundry", "AsyncAnthropicFoundry",
    "AnthropicAWS", "AsyncAnthropicAWS", "AnthropicGoogleCloud", "AsyncAnthropicGoogleCloud",
})
#: prompt-sending method chains on a client, after dropping with_options(...),
#: with_raw_response and with_streaming_response (llm-rules.md §1.1)
PY_SINK_CHAINS = frozenset({
    ("messages", "create"), ("messages", "stream"), ("messages", "parse"),
    ("beta", "messages", "create"), ("beta", "messages", "stream"), ("beta", "messages", "parse"),
    ("beta", "messages", "tool_runner"),
    ("messages", "batches", "create"), ("beta", "messages", "batches", "create"),
    ("completions", "create"),
    ("beta", "prompt_caching", "messages", "create"), ("beta", "prompt_caching", "messages", "stream"),
    ("beta", "tools", "messages", "create"), ("beta", "tools", "messages", "stream"),
    ("beta", "agents", "create"), ("beta", "agents", "update"),
    ("completion",), ("acompletion",), ("completion_stream",), ("acompletion_stream",),
})
#: token counting: a bound check (llm-rules.md §1.8), never a sink
PY_COUNT_CHAINS = frozenset({("messages", "count_tokens"), ("beta", "messages", "count_tokens")})
#: chain segments dropped when normalising
PY_CHAIN_NOISE = frozenset({"with_raw_response", "with_streaming_response"})
PY_CHAIN_CALL_NOISE = frozenset({"with_options", "copy"})

#: attributes / zero-arg methods of a web request object that carry user input (§1.7)
PY_REQUEST_ATTRS = frozenset({
    "json", "form", "args", "values", "data", "files", "headers", "cookies",  # Flask/Quart
    "POST", "GET", "body", "FILES", "COOKIES", "query_params", "path_params", "META",  # Django/DRF/Starlette
    "query", "match_info", "content", "stream",  # aiohttp
})
PY_REQUEST_METHODS = frozenset({
    "get_json", "get_data", "json", "form", "body", "post", "text", "read", "stream", "multipart",
})
PY_REQUEST_PARAM_NAMES = frozenset({"request", "req"})
#: websocket receive methods (FastAPI/Starlette/aiohttp)
PY_SOCKET_METHODS = frozenset({"receive_text", "receive_json", "receive_bytes", "receive", "receive_str"})
#: Streamlit input widgets (their return value is user input; ``max_chars=N`` is a bound)
PY_STREAMLIT_INPUTS = frozenset({"chat_input", "text_input", "text_area", "file_uploader"})
#: web frameworks whose decorated route functions are HTTP handlers
PY_ROUTE_METHODS = frozenset({
    "route", "get", "post", "put", "patch", "delete", "websocket", "api_route", "api", "view",
})
PY_WEB_MODULES = frozenset({
    "flask", "quart", "fastapi", "starlette", "django", "rest_framework", "aiohttp", "sanic",
    "tornado", "litestar", "bottle", "falcon", "functions_framework", "ninja",
})
#: parameter annotations that are framework objects, not user values (FastAPI)
PY_NON_INPUT_ANNOTATIONS = frozenset({
    "Request", "WebSocket", "BackgroundTasks", "Response", "Session", "AsyncSession", "HTTPConnection",
    "SecurityScopes", "HTTPAuthorizationCredentials", "OAuth2PasswordRequestForm", "User",
})
#: FastAPI parameter defaults that declare input (``max_length=`` bounds them)
PY_PARAM_INPUT_DEFAULTS = frozenset({"Query", "Body", "Form", "Path", "File", "Header", "Cookie"})
PY_DEPENDENCY_DEFAULTS = frozenset({"Depends", "Security"})
#: class bases of class-based views (Django, DRF, Flask MethodView, Tornado)
PY_VIEW_BASES = frozenset({
    "View", "APIView", "GenericAPIView", "ViewSet", "ModelViewSet", "GenericViewSet", "MethodView",
    "RequestHandler", "HTTPEndpoint", "TemplateView", "FormView", "AsyncAPIView",
})
PY_VIEW_METHODS = frozenset({"get", "post", "put", "patch", "delete", "create", "update", "list", "retrieve"})
#: helpers whose name says they truncate (confirmed by a slice/len in the body when in-file)
PY_TRUNCATE_NAME = re.compile(r"(?i)(truncat|clip|shorten|limit|cap_|max_?len|trim_to)")
#: calls whose result no longer carries the text of their argument
PY_NON_PROPAGATING = frozenset({
    "len", "bool", "int", "float", "hash", "isinstance", "type", "id", "print", "callable", "ord",
    "abs", "round", "range", "enumerate", "min", "max", "sum", "any", "all",
})
#: schema keywords that bound a string field's length
PY_MAXLEN_KEYWORDS = frozenset({"max_length", "max_len", "max"})
#: Python rate-limiter packages (KL008 inventory); import root -> display name
PY_LIMITER_MODULES = {
    "slowapi": "slowapi", "flask_limiter": "flask-limiter", "django_ratelimit": "django-ratelimit",
    "ratelimit": "django-ratelimit", "fastapi_limiter": "fastapi-limiter", "limits": "limits",
    "ratelimiter": "ratelimiter", "throttled": "throttled", "rest_framework.throttling": "drf-throttling",
    "flask_rate_limiter": "flask-rate-limiter", "aiohttp_ratelimiter": "aiohttp-ratelimiter",
    "starlette_ratelimit": "starlette-ratelimit", "fastapi_limiter.depends": "fastapi-limiter",
}
#: decorator / dependency names that attach a per-user limit to one handler
PY_LIMIT_DECORATORS = re.compile(r"(?i)(^|\.)(limit|ratelimit|rate_limit|throttle|RateLimiter)$")
#: a custom limiter check inside a handler (medium confidence)
PY_LIMIT_CALL = re.compile(r"(?i)(rate_?limit|throttl|quota)")
#: logging/printing sinks for the key (KL010): callee text -> severity hint
PY_LOG_FUNCS = frozenset({"print", "pprint", "pprint.pprint", "rich.print", "click.echo", "typer.echo",
                          "warnings.warn", "sys.stdout.write", "sys.stderr.write", "jsonify",
                          "JSONResponse", "st.write", "st.text", "st.code", "st.markdown", "st.json",
                          "st.sidebar.write", "st.info", "st.success", "st.error", "st.warning",
                          "st.caption", "HTTPException"})
PY_LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical",
                            "log", "fatal"})
#: value transforms that make logging the key safe (KL010)
PY_SAFE_SECRET_FUNCS = frozenset({"bool", "len", "hash", "type", "isinstance", "id"})
PY_MASK_FUNC = re.compile(r"(?i)(mask|redact|obfuscat|hash|sha\d*|md5|fingerprint)")


# --------------------------------------------------------------------------------------------
# JavaScript / TypeScript (owned by the JS/TS front end)
# --------------------------------------------------------------------------------------------

#: npm packages of the Anthropic SDK and its cloud variants (llm-rules.md §1.2); a CDN URL whose
#: path contains one of them counts too
JS_SDK_PACKAGES = {
    "@anthropic-ai/sdk": ("Anthropic", "AnthropicBedrock", "AnthropicVertex"),
    "@anthropic-ai/bedrock-sdk": ("AnthropicBedrock", "AnthropicBedrockMantle"),
    "@anthropic-ai/vertex-sdk": ("AnthropicVertex",),
    "@anthropic-ai/foundry-sdk": ("AnthropicFoundry",),
    "@anthropic-ai/aws-sdk": ("AnthropicAws", "AnthropicAWS"),
    "@anthropic-ai/google-cloud-sdk": ("AnthropicGoogleCloud",),
}
#: named exports of the SDK packages that construct a client (plus ``default``)
JS_CLIENT_CLASSES = frozenset({
    "Anthropic", "BaseAnthropic", "Client", "AnthropicBedrock", "AnthropicBedrockMantle",
    "AnthropicVertex", "AnthropicFoundry", "AnthropicAws", "AnthropicAWS", "AnthropicGoogleCloud",
    "default",
})
#: prompt-sending method chains on an SDK client (llm-rules.md §1.2), after dropping
#: ``withOptions(...)``; legacy 0.x ``complete``/``completeStream``
JS_SINK_CHAINS = frozenset({
    "messages.create", "messages.stream", "messages.parse", "messages.batches.create",
    "beta.messages.create", "beta.messages.stream", "beta.messages.parse", "beta.messages.toolRunner",
    "beta.messages.batches.create", "completions.create", "complete", "completeStream",
    "beta.agents.create", "beta.agents.update",
})
JS_COUNT_CHAINS = frozenset({"messages.countTokens", "beta.messages.countTokens"})
#: Vercel AI SDK prompt functions (package ``ai``) and AI SDK providers that target Claude
JS_AI_FUNCTIONS = frozenset({"generateText", "streamText", "generateObject", "streamObject"})
JS_AISDK_ANTHROPIC = frozenset({"@ai-sdk/anthropic", "@ai-sdk/google-vertex/anthropic",
                                "@ai-sdk/google-vertex/anthropic/edge"})
JS_AISDK_FACTORIES = frozenset({"createAnthropic", "createVertexAnthropic"})
#: LangChain / LlamaIndex wrappers; LangChain JS ChatAnthropic forces dangerouslyAllowBrowser
JS_LANGCHAIN_PACKAGES = frozenset({"@langchain/anthropic", "langchain/chat_models/anthropic"})
JS_LLAMAINDEX_PACKAGES = frozenset({"@llamaindex/anthropic", "llamaindex"})
JS_AGENT_SDK_PACKAGES = frozenset({"@anthropic-ai/claude-agent-sdk", "@anthropic-ai/claude-code"})
JS_LLM_METHODS = frozenset({"invoke", "stream", "batch", "call", "predict", "chat", "complete",
                            "streamEvents", "generate"})
#: packages whose presence without an Anthropic import rules out the name-only fallback (§1.4)
JS_NAME_CLASH_PACKAGES = frozenset({"twilio", "openai"})
#: rate limiter packages (KL008 inventory), import specifier prefix -> display name
JS_LIMITER_PACKAGES = {
    "express-rate-limit": "express-rate-limit", "express-slow-down": "express-slow-down",
    "rate-limiter-flexible": "rate-limiter-flexible", "rate-limit-redis": "rate-limit-redis",
    "@upstash/ratelimit": "@upstash/ratelimit", "@nestjs/throttler": "@nestjs/throttler",
    "@fastify/rate-limit": "@fastify/rate-limit", "fastify-rate-limit": "@fastify/rate-limit",
    "hono-rate-limiter": "hono-rate-limiter", "koa-ratelimit": "koa-ratelimit",
    "@arcjet/next": "arcjet", "@arcjet/node": "arcjet", "@arcjet/bun": "arcjet",
    "@arcjet/sveltekit": "arcjet", "@arcjet/remix": "arcjet", "@arcjet/nest": "arcjet",
    "arcjet": "arcjet", "next-rate-limit": "next-rate-limit", "@unkey/ratelimit": "@unkey/ratelimit",
    "nuxt-security": "nuxt-security", "express-brute": "express-brute",
}
#: a custom limiter function (medium confidence when the file can answer 429)
JS_LIMIT_NAME = re.compile(r"(?i)(rate_?limit|ratelimit|throttl|quota)")
#: request properties that carry user input (Express/Koa/Fastify/Next pages API/Firebase/Netlify)
JS_REQUEST_PROPS = frozenset({"body", "query", "params", "headers", "cookies", "data",
                              "queryStringParameters", "pathParameters", "payload", "rawBody"})
#: zero-argument request methods that read user input (web-standard Request, Hono c.req)
JS_REQUEST_METHODS = frozenset({"json", "text", "formData", "parseBody", "query", "param",
                                "header", "get", "queries", "arrayBuffer", "blob"})
#: Nuxt/h3 readers of user input; ``readValidatedBody``/``getValidatedQuery`` validate
JS_H3_SOURCES = frozenset({"readBody", "getQuery", "getRouterParam", "getRouterParams",
                           "readFormData", "readRawBody", "getHeader", "getHeaders", "getCookie",
                           "readMultipartFormData", "readValidatedBody", "getValidatedQuery",
                           "getValidatedRouterParams"})
#: names of a client-supplied conversation history (KL004 history passthrough, KL007)
JS_HISTORY_NAMES = frozenset({"messages", "history", "conversation", "chatHistory", "chat_history",
                              "conversationHistory", "uiMessages", "previousMessages", "turns"})
#: HTTP verbs exported by route modules (Next route handlers, SvelteKit +server, Expo +api)
JS_HTTP_VERBS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ALL"})
JS_ROUTE_METHODS = frozenset({"get", "post", "put", "patch", "delete", "all", "options", "head",
                              "route", "on"})
#: server frameworks whose import marks a Node server module
JS_SERVER_PACKAGES = frozenset({"express", "fastify", "koa", "@koa/router", "koa-router", "hono",
                                "@hono/node-server", "@nestjs/common", "@nestjs/core", "http", "node:http",
                                "https", "node:https", "socket.io", "ws", "h3", "firebase-functions",
                                "@netlify/functions", "@vercel/node", "restify", "@hapi/hapi", "polka",
                                "elysia"})
#: logging sinks (KL010): console methods and logger methods
JS_CONSOLE_METHODS = frozenset({"log", "info", "warn", "error", "debug", "trace", "dir", "table"})
JS_LOGGER_NAMES = re.compile(r"^(?:logger|log|pino|winston|bunyan|log4js|console|signale|consola|debug)$", re.I)
JS_LOGGER_METHODS = frozenset({"info", "debug", "warn", "warning", "error", "trace", "fatal", "log",
                               "verbose", "silly", "http", "notice", "critical"})
#: response writers (the key sent back to the caller is a leak too)
JS_RESPONSE_METHODS = frozenset({"json", "send", "write", "end", "jsonp", "html", "text", "body"})
JS_MASK_FUNC = re.compile(r"(?i)(mask|redact|obfuscat|hash|sha\d*|md5|fingerprint|digest)")

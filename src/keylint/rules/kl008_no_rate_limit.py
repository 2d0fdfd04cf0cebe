from __future__ import annotations

import re
from typing import TYPE_CHECKING

from keylint.findings import Confidence, Severity
from keylint.rule import Bad, Good, ModelContext, Rule

if TYPE_CHECKING:
    from keylint.analysis.model import FileModel, Handler, PromptCall

_KINDS = frozenset({"http", "action", "serverless", "socket"})


def confirmed_calls(project, path: str, model: FileModel) -> list[PromptCall]:
    """The file's prompt calls, with receivers imported from other modules confirmed (both
    languages: xref resolves Python modules and JS/TS specifiers alike)."""
    from keylint.analysis import xref

    return xref.prompt_calls(project, path, model)


def _reached(project, path: str, model: FileModel, handler: Handler,
             calls: list[PromptCall]) -> tuple[PromptCall, str] | None:
    """A prompt call the handler makes directly, through a same-file helper, or through a function
    imported from another module of the repository (one hop)."""
    for call in calls:
        if call.handler == handler.key:
            return call, f"`{call.api}` at line {call.loc.line}"
    called = set(handler.calls)
    last = {c.rsplit(".", 1)[-1] for c in called}
    for call in calls:
        if call.function and call.function != handler.name and call.function in called and not call.handler:
            return call, f"`{call.function}()` -> `{call.api}` at line {call.loc.line}"
    own = [call for call in calls if not call.handler]
    via = [v for k, v in model.extra if k == "reaches_prompt" and v in called]
    if own and via:
        return own[0], f"`{via[0]}()` -> `{own[0].api}` at line {own[0].loc.line}"
    if model.language != "javascript":
        return None
    return _through_imports(project, path, model, called, last, depth=0)


def _through_imports(project, path: str, model: FileModel, called: set[str], last: set[str],
                     depth: int) -> tuple[PromptCall, str] | None:
    """Functions imported from repository modules (following one re-export hop, e.g. an index.ts
    that does `export { ask } from './ask'`)."""
    from keylint.analysis import runtime

    for imp in model.imports:
        if imp.is_type_only or not (set(imp.names) & called or "*" in imp.names or "default" in imp.names):
            continue
        target = runtime.resolve_module(project, path, imp.module)
        other = project.models.get(target) if target else None
        if other is None or not other.prompt_calls:
            continue
        wanted = (set(imp.names) & called) | (last if ("*" in imp.names or "default" in imp.names) else set())
        theirs = [c for c in confirmed_calls(project, target, other) if not c.handler]
        for call in theirs:
            if call.function and call.function in wanted:
                return call, f"`{call.function}()` from `{target}` -> `{call.api}`"
        via = [v for k, v in other.extra if k == "reaches_prompt" and v in wanted]
        if theirs and via:
            return theirs[0], f"`{via[0]}()` from `{target}` -> `{theirs[0].api}`"
    if depth == 0:
        for imp in model.imports:
            target = runtime.resolve_module(project, path, imp.module) if not imp.is_type_only else None
            other = project.models.get(target) if target else None
            if other is None or other.prompt_calls or not (set(imp.names) & called):
                continue
            wanted = set(imp.names) & called
            found = _through_imports(project, target, other, wanted, wanted, depth=1)
            if found is not None:
                return found
    return None


def _byok(model: FileModel, where: str, project) -> bool:
    """Every client of the file that makes the call takes the end user's own key (stored per user,
    sent with the request): the caller spends their own quota, not the app's."""
    m = re.search(r"from `([^`]+)`", where)
    other = project.models.get(m.group(1)) if m else None
    clients = (other or model).clients
    return bool(clients) and all(c.api_key is not None and c.api_key.kind in ("storage", "user")
                                 for c in clients)


def _inventory(project) -> dict[str, list[tuple[str, str]]]:
    """package root -> [(limiter, file)] over every model of the project."""
    from keylint.analysis import runtime

    key = "kl008:inventory"
    if key in project.memo:
        return project.memo[key]
    inv: dict[str, list[tuple[str, str]]] = {}
    for p, m in project.models.items():
        for lim in m.rate_limiters:
            inv.setdefault(runtime.package_root(project, p), []).append((lim, p))
    project.memo[key] = inv
    return inv


def _covered(project, path: str) -> tuple[str, str] | None:
    from keylint.analysis import runtime

    root = runtime.package_root(project, path)
    for lroot, items in _inventory(project).items():
        if lroot == root or lroot == "" or root.startswith(lroot + "/"):
            return items[0]
    return None


class NoRateLimit(Rule):
    """
    A request handler calls Claude and nothing limits how often one client may call it. Each
    request costs tokens on your key: a script hitting the endpoint in a loop runs up the bill,
    exhausts your organisation's rate limits for everyone, and turns a chat box into a free Claude
    proxy (OWASP LLM10:2025 *Unbounded Consumption*: "Apply rate limiting and user quotas").

    keylint finds request handlers (Express/Koa/Fastify/Hono routes, Nest controller methods,
    Next.js route handlers, Pages API routes and server actions, SvelteKit `+server` and form
    actions, Remix actions and loaders, Nuxt `defineEventHandler`, Workers `fetch`, socket
    handlers; Flask/FastAPI/Django/... views in Python) that reach a prompt-sending call directly,
    through a helper in the same file, or through a function imported from another module. It is
    quiet when a limiter covers the handler: one on the route (`app.post('/chat', limiter, ...)`,
    `@limiter.limit`, `@Throttle`/`ThrottlerGuard`), a check in the handler
    (`await ratelimit.limit(ip)`, `limiter.consume(ip)`, `aj.protect(req)`), or any limiter the app
    installs (express-rate-limit, express-slow-down, rate-limiter-flexible, @upstash/ratelimit,
    @nestjs/throttler, @fastify/rate-limit, hono-rate-limiter, koa-ratelimit, Arcjet, slowapi,
    flask-limiter, django-ratelimit, fastapi-limiter; a Next.js `middleware.ts` with a limiter).

    Not limiters: retries and backoff, catching `RateLimitError` (those are Anthropic's limits on
    you), outbound concurrency limits (`p-limit`, `bottleneck`).

    Severity: `warning` -- limits at the proxy, gateway or WAF are invisible to static analysis.
    The pre-commit hook (`keylint scan --staged`) reads only the staged files, so it cannot see a
    limiter set up elsewhere: there this rule stays quiet, and the full scan (CI) decides.
    If you rate-limit there, set `external_rate_limit = true` for this rule. Test files are skipped.

    **What to do:** add a per-user or per-IP limiter in front of the route (for example
    `app.use('/api/', rateLimit({ windowMs: 60_000, limit: 20 }))`, or `@upstash/ratelimit` in a
    Next.js route handler or middleware).
    """

    id = "KL008"
    name = "no-rate-limit"
    summary = "Request handler calls Claude with no per-user rate limit"
    severity = Severity.WARNING
    confidence = Confidence.MEDIUM
    cwe = 770
    languages = frozenset({"python", "javascript"})
    options = {"external_rate_limit": (False, "rate limiting is done outside the code (proxy, gateway, WAF)")}

    examples = [
        Bad('''
            import express from 'express'
            import Anthropic from '@anthropic-ai/sdk'

            const app = express()
            const client = new Anthropic()

            «app.post('/chat', async (req, res) =>» {
              const msg = await client.messages.create({
                model: 'claude-sonnet-4-5', max_tokens: 512,
                messages: [{ role: 'user', content: String(req.body.prompt).slice(0, 2000) }],
              })
              res.json(msg)
            })
            app.listen(3000)
            ''', lang="js", path="server.js", name="express route without limiter", message="POST /chat"),
        Bad('''
            import { askClaude } from '@/lib/claude'

            «export async function POST(req: Request)» {
              const { q } = await req.json()
              return Response.json(await askClaude(q))
            }
            ''', lang="ts", path="app/api/ask/route.ts",
            files={"lib/claude.ts": "import Anthropic from '@anthropic-ai/sdk'\n"
                                    "const client = new Anthropic()\n"
                                    "export async function askClaude(q: string) {\n"
                                    "  return client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 100,"
                                    " messages: [{ role: 'user', content: q.slice(0, 500) }] })\n}\n",
                   "tsconfig.json": '{"compilerOptions": {"paths": {"@/*": ["./*"]}}}'},
            name="next route through an imported helper", message="askClaude"),
        Bad('''
            'use server'
            import Anthropic from '@anthropic-ai/sdk'
            const anthropic = new Anthropic()

            «export async function summarize(text: string)» {
              const r = await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 200,
                messages: [{ role: 'user', content: text.slice(0, 1000) }] })
              return r.content
            }
            ''', lang="ts", path="app/actions.ts", name="server action"),
        Bad('''
            from flask import Flask, request
            import anthropic

            app = Flask(__name__)
            client = anthropic.Anthropic()

            @app.post("/ask")
            def ask():
                q = request.json["q"][:500]
                return client.messages.create(model="claude-sonnet-4-5", max_tokens=100,
                                              messages=[{"role": "user", "content": q}]).content[0].text
            ''', lang="py", name="flask view without limiter"),
        Good('''
            import express from 'express'
            import rateLimit from 'express-rate-limit'
            import Anthropic from '@anthropic-ai/sdk'

            const app = express()
            app.use(rateLimit({ windowMs: 60_000, limit: 20 }))
            const client = new Anthropic()
            app.post('/chat', async (req, res) => {
              res.json(await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 64,
                messages: [{ role: 'user', content: 'hi' }] }))
            })
            ''', lang="js", path="server.js", name="global express-rate-limit"),
        Good('''
            import { Ratelimit } from '@upstash/ratelimit'
            import { Redis } from '@upstash/redis'
            import Anthropic from '@anthropic-ai/sdk'

            const ratelimit = new Ratelimit({ redis: Redis.fromEnv(), limiter: Ratelimit.slidingWindow(10, '60 s') })
            const client = new Anthropic()
            export async function POST(req: Request) {
              const { success } = await ratelimit.limit(req.headers.get('x-forwarded-for') ?? 'anon')
              if (!success) return new Response('slow down', { status: 429 })
              return Response.json(await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 64,
                messages: [{ role: 'user', content: 'hi' }] }))
            }
            ''', lang="ts", path="app/api/chat/route.ts", name="upstash ratelimit in the route"),
        Good('''
            import Anthropic from '@anthropic-ai/sdk'
            const client = new Anthropic()
            export async function POST(req: Request) {
              return Response.json(await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 64,
                messages: [{ role: 'user', content: 'hi' }] }))
            }
            ''', lang="ts", path="app/api/chat/route.ts",
            files={"middleware.ts": "import { Ratelimit } from '@upstash/ratelimit'\n"
                                    "const rl = new Ratelimit({ limiter: Ratelimit.fixedWindow(5, '10 s') })\n"
                                    "export async function middleware(req) { await rl.limit('x') }\n"
                                    "export const config = { matcher: '/api/:path*' }\n"},
            name="limiter in next middleware"),
        Good('''
            import Anthropic from '@anthropic-ai/sdk'
            import { getProfile } from '@/lib/db'
            export async function POST(req: Request) {
              const profile = await getProfile(req)
              const client = new Anthropic({ apiKey: profile.anthropic_api_key })
              return Response.json(await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 64,
                messages: [{ role: 'user', content: 'hi' }] }))
            }
            ''', lang="ts", path="app/api/chat/route.ts", name="each user's own stored key (BYOK)"),
        Good('''
            import twilio from 'twilio'
            import express from 'express'
            const app = express()
            const client = twilio('sid', 'token')
            app.post('/sms', async (req, res) => {
              await client.messages.create({ to: req.body.to, from: '+1', body: req.body.text })
              res.end()
            })
            ''', lang="js", path="server.js", name="twilio messages.create is not Claude"),
        Good('''
            import Anthropic from '@anthropic-ai/sdk'
            const client = new Anthropic()
            async function main() {
              const r = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 64,
                messages: [{ role: 'user', content: 'Summarise the changelog' }] })
              console.log(r.content)
            }
            main()
            ''', lang="ts", path="scripts/summarise.ts", name="offline script has no handler"),
    ]

    def check_model(self, ctx: ModelContext) -> None:
        if ctx.options.get("external_rate_limit"):
            return
        path = ctx.path
        if ctx.project.is_test_path(path):
            return
        if ctx.project.memo.get("partial"):
            # the pre-commit hook reads only the staged files: a limiter set up elsewhere would be
            # invisible, so the hook stays quiet; the full scan (CI) decides
            return
        model = ctx.model
        if not model.handlers:
            return
        calls = confirmed_calls(ctx.project, path, model)
        covered = None
        for handler in model.handlers:
            if handler.kind not in _KINDS:
                continue
            found = _reached(ctx.project, path, model, handler, calls)
            if found is None:
                continue
            call, where = found
            if _byok(model, where, ctx.project):
                continue
            if handler.rate_limited and not handler.rate_limit_note:
                continue
            if handler.rate_limit_note:
                ctx.report(handler.loc, f"Handler `{handler.name}` calls Claude ({where}) but its rate limit "
                           f"does not apply: {handler.rate_limit_note}")
                continue
            if covered is None:
                covered = _covered(ctx.project, path) or ("", "")
            if covered[0]:
                continue
            ctx.report(handler.loc, f"Handler `{handler.name}` calls Claude ({where}) and the app has no "
                       "per-user rate limit (express-rate-limit, @upstash/ratelimit, rate-limiter-flexible, "
                       "@nestjs/throttler, slowapi, flask-limiter...): one client can spend your quota")

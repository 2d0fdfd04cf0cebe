from __future__ import annotations

from typing import TYPE_CHECKING

from keylint.findings import Confidence, Severity
from keylint.rule import Bad, Good, ModelContext, Rule

if TYPE_CHECKING:
    from keylint.analysis.model import Origin, PromptCall

_LOWER = {Severity.ERROR: Severity.WARNING, Severity.WARNING: Severity.INFO, Severity.INFO: Severity.INFO}


def _severity(origin: Origin, handler_kind: str) -> Severity:
    kind = origin.source_kind
    if kind == "cli":
        sev = Severity.INFO
    elif kind in ("http", "action", "socket") or handler_kind in ("http", "serverless", "action", "socket"):
        sev = Severity.ERROR
    else:  # ui (Streamlit, Gradio, Chainlit), bot
        sev = Severity.WARNING
    if origin.weakly_bounded:
        sev = _LOWER[sev]
    return sev


class UnboundedUserInput(Rule):
    """
    Text a user controls reaches Claude with no length limit on the way. Every token is billed
    and every request can carry up to the model's context window, so one client can run up the
    bill or exhaust your rate limits with a few huge requests ("denial of wallet", OWASP LLM10:2025
    *Unbounded Consumption*: "Implement strict input validation to ensure that inputs do not
    exceed reasonable size limits").

    keylint follows values from the framework sources (Flask/Django/FastAPI/Starlette/aiohttp
    requests and route parameters, pydantic request bodies, Streamlit and Gradio inputs, Chainlit
    messages, chat-bot events, `input()`/`sys.argv` at `info`; Express/Next.js requests in
    JavaScript) through assignments, containers, f-strings and same-repo helpers to the prompt of a
    prompt-sending call (`messages.create/stream/parse`, batches, wrappers). A value is bounded by
    a length check that rejects (`if len(q) > 4000: abort(413)`), slicing or truncation
    (`q[:4000]`, `textwrap.shorten`, a truncating helper), a schema maximum on the validated value
    (pydantic `Field(max_length=...)`, `constr`, FastAPI `Query(max_length=...)`, Django/DRF
    form and serializer `max_length`, zod `.max()`), Streamlit `max_chars`, or a `count_tokens`
    comparison. A client-supplied `messages` array forwarded as the history is reported too: the
    client then controls the number of turns as well as their length.

    Not bounds: `max_tokens` (it limits the *output*), HTML `maxlength` and Gradio
    `Textbox(max_length=...)` (enforced only in the browser), `.strip()`, escaping. A global
    request-size limit (Flask `MAX_CONTENT_LENGTH`) lowers the severity by one level.

    Severity: `error` in HTTP handlers, `warning` for UI apps and bots, `info` for CLI input.
    Test files are skipped.

    **What to do:** reject or truncate input before the call (`if len(text) > 4000: abort(413)`),
    or declare the limit in the request schema; for histories, keep the last N turns and bound
    each one.
    """

    id = "KL004"
    name = "unbounded-user-input"
    summary = "User input reaches Claude with no length bound"
    severity = Severity.WARNING
    confidence = Confidence.HIGH
    cwe = 770
    languages = frozenset({"python", "javascript"})

    examples = [
        Bad('''
            import anthropic
            from flask import Flask, request

            app = Flask(__name__)
            client = anthropic.Anthropic()

            @app.post("/ask")
            def ask():
                question = request.json["q"]
                resp = «client.messages.create(
                    model="claude-sonnet-4-5", max_tokens=256,
                    messages=[{"role": "user", "content": question}])»
                return resp.content[0].text
            ''', name="flask json to messages.create", severity="error",
            message='`request.json[\'q\']` at line 9 reaches `messages.create` at line 10 with no length limit'),
        Good('''
            import anthropic
            from flask import Flask, abort, request

            app = Flask(__name__)
            client = anthropic.Anthropic()

            @app.post("/ask")
            def ask():
                question = request.json["q"]
                if len(question) > 4000:
                    abort(413)
                resp = client.messages.create(
                    model="claude-sonnet-4-5", max_tokens=256,
                    messages=[{"role": "user", "content": question}])
                return resp.content[0].text
            ''', name="flask length guard that rejects"),
        Good('''
            import anthropic
            from flask import Flask, request

            app = Flask(__name__)
            client = anthropic.Anthropic()

            @app.post("/ask")
            def ask():
                question = request.form.get("q", "")[:2000]
                return client.messages.create(model="claude-sonnet-4-5", max_tokens=256,
                    messages=[{"role": "user", "content": question}]).content[0].text
            ''', name="truncated by slicing"),
        Bad('''
            from anthropic import AsyncAnthropic
            from fastapi import FastAPI
            from pydantic import BaseModel

            app = FastAPI()
            claude = AsyncAnthropic()

            class Ask(BaseModel):
                prompt: str

            @app.post("/ask")
            async def ask(body: Ask):
                msg = await «claude.messages.create(model="claude-haiku-4-5", max_tokens=512,
                    messages=[{"role": "user", "content": body.prompt}])»
                return {"answer": msg.content[0].text}
            ''', name="fastapi pydantic body without max_length", severity="error"),
        Good('''
            from anthropic import AsyncAnthropic
            from fastapi import FastAPI
            from pydantic import BaseModel, Field

            app = FastAPI()
            claude = AsyncAnthropic()

            class Ask(BaseModel):
                prompt: str = Field(..., max_length=2000)

            @app.post("/ask")
            async def ask(body: Ask):
                msg = await claude.messages.create(model="claude-haiku-4-5", max_tokens=512,
                    messages=[{"role": "user", "content": body.prompt}])
                return {"answer": msg.content[0].text}
            ''', name="fastapi pydantic Field max_length"),
        Bad('''
            import anthropic
            import streamlit as st

            client = anthropic.Anthropic()
            if prompt := st.chat_input("Ask me"):
                reply = «client.messages.create(model="claude-sonnet-4-5", max_tokens=1024,
                    messages=[{"role": "user", "content": prompt}])»
                st.write(reply.content[0].text)
            ''', name="streamlit chat_input without max_chars", severity="warning"),
        Good('''
            import anthropic
            import streamlit as st

            client = anthropic.Anthropic()
            if prompt := st.chat_input("Ask me", max_chars=1000):
                reply = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024,
                    messages=[{"role": "user", "content": prompt}])
                st.write(reply.content[0].text)
            ''', name="streamlit max_chars"),
        Bad('''
            import anthropic
            from flask import Flask, request

            app = Flask(__name__)
            client = anthropic.Anthropic()

            @app.post("/chat")
            def chat():
                history = request.get_json()["messages"]
                out = «client.messages.create(model="claude-sonnet-4-5", max_tokens=100, messages=history)»
                return out.content[0].text
            ''', name="client-supplied history forwarded", message="client controls the entire conversation"),
        Bad('''
            import anthropic
            import gradio as gr

            client = anthropic.Anthropic()

            def respond(message, history):
                out = «client.messages.create(model="claude-sonnet-4-5", max_tokens=300,
                    messages=[{"role": "user", "content": message}])»
                return out.content[0].text

            gr.ChatInterface(respond, textbox=gr.Textbox(max_length=500)).launch()
            ''', name="gradio textbox max_length is client-side only", message="enforced only in the browser"),
        Good('''
            from twilio.rest import Client
            from flask import Flask, request

            app = Flask(__name__)
            client = Client()

            @app.post("/sms")
            def sms():
                client.messages.create(to=request.form["to"], from_="+15550000000", body=request.form["body"])
                return "ok"
            ''', name="twilio messages.create is not a prompt call"),
        Good('''
            import anthropic
            from flask import Flask, request

            app = Flask(__name__)
            client = anthropic.Anthropic()

            @app.post("/ask")
            def ask():
                question = request.json["q"]
                count = client.messages.count_tokens(model="claude-sonnet-4-5",
                    messages=[{"role": "user", "content": question}])
                if count.input_tokens > 2000:
                    return {"error": "too long"}, 413
                return client.messages.create(model="claude-sonnet-4-5", max_tokens=256,
                    messages=[{"role": "user", "content": question}]).content[0].text
            ''', name="token count comparison is a bound"),
        Good('''
            import anthropic

            client = anthropic.Anthropic()
            with open("report.txt") as fh:
                text = fh.read()
            print(client.messages.create(model="claude-sonnet-4-5", max_tokens=256,
                  messages=[{"role": "user", "content": text}]).content[0].text)
            ''', name="offline script reading a local file"),
        Bad('''
            import anthropic
            from flask import Flask, request

            app = Flask(__name__)
            client = anthropic.Anthropic()

            def ask_claude(text):
                return «client.messages.create(model="claude-sonnet-4-5", max_tokens=256,
                    messages=[{"role": "user", "content": text}])».content[0].text

            @app.post("/ask")
            def ask():
                return ask_claude(request.json["q"])
            ''', name="through a helper in the same module"),
        Good('''
            import anthropic
            from flask import Flask, request

            app = Flask(__name__)
            client = anthropic.Anthropic()

            @app.post("/ask")
            def ask():
                q = request.json["q"]
                return client.messages.create(model="claude-sonnet-4-5", max_tokens=64,
                    messages=[{"role": "user", "content": "Say hi"}]).content[0].text
            ''', name="input read but not sent"),
        # -- JavaScript / TypeScript (JS/TS front end) --
        Bad("""
            import Anthropic from '@anthropic-ai/sdk'
            const client = new Anthropic()
            export async function POST(req: Request) {
              const { prompt } = await req.json()
              const msg = await «client.messages.create({
                model: 'claude-sonnet-4-5', max_tokens: 512,
                messages: [{ role: 'user', content: prompt }],
              })»
              return Response.json(msg)
            }
            """, lang="ts", path="app/api/chat/route.ts", name="ts next route json body", severity="error",
            message="req.json()"),
        Bad("""
            const express = require('express')
            const Anthropic = require('@anthropic-ai/sdk')
            const app = express()
            const anthropic = new Anthropic()
            app.post('/ask', async (req, res) => {
              const out = await «anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 256,
                messages: [{ role: 'user', content: `Question: ${req.body.question}` }] })»
              res.json(out)
            })
            """, lang="js", path="server.js", name="js express body in a template", severity="error"),
        Bad("""
            import { anthropic } from '@ai-sdk/anthropic'
            import { streamText, convertToModelMessages } from 'ai'
            export async function POST(req: Request) {
              const { messages } = await req.json()
              const result = «streamText({ model: anthropic('claude-sonnet-4-5'), system: 'Answer briefly.',
                messages: convertToModelMessages(messages) })»
              return result.toUIMessageStreamResponse()
            }
            """, lang="ts", path="app/api/chat/route.ts", name="ts ai sdk history passthrough",
            message="entire conversation"),
        Bad("""
            'use server'
            import { generateText } from 'ai'
            import { anthropic } from '@ai-sdk/anthropic'
            export async function summarize(formData: FormData) {
              const text = String(formData.get('text'))
              const { text: out } = await «generateText({ model: anthropic('claude-haiku-4-5'), prompt: text })»
              return out
            }
            """, lang="ts", path="app/actions.ts", name="ts server action argument", severity="error"),
        Good("""
            import Anthropic from '@anthropic-ai/sdk'
            import { z } from 'zod'
            const Body = z.object({ prompt: z.string().max(4000) })
            const client = new Anthropic()
            export async function POST(req: Request) {
              const { prompt } = Body.parse(await req.json())
              return Response.json(await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 256,
                messages: [{ role: 'user', content: prompt }] }))
            }
            """, lang="ts", path="app/api/chat/route.ts", name="ts zod max"),
        Good("""
            import Anthropic from '@anthropic-ai/sdk'
            const client = new Anthropic()
            export async function POST(req: Request) {
              const { prompt } = await req.json()
              if (typeof prompt !== 'string' || prompt.length > 4000) {
                return new Response('too long', { status: 413 })
              }
              return Response.json(await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 256,
                messages: [{ role: 'user', content: prompt }] }))
            }
            """, lang="ts", path="app/api/chat/route.ts", name="ts length guard that rejects"),
        Good("""
            const express = require('express')
            const Anthropic = require('@anthropic-ai/sdk')
            const app = express()
            const client = new Anthropic()
            app.post('/ask', async (req, res) => {
              const q = String(req.body.q).slice(0, 2000)
              res.json(await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 128,
                messages: [{ role: 'user', content: q }] }))
            })
            """, lang="js", path="server.js", name="js slice"),
        Good("""
            const express = require('express')
            const twilio = require('twilio')
            const app = express()
            const client = twilio(process.env.SID, process.env.TOKEN)
            app.post('/sms', async (req, res) => {
              await client.messages.create({ to: req.body.to, from: '+15550000', body: req.body.text })
              res.end()
            })
            """, lang="js", path="server.js", name="js twilio messages.create is not Claude"),
        Bad("""
            import Anthropic from '@anthropic-ai/sdk'

            export async function POST(request: Request) {
              const { apiKey, prompt } = await request.json()
              const client = new Anthropic({ apiKey })
              const reply = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 256,
                messages: [{ role: 'user', content: prompt }] })
              return Response.json(reply)
            }
            """, lang="ts", path="app/api/chat/route.ts", name="bring your own key: info",
            severity="info", message="each user supplies their own API key"),
    ]

    def check_model(self, ctx: ModelContext) -> None:
        from keylint.analysis import xref

        if ctx.project.is_test_path(ctx.path):
            return
        seen = set()
        for call in xref.prompt_calls(ctx.project, ctx.path, ctx.model):
            if call.loc in seen:
                continue
            found = self._finding(ctx, call)
            if found is None:
                continue
            seen.add(call.loc)
            message, severity = found
            if xref.users_own_key(ctx.model):
                message += " (each user supplies their own API key, so this spends only their quota)"
                severity = Severity.INFO
            ctx.report(call.loc, message, severity=severity, confidence=Confidence.of(call.confidence, Confidence.MEDIUM))

    @staticmethod
    def _finding(ctx: ModelContext, call: PromptCall) -> tuple[str, Severity] | None:
        from keylint.analysis import xref

        handler = xref.handler_of(ctx.model, call)
        hkind = handler.kind if handler else ""
        hist = call.history_passthrough
        if hist is not None and not hist.bounded:
            sev = _severity(hist, hkind)
            return (f"The client controls the entire conversation: {xref.evidence(hist)} is forwarded as "
                    f"`messages` to `{call.api}` at line {call.loc.line} with no limit on turns or length", sev)
        open_inputs = [o for o in call.inputs if o.kind == "user" and not o.bounded]
        if not open_inputs:
            return None
        worst = max(open_inputs, key=lambda o: _severity(o, hkind))
        sev = _severity(worst, hkind)
        message = f"{xref.evidence(worst)} reaches `{call.api}` at line {call.loc.line} with no length limit"
        if worst.bound.startswith("client-side"):
            message += f" ({worst.bound[len('client-side: '):]} is enforced only in the browser)"
        elif worst.weakly_bounded:
            message += f" (only the global request-size limit {worst.bound} applies)"
        return message, sev

from __future__ import annotations

from keylint.findings import Confidence, Severity
from keylint.rule import Bad, Good, ModelContext, Rule

_QUIET_PRINTS = frozenset({"print", "pprint", "pprint.pprint", "rich.print", "click.echo", "typer.echo",
                           "sys.stdout.write", "sys.stderr.write", "process.stdout.write"})


class KeyLogged(Rule):
    """
    The API key's value is printed, logged, rendered or sent back in a response. Logs end up in
    log aggregators, CI output, error trackers and screenshots; a response or a page puts the key
    in front of the user. Anyone who can read them can use the key.

    keylint follows the key's value from where it is read (`ANTHROPIC_API_KEY` and the other
    secret-bearing env vars, `process.env`/`import.meta.env`/`os.environ`/`os.getenv`, settings
    objects, `st.secrets`, `client.apiKey`/`client.api_key`) through variables, f-strings,
    template literals and concatenation into `print`, `logging`/`logger.*`, `console.*`,
    `winston`/`pino`-style loggers, `process.stdout.write`, Streamlit output, `alert`,
    `textContent`/`innerHTML`, response bodies (`res.json`, `res.send`, `Response.json`,
    `NextResponse.json`, `new Response`, `jsonify`), thrown errors in handlers. Dumping the whole
    environment (`console.log(process.env)`) is a weaker finding.

    Safe (no finding): logging whether the key is set (`!!key`, `bool(key)`, `key.length`,
    `key ? 'set' : 'missing'`), a short prefix or suffix (`key.slice(0, 7)`, `key[-4:]`), a hash,
    a masking helper; printing a pydantic `SecretStr`; the SDK's own debug logging
    (`ANTHROPIC_LOG=debug` redacts the key).

    Severity: `error` for loggers, console output, responses and pages; `warning` for `print` in
    scripts and for environment dumps.

    **What to do:** never output the key; log `key[:7] + "…"` or whether it is set. Rotate a key
    that reached logs.
    """

    id = "KL010"
    name = "key-logged"
    summary = "Anthropic API key printed, logged or returned"
    severity = Severity.ERROR
    confidence = Confidence.HIGH
    cwe = 532
    languages = frozenset({"python", "javascript"})

    examples = [
        Good('''
            import os
            import anthropic
            import click
            from .settings import settings_path


            def session_id(environ):
                return environ.get("CLAUDE_SESSION_ID")


            def show():
                path = settings_path(os.environ)
                sid = session_id(os.environ)
                click.echo(f"settings: {path}, session: {sid}")
            ''', name="helpers that read some variables of os.environ"),
        Bad('''
            «console.log('Anthropic key:', process.env.ANTHROPIC_API_KEY)»
            ''', lang="js", path="server.js", name="console.log of the env key", severity="error"),
        Bad('''
            import express from 'express'
            const app = express()
            const key = process.env.ANTHROPIC_API_KEY
            app.get('/debug', (req, res) => {
              «res.json({ key })»
            })
            ''', lang="ts", path="src/server.ts", name="key sent in a response", message="res.json"),
        Bad('''
            import pino from 'pino'
            const logger = pino()
            const apiKey = process.env.CLAUDE_API_KEY ?? ''
            «logger.info(`starting with ${apiKey}`)»
            ''', lang="ts", path="src/index.ts", name="logger with a template literal"),
        Bad('''
            import Anthropic from '@anthropic-ai/sdk'
            const client = new Anthropic()
            «console.debug(client.apiKey)»
            ''', lang="ts", path="src/debug.ts", name="client.apiKey"),
        Bad('''
            «console.log(process.env)»
            ''', lang="js", path="server.js", name="environment dump", severity="warning"),
        Bad('''
            import os
            «print(os.environ["ANTHROPIC_API_KEY"])»
            ''', lang="py", name="python print", severity="warning"),
        Bad('''
            import logging, os
            key = os.getenv("ANTHROPIC_API_KEY")
            «logging.info(f"key={key}")»
            ''', lang="py", name="python logging", severity="error"),
        Good('''
            const key = process.env.ANTHROPIC_API_KEY
            console.log('key set:', !!key, 'prefix:', key?.slice(0, 7))
            console.log(`length ${key.length}`)
            ''', lang="js", path="server.js", name="presence, length and a short prefix"),
        Good('''
            import { createHash } from 'node:crypto'
            const key = process.env.ANTHROPIC_API_KEY
            console.log(createHash('sha256').update(key).digest('hex'))
            console.log(key ? 'configured' : 'missing')
            ''', lang="ts", path="src/check.ts", name="hash and ternary"),
        Good('''
            console.log(process.env.ANTHROPIC_MODEL, process.env.PORT)
            ''', lang="js", path="server.js", name="non-secret env vars"),
        Good('''
            import os
            key = os.environ["ANTHROPIC_API_KEY"]
            print(key[:7] + "...", bool(key), len(key))
            ''', lang="py", name="python masked"),
    ]

    def check_model(self, ctx: ModelContext) -> None:
        seen: set[int] = set()
        for log in ctx.model.log_calls:
            if log.masked or log.loc.line in seen:
                continue
            seen.add(log.loc.line)
            value = log.value
            dump = value.confidence == "low" or value.description in ("process.env", "os.environ", "import.meta.env")
            if dump:
                ctx.report(log.loc, f"`{log.callee}` outputs the whole environment (`{value.description}`), "
                           "including the Anthropic API key", severity=Severity.WARNING,
                           confidence=Confidence.MEDIUM)
                continue
            sev = Severity.WARNING if log.callee in _QUIET_PRINTS else Severity.ERROR
            ctx.report(log.loc, f"`{log.callee}` outputs the API key (`{value.description}` at line "
                       f"{value.loc.line}); log whether it is set or a short prefix instead", severity=sev)

from __future__ import annotations

import posixpath
import re

from keylint.findings import Confidence, Severity, Span
from keylint.rule import Bad, FileContext, FixSafety, Good, ModelContext, Rule

_TEMPLATE = re.compile(r"(?i)\.(?:example|sample|template|dist|defaults?|tpl|schema|tmpl)$|(?:^|[._-])example")
_NAME = re.compile(r"\b([A-Z][A-Z0-9_]{3,})\b")
_ASSIGN = re.compile(
    r"""^\s*(?:export\s+|set\s+|ENV\s+|ARG\s+|-\s+|-\s*name:\s*)?["']?([A-Z][A-Z0-9_]{3,})["']?\s*(?:=|:|\s+\S)(.*)$""")
_PLACEHOLDER_VALUE = re.compile(
    r"""^\s*["']?\s*(?:|<[^>]*>|\$\{?[A-Za-z_]\w*\}?|\.\.\.|x{3,}|your[\w-]*|changeme|placeholder|todo|none|null|sk-ant-\.\.\.|sk-ant-x+|replace[\w-]*)\s*["']?\s*(?:#.*)?$""",
    re.I)
_BROWSER_KINDS = ("spa", "expo", "react-native", "extension")


def _keyish(name: str) -> bool:
    from keylint.analysis import frameworks as fw

    up = name.upper()
    return up in fw.SECRET_ENV_VARS or bool(re.search(r"ANTHROPIC|CLAUDE", up) and re.search(r"KEY|TOKEN|SECRET", up))


class PublicEnvKey(Rule):
    """
    The API key is put in an environment variable that the framework publishes to the browser, or
    a build config inlines it into the bundle. Variables named `NEXT_PUBLIC_…` (Next.js),
    `VITE_…` (Vite), `REACT_APP_…` (Create React App), `PUBLIC_…` (SvelteKit, Astro),
    `NUXT_PUBLIC_…`, `EXPO_PUBLIC_…`, `GATSBY_…`, `VUE_APP_…`, `PLASMO_PUBLIC_…`, `WXT_…`,
    `STORYBOOK_…` are replaced by their values at build time: anyone can read them in the
    JavaScript the site serves. The same happens to any variable listed in Next.js `env: {...}`,
    Vite `define`, webpack `DefinePlugin`/`EnvironmentPlugin`, Nuxt `runtimeConfig.public`, or
    covered by a Vite `envPrefix` / SvelteKit `publicPrefix` that includes `ANTHROPIC_`.

    keylint reports (research/llm-rules.md §KL006): a public-prefixed name that names an
    Anthropic key (`NEXT_PUBLIC_ANTHROPIC_API_KEY`) wherever it is read (JS/TS, Python) or
    assigned (`.env*`, CI YAML, Dockerfiles, compose files, `vercel.json`); any public env value,
    whatever its name (`VITE_AI_KEY`), passed as an Anthropic client's `apiKey`; build-config
    publication of a key. Not flagged: harmless public names (`NEXT_PUBLIC_ANTHROPIC_MODEL`,
    `VITE_CLAUDE_ENABLED`) and `ANTHROPIC_API_KEY` read in server code.

    Severity: `error` when the name is read in browser code, in a single-page app, Expo app or
    extension, when it is published by build config, or flows into `apiKey`; `warning` when a
    public name is only read by server code (the value is inlined where it is referenced, but the
    name invites client use) or assigned in an env file; `info` for templates (`.env.example`)
    with an empty value.

    **What to do:** rename the variable to `ANTHROPIC_API_KEY` (no public prefix), read it only in
    server code, and have the browser call your own server route. Rotate a key that was ever built
    into a deployed bundle.
    """

    id = "KL006"
    name = "public-env-key"
    summary = "Anthropic key in an env var the framework publishes to the browser"
    severity = Severity.ERROR
    confidence = Confidence.HIGH
    cwe = 200
    languages = frozenset({"python", "javascript", "dotenv", "text"})
    #: the file check looks only at lines that name ANTHROPIC or CLAUDE (public prefixes alone
    #: are every frontend's config, and each keyword is one more pass over every text file)
    keywords = ("ANTHROPIC", "CLAUDE")
    fix = FixSafety.UNSAFE
    fix_safety = (
        "Unsafe (applied with `--unsafe-fixes`): renames the variable to its name without the public "
        "prefix (`NEXT_PUBLIC_ANTHROPIC_API_KEY` -> `ANTHROPIC_API_KEY`) in every file of the project "
        "that mentions it (code, `.env*` files, also ignored ones, CI and Docker files, docs), all or "
        "nothing. Only when server code alone reads it (a name read in browser code or published by "
        "build config needs the call moved to a server route first), the new name is not used yet, and "
        "every changed code file still parses. Deployment settings and CI secrets must be renamed by hand."
    )

    examples = [
        Bad('''
            'use client'
            import Anthropic from '@anthropic-ai/sdk'
            const client = new Anthropic({ apiKey: «process.env.NEXT_PUBLIC_ANTHROPIC_API_KEY», dangerouslyAllowBrowser: true })
            ''', lang="tsx", path="components/Chat.tsx", name="next public key in a client component",
            severity="error"),
        Bad('''
            import Anthropic from '@anthropic-ai/sdk'
            export const client = new Anthropic({ apiKey: «import.meta.env.VITE_AI_KEY», dangerouslyAllowBrowser: true })
            ''', lang="ts", path="src/lib/ai.ts", name="vite env value flows into apiKey", severity="error",
            files={"package.json": '{"devDependencies": {"vite": "^7"}, "dependencies": {"react": "^19"}}'},
            message="apiKey"),
        Bad('''
            import Anthropic from '@anthropic-ai/sdk'
            const client = new Anthropic({ apiKey: «process.env.NEXT_PUBLIC_CLAUDE_OPUS_KEY» })
            export async function POST() { return Response.json({}) }
            ''', lang="ts", path="app/api/chat/route.ts", name="public name as apiKey in a route handler",
            severity="warning", message="server code", fixed='''
            import Anthropic from '@anthropic-ai/sdk'
            const client = new Anthropic({ apiKey: process.env.CLAUDE_OPUS_KEY })
            export async function POST() { return Response.json({}) }
            '''),
        Bad('''
            «NEXT_PUBLIC_ANTHROPIC_API_KEY»=@GENERIC_SECRET@
            ''', lang="env", path=".env.local", name="dotenv assignment", severity="warning"),
        Bad('''
            /** @type {import('next').NextConfig} */
            module.exports = {
              env: {
                «ANTHROPIC_API_KEY: process.env.ANTHROPIC_API_KEY»,
              },
            }
            ''', lang="js", path="next.config.js", name="next.config env publication", severity="error",
            message="next.config.js"),
        Bad('''
            import { defineConfig } from 'vite'
            export default defineConfig({ envPrefix: ['VITE_', «'ANTHROPIC_'»] })
            ''', lang="ts", path="vite.config.ts", name="vite envPrefix covers ANTHROPIC_", severity="error"),
        Bad('''
            import { defineConfig } from 'vite'
            export default defineConfig({
              define: { «'import.meta.env.ANTHROPIC_API_KEY': JSON.stringify(process.env.ANTHROPIC_API_KEY)» },
            })
            ''', lang="ts", path="vite.config.ts", name="vite define", severity="error"),
        Bad('''
            jobs:
              build:
                env:
                  «VITE_ANTHROPIC_API_KEY»: ${{ secrets.ANTHROPIC_API_KEY }}
            ''', lang="yaml", path=".github/workflows/deploy.yml", name="ci workflow env", severity="warning"),
        Bad('''
            import os
            key = «os.environ["NEXT_PUBLIC_ANTHROPIC_API_KEY"]»
            ''', lang="py", name="python reads a public name", severity="warning", fixed='''
            import os
            key = os.environ["ANTHROPIC_API_KEY"]
            '''),
        Bad('''
            import { PUBLIC_ANTHROPIC_KEY } from '$env/static/public'
            export const key = PUBLIC_ANTHROPIC_KEY
            ''', lang="ts", path="src/lib/key.ts",
            files={"package.json": '{"devDependencies": {"@sveltejs/kit": "^2", "vite": "^7"}}'},
            name="sveltekit $env/static/public", message="PUBLIC_ANTHROPIC_KEY"),
        Good('''
            export const model = process.env.NEXT_PUBLIC_ANTHROPIC_MODEL
            ''', lang="ts", path="lib/config.ts", name="public model name is harmless"),
        Good('''
            import Anthropic from '@anthropic-ai/sdk'
            const client = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY })
            export async function POST() { return Response.json({}) }
            ''', lang="ts", path="app/api/chat/route.ts", name="private key in a route handler"),
        Good('''
            Never put the key in `NEXT_PUBLIC_ANTHROPIC_API_KEY=...`: that ships it to the browser.
            ''', lang="md", name="documentation quoting the variable"),
        Good('''
            ANTHROPIC_API_KEY=
            VITE_CLAUDE_ENABLED=true
            ''', lang="env", path=".env", name="private name and harmless public flag"),
        Good('''
            import os
            key = os.environ["ANTHROPIC_API_KEY"]
            ''', lang="py", name="python private name"),
    ]

    # -- code (models) --------------------------------------------------------------------------
    def check_model(self, ctx: ModelContext) -> None:
        from keylint.analysis import frameworks as fw
        from keylint.analysis import runtime

        path = ctx.path
        project = ctx.project
        seen: set[tuple[int, str]] = set()
        base = posixpath.basename(path)
        for ref in ctx.model.env_refs:
            name = ref.name
            key = (ref.loc.line, name)
            if key in seen:
                continue
            if ref.context == "prefix":
                if name and "ANTHROPIC_API_KEY".startswith(name) or name in ("", "ANTHROPIC", "CLAUDE") or (
                        name and "CLAUDE_API_KEY".startswith(name)):
                    seen.add(key)
                    shown = name or "''"
                    ctx.report(ref.loc, f"`{base}` makes every env var starting with `{shown}` public, which "
                               "covers `ANTHROPIC_API_KEY`: the key is inlined into the browser bundle",
                               severity=Severity.ERROR)
                continue
            if ref.context == "define":
                if _keyish(name):
                    seen.add(key)
                    ctx.report(ref.loc, f"`{base}` publishes `{name}` to the browser bundle (build-config "
                               "`env`/`define`): the key ships to every visitor", severity=Severity.ERROR)
                continue
            prefix = fw.public_env_prefix(name)
            if prefix is None:
                continue
            public_key = fw.is_public_key_env_name(name)
            if not public_key and not ref.flows_to_api_key:
                continue
            seen.add(key)
            rt, reason, _ = runtime.runtime_at(project, path, ref.loc.line) if ctx.model.language == "javascript" else (
                runtime.classify(project, path))
            kind = runtime.project_kind(project, path) if ctx.model.language == "javascript" else ""
            browser = rt in ("client", "universal") or kind in _BROWSER_KINDS
            conf = Confidence.HIGH if prefix[2] == "high" else Confidence.MEDIUM
            if ref.flows_to_api_key and browser:
                ctx.report(ref.loc, f"`{name}` is a public env var ({prefix[1]} inlines `{prefix[0]}*` into the "
                           "browser bundle) and it is passed as an Anthropic client's `apiKey`",
                           severity=Severity.ERROR, confidence=conf)
            elif ref.flows_to_api_key:
                ctx.report(ref.loc, f"`{name}` is passed as an Anthropic client's `apiKey` in server code, but "
                           f"the `{prefix[0]}` prefix tells {prefix[1]} to inline it into any browser code that "
                           "references it; rename it to `ANTHROPIC_API_KEY`", severity=Severity.WARNING,
                           confidence=conf)
            elif browser:
                ctx.report(ref.loc, f"`{name}` is read in browser code ({reason}); {prefix[1]} inlines "
                           f"`{prefix[0]}*` variables into the bundle, so the key ships to every visitor",
                           severity=Severity.ERROR, confidence=conf)
            else:
                ctx.report(ref.loc, f"`{name}` names an Anthropic key with the public prefix `{prefix[0]}` "
                           f"({prefix[1]} inlines it wherever client code references it); rename it to "
                           "`ANTHROPIC_API_KEY` and keep it on the server", severity=Severity.WARNING,
                           confidence=conf)

    # -- env / CI / Docker text --------------------------------------------------------------------
    def check_file(self, ctx: FileContext) -> None:
        source = ctx.source
        if source.language not in ("dotenv", "text"):
            return
        name = posixpath.basename(source.relpath)
        lower = name.lower()
        if not (source.language == "dotenv" or lower.startswith(".env") or lower.endswith(".env")
                or lower.endswith((".yml", ".yaml", ".json", ".toml")) or lower.startswith("dockerfile")
                or lower.endswith(".dockerfile") or lower in ("containerfile", ".envrc")):
            return  # prose (README, docs) may quote a variable name without defining it
        template = bool(_TEMPLATE.search(name))
        text = source.text
        for lineno, line in enumerate(text.split("\n"), start=1):
            if "ANTHROPIC" not in line.upper() and "CLAUDE" not in line.upper():
                continue
            stripped = line.lstrip()
            if stripped.startswith(("#", "//")):
                continue
            m = _ASSIGN.match(line)
            if not m:
                continue
            var = m.group(1)
            # the framework tables only for an assignment (a package.json that names the SDK has none)
            from keylint.analysis import frameworks as fw

            if not fw.is_public_key_env_name(var):
                continue
            col = line.index(var) + 1
            span = Span(lineno, col, lineno, col + len(var))
            value = m.group(2)
            prefix = fw.public_env_prefix(var)
            framework = prefix[1] if prefix else "the framework"
            empty = bool(_PLACEHOLDER_VALUE.match(value or ""))
            if template and empty:
                ctx.report(span, f"Template `{name}` advertises `{var}`, a public env var ({framework} inlines it "
                           "into the browser bundle); name the key `ANTHROPIC_API_KEY` instead",
                           severity=Severity.INFO)
            else:
                ctx.report(span, f"`{var}` is assigned here, but {framework} publishes `{prefix[0] if prefix else ''}*` "
                           "variables to the browser bundle: the key ships to every visitor; use "
                           "`ANTHROPIC_API_KEY` on the server", severity=Severity.WARNING)

from __future__ import annotations

from typing import TYPE_CHECKING

from keylint.findings import Confidence, Severity
from keylint.rule import Bad, Good, ModelContext, Rule

if TYPE_CHECKING:
    from keylint.analysis.model import ClientConstruction



def _key_class(client: ClientConstruction) -> str:
    """shipped (a key baked into the bundle), byok (the end user's key), proxy, env, none, unknown."""
    key = client.api_key
    if client.base_url_same_origin and (key is None or (key.kind == "literal" and client.api_key_literal == "placeholder")):
        return "proxy"
    if key is None:
        return "none"
    if key.kind == "literal":
        return "placeholder" if client.api_key_literal == "placeholder" else "shipped"
    if key.kind in ("public-env", "secret"):
        return "shipped"
    if key.kind in ("storage", "param"):
        return "byok"
    if key.kind == "env":
        return "env"
    return "unknown"


class ClientInBrowser(Rule):
    """
    An Anthropic client (or a wrapper that builds one) is constructed in code that ships to the
    browser or to a device. Whatever key it holds is readable by every visitor: open the dev
    tools, copy the key, and bill your account. The SDK refuses to run in a browser unless you set
    `dangerouslyAllowBrowser: true`, and its header is literally called
    `anthropic-dangerous-direct-browser-access`.

    keylint decides where a module runs (research/llm-rules.md §1.5): server markers first
    (`'use server'`, `server-only`, `app/**/route.ts`, `pages/api/**`, `+server.ts`,
    `+page.server.ts`, `*.server.*`, Nuxt `server/**`, Expo `+api`, Node servers), then client
    markers (`'use client'`, `.svelte`/`.vue` components, inline `<script>`, browser extensions,
    Expo/React Native apps, Vite/CRA single-page apps), then the client import graph (a module
    imported by client code is client), then weak signals (`window`, React hooks: *universal*,
    lower confidence). Also flagged anywhere: `dangerouslyAllowBrowser: true`, and LangChain JS
    `ChatAnthropic` in client code (it sets the flag internally).

    Severity: `error` when the key is baked into the bundle (a literal, a public env var such as
    `NEXT_PUBLIC_…`/`VITE_…`, a module constant) or the flag is set in client code; `warning` for
    universal modules and for the flag in server code (often copy-paste); `info` for
    bring-your-own-key apps (the key comes from the user: `localStorage`, an input, React state, a
    function parameter) -- an endorsed pattern, reported so a reviewer can confirm it. The
    same-origin proxy pattern (`baseURL: '/api/anthropic'` with no key or a placeholder) is fine.

    **What to do:** move the call behind your own server route (a Next.js route handler, a
    SvelteKit `+server.ts`, an Express endpoint) that holds `ANTHROPIC_API_KEY` and forwards only
    what the page needs; point browser code at that route.
    """

    id = "KL003"
    name = "client-in-browser"
    summary = "Anthropic client constructed in code that runs in the browser"
    severity = Severity.ERROR
    confidence = Confidence.HIGH
    cwe = 522
    languages = frozenset({"python", "javascript"})

    examples = [
        Bad('''
            'use client'
            import Anthropic from '@anthropic-ai/sdk'

            export function Chat() {
              const client = «new Anthropic»({
                apiKey: process.env.NEXT_PUBLIC_ANTHROPIC_API_KEY,
                dangerouslyAllowBrowser: true,
              })
              return null
            }
            ''', lang="tsx", path="components/Chat.tsx", name="use client component, public env key",
            severity="error", message="'use client'"),
        Bad('''
            import Anthropic from '@anthropic-ai/sdk'

            export const client = «new Anthropic»({ apiKey: import.meta.env.VITE_AI_KEY, dangerouslyAllowBrowser: true })
            ''', lang="ts", path="src/lib/ai.ts",
            files={"package.json": '{"dependencies": {"react": "^19", "vite": "^7"}}'},
            name="vite spa", severity="error", message="single-page app"),
        Bad('''
            <script lang="ts">
              import { ChatAnthropic } from '@langchain/anthropic'
              const llm = «new ChatAnthropic»({ model: 'claude-sonnet-4-5' })
            </script>
            <p>chat</p>
            ''', lang="svelte", path="src/routes/Chat.svelte", name="langchain in svelte",
            severity="error", message="ChatAnthropic"),
        Bad('''
            <script type="module">
              import Anthropic from 'https://esm.sh/@anthropic-ai/sdk'
              const client = «new Anthropic»({ apiKey: 'sk-ant-api03-...', dangerouslyAllowBrowser: true })
            </script>
            ''', lang="html", name="html module script from a CDN", severity="error"),
        Bad('''
            import Anthropic from '@anthropic-ai/sdk'
            chrome.runtime.onMessage.addListener(async (msg) => {
              const client = «new Anthropic»({ apiKey: API_KEY, dangerouslyAllowBrowser: true })
            })
            const API_KEY = '@GENERIC_SECRET@'
            ''', lang="js", path="extension/background.js",
            files={"extension/manifest.json": '{"manifest_version": 3, "name": "x", "version": "1"}'},
            name="mv3 background script", severity="error", message="extension"),
        Bad('''
            import Anthropic from '@anthropic-ai/sdk'
            import { Text } from 'react-native'

            const client = «new Anthropic»({ apiKey: process.env.EXPO_PUBLIC_ANTHROPIC_KEY })
            export default function Screen() { return null }
            ''', lang="tsx", path="app/index.tsx",
            files={"package.json": '{"dependencies": {"expo": "~53.0.0", "react-native": "0.79"}}'},
            name="expo screen", severity="error", message="Expo"),
        Bad('''
            import Anthropic from '@anthropic-ai/sdk'
            export function makeClient(key: string) {
              return «new Anthropic»({ apiKey: key, dangerouslyAllowBrowser: true })
            }
            ''', lang="ts", path="src/byok.ts",
            files={"package.json": '{"dependencies": {"react": "^19", "vite": "^7"}}'},
            name="bring your own key is info", severity="info", message="bring-your-own-key"),
        Bad('''
            import Anthropic from '@anthropic-ai/sdk'

            const client = new Anthropic({
              apiKey: process.env.ANTHROPIC_API_KEY,
              «dangerouslyAllowBrowser: true»,
            })
            ''', lang="ts", path="scripts/cli.ts", name="flag in server code is a warning", severity="warning"),
        Bad('''
            import Anthropic from '@anthropic-ai/sdk'
            export const helper = «new Anthropic»({ apiKey: process.env.NEXT_PUBLIC_CLAUDE_KEY })
            ''', lang="ts", path="lib/claude.ts",
            files={"app/chat/page.tsx": "'use client'\nimport { helper } from '../../lib/claude'\n"
                                        "export default function Page() { return null }\n",
                   "package.json": '{"dependencies": {"next": "16.0.0"}}'},
            name="module imported by a use client page", severity="error", message="imported by client code"),
        Good('''
            import Anthropic from '@anthropic-ai/sdk'
            const client = new Anthropic()
            export async function POST(req: Request) {
              return Response.json({ ok: true })
            }
            ''', lang="ts", path="app/api/chat/route.ts", name="next route handler"),
        Good('''
            import Anthropic from '@anthropic-ai/sdk'
            const client = new Anthropic()
            export const load = async () => ({ ok: true })
            ''', lang="ts", path="src/routes/chat/+page.server.ts", name="sveltekit server load"),
        Good('''
            import Anthropic from '@anthropic-ai/sdk'
            export default function Page() { return null }
            export async function getServerSideProps() {
              const client = new Anthropic()
              return { props: {} }
            }
            ''', lang="tsx", path="pages/index.tsx",
            files={"package.json": '{"dependencies": {"next": "15.0.0"}}'}, name="getServerSideProps body"),
        Good('''
            import Anthropic from '@anthropic-ai/sdk'
            const client = new Anthropic()
            export default async function Page() { return null }
            ''', lang="tsx", path="app/page.tsx",
            files={"package.json": '{"dependencies": {"next": "15.0.0"}}'},
            name="app router server component without use client"),
        Good('''
            'use client'
            import Anthropic from '@anthropic-ai/sdk'
            const client = new Anthropic({ baseURL: '/api/anthropic', apiKey: 'proxy', dangerouslyAllowBrowser: true })
            ''', lang="tsx", path="components/Proxy.tsx", name="same-origin proxy pattern"),
        Good('''
            'use client'
            import Anthropic from './my-anthropic-wrapper'
            const x = new Anthropic({ dangerouslyAllowBrowser: true })
            ''', lang="tsx", path="components/Other.tsx", name="a local class named Anthropic is not the SDK"),
        Good('''
            import anthropic
            client = anthropic.Anthropic()
            ''', lang="py", name="python server code"),
        Bad('''
            import anthropic
            client = «anthropic.Anthropic(api_key="@GENERIC_SECRET@")»
            ''', lang="py", path="main.py",
            files={"index.html": '<script type="module" src="https://pyscript.net/releases/2025.8.1/core.js"></script>\n'
                                 '<script type="py" src="./main.py"></script>\n'},
            name="python loaded by pyscript in the browser", severity="error", message="PyScript"),
    ]

    def check_model(self, ctx: ModelContext) -> None:
        from keylint.analysis import runtime

        path = ctx.path
        project = ctx.project
        for client in ctx.model.clients:
            rt, reason, rconf = runtime.runtime_at(project, path, client.loc.line)
            key = _key_class(client)
            flag = client.dangerously_allow_browser
            what = f"`{client.class_name}`" + (f" from `{client.package}`" if client.package else "")
            if key == "proxy":
                continue
            browser = rt in ("client", "universal")
            if not browser:
                if flag == "true" and client.dangerously_allow_browser_loc is not None and ctx.model.language == "javascript":
                    ctx.report(client.dangerously_allow_browser_loc,
                               f"`dangerouslyAllowBrowser: true` on {what} in server code ({reason}): the flag "
                               "disables the SDK's browser guard; remove it unless this module is also bundled "
                               "for the browser", severity=Severity.WARNING, confidence=Confidence.MEDIUM)
                continue
            if key == "byok":
                ctx.report(client.loc,
                           f"{what} constructed in browser code ({reason}) with a key from "
                           f"`{client.api_key.description}`: a bring-your-own-key app; confirm the key "
                           "really belongs to the end user", severity=Severity.INFO,
                           confidence=Confidence.of(rconf, Confidence.MEDIUM))
                continue
            if rt == "universal":
                sev, conf = Severity.WARNING, Confidence.MEDIUM if rconf != "low" else Confidence.LOW
            elif key in ("shipped",) or flag == "true" or client.forces_browser_access:
                sev, conf = Severity.ERROR, Confidence.of(rconf, Confidence.HIGH)
            else:
                sev, conf = Severity.WARNING, Confidence.of(rconf, Confidence.MEDIUM)
            if key == "shipped" and client.api_key is not None:
                src = f"its key (`{client.api_key.description}`) ships in the bundle"
            elif client.forces_browser_access:
                src = "`ChatAnthropic` sets `dangerouslyAllowBrowser` internally, so nothing stops it"
            elif flag == "true":
                src = "`dangerouslyAllowBrowser: true` turns off the SDK's guard"
            else:
                src = "any key it is given is readable by every visitor"
            ctx.report(client.loc,
                       f"Anthropic client {what} constructed in browser code ({reason}): {src}; "
                       "call Claude from a server route instead", severity=sev, confidence=conf)

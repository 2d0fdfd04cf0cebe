"""Runtime classification (server / client / universal) over small projects built in memory."""

from __future__ import annotations

from keylint.analysis import runtime
from keylint.analysis.javascript import build_model
from keylint.project import FileEntry, Project
from keylint.source import SourceFile

NEXT = '{"dependencies": {"next": "16.0.0", "react": "19.0.0"}}'
VITE = '{"dependencies": {"react": "19.0.0"}, "devDependencies": {"vite": "7.0.0"}}'


def project(files: dict[str, str]) -> Project:
    p = Project(root="/x", files={path: FileEntry(path) for path in files})
    for path, text in files.items():
        src = SourceFile.from_text(path, text)
        if src.language in ("javascript", "typescript", "tsx", "jsx", "vue", "svelte", "astro", "html"):
            p.models[path] = build_model(src)
        p.texts[path] = text
    return p


def rt(p: Project, path: str) -> str:
    return runtime.classify(p, path)[0]


def test_next_app_router():
    p = project({
        "package.json": NEXT,
        "app/api/chat/route.ts": "import Anthropic from '@anthropic-ai/sdk'\nexport async function POST() {}",
        "app/page.tsx": "import Anthropic from '@anthropic-ai/sdk'\nexport default function P() { return null }",
        "app/chat/page.tsx": "'use client'\nimport { ask } from '@/lib/ai'\nexport default function P() { return null }",
        "lib/ai.ts": "import Anthropic from '@anthropic-ai/sdk'\nexport const ask = new Anthropic()",
        "lib/db.ts": "import 'server-only'\nimport { x } from './ai'\nexport const db = 1",
        "app/actions.ts": "'use server'\nexport async function act() {}",
        "pages/index.tsx": "import { x } from '../lib/db'\nexport default function I() { return null }",
        "middleware.ts": "import { NextResponse } from 'next/server'\nexport function middleware() {}",
        "tsconfig.json": '{"compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["./*"]}}}',
    })
    assert rt(p, "app/api/chat/route.ts") == "server"
    assert rt(p, "app/page.tsx") == "server"  # Server Component by default
    assert rt(p, "app/chat/page.tsx") == "client"
    runtime_, reason, conf = runtime.classify(p, "lib/ai.ts")
    assert (runtime_, conf) == ("client", "medium") and "app/chat/page.tsx" in reason  # via the @/ alias
    assert rt(p, "lib/db.ts") == "server"  # server-only wins over the client graph
    assert rt(p, "app/actions.ts") == "server"
    assert rt(p, "pages/index.tsx") == "client"
    assert rt(p, "middleware.ts") == "server"


def test_sveltekit_paths():
    p = project({
        "package.json": '{"devDependencies": {"@sveltejs/kit": "2.0.0", "vite": "7.0.0"}}',
        "src/routes/+page.server.ts": "import Anthropic from '@anthropic-ai/sdk'\nexport const load = () => ({})",
        "src/routes/api/+server.ts": "import Anthropic from '@anthropic-ai/sdk'\nexport const POST = () => 1",
        "src/routes/+page.ts": "import Anthropic from '@anthropic-ai/sdk'\nexport const load = () => ({})",
        "src/routes/+page.svelte": "<script>\nimport { x } from '$lib/claude'\n</script>",
        "src/lib/claude.ts": "import Anthropic from '@anthropic-ai/sdk'\nexport const x = 1",
        "src/lib/server/key.ts": "import Anthropic from '@anthropic-ai/sdk'\nexport const y = 1",
    })
    assert rt(p, "src/routes/+page.server.ts") == "server"
    assert rt(p, "src/routes/api/+server.ts") == "server"
    assert rt(p, "src/routes/+page.ts") == "universal"
    assert rt(p, "src/routes/+page.svelte") == "client"
    assert rt(p, "src/lib/claude.ts") == "client"  # $lib alias from a .svelte component
    assert rt(p, "src/lib/server/key.ts") == "server"


def test_spa_extension_expo_and_plain_node():
    spa = project({"package.json": VITE, "src/lib/ai.ts": "import Anthropic from '@anthropic-ai/sdk'",
                   "vite.config.ts": "import { defineConfig } from 'vite'\nexport default defineConfig({})"})
    assert rt(spa, "src/lib/ai.ts") == "client"
    assert rt(spa, "vite.config.ts") == "server"
    ext = project({"ext/manifest.json": '{"manifest_version": 3}', "ext/background.js": "import A from '@anthropic-ai/sdk'"})
    assert rt(ext, "ext/background.js") == "client"
    expo = project({"package.json": '{"dependencies": {"expo": "53.0.0", "react-native": "0.79.0"}}',
                    "app/index.tsx": "import A from '@anthropic-ai/sdk'", "app/chat+api.ts": "import A from '@anthropic-ai/sdk'"})
    assert rt(expo, "app/index.tsx") == "client"
    assert rt(expo, "app/chat+api.ts") == "server"
    node = project({"package.json": '{"dependencies": {"express": "5.0.0"}}',
                    "src/index.ts": "import express from 'express'\nimport A from '@anthropic-ai/sdk'"})
    assert rt(node, "src/index.ts") == "server"


def test_monorepo_packages_are_classified_separately():
    p = project({
        "package.json": '{"private": true, "workspaces": ["apps/*"]}',
        "apps/web/package.json": VITE,
        "apps/web/src/api.ts": "import A from '@anthropic-ai/sdk'",
        "apps/api/package.json": '{"dependencies": {"fastify": "5.0.0"}}',
        "apps/api/src/chat.ts": "import A from '@anthropic-ai/sdk'\nexport const x = 1",
    })
    assert rt(p, "apps/web/src/api.ts") == "client"
    assert rt(p, "apps/api/src/chat.ts") == "server"


def test_weak_signals_and_astro_regions():
    p = project({
        "src/widget.ts": "import A from '@anthropic-ai/sdk'\nwindow.addEventListener('load', () => {})",
        "src/pages/index.astro": "---\nimport A from '@anthropic-ai/sdk'\nconst c = new A()\n---\n<script>\nconst d = 1\n</script>\n",
    })
    assert runtime.classify(p, "src/widget.ts")[::2] == ("universal", "low")
    assert runtime.runtime_at(p, "src/pages/index.astro", 3)[0] == "server"
    assert runtime.runtime_at(p, "src/pages/index.astro", 6)[0] == "client"


def test_python_is_server_unless_pyscript():
    p = project({"index.html": '<script type="py" src="./main.py"></script>', "main.py": "import anthropic",
                 "server.py": "import anthropic"})
    assert rt(p, "server.py") == "server"
    assert rt(p, "main.py") == "client"


def test_resolve_module():
    p = project({"src/a.ts": "import { b } from './b.js'", "src/b.ts": "export const b = 1",
                 "src/c/index.ts": "export const c = 1"})
    assert runtime.resolve_module(p, "src/a.ts", "./b.js") == "src/b.ts"
    assert runtime.resolve_module(p, "src/a.ts", "./c") == "src/c/index.ts"
    assert runtime.resolve_module(p, "src/a.ts", "react") is None


def test_weak_signals_do_not_move_plain_node_code():
    p = project({"package.json": '{"dependencies": {"commander": "12.0.0"}}',
                 "src/render.ts": "import A from '@anthropic-ai/sdk'\nconst html = `<script>window.x = 1</script>`"})
    assert rt(p, "src/render.ts") == "server"


def test_pages_router_imports_used_by_data_functions_are_not_client():
    p = project({
        "package.json": NEXT,
        "pages/index.tsx": ("import { summarize } from '../lib/claude'\nexport default function I() { return null }\n"
                            "export async function getServerSideProps() { return { props: { s: await summarize() } } }\n"),
        "pages/about.tsx": "import { helper } from '../lib/helper'\nexport default function A() { return null }\n",
        "lib/claude.ts": "import Anthropic from '@anthropic-ai/sdk'\nexport const summarize = async () => ''",
        "lib/helper.ts": "import Anthropic from '@anthropic-ai/sdk'\nexport const helper = 1",
    })
    assert rt(p, "lib/claude.ts") == "server"
    assert rt(p, "lib/helper.ts") == "client"


def test_type_only_imports_do_not_join_the_client_graph():
    p = project({
        "package.json": NEXT,
        "components/A.tsx": "'use client'\nimport { type Reply, type Usage } from '../lib/claude'\nexport const A = 1",
        "components/B.tsx": "'use client'\nimport type { Other } from '../lib/other'\nexport const B = 1",
        "lib/claude.ts": "import Anthropic from '@anthropic-ai/sdk'\nexport type Reply = string\nexport const c = new Anthropic()",
        "lib/other.ts": "import Anthropic from '@anthropic-ai/sdk'\nexport type Other = string",
    })
    assert rt(p, "lib/claude.ts") == "server"
    assert rt(p, "lib/other.ts") == "server"


def test_static_assets_and_electron_renderer_are_client():
    p = project({
        "package.json": '{"dependencies": {"electron": "33.0.0", "express": "5.0.0"}}',
        "public/chat.js": "const c = new Anthropic({ dangerouslyAllowBrowser: true })",
        "src/renderer/app.ts": "import A from '@anthropic-ai/sdk'",
        "src/main.ts": "import A from '@anthropic-ai/sdk'",
    })
    assert rt(p, "public/chat.js") == "client"
    assert rt(p, "src/renderer/app.ts") == "client"
    assert rt(p, "src/main.ts") == "server"

"""Does a JS/TS unit run on the server, in the browser, or both? (research/llm-rules.md §1.5)

Project phase: reads only ``project.models`` (imports, directives, weak signals) and
``project.texts`` (package.json, tsconfig/jsconfig ``paths``, manifest.json), memoised in
``project.memo``. The rules, in order, first match wins:

A. server markers: ``'use server'``, ``import 'server-only'``, server paths (``pages/api/**``,
   ``app/**/route.*``, ``middleware.*``/``proxy.*``, ``*.server.*``, SvelteKit ``+server``/
   ``+page.server``/``hooks.server``/``$lib/server``, Nuxt ``server/**``, Expo ``*+api.*``,
   serverless dirs, build configs, scripts), Node server frameworks;
B. client markers: ``'use client'``, ``import 'client-only'``, ``*.client.*``, ``.svelte``/``.vue``/
   ``.html`` files, SvelteKit ``+page.ts``/``+layout.ts`` (universal), browser extensions
   (``manifest.json`` with ``manifest_version``), React Native/Expo apps, SPAs (Vite, CRA, Vue CLI,
   Parcel without an SSR framework);
C. the client import graph: a module imported (transitively, through relative imports and
   tsconfig/jsconfig ``paths`` aliases) by a client entry is client;
D. weak signals (``window.``, hooks, ...) -> universal, low confidence;
otherwise server (Next App Router components are Server Components by default; Node code).

Python files are server unless an HTML page loads them with PyScript/Pyodide.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from keylint.project import Project

JS_SUFFIXES = (".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts", ".vue", ".svelte", ".astro")

_SERVER_PATH = re.compile(
    r"(?:^|/)(?:pages/api/|app/(?:.*/)?route\.[cm]?[jt]sx?$|(?:src/)?(?:middleware|proxy|instrumentation)\.[cm]?[jt]s$"
    r"|[^/]*\.server\.[cm]?[jt]sx?$|\+page\.server\.|\+layout\.server\.|\+server\.|hooks\.server\."
    r"|lib/server/|server/|[^/]*\+api\.[cm]?[jt]sx?$|netlify/(?:edge-)?functions/|supabase/functions/"
    r"|scripts?/|bin/|backend/|[^/]*\.config\.[cm]?[jt]s$|(?:^|/)api/|functions/|lambda/|workers?/|cli/)"
)
_CLIENT_PATH = re.compile(r"(?:^|/)[^/]*\.client\.[cm]?[jt]sx?$|(?:^|/)hooks\.client\.")
_UNIVERSAL_PATH = re.compile(r"(?:^|/)\+(?:page|layout)\.[cm]?[jt]s$")
_NEXT_APP_COMPONENT = re.compile(r"(?:^|/)app/")
_TEST_PATH = re.compile(r"(?:^|/)(?:tests?|__tests__|__mocks__|e2e|spec)/|\.(?:test|spec)\.[cm]?[jt]sx?$")
_NODE_SERVER_IMPORTS = frozenset({
    "express", "fastify", "koa", "@koa/router", "koa-router", "@hono/node-server", "@nestjs/common",
    "@nestjs/core", "http", "node:http", "https", "node:https", "socket.io", "ws", "fs", "node:fs",
    "fs/promises", "node:fs/promises", "child_process", "node:child_process", "firebase-functions",
    "firebase-admin", "@vercel/node", "@netlify/functions", "h3", "next/headers", "next/server",
    "@sveltejs/kit/node", "server-only", "$env/static/private", "$env/dynamic/private", "dotenv",
    "dotenv/config", "commander", "yargs", "inquirer", "@remix-run/node", "elysia", "restify",
})
_SPA_DEPS = ("vite", "react-scripts", "@vue/cli-service", "parcel", "parcel-bundler", "@rsbuild/core",
             "webpack-dev-server", "@angular/core", "solid-js", "preact")
_SSR_DEPS = ("next", "@sveltejs/kit", "nuxt", "@remix-run/react", "@remix-run/node", "astro", "@react-router/dev",
             "@solidjs/start", "@builder.io/qwik-city", "gatsby", "@tanstack/react-start", "@tanstack/start",
             "vike", "@redwoodjs/core", "@analogjs/platform", "@nuxt/kit", "express", "fastify", "koa", "hono",
             "@nestjs/core", "electron")
_WEAK = frozenset({"window", "document", "localStorage", "sessionStorage", "navigator", "useState", "useEffect",
                   "useRef", "useReducer", "onClick", "onChange", "onSubmit", "addEventListener"})


# --------------------------------------------------------------------------------------------
# project facts
# --------------------------------------------------------------------------------------------
def _json(project: Project, path: str) -> dict:
    key = f"json:{path}"
    if key in project.memo:
        return project.memo[key]
    text = project.texts.get(path)
    data: dict = {}
    if text:
        try:
            data = json.loads(text)
        except ValueError:
            try:  # tsconfig allows comments and trailing commas
                cleaned = re.sub(r"//[^\n]*|/\*.*?\*/", "", text, flags=re.S)
                cleaned = re.sub(r",(\s*[}\]])", r"\1", cleaned)
                data = json.loads(cleaned)
            except ValueError:
                data = {}
    if not isinstance(data, dict):
        data = {}
    project.memo[key] = data
    return data


def _parent(path: str) -> str:
    """posixpath.dirname for the normalised relpaths of a project (a third of its cost: the
    directory walks below run for every JS model)."""
    return path.rpartition("/")[0]


def _in_dir(d: str, name: str) -> str:
    return f"{d}/{name}" if d else name


def _nearest(project: Project, kind: str, d: str, here: Callable[[str], Any]) -> Any:
    """``here(d)`` for the nearest directory from ``d`` up to the root where it is not None,
    memoised per directory (a scan asks for every file of a tree, and siblings share the answer)."""
    memo = project.memo.setdefault(f"nearest:{kind}", {})
    chain: list[str] = []
    found: Any = None
    while True:
        if d in memo:
            found = memo[d]
            break
        chain.append(d)
        found = here(d)
        if found is not None or not d:
            break
        d = _parent(d)
    for c in chain:
        memo[c] = found
    return found


def package_root(project: Project, relpath: str) -> str:
    """The directory of the nearest package.json (or pyproject.toml/requirements.txt), '' if none."""
    def here(d: str) -> str | None:
        for name in ("package.json", "pyproject.toml", "requirements.txt", "setup.py"):
            if _in_dir(d, name) in project.texts:
                return d
        return None

    return _nearest(project, "package-root", _parent(relpath), here) or ""


def dependencies(project: Project, relpath: str) -> set[str]:
    """Dependency names of the nearest package.json that declares any (a package's own, else
    the workspace root's)."""
    def here(d: str) -> set[str] | None:
        pj = _in_dir(d, "package.json")
        if pj not in project.texts:
            return None
        data = _json(project, pj)
        deps: set[str] = set()
        for field in ("dependencies", "devDependencies", "peerDependencies"):
            section = data.get(field)
            if isinstance(section, dict):
                deps.update(section)
        return deps or None

    return _nearest(project, "dependencies", _parent(relpath), here) or set()


def project_kind(project: Project, relpath: str) -> str:
    """next, sveltekit, nuxt, remix, astro, expo, react-native, extension, spa, node or ''
    (a property of the directory: memoised per directory, asked for every JS model)."""
    memo = project.memo.setdefault("project-kind", {})
    d = _parent(relpath)
    kind = memo.get(d)
    if kind is None:
        kind = memo[d] = _project_kind(project, relpath)
    return kind


def _project_kind(project: Project, relpath: str) -> str:
    deps = dependencies(project, relpath)
    if extension_root(project, relpath) is not None:
        return "extension"
    for dep, kind in (("next", "next"), ("@sveltejs/kit", "sveltekit"), ("nuxt", "nuxt"),
                      ("@remix-run/react", "remix"), ("@react-router/dev", "remix"), ("astro", "astro"),
                      ("expo", "expo"), ("react-native", "react-native")):
        if dep in deps:
            return kind
    if any(d in deps for d in ("wxt", "plasmo", "@crxjs/vite-plugin")):
        return "extension"
    if any(d in deps for d in _SPA_DEPS) and not any(d in deps for d in _SSR_DEPS):
        return "spa"
    if deps:
        return "node"
    return ""


def extension_root(project: Project, relpath: str) -> str | None:
    def here(d: str) -> str | None:
        for sub in ("", "public", "src", "static"):
            base = _in_dir(d, sub) if sub else d
            mf = _in_dir(base, "manifest.json")
            if mf in project.texts and "manifest_version" in project.texts[mf]:
                return d
        return None

    return _nearest(project, "extension-root", _parent(relpath), here)


# --------------------------------------------------------------------------------------------
# module resolution (relative imports and tsconfig/jsconfig paths)
# --------------------------------------------------------------------------------------------
def _aliases(project: Project, relpath: str) -> list[tuple[str, list[str]]]:
    """(pattern prefix, [target dirs relative to the project root]) from the nearest tsconfig/jsconfig."""
    def here(d: str) -> list[tuple[str, list[str]]] | None:
        for name in ("tsconfig.json", "jsconfig.json", "tsconfig.app.json"):
            cfg = _in_dir(d, name)
            if cfg in project.texts:
                return _parse_paths(project, cfg, d)
        return None

    return _nearest(project, "tsconfig", _parent(relpath), here) or []


def _parse_paths(project: Project, cfg: str, d: str) -> list[tuple[str, list[str]]]:
    data = _json(project, cfg)
    opts = data.get("compilerOptions") if isinstance(data.get("compilerOptions"), dict) else {}
    base = posixpath.normpath(posixpath.join(d, str(opts.get("baseUrl", ".")))) if d else posixpath.normpath(
        str(opts.get("baseUrl", ".")))
    base = "" if base == "." else base
    out: list[tuple[str, list[str]]] = []
    paths = opts.get("paths") if isinstance(opts.get("paths"), dict) else {}
    for pattern, targets in paths.items():
        if not isinstance(targets, list):
            continue
        prefix = pattern[:-1] if pattern.endswith("*") else pattern
        dirs = []
        for t in targets:
            if isinstance(t, str):
                t = t[:-1] if t.endswith("*") else t
                dirs.append(posixpath.normpath(posixpath.join(base, t)) + ("/" if t.endswith("/") else ""))
        out.append((prefix, dirs))
    return out


def _try_file(project: Project, target: str) -> str | None:
    target = posixpath.normpath(target)
    if target.startswith("../"):
        return None
    files, models = project.files, project.models
    if target in models or target in files:
        return target
    stem, ext = posixpath.splitext(target)
    if ext in (".js", ".jsx", ".mjs", ".cjs"):  # TS projects import './x.js' for x.ts
        for e in (".ts", ".tsx", ".mts", ".cts"):
            if stem + e in models or stem + e in files:
                return stem + e
    # string concatenation, candidates tried as they are built: this runs for every import of
    # every JS file when the client graph is built
    for base in (target, (target + "/index") if target not in ("", ".") else "index"):
        for s in JS_SUFFIXES:
            c = base + s
            if c in models or c in files:
                return c
    return None


def resolve_module(project: Project, from_path: str, spec: str) -> str | None:
    """Resolve an import specifier of ``from_path`` to a project file (relative paths, tsconfig/
    jsconfig ``paths`` aliases such as ``@/``, SvelteKit ``$lib``, ``~/``), or None."""
    spec = spec.split("?", 1)[0]
    key = f"resolve:{from_path}:{spec}"
    if key in project.memo:
        return project.memo[key]
    out: str | None = None
    if spec.startswith((".", "/")):
        base = posixpath.dirname(from_path)
        out = _try_file(project, posixpath.join(base, spec) if spec.startswith(".") else spec.lstrip("/"))
    else:
        for prefix, dirs in _aliases(project, from_path):
            if spec.startswith(prefix) and prefix:
                rest = spec[len(prefix):]
                for d in dirs:
                    out = _try_file(project, posixpath.join(d, rest) if rest else d)
                    if out:
                        break
            if out:
                break
        if out is None and spec.startswith(("$lib/", "@/", "~/", "#/")):  # else a package import
            root = package_root(project, from_path)
            for prefix, target in (("$lib/", "src/lib/"), ("@/", "src/"), ("@/", ""), ("~/", "src/"), ("~/", ""),
                                   ("#/", "src/")):
                if spec.startswith(prefix):
                    out = _try_file(project, posixpath.join(root, target, spec[len(prefix):]))
                    if out:
                        break
    project.memo[key] = out
    return out


# --------------------------------------------------------------------------------------------
# classification
# --------------------------------------------------------------------------------------------
def _strip_root(project: Project, relpath: str) -> str:
    root = package_root(project, relpath)
    return relpath[len(root) + 1:] if root and relpath.startswith(root + "/") else relpath


def _markers(project: Project, relpath: str) -> tuple[str, str, str] | None:
    """Rules A and B (own markers only), or None."""
    model = project.models.get(relpath)
    directives = set(model.directives) if model is not None else set()
    imports = {i.module for i in model.imports} if model is not None else set()
    local = _strip_root(project, relpath)
    lang_ext = posixpath.splitext(relpath)[1].lower()
    kind = project_kind(project, relpath)
    # A. server
    if _TEST_PATH.search(local) or _TEST_PATH.search(relpath):
        return "server", "test file (runs under Node/jsdom)", "medium"
    if "use server" in directives:
        return "server", "`'use server'` module", "high"
    if "server-only" in directives:
        return "server", "imports `server-only`", "high"
    if lang_ext in (".html", ".htm", ".vue", ".svelte"):
        if lang_ext == ".vue" and re.search(r"(?:^|/)server/", local):
            return "server", "Nuxt `server/` directory", "high"
        if re.search(r"\.server\.vue$", relpath):
            return "server", "`.server.vue` component", "high"
    elif lang_ext == ".astro":
        return "client", "`<script>` in an Astro component", "medium"
    elif _SERVER_PATH.search(local) and not (kind == "extension" and not re.search(r"\.config\.", local)):
        if not re.search(r"(?:^|/)app/(?:.*/)?(?:page|layout)\.", local) or "route." in local:
            return "server", f"server path `{local}`", "high"
    server_imports = imports & _NODE_SERVER_IMPORTS
    if server_imports and "use client" not in directives:
        return "server", f"imports `{sorted(server_imports)[0]}`", "high"
    # B. client
    if "use client" in directives:
        return "client", "`'use client'` module", "high"
    if "client-only" in directives:
        return "client", "imports `client-only`", "high"
    if _CLIENT_PATH.search(local):
        return "client", "`.client.` module", "high"
    if lang_ext in (".svelte", ".vue"):
        return "client", f"`{lang_ext}` component", "high"
    if lang_ext in (".html", ".htm"):
        return "client", "inline `<script>` in an HTML page", "high"
    if model is not None and dict(model.extra).get("cdn-sdk"):
        return "client", "imports the SDK from a CDN URL", "high"
    if re.match(r"(?:public|static|www|wwwroot)/", local) and lang_ext in (".js", ".mjs", ".cjs"):
        return "client", "static asset served to the browser as is", "high"
    if "electron" in dependencies(project, relpath) and re.search(r"(?:^|/)(?:renderer|preload)(?:/|\.)", local):
        return "client", "Electron renderer/preload code (shipped in the desktop app)", "high"
    if kind == "sveltekit" and _UNIVERSAL_PATH.search(local):
        return "universal", "SvelteKit universal load module", "medium"
    if kind == "extension":
        return "client", "browser extension script", "high"
    if kind in ("expo", "react-native"):
        return "client", "React Native / Expo app bundle", "high"
    if kind == "spa":
        return "client", "single-page app source (bundled for the browser)", "high"
    if kind == "next" and re.search(r"(?:^|/)pages/", local) and not re.search(r"pages/api/", local):
        return "client", "Next.js Pages Router page", "medium"
    return None


def _client_graph(project: Project) -> dict[str, str]:
    """relpath -> client entry it is reached from, over the resolved imports of the models the
    client entries reach (imports are resolved as the walk gets to a module: on the benchmark
    corpus, 8,600 JS models but few in a client bundle)."""
    key = "runtime:client-graph"
    if key in project.memo:
        return project.memo[key]
    entries: list[str] = []
    for path, model in project.models.items():
        if model.language != "javascript":
            continue
        m = _markers(project, path)
        if m is not None and m[0] == "client":
            # a Pages Router page with getServerSideProps/getStaticProps: Next removes the imports
            # those functions use from the client bundle, and which ones they are is not modelled
            if m[1] == "Next.js Pages Router page" and model.server_lines:
                continue
            entries.append(path)

    def edges(path: str) -> list[str]:
        model = project.models.get(path)
        if model is None or model.language != "javascript":
            return []
        targets = []
        for imp in model.imports:
            if imp.is_type_only:
                continue
            r = resolve_module(project, path, imp.module)
            if r and r != path:
                targets.append(r)
        return targets

    reached: dict[str, str] = {}
    queue = deque((e, e) for e in entries)
    seen = set(entries)
    while queue:
        path, entry = queue.popleft()
        for t in edges(path):
            if t in seen:
                continue
            seen.add(t)
            m = _markers(project, t)
            if m is not None and m[0] == "server":
                continue  # a server marker wins (server-only in a client graph is a build error)
            reached[t] = entry
            queue.append((t, entry))
    project.memo[key] = reached
    return reached


def classify(project: Project, relpath: str) -> tuple[str, str, str]:
    """(runtime, reason, confidence) with runtime in {"server", "client", "universal"}."""
    key = f"runtime:{relpath}"
    if key in project.memo:
        return project.memo[key]
    result = _classify(project, relpath)
    project.memo[key] = result
    return result


def _classify(project: Project, relpath: str) -> tuple[str, str, str]:
    model = project.models.get(relpath)
    if relpath.endswith((".py", ".pyw", ".ipynb")) or (model is not None and model.language == "python"):
        loaders = _pyscript_loaders(project)
        if relpath in loaders:
            return "client", f"loaded in the browser by PyScript/Pyodide from `{loaders[relpath]}`", "high"
        return "server", "Python runs on the server", "high"
    marked = _markers(project, relpath)
    if marked is not None and marked[0] != "universal":
        return marked
    graph = _client_graph(project)
    if relpath in graph:
        return "client", f"imported by client code (`{graph[relpath]}`)", "medium"
    if marked is not None:
        return marked
    kind = project_kind(project, relpath)
    local = _strip_root(project, relpath)
    if kind == "next" and _NEXT_APP_COMPONENT.search(local):
        return "server", "Next.js App Router Server Component (no `'use client'`)", "medium"
    ui = kind in ("next", "remix", "astro", "nuxt", "sveltekit", "") or bool(
        dependencies(project, relpath) & {"react", "react-dom", "vue", "svelte", "solid-js", "preact", "lit"})
    if ui and model is not None and set(model.browser_signals) & _WEAK:
        return "universal", "uses browser APIs (`" + "`, `".join(sorted(set(model.browser_signals) & _WEAK)[:3]) + "`)", "low"
    return "server", "no browser marker", "low"


def runtime_at(project: Project, relpath: str, line: int) -> tuple[str, str, str]:
    """Like :func:`classify`, but code in :attr:`FileModel.server_lines` (Astro frontmatter,
    getServerSideProps, Remix loader/action bodies) is server."""
    model = project.models.get(relpath)
    if model is not None:
        for start, end in getattr(model, "server_lines", ()):
            if start <= line <= end:
                return "server", "server-only code region (frontmatter / server data function)", "high"
    if relpath.endswith(".astro"):
        return "client", "`<script>` in an Astro component (bundled for the browser)", "high"
    return classify(project, relpath)


def _pyscript_loaders(project: Project) -> dict[str, str]:
    key = "runtime:pyscript"
    if key in project.memo:
        return project.memo[key]
    out: dict[str, str] = {}
    for path, model in project.models.items():
        for imp in model.imports:
            if "pyscript" in imp.names:
                base = posixpath.dirname(path)
                target = posixpath.normpath(posixpath.join(base, imp.module.lstrip("/") if not imp.module.startswith(".") else imp.module))
                out[target] = path
    project.memo[key] = out
    return out


def is_test_path(relpath: str) -> bool:
    return bool(_TEST_PATH.search(relpath))

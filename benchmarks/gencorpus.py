"""A deterministic, network-free benchmark corpus.

``generate(out, scale=1.0, seed=7)`` writes a small "repository" that looks like a real one to
a scanner: unrelated Python and JS/TS modules (the bulk), a few Anthropic integrations (Python
server code, a Next.js route handler, a browser component, a notebook, ``.env`` files), config
files, Markdown, JSON data and binary assets. Everything comes from ``random.Random(seed)``, so
two runs with the same arguments write byte-identical trees (apart from the git metadata, which
is pinned too: fixed author, committer and dates).

Key-shaped strings come from :func:`keylint.testing.fake_key` driven by the seeded generator,
so this file holds no key-shaped literal and the keys are never valid.

``manifest.json`` in the output lists every file with its size and whether it is
Anthropic-related (its bytes mention ``anthropic`` in any case, or ``sk-ant-``), and names the
files the pre-commit scenario stages.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import shutil
import subprocess
from pathlib import Path

RELATED = re.compile(rb"(?i)anthropic|sk-ant-")

WORDS = ["account", "order", "invoice", "user", "session", "cache", "queue", "worker", "report", "metric", "token", "price", "record", "batch", "event", "handler", "config", "schema", "field", "value", "index", "bucket", "shard", "tenant", "payload", "buffer", "stream", "window", "frame", "layout", "widget", "render", "parse", "format", "encode", "decode", "retry", "timeout", "limit", "offset", "cursor", "page", "filter", "sort", "group", "merge", "split", "reduce"]


@contextlib.contextmanager
def _seeded_fake_keys(rng: random.Random):
    """Make keylint.testing.fake_key draw from ``rng`` (it normally uses ``secrets``)."""
    import keylint.testing as kt

    saved = kt._random
    kt._random = rng  # random.Random has the same .choice() as the secrets module
    try:
        yield kt.fake_key
    finally:
        kt._random = saved


def _ident(rng: random.Random, parts: int = 2) -> str:
    return "_".join(rng.choice(WORDS) for _ in range(parts))


def _camel(rng: random.Random, parts: int = 2) -> str:
    words = [rng.choice(WORDS) for _ in range(parts)]
    return words[0] + "".join(w.title() for w in words[1:])


# --------------------------------------------------------------------------------------------
# Unrelated code
# --------------------------------------------------------------------------------------------
def python_module(rng: random.Random, functions: int) -> str:
    out = ['"""{} utilities."""'.format(_ident(rng).replace("_", " ").capitalize()), "",
           "from __future__ import annotations", "", "import json", "import logging",
           "from dataclasses import dataclass, field", "", "log = logging.getLogger(__name__)",
           f"DEFAULT_{_ident(rng).upper()} = {rng.randint(1, 5000)}", ""]
    for _ in range(max(1, functions // 4)):
        cls = _camel(rng).title().replace("_", "")
        out += ["", "@dataclass", f"class {cls}:",
                f'    """A {rng.choice(WORDS)} {rng.choice(WORDS)}."""', "",
                f"    {_ident(rng)}: int = {rng.randint(0, 99)}",
                f"    {_ident(rng)}: str = \"{rng.choice(WORDS)}\"",
                f"    {_ident(rng)}: list[str] = field(default_factory=list)", "",
                f"    def {_ident(rng)}(self, {_ident(rng, 1)}: int) -> int:",
                "        total = 0",
                f"        for i in range({_ident(rng, 1)}):",
                f"            if i % {rng.randint(2, 9)} == 0:",
                f"                total += i * {rng.randint(1, 99)}",
                "        return total", ""]
    for _ in range(functions):
        name, arg = _ident(rng), _ident(rng, 1)
        body = [f"def {name}({arg}: dict, limit: int = {rng.randint(1, 500)}) -> list:",
                f'    """Return the {rng.choice(WORDS)}s of ``{arg}`` up to ``limit``."""',
                "    result = []",
                f"    for key, value in sorted({arg}.items()):",
                "        if len(result) >= limit:",
                "            break",
                f"        if isinstance(value, str) and value.startswith(\"{rng.choice(WORDS)}\"):",
                "            result.append((key, value.upper()))",
                "        elif isinstance(value, (int, float)):",
                f"            result.append((key, value * {rng.randint(2, 9)}))",
                "        else:",
                "            log.debug(\"skip %s\", key)",
                "    return json.loads(json.dumps(result))", ""]
        out += [""] + body
    return "\n".join(out) + "\n"


def js_module(rng: random.Random, functions: int, ts: bool) -> str:
    t = (lambda s: s) if ts else (lambda s: "")
    out = [f"import {{ {_camel(rng)} }} from \"./{_ident(rng)}\";",
           "import path from \"node:path\";", "",
           f"const {_camel(rng).upper()} = {rng.randint(1, 9999)};", ""]
    if ts:
        out += [f"export interface {_camel(rng).title()} {{",
                f"  {_camel(rng)}: string;", f"  {_camel(rng)}: number;", "}", ""]
    for _ in range(functions):
        name, arg = _camel(rng), _camel(rng, 1)
        out += [f"export function {name}({arg}{t(': Record<string, unknown>')}, limit{t(': number')} = {rng.randint(1, 99)}){t(': unknown[]')} {{",
                f"  const out{t(': unknown[]')} = [];",
                f"  for (const [key, value] of Object.entries({arg})) {{",
                "    if (out.length >= limit) break;",
                f"    if (typeof value === \"string\" && value.includes(\"{rng.choice(WORDS)}\")) {{",
                "      out.push({ key, value: value.toUpperCase() });",
                "    } else if (typeof value === \"number\") {",
                f"      out.push({{ key, value: value * {rng.randint(2, 9)} }});",
                "    }",
                "  }",
                f"  return out.map((x) => path.join(\"{rng.choice(WORDS)}\", String(x)));",
                "}", ""]
    return "\n".join(out) + "\n"


def markdown(rng: random.Random, paragraphs: int) -> str:
    out = [f"# {_ident(rng).replace('_', ' ').title()}", ""]
    for _ in range(paragraphs):
        out += [" ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 90))).capitalize() + ".", ""]
    return "\n".join(out)


def json_data(rng: random.Random, rows: int) -> str:
    return json.dumps([{_camel(rng): rng.randint(0, 10**6), "name": _ident(rng), "ok": rng.random() < .5}
                       for _ in range(rows)], indent=1) + "\n"


def binary_blob(rng: random.Random, size: int) -> bytes:
    head = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    return head + rng.randbytes(size - len(head))


# --------------------------------------------------------------------------------------------
# Anthropic integrations (a mix of safe code and the patterns keylint reports)
# --------------------------------------------------------------------------------------------
def anthropic_server_py(rng: random.Random, key: str | None) -> str:
    literal = f'"{key}"' if key else 'os.environ["ANTHROPIC_API_KEY"]'
    route = _ident(rng, 1)
    return f'''"""{route.title()} assistant endpoint."""

import os

import anthropic
from flask import Flask, jsonify, request

app = Flask(__name__)
client = anthropic.Anthropic(api_key={literal})
SYSTEM = "You answer questions about {rng.choice(WORDS)}s."


@app.post("/api/{route}")
def {route}():
    question = request.json["question"]
    message = client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens={rng.choice([256, 512, 1024])},
        system=SYSTEM,
        messages=[{{"role": "user", "content": question}}],
    )
    return jsonify(answer=message.content[0].text)


def summarise(text: str) -> str:
    reply = client.messages.create(
        model="claude-haiku-4-5",
        max_tokens=300,
        messages=[{{"role": "user", "content": "Summarise: " + text[:4000]}}],
    )
    return reply.content[0].text
''' + python_module(rng, rng.randint(2, 6))


def anthropic_route_ts(rng: random.Random) -> str:
    return f'''import Anthropic from "@anthropic-ai/sdk";
import {{ NextResponse }} from "next/server";

const anthropic = new Anthropic({{ apiKey: process.env.ANTHROPIC_API_KEY }});

export async function POST(req: Request) {{
  const {{ messages }} = await req.json();
  const response = await anthropic.messages.create({{
    model: "claude-sonnet-4-5",
    max_tokens: {rng.choice([512, 1024, 2048])},
    messages,
  }});
  return NextResponse.json(response);
}}
''' + js_module(rng, rng.randint(1, 4), ts=True)


def anthropic_component_tsx(rng: random.Random) -> str:
    return f'''"use client";
import Anthropic from "@anthropic-ai/sdk";
import {{ useState }} from "react";

const client = new Anthropic({{
  apiKey: process.env.NEXT_PUBLIC_ANTHROPIC_API_KEY,
  dangerouslyAllowBrowser: true,
}});

export default function {_camel(rng).title()}Chat() {{
  const [answer, setAnswer] = useState("");
  async function ask(q: string) {{
    const r = await client.messages.create({{
      model: "claude-haiku-4-5",
      max_tokens: 256,
      messages: [{{ role: "user", content: q }}],
    }});
    setAnswer(r.content[0].type === "text" ? r.content[0].text : "");
  }}
  return <button onClick={{() => ask("{rng.choice(WORDS)}")}}>{{answer}}</button>;
}}
'''


def anthropic_notebook(rng: random.Random, key: str) -> str:
    cells = [
        {"cell_type": "markdown", "id": "m1", "metadata": {}, "source": ["# Claude quickstart\n"]},
        {"cell_type": "code", "execution_count": 1, "id": "c1", "metadata": {}, "outputs": [],
         "source": ["import anthropic\n", f'client = anthropic.Anthropic(api_key="{key}")\n']},
        {"cell_type": "code", "execution_count": 2, "id": "c2", "metadata": {},
         "outputs": [{"name": "stdout", "output_type": "stream", "text": ["Hello!\n"]}],
         "source": ["msg = client.messages.create(model='claude-haiku-4-5', max_tokens=64,\n",
                    "    messages=[{'role': 'user', 'content': 'Hi'}])\n", "print(msg.content[0].text)\n"]},
    ]
    return json.dumps({"cells": cells, "metadata": {"kernelspec": {"name": "python3"}},
                       "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n"


# --------------------------------------------------------------------------------------------
def generate(out: Path, scale: float = 1.0, seed: int = 7, git: bool = True) -> dict:
    """Write the corpus to ``out`` (replacing it). Returns the manifest."""
    rng = random.Random(seed)
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    files: dict[str, bytes] = {}

    def put(rel: str, content: str | bytes) -> None:
        files[rel] = content.encode() if isinstance(content, str) else content

    n = lambda base: max(1, int(base * scale))
    with _seeded_fake_keys(rng) as fake_key:
        for i in range(n(240)):
            put(f"services/{_ident(rng, 1)}_{i}/{_ident(rng)}.py", python_module(rng, rng.randint(3, 40)))
        for i in range(n(160)):
            put(f"web/src/lib/{_camel(rng)}{i}.ts", js_module(rng, rng.randint(2, 30), ts=True))
        for i in range(n(120)):
            put(f"web/legacy/{_camel(rng)}{i}.js", js_module(rng, rng.randint(2, 30), ts=False))
        for i in range(n(80)):
            put(f"docs/{_ident(rng)}_{i}.md", markdown(rng, rng.randint(2, 20)))
        for i in range(n(30)):
            put(f"fixtures/{_ident(rng)}_{i}.json", json_data(rng, rng.randint(20, 400)))
        for i in range(n(20)):
            put(f"assets/{_ident(rng)}_{i}.png", binary_blob(rng, rng.randint(2_000, 200_000)))
        for i in range(n(15)):
            put(f"deploy/{_ident(rng)}_{i}.yml",
                "\n".join(f"{_ident(rng)}: {rng.randint(0, 99)}" for _ in range(rng.randint(5, 60))) + "\n")
        # Anthropic integrations: a few per scale unit
        for i in range(n(6)):
            key = fake_key() if i % 3 == 0 else None
            put(f"backend/assistant/{_ident(rng, 1)}_{i}.py", anthropic_server_py(rng, key))
        for i in range(n(4)):
            put(f"web/app/api/{_ident(rng, 1)}{i}/route.ts", anthropic_route_ts(rng))
        for i in range(n(3)):
            put(f"web/components/{_camel(rng).title()}{i}Chat.tsx", anthropic_component_tsx(rng))
        for i in range(n(2)):
            put(f"notebooks/quickstart_{i}.ipynb", anthropic_notebook(rng, fake_key()))
        put("backend/.env.example", "ANTHROPIC_API_KEY=your-key-here\n")
        put("backend/.env", f"ANTHROPIC_API_KEY={fake_key()}\nDEBUG=1\n")
        put("web/.env.local", f"NEXT_PUBLIC_ANTHROPIC_API_KEY={fake_key()}\n")
        put("backend/requirements.txt", "anthropic>=0.40\nflask>=3\n")
        put("web/package.json", json.dumps({"name": "web", "private": True, "dependencies": {
            "@anthropic-ai/sdk": "^0.40.0", "next": "15.0.0", "react": "19.0.0"}}, indent=2) + "\n")
        put("web/tsconfig.json", json.dumps({"compilerOptions": {"strict": True, "jsx": "preserve"}}) + "\n")
        put(".gitignore", "node_modules/\n__pycache__/\n.keylint_cache/\n")
        put("README.md", markdown(rng, 5))

    for rel, data in sorted(files.items()):
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    related = sorted(rel for rel, data in files.items() if RELATED.search(data))
    code = (".py", ".ts", ".js")
    unrelated = [rel for rel in sorted(files) if rel.endswith(code) and rel not in related]
    plain5 = ([r for r in unrelated if r.endswith(".py")][::53][:2] + [r for r in unrelated if r.endswith(".ts")][::41][:1]
              + [r for r in unrelated if r.endswith(".js")][::29][:1] + ["README.md"])
    anth5 = ([r for r in related if r.endswith(".py")][:2] + [r for r in related if r.endswith("route.ts")][:2]
             + [r for r in related if r.endswith(".tsx")][:1])
    manifest = {
        "generator": "benchmarks/gencorpus.py", "seed": seed, "scale": scale,
        "files": len(files), "bytes": sum(map(len, files.values())),
        "related_files": len(related), "related_bytes": sum(len(files[r]) for r in related),
        "related": related,
        "precommit": {"plain": plain5, "anthropic": anth5},
    }
    if git:
        git_commit(out)
    (out.parent / (out.name + ".manifest.json")).write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest


GIT_ENV = {"GIT_AUTHOR_NAME": "kl-bench", "GIT_AUTHOR_EMAIL": "kl-bench@invalid",
           "GIT_COMMITTER_NAME": "kl-bench", "GIT_COMMITTER_EMAIL": "kl-bench@invalid",
           "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z"}


def git_commit(root: Path, message: str = "corpus") -> None:
    env = {**os.environ, **GIT_ENV}
    run = lambda *a: subprocess.run(["git", *a], cwd=root, env=env, check=True,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    run("init", "-q", "-b", "main", ".")
    run("add", "-A")
    run("add", "-f", "backend/.env", "web/.env.local")
    run("-c", "commit.gpgsign=false", "commit", "-q", "--no-verify", "-m", message)


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    m = generate(a.out, a.scale, a.seed)
    print(f"{a.out}: {m['files']} files, {m['bytes']:,} bytes, {m['related_files']} Anthropic-related")

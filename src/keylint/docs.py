"""Rule documentation rendered from the rules themselves (``keylint explain``, docs/rules/)."""

from __future__ import annotations

import re

from keylint.rule import EXAMPLE_FILES, Rule

_FENCE = {"py": "python", "ts": "ts", "tsx": "tsx", "js": "js", "jsx": "jsx", "env": "sh", "sh": "sh",
          "yaml": "yaml", "json": "json", "toml": "toml", "md": "markdown", "ipynb": "json",
          "html": "html", "vue": "vue", "svelte": "svelte", "astro": "astro", "dockerfile": "dockerfile",
          "text": "text"}
_PLACEHOLDERS = {
    "@KEY@": "sk-ant-api03-…", "@KEY2@": "sk-ant-api03-…", "@ADMIN_KEY@": "sk-ant-admin01-…",
    "@OAUTH_KEY@": "sk-ant-oat01-…", "@TEST_VECTOR_BODY@": "abc123…AA", "@GENERIC_SECRET@": "k3y…",
}


def example_text(code: str) -> str:
    """An example as shown to people: markers removed, generated values shown truncated."""
    text = code.replace("«", "").replace("»", "")
    for placeholder, shown in _PLACEHOLDERS.items():
        text = text.replace(placeholder, shown)
    return text.rstrip("\n")


def _block(example) -> str:
    lang = _FENCE.get(example.lang, "text")
    name = example.path or EXAMPLE_FILES.get(example.lang, "")
    title = f"`{name}`" + (f" ({example.name})" if example.name else "")
    return f"{title}\n\n```{lang}\n{example_text(example.dedented)}\n```\n"


def render_rule(rule: type[Rule]) -> str:
    langs = sorted({ex.lang for ex in rule.examples})
    badges = [f"severity: {rule.severity.label}", f"confidence: {rule.confidence.label}"]
    if rule.cwe:
        badges.append(f"CWE-{rule.cwe}")
    badges.append("examples: " + ", ".join(langs))
    badges.append(f"fix: {rule.fix.value}" if rule.fix else "fix: none")
    parts = [f"# {rule.id} · {rule.name}", "", f"{rule.summary}.", "", " · ".join(badges), "",
             "## What it does and why", "", rule.docstring(), ""]
    bad = [ex for ex in rule.examples if ex.is_bad and not ex.todo]
    good = [ex for ex in rule.examples if not ex.is_bad and not ex.todo]
    if bad:
        parts += ["## Example", ""]
        seen: set[str] = set()
        for ex in bad:
            if ex.lang in seen:
                continue
            seen.add(ex.lang)
            parts.append(_block(ex))
    if good:
        parts += ["## Use instead / not reported", ""]
        seen = set()
        for ex in good:
            if ex.lang in seen:
                continue
            seen.add(ex.lang)
            parts.append(_block(ex))
    if rule.fix_safety:
        parts += ["## Fix safety", "", rule.fix_safety, ""]
    if rule.options:
        parts += ["## Options", "", "| option | default | meaning |", "|---|---|---|"]
        for name, (default, meaning) in sorted(rule.options.items()):
            parts.append(f"| `{name}` | `{default!r}` | {meaning} |")
        parts.append("")
    parts += ["## How to suppress", "",
              f"On the line (or alone on the line above): `# keylint: ignore[{rule.id}]` "
              f"(`// keylint: ignore[{rule.id}]` in JS/TS), with an optional reason after ` -- `. "
              f"For a whole file: `keylint: ignore-file[{rule.id}]`. For paths: "
              f"`[tool.keylint.per-file-ignores]`.", ""]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(parts)).rstrip() + "\n"

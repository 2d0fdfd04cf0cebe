from __future__ import annotations

import posixpath
import re

from keylint.findings import Confidence, Severity, Span
from keylint.rule import Bad, FileContext, FixSafety, Good, ProjectContext, Rule
from keylint.source import is_dotenv_name

_SECRET_ASSIGNMENT = re.compile(
    r"^[ \t]*(?:export[ \t]+)?[A-Za-z0-9_]*(?:KEY|TOKEN|SECRET|PASSWORD|PASSWD|PWD|CREDENTIAL|PRIVATE)"
    r"[A-Za-z0-9_]*[ \t]*=[ \t]*(?P<value>\S.*)$",
    re.IGNORECASE | re.MULTILINE,
)
_PLACEHOLDER_VALUE = re.compile(
    r"""^["']?(?:|changeme|change-me|todo|xxx+|\.\.\.|…|<[^>]*>|\$\{[^}]*\}|your[-_ ].*|.*[-_]here|
    sk-ant-\.\.\.|sk-ant-x+|placeholder|dummy|example|none|null|false|true|0|1)["']?$""",
    re.IGNORECASE | re.VERBOSE,
)
_PROJECT_MANIFESTS = ("package.json", "pyproject.toml", "requirements.txt", "setup.py", "Pipfile")


def has_secret_assignment(text: str) -> bool:
    """A dotenv assignment to a secret-like name whose value is not a placeholder."""
    for m in _SECRET_ASSIGNMENT.finditer(text):
        value = m["value"].split(" #")[0].strip()
        if value and not _PLACEHOLDER_VALUE.match(value):
            return True
    return False


class EnvNotGitignored(Rule):
    """
    A `.env` file holds the secrets of a developer's machine. If git does not ignore it, one
    `git add .` publishes them; if git already tracks it, they are published, and adding a
    `.gitignore` rule afterwards changes nothing (git ignores only untracked files). Project
    templates differ: `create-vite` does not ignore `.env`, `create-next-app` ignores `.env*`.

    keylint asks git itself (`git ls-files` for tracked files, `git check-ignore` for ignore
    rules, so nested `.gitignore` files, `.git/info/exclude` and negations count); outside a git
    repository it evaluates the `.gitignore` files. Template files (`.env.example`, `.sample`,
    `.template`, `.dist`, ...) and code named like env (`next-env.d.ts`, `env.py`) are not dotenv
    files. A project in a git repository that reads `ANTHROPIC_API_KEY` from the environment while no `.gitignore`
    rule would cover a `.env` next to it is reported too (a warning, before the file exists).

    Severity is `error` when the file assigns a secret-like variable (`*_KEY`, `*_TOKEN`,
    `*_SECRET`, ...) a non-placeholder value, `warning` otherwise.

    **What to do:** add `.env` and `.env.*` (with `!.env.example`) to `.gitignore`; for a tracked
    file, run `git rm --cached <file>` and **rotate every secret it ever held**.
    """

    id = "KL002"
    name = "env-not-gitignored"
    summary = "A .env file that git tracks or does not ignore"
    severity = Severity.ERROR
    confidence = Confidence.HIGH
    cwe = 538
    languages = frozenset({"dotenv"})
    fix = FixSafety.SAFE
    fix_safety = (
        "Safe (applied with `--fix`): appends `.env`, `.env.*` and `!.env.example` to the nearest "
        "`.gitignore` (creating one when there is none) and checks that the file is then ignored. It "
        "never changes the index: for a tracked file it prints the `git rm --cached` command to run. "
        "Rotate every secret a tracked `.env` ever held."
    )
    uses_models = frozenset({"python", "javascript"})  # env reads of the key, for the project-level case

    examples = [
        Bad("ANTHROPIC_API_KEY=@KEY@\n", lang="env", git=True, files={".gitignore": "node_modules/\n"},
            name="untracked and not ignored", severity="error", message="not ignored"),
        Bad("ANTHROPIC_API_KEY=@KEY@\n", lang="env", git=True, git_add=(".env",),
            files={".gitignore": ".env\n"}, name="tracked despite the ignore rule",
            message="tracked by git"),
        Bad("PORT=3000\n", lang="env", path=".env.production", git=True,
            files={".gitignore": "dist/\n"}, name="no secrets: warning", severity="warning"),
        Bad("ANTHROPIC_API_KEY=@KEY@\n", lang="env", files={".gitignore": "*.log\n"},
            name="no git: the .gitignore files decide", message="not covered"),
        Bad('import os\nimport anthropic\n\nclient = anthropic.Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])\n',
            git=True, files={".gitignore": "__pycache__/\n"}, name="project reads the key, .env not ignored",
            path="app.py", severity="warning"),
        Bad('import Anthropic from "@anthropic-ai/sdk";\n\nconst client = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY });\n',
            lang="ts", path="server/chat.ts", git=True, files={".gitignore": "node_modules/\n"},
            name="ts project reads the key, .env not ignored", severity="warning"),
        Bad("node_modules/\n", lang="text", path=".gitignore", git=True,
            files={".env": "ANTHROPIC_API_KEY=@KEY@\n"}, name="fix: the .gitignore gains the .env rules",
            fixed="node_modules/\n\n# keylint: local environment files hold secrets\n.env\n.env.*\n!.env.example\n"),
        Good("ANTHROPIC_API_KEY=@KEY@\n", lang="env", git=True, files={".gitignore": ".env\n"},
             name="ignored"),
        Good("ANTHROPIC_API_KEY=your-key-here\n", lang="env", path=".env.example", git=True,
             files={".gitignore": "dist/\n"}, name="template"),
        Good("/// <reference types=\"next\" />\n", lang="ts", path="next-env.d.ts", git=True,
             files={".gitignore": "dist/\n"}, name="code named like env"),
        Good("ANTHROPIC_API_KEY=@KEY@\n", lang="env", path="app/.env", git=True,
             files={".gitignore": ".env*\n!.env.example\n"}, name="nested, ignored by a root pattern"),
        Good('import os\nimport anthropic\n\nclient = anthropic.Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])\n',
             git=True, files={".gitignore": ".env\n"}, path="app.py", name="project reads the key, .env ignored"),
        Good('import os\nimport anthropic\n\nclient = anthropic.Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])\n',
             path="anthropic_app/client.py", name="not a git repository (an installed package)"),
    ]

    def check_file(self, ctx: FileContext) -> None:
        if has_secret_assignment(ctx.source.text):
            ctx.flag("dotenv-secret")

    def check_project(self, ctx: ProjectContext) -> None:
        project = ctx.project
        reported_dirs: set[str] = set()
        # every file of the project passes here: one substring test first (a dotenv name holds
        # ".env": `.env`, `.env.local`, `prod.env`)
        candidates = [p for p in project.files if ".env" in p.lower() and ".env" in p.rpartition("/")[2].lower()]
        for relpath in sorted(candidates):
            entry = project.files[relpath]
            name = posixpath.basename(relpath)
            if not is_dotenv_name(name):
                continue
            secret = relpath in project.flagged("dotenv-secret") or relpath in project.flagged("has-credential")
            severity = Severity.ERROR if secret else Severity.WARNING
            if entry.tracked:
                ctx.report(relpath, Span.point(1),
                           f"`{name}` is tracked by git: untrack it with `git rm --cached` and rotate its secrets",
                           severity=severity, match_key=f"tracked:{relpath}")
            elif entry.ignored is not True:
                how = "not ignored by git" if project.is_git else "not covered by the repository's .gitignore files"
                ctx.report(relpath, Span.point(1),
                           f"`{name}` is {how}: add it to .gitignore",
                           severity=severity, match_key=f"unignored:{relpath}")
            else:
                continue
            reported_dirs.add(posixpath.dirname(relpath))
        self._project_level(ctx, reported_dirs)

    def _project_level(self, ctx: ProjectContext, reported_dirs: set[str]) -> None:
        """Projects that read the key from the environment need a .gitignore rule for .env.
        Only in a git repository: a folder outside git (an installed package, an unpacked
        archive) cannot commit anything."""
        project = ctx.project
        if not project.is_git or not any(m.env_refs for m in project.models.values()):
            return
        from keylint.analysis.frameworks import SECRET_ENV_VARS

        readers: dict[str, tuple[str, int, str]] = {}
        for relpath, model in sorted(project.models.items()):
            for ref in model.env_refs:
                if ref.context == "read" and ref.name in SECRET_ENV_VARS:
                    base = _project_dir(project, relpath)
                    readers.setdefault(base, (relpath, ref.loc.line, ref.name))
                    break
        for base, (relpath, line, var) in sorted(readers.items()):
            if base in reported_dirs:
                continue
            env_path = posixpath.join(base, ".env") if base else ".env"
            if project.is_ignored(env_path):
                continue
            gitignore = _nearest_gitignore(project, base)
            if gitignore is not None:
                path, span = gitignore, Span.point(1)
                message = (f"No .gitignore rule covers `{env_path}`, but `{relpath}` reads `{var}` from the "
                           "environment: add `.env` to .gitignore")
            else:
                path, span = relpath, Span.point(line)
                message = (f"`{relpath}` reads `{var}` from the environment and no .gitignore covers "
                           f"`{env_path}`: add a .gitignore with `.env`")
            ctx.report(path, span, message, severity=Severity.WARNING, confidence=Confidence.MEDIUM,
                       match_key=f"project:{env_path}")


def _project_dir(project, relpath: str) -> str:
    """The nearest ancestor directory of ``relpath`` that holds a project manifest, else the root."""
    parts = relpath.split("/")[:-1]
    while parts:
        base = "/".join(parts)
        if any(f"{base}/{m}" in project.files for m in _PROJECT_MANIFESTS):
            return base
        parts.pop()
    return ""


def _nearest_gitignore(project, base: str) -> str | None:
    parts = base.split("/") if base else []
    while True:
        candidate = "/".join([*parts, ".gitignore"])
        if candidate in project.files:
            return candidate
        if not parts:
            return None
        parts.pop()

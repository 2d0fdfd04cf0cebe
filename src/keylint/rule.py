"""The shape of a keylint rule.

A rule is one class in one module (``rules/klNNN_<name>.py``) holding its metadata, its rationale
(the docstring, Markdown) and its examples, which are at once its spec, its tests and its docs.
A rule implements one or more of three hooks, run by the engine:

``check_file(ctx)``
    Phase 1, once per file whose language is in :attr:`Rule.languages` and whose raw bytes
    contain one of :attr:`Rule.keywords` (case-insensitive; no keywords = always). Runs in worker
    processes: it sees one :class:`~keylint.source.SourceFile` and nothing else.
``check_model(ctx)``
    Phase 2, once per file that has a :class:`~keylint.analysis.model.FileModel` (a Python or
    JS/TS file the front ends analysed) whose model language is in :attr:`Rule.languages`
    (``"python"`` / ``"javascript"``). ``ctx.project`` gives the repository-wide facts.
``check_project(ctx)``
    Phase 2, once per scan, for what only the whole repository can decide (KL002).

Rules never open files, run subprocesses or touch the network: the engine is the only loop.
"""

from __future__ import annotations

import enum
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from keylint.findings import Confidence, Edit, Finding, Fix, Severity, Span

if TYPE_CHECKING:
    from keylint.analysis.model import FileModel
    from keylint.project import Project
    from keylint.source import SourceFile


class FixSafety(enum.Enum):
    SAFE = "safe"  # applied by --fix
    UNSAFE = "unsafe"  # applied only with --unsafe-fixes (changes behaviour)


# --------------------------------------------------------------------------------------------
# Examples
# --------------------------------------------------------------------------------------------
#: example ``lang`` -> the file name the example is written to
EXAMPLE_FILES: dict[str, str] = {
    "py": "app.py",
    "js": "app.js",
    "jsx": "App.jsx",
    "ts": "app.ts",
    "tsx": "App.tsx",
    "vue": "App.vue",
    "svelte": "App.svelte",
    "astro": "page.astro",
    "html": "index.html",
    "ipynb": "notebook.ipynb",
    "env": ".env",
    "yaml": "config.yaml",
    "json": "config.json",
    "toml": "config.toml",
    "md": "README.md",
    "sh": "run.sh",
    "dockerfile": "Dockerfile",
    "text": "notes.txt",
}
#: example ``lang`` -> model language (for contract checks of rules with check_model)
EXAMPLE_MODEL_LANGUAGE: dict[str, str] = {
    "py": "python",
    "ipynb": "python",
    "js": "javascript",
    "jsx": "javascript",
    "ts": "javascript",
    "tsx": "javascript",
    "vue": "javascript",
    "svelte": "javascript",
    "astro": "javascript",
    "html": "javascript",
}


@dataclass(frozen=True)
class Example:
    """One example of a rule. See :mod:`keylint.testing` for the mini-syntax:

    - ``«...»`` marks the exact span the finding must cover (stripped before linting);
    - ``@KEY@``, ``@KEY2@``, ``@ADMIN_KEY@``, ``@OAUTH_KEY@`` are replaced by freshly generated,
      random, never-valid keys of the right shape, so the repository holds no key-shaped string;
    - ``path`` names the file (default from ``lang``); ``files`` adds more files to the project
      (``{"path": "content"}``, same placeholders); ``git`` runs the example in a git repository,
      ``git_add`` lists paths to stage/track there.
    """

    code: str
    lang: str = "py"
    name: str = ""
    path: str = ""
    files: tuple[tuple[str, str], ...] = ()
    git: bool = False
    git_add: tuple[str, ...] = ()
    is_bad: bool = False
    count: int = 1
    message: str = ""
    severity: str = ""  # expected severity of the finding(s), when the example pins it
    fixed: str | None = None
    #: documented known gap: the example states the right behaviour, which keylint misses today;
    #: the test is xfail(strict=True), so it fails once the gap is closed
    todo: str = ""

    @property
    def filename(self) -> str:
        return self.path or EXAMPLE_FILES[self.lang]

    @property
    def dedented(self) -> str:
        return textwrap.dedent(self.code).lstrip("\n")


def Bad(code: str, lang: str = "py", *, name: str = "", path: str = "",
        files: dict[str, str] | None = None, git: bool = False,
        git_add: Iterable[str] = (), count: int = 1, message: str = "",
        severity: str = "", fixed: str | None = None, todo: str = "") -> Example:
    """An example that must produce ``count`` findings of the rule (at ``«...»`` when marked)."""
    return Example(code, lang, name, path, tuple(sorted((files or {}).items())), git,
                   tuple(git_add), True, count, message, severity, fixed, todo)


def Good(code: str, lang: str = "py", *, name: str = "", path: str = "",
         files: dict[str, str] | None = None, git: bool = False,
         git_add: Iterable[str] = (), todo: str = "") -> Example:
    """An example that must produce no finding of the rule (a near miss, or the fixed code)."""
    return Example(code, lang, name, path, tuple(sorted((files or {}).items())), git,
                   tuple(git_add), False, 0, "", "", None, todo)


# --------------------------------------------------------------------------------------------
# Contexts handed to the hooks
# --------------------------------------------------------------------------------------------
class _Reporter:
    rule: Rule

    def _make(self, path: str, span: Span, message: str, *, severity: Severity | None,
              confidence: Confidence | None, match_key: str, fix: Fix | None,
              snippet: str, extra: tuple[tuple[str, str], ...] = ()) -> Finding:
        rule = self.rule
        return Finding(
            rule_id=rule.id,
            rule_name=rule.name,
            severity=severity if severity is not None else rule.severity,
            confidence=confidence if confidence is not None else rule.confidence,
            path=path,
            span=span,
            message=message,
            match_key=match_key,
            snippet=snippet,
            fix=fix,
            extra=extra,
        )


@dataclass
class FileContext(_Reporter):
    """What ``check_file`` sees: one source file, and a way to report."""

    rule: Rule
    source: SourceFile
    options: dict[str, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    def flag(self, name: str) -> None:
        """Record a small fact about this file for phase 2 (``project.flagged(name)``)."""
        if name not in self.flags:
            self.flags.append(name)

    def report(self, span: Span, message: str, *, severity: Severity | None = None,
               confidence: Confidence | None = None, match_key: str | None = None,
               fix: Fix | None = None, extra: tuple[tuple[str, str], ...] = ()) -> None:
        """Report a finding. ``message`` must hold no secret (use :mod:`keylint.redact`).
        ``match_key`` identifies *what* matched for the fingerprint (default: the text of the
        span's first line, whitespace-normalised); for a secret pass a hash, never the secret."""
        if match_key is None:
            match_key = " ".join(self.source.line_text(span.line).split())
        self.findings.append(self._make(
            self.source.relpath, span, message, severity=severity, confidence=confidence,
            match_key=match_key, fix=fix, snippet="", extra=extra))


@dataclass
class ModelContext(_Reporter):
    """What ``check_model`` sees: one file's model, its path, and the project."""

    rule: Rule
    path: str
    model: FileModel
    project: Project
    options: dict[str, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def report(self, loc: Span, message: str, *, severity: Severity | None = None,
               confidence: Confidence | None = None, match_key: str | None = None,
               fix: Fix | None = None) -> None:
        if match_key is None:
            match_key = " ".join(self.project.line_text(self.path, loc.line).split())
        self.findings.append(self._make(
            self.path, loc, message, severity=severity, confidence=confidence,
            match_key=match_key, fix=fix, snippet=""))


@dataclass
class ProjectContext(_Reporter):
    """What ``check_project`` sees: the whole project, and a way to report on any path."""

    rule: Rule
    project: Project
    options: dict[str, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def report(self, path: str, span: Span, message: str, *, severity: Severity | None = None,
               confidence: Confidence | None = None, match_key: str | None = None,
               fix: Fix | None = None) -> None:
        if match_key is None:
            match_key = message
        self.findings.append(self._make(
            path, span, message, severity=severity, confidence=confidence,
            match_key=match_key, fix=fix, snippet=""))


# --------------------------------------------------------------------------------------------
# The base class
# --------------------------------------------------------------------------------------------
_ID = re.compile(r"^KL\d{3}$")


class Rule:
    """Base class of every rule. Subclasses set the metadata below and implement hooks.

    The class docstring is the rationale (Markdown): why it matters, what to do instead, known
    limits. It is the body of ``keylint explain`` and the generated docs.
    """

    id: ClassVar[str] = ""
    name: ClassVar[str] = ""  # kebab-case, names the problem ("allow hardcoded-api-key")
    summary: ClassVar[str] = ""  # one line, <= 72 chars, no trailing period
    severity: ClassVar[Severity] = Severity.WARNING
    confidence: ClassVar[Confidence] = Confidence.HIGH
    cwe: ClassVar[int | None] = None
    #: which inputs the rule applies to: file languages for check_file ("python", "javascript",
    #: "typescript", "notebook", "dotenv", "text", ... or "*" for every text file) and model
    #: languages ("python", "javascript") for check_model
    languages: ClassVar[frozenset[str]] = frozenset()
    #: model languages a rule reads through ``ctx.project.models`` without a check_model hook
    uses_models: ClassVar[frozenset[str]] = frozenset()
    #: cheap case-insensitive substrings for the prefilter of check_file; empty = always run
    keywords: ClassVar[tuple[str, ...]] = ()
    fix: ClassVar[FixSafety | None] = None
    #: text for "## Fix safety" in the docs when ``fix`` is set
    fix_safety: ClassVar[str] = ""
    #: option name -> (default, description); validated from [tool.keylint.rules.KLNNN]
    options: ClassVar[dict[str, tuple[Any, str]]] = {}
    examples: ClassVar[list[Example]] = []

    # hooks ---------------------------------------------------------------------------------
    def check_file(self, ctx: FileContext) -> None:  # pragma: no cover - default no-op
        return None

    def check_model(self, ctx: ModelContext) -> None:  # pragma: no cover - default no-op
        return None

    def check_project(self, ctx: ProjectContext) -> None:  # pragma: no cover - default no-op
        return None

    # derived -------------------------------------------------------------------------------
    @classmethod
    def has_hook(cls, hook: str) -> bool:
        return getattr(cls, hook) is not getattr(Rule, hook)

    @classmethod
    def docstring(cls) -> str:
        return textwrap.dedent(cls.__doc__ or "").strip()

    @classmethod
    def example_languages(cls) -> set[str]:
        return {ex.lang for ex in cls.examples}

    def __repr__(self) -> str:
        return f"<{self.id} {self.name}>"


def secret_hash(secret: str) -> str:
    """The only identity keylint keeps of a secret: a SHA-256 of it, salted with a constant."""
    import hashlib  # OpenSSL's start-up is 3 ms: only once something is found
    return hashlib.sha256(b"keylint:" + secret.encode("utf-8", "surrogatepass")).hexdigest()


def replace_fix(title: str, start: int, end: int, text: str, *, safe: bool) -> Fix:
    return Fix(title=title, edits=(Edit(start, end, text),), is_safe=safe)


def is_valid_id(rule_id: str) -> bool:
    return bool(_ID.match(rule_id))

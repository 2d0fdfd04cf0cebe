"""``keylint scan --fix`` / ``--unsafe-fixes``: rewrite files so that findings go away.

A fixer per rule (``FIXERS``) turns the findings of one file into the file's new text. Whether a
rule's fixes run under ``--fix`` or only under ``--unsafe-fixes`` is the rule's own declaration
(:attr:`keylint.rule.Rule.fix`, documented by :attr:`~keylint.rule.Rule.fix_safety`).

Every fixed file is re-parsed (libcst for Python, tree-sitter for JS/TS: the new text must parse
with no error node) and re-checked (the credential it replaced is gone) **before** it is written;
a fix that fails either check is dropped and reported, so a fix never breaks a file. Files are
written atomically (a temporary file in the same directory, then ``os.replace``).

Fixers:

- **KL001** (unsafe: the program then needs the environment variable): a string literal that is
  exactly an Anthropic key becomes ``os.environ["ANTHROPIC_API_KEY"]`` in Python (libcst; ``import
  os`` is added when missing) and ``process.env.ANTHROPIC_API_KEY`` in JavaScript/TypeScript
  (tree-sitter); Admin keys use ``ANTHROPIC_ADMIN_KEY``. Keys inside larger strings, f-strings or
  templates, notebooks and non-code files are left for a person. The user is told to rotate the key.
- **KL006** (unsafe: deployments must rename the variable too): a public env var that names the
  key (``NEXT_PUBLIC_ANTHROPIC_API_KEY``) is renamed to the name without its public prefix
  (``ANTHROPIC_API_KEY``) in every file of the project that mentions it (code, ``.env*`` files, CI
  and Docker files, docs), all or nothing, and only when it is read by server code alone (no
  finding of it is an error), the new name is not used yet, and every changed code file still parses.
- **KL002** (safe: only ``.gitignore`` changes): appends ``.env``, ``.env.*`` and ``!.env.example``
  to the nearest ``.gitignore`` (creating one at the project root when there is none), checks with
  git that the file is now ignored, and prints the ``git rm --cached`` command for a tracked file
  (keylint never changes the index).
"""

from __future__ import annotations

import os
import posixpath
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from keylint.findings import Finding
from keylint.rule import FixSafety

PY_SUFFIXES = (".py", ".pyi")
JS_DIALECTS = {".js": "javascript", ".jsx": "javascript", ".mjs": "javascript", ".cjs": "javascript",
               ".ts": "typescript", ".mts": "typescript", ".cts": "typescript", ".tsx": "tsx"}
ENV_NAME = {"api": "ANTHROPIC_API_KEY", "admin": "ANTHROPIC_ADMIN_KEY"}
ROTATE = ("rotate the key in the Claude Console now: it was exposed, and it stays in git history "
          "(`keylint scan --history`)")


class FixRejected(Exception):
    """The fixed text failed the re-parse or the re-check; nothing is written."""


@dataclass
class FixOutcome:
    #: relpath -> new text (what will be / was written)
    writes: dict[str, str] = field(default_factory=dict)
    #: messages for the user (what was fixed, what to do by hand)
    notes: list[str] = field(default_factory=list)
    fixed: list[Finding] = field(default_factory=list)
    #: (finding, reason) fixes that were dropped
    rejected: list[tuple[Finding, str]] = field(default_factory=list)
    #: findings that have a fix not applied because it is unsafe
    unsafe_skipped: list[Finding] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# KL001: a key literal -> an environment read
# --------------------------------------------------------------------------------------------
def _key_at(text: str, f: Finding) -> tuple[int, int, str]:
    from keylint.source import SourceFile

    src = SourceFile.from_text("x", text)
    start = src.offset(f.span.line, f.span.column)
    end = src.offset(f.span.end_line, f.span.end_column)
    return start, end, text[start:end]


def _env_name(key: str) -> str | None:
    import re

    m = re.match(r"sk-ant-([a-z]+)\d{2}-", key)
    return ENV_NAME.get(m.group(1)) if m else None


def fix_python_keys(text: str, findings: list[Finding]) -> tuple[str, list[Finding], list[tuple[Finding, str]]]:
    """Replace key literals (libcst). Returns (new text, fixed findings, skipped with reasons)."""
    import libcst as cst
    from libcst.metadata import MetadataWrapper, PositionProvider

    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError:
        return text, [], [(f, "the file does not parse as Python") for f in findings]
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    positions = wrapper.resolve(PositionProvider)
    strings = [(node, positions[node]) for node in positions if isinstance(node, cst.SimpleString)]
    targets: dict[int, str] = {}  # id(node) -> env var
    fixed: list[Finding] = []
    skipped: list[tuple[Finding, str]] = []
    for f in findings:
        _, _, key = _key_at(text, f)
        env = _env_name(key)
        if env is None:
            skipped.append((f, "no environment variable is known for this kind of credential"))
            continue
        line, col = f.span.line, f.span.column - 1
        hit = None
        for node, pos in strings:
            if (pos.start.line, pos.start.column) <= (line, col) and (pos.end.line, pos.end.column) >= (
                    f.span.end_line, f.span.end_column - 1):
                hit = node
                break
        if hit is None:
            skipped.append((f, "the key is not a Python string literal"))
            continue
        try:
            value = hit.evaluated_value
        except Exception:  # noqa: BLE001 - odd literals are left alone
            value = None
        if value != key:
            skipped.append((f, "the key is part of a larger string"))
            continue
        targets[id(hit)] = env
        fixed.append(f)
    if not targets:
        return text, [], skipped

    class Replace(cst.CSTTransformer):
        def leave_SimpleString(self, original, updated):
            env = targets.get(id(original))
            if env is None:
                return updated
            return cst.parse_expression(f'os.environ["{env}"]')

    new_module = wrapper.module.visit(Replace())
    new_module = _ensure_import_os(new_module)
    return new_module.code, fixed, skipped


def _ensure_import_os(module):
    import libcst as cst

    for stmt in module.body:
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                if isinstance(small, cst.Import) and any(
                        isinstance(a.name, cst.Name) and a.name.value == "os" and a.asname is None
                        for a in small.names):
                    return module
    body = list(module.body)
    index = 0
    # after a module docstring and `from __future__` imports
    while index < len(body):
        stmt = body[index]
        if isinstance(stmt, cst.SimpleStatementLine) and stmt.body:
            first = stmt.body[0]
            if index == 0 and isinstance(first, cst.Expr) and isinstance(first.value, (cst.SimpleString, cst.ConcatenatedString)):
                index += 1
                continue
            if isinstance(first, cst.ImportFrom) and isinstance(first.module, cst.Name) and first.module.value == "__future__":
                index += 1
                continue
        break
    body.insert(index, cst.parse_statement("import os\n"))
    return module.with_changes(body=body)


def _ts_parser(dialect: str):
    import tree_sitter

    if dialect == "javascript":
        import tree_sitter_javascript

        lang = tree_sitter.Language(tree_sitter_javascript.language())
    else:
        import tree_sitter_typescript

        lang = tree_sitter.Language(tree_sitter_typescript.language_tsx() if dialect == "tsx"
                                    else tree_sitter_typescript.language_typescript())
    return tree_sitter.Parser(lang)


def js_parses(text: str, dialect: str) -> bool:
    tree = _ts_parser(dialect).parse(text.encode("utf-8", "surrogatepass"))
    return not tree.root_node.has_error


def fix_js_keys(text: str, findings: list[Finding], dialect: str) -> tuple[str, list[Finding], list[tuple[Finding, str]]]:
    """Replace key literals (tree-sitter). Returns (new text, fixed findings, skipped)."""
    data = text.encode("utf-8", "surrogatepass")
    tree = _ts_parser(dialect).parse(data)
    if tree.root_node.has_error:
        return text, [], [(f, "the file does not parse cleanly as JavaScript/TypeScript") for f in findings]
    edits: list[tuple[int, int, bytes]] = []
    fixed: list[Finding] = []
    skipped: list[tuple[Finding, str]] = []
    for f in findings:
        start, end, key = _key_at(text, f)
        env = _env_name(key)
        if env is None:
            skipped.append((f, "no environment variable is known for this kind of credential"))
            continue
        bstart = len(text[:start].encode("utf-8", "surrogatepass"))
        bend = bstart + len(key.encode("utf-8", "surrogatepass"))
        node = tree.root_node.descendant_for_byte_range(bstart, bend)
        while node is not None and node.type not in ("string", "template_string"):
            node = node.parent
        if node is None:
            skipped.append((f, "the key is not a JavaScript string literal"))
            continue
        inner = data[node.start_byte + 1:node.end_byte - 1]
        if inner != key.encode() or any(c.type == "template_substitution" for c in node.children):
            skipped.append((f, "the key is part of a larger string"))
            continue
        edits.append((node.start_byte, node.end_byte, f"process.env.{env}".encode()))
        fixed.append(f)
    for s, e, new in sorted(set(edits), reverse=True):
        data = data[:s] + new + data[e:]
    return data.decode("utf-8", "surrogatepass"), fixed, skipped


def fix_kl001(root: Path, path: str, text: str, findings: list[Finding], outcome: FixOutcome) -> str | None:
    suffix = posixpath.splitext(path)[1].lower()
    if suffix in PY_SUFFIXES:
        new, fixed, skipped = fix_python_keys(text, findings)
        check: Callable[[str], bool] = _python_parses
        replacement = "os.environ[...]"
    elif suffix in JS_DIALECTS:
        dialect = JS_DIALECTS[suffix]
        new, fixed, skipped = fix_js_keys(text, findings, dialect)
        check = lambda t: js_parses(t, dialect)  # noqa: E731
        replacement = "process.env...."
    else:
        for f in findings:
            outcome.notes.append(f"{path}:{f.span.line}: KL001: no automatic fix for this file type: remove "
                                 f"the key by hand, then {ROTATE}")
        return None
    for f, reason in skipped:
        outcome.rejected.append((f, reason))
        outcome.notes.append(f"{path}:{f.span.line}: KL001 not fixed ({reason}): remove the key by hand, then {ROTATE}")
    if not fixed:
        return None
    # re-parse and re-check before anything is written
    if not check(new):
        raise FixRejected("the fixed file does not parse")
    from keylint.analysis import secrets

    remaining = {text[slice(*_key_at(text, f)[:2])] for f in fixed} & {
        new[m.start:m.end] for m in secrets.find_keys(new)}
    if remaining:
        raise FixRejected("the key is still in the fixed file")
    outcome.fixed.extend(fixed)
    for f in fixed:
        outcome.notes.append(f"{path}:{f.span.line}: KL001 fixed: the key now comes from {replacement}; {ROTATE}")
    return new


def _python_parses(text: str) -> bool:
    import libcst as cst

    try:
        cst.parse_module(text)
    except cst.ParserSyntaxError:
        return False
    return True


# --------------------------------------------------------------------------------------------
# KL002: .gitignore rules for .env files
# --------------------------------------------------------------------------------------------
ENV_RULES = ("# keylint: local environment files hold secrets", ".env", ".env.*", "!.env.example")


def _check_ignored(root: Path, relpath: str, gitignore_texts: dict[str, str]) -> bool:
    """Would ``relpath`` be ignored with the given .gitignore contents (written or not)?"""
    import pathspec

    parts = relpath.split("/")
    ignored = False
    for depth in range(len(parts)):
        base = "/".join(parts[:depth])
        gi = f"{base}/.gitignore" if base else ".gitignore"
        text = gitignore_texts.get(gi)
        if text is None:
            try:
                text = (root / gi).read_text("utf-8", "replace")
            except OSError:
                continue
        spec = pathspec.GitIgnoreSpec.from_lines(text.splitlines())
        res = spec.check_file("/".join(parts[depth:]))
        if res.include is not None:
            ignored = bool(res.include)
    return ignored


def fix_kl002(root: Path, project, findings: list[Finding], outcome: FixOutcome) -> dict[str, str]:
    """New text of the .gitignore files to write, and notes (``git rm --cached`` commands)."""
    writes: dict[str, str] = {}
    for f in findings:
        if f.match_key.startswith("project:"):
            # "the project reads the key and no .gitignore rule covers its .env"
            env_path = f.match_key[len("project:"):]
            gitignore = f.path if f.path.endswith(".gitignore") else posixpath.join(
                posixpath.dirname(env_path), ".gitignore")
        else:
            env_path = f.path
            gitignore = _nearest_gitignore(root, posixpath.dirname(f.path), writes)
        current = writes.get(gitignore)
        if current is None:
            try:
                current = (root / gitignore).read_text("utf-8")
            except FileNotFoundError:
                current = ""
        tracked = f.match_key.startswith("tracked:")
        if not _check_ignored(root, env_path, {**writes, gitignore: current}):
            lines = current.splitlines()
            missing = [r for r in ENV_RULES if r not in lines]
            new = current
            if new and not new.endswith("\n"):
                new += "\n"
            if new.strip():
                new += "\n"
            new += "\n".join(missing) + "\n"
            if not _check_ignored(root, env_path, {**writes, gitignore: new}):
                rel = posixpath.relpath(env_path, posixpath.dirname(gitignore) or ".")
                new += f"/{rel}\n"
            if not _check_ignored(root, env_path, {**writes, gitignore: new}):
                outcome.rejected.append((f, "a later rule un-ignores the file"))
                outcome.notes.append(f"{f.path}: KL002 not fixed: another .gitignore rule un-ignores it")
                continue
            writes[gitignore] = new
            outcome.notes.append(f"{f.path}: KL002 fixed: {gitignore} now ignores `{env_path}`")
        outcome.fixed.append(f)
        if tracked:
            outcome.notes.append(f"{f.path}: git still tracks it: run `git rm --cached -- {f.path}` and commit, "
                                 "then rotate every secret it held")
    return writes


def _nearest_gitignore(root: Path, base: str, pending: dict[str, str]) -> str:
    parts = base.split("/") if base else []
    while True:
        candidate = "/".join([*parts, ".gitignore"])
        if candidate in pending or (root / candidate).is_file():
            return candidate
        if not parts:
            return ".gitignore"
        parts.pop()


# --------------------------------------------------------------------------------------------
# KL006: rename a public env var project-wide
# --------------------------------------------------------------------------------------------
def _public_name(f: Finding) -> str | None:
    import re

    from keylint.analysis import frameworks as fw

    for token in re.findall(r"`([A-Z][A-Z0-9_]+)`", f.message):
        if fw.public_env_prefix(token) is not None and fw.is_public_key_env_name(token):
            return token
    return None


def _project_files(root: Path, project) -> list[str]:
    """Every file of the project (discovery's view) plus ignored dotenv files (local values)."""
    from keylint.source import is_dotenv_name

    from keylint.discovery import _git, discover, git_toplevel

    if project is not None:
        files = set(project.files)
    else:
        found = discover([root], root=root, is_git=git_toplevel(root) is not None)
        files = {e.relpath for e in found.entries}

    proc = _git(["ls-files", "-z", "-o", "-i", "--exclude-standard"], root)
    if proc is not None and proc.returncode == 0:
        for raw in proc.stdout.split(b"\0"):
            rel = raw.decode("utf-8", "surrogateescape")
            if rel and is_dotenv_name(posixpath.basename(rel)) and "node_modules/" not in rel:
                files.add(rel)
    return sorted(files)


def _word(name: str):
    import re

    return re.compile(rf"(?<![A-Za-z0-9_$]){re.escape(name)}(?![A-Za-z0-9_])")


def fix_kl006(root: Path, project, findings: list[Finding], outcome: FixOutcome,
              pending: dict[str, str]) -> dict[str, str]:
    from keylint.analysis import frameworks as fw
    from keylint.findings import Severity

    by_name: dict[str, list[Finding]] = {}
    for f in findings:
        name = _public_name(f)
        if name is not None:
            by_name.setdefault(name, []).append(f)
    writes: dict[str, str] = {}
    files = _project_files(root, project) if by_name else []
    for name, group in sorted(by_name.items()):
        prefix = fw.public_env_prefix(name)
        new_name = name[len(prefix[0]):] if prefix else ""
        where = f"{group[0].path}:{group[0].span.line}"

        def skip(reason: str) -> None:
            for f in group:
                outcome.rejected.append((f, reason))
            outcome.notes.append(f"{where}: KL006 `{name}` not renamed: {reason}")

        if not new_name or not new_name[0].isalpha():
            skip("no name is left without the public prefix")
            continue
        if any(f.severity is Severity.ERROR for f in group):
            skip("browser code reads it or build config publishes it; move the Claude call to a server "
                 "route first")
            continue
        old_word, new_word = _word(name), _word(new_name)
        changed: dict[str, str] = {}
        problem = ""
        for rel in files:
            try:
                text = writes.get(rel) or pending.get(rel) or (root / rel).read_text("utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if not old_word.search(text):
                continue
            if new_word.search(text):
                problem = f"`{new_name}` is already used in {rel}"
                break
            new_text = old_word.sub(new_name, text)
            suffix = posixpath.splitext(rel)[1].lower()
            if suffix in PY_SUFFIXES and _python_parses(text) and not _python_parses(new_text):
                problem = f"{rel} would no longer parse"
                break
            if suffix in JS_DIALECTS and js_parses(text, JS_DIALECTS[suffix]) and not js_parses(new_text, JS_DIALECTS[suffix]):
                problem = f"{rel} would no longer parse"
                break
            changed[rel] = new_text
        if problem:
            skip(problem)
            continue
        if not changed:
            continue
        writes.update(changed)
        outcome.fixed.extend(group)
        outcome.notes.append(
            f"{where}: KL006 fixed: renamed `{name}` to `{new_name}` in {len(changed)} file"
            f"{'s' if len(changed) != 1 else ''} ({', '.join(sorted(changed))}); rename it in your deployment "
            "settings and CI secrets too, and rotate the key if it was ever built into a deployed bundle")
    return writes


# --------------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------------
def plan(root: Path, findings: list[Finding], rules, *, unsafe: bool, project=None) -> FixOutcome:
    """Compute every fix (nothing is written)."""
    outcome = FixOutcome()
    safety = {r.id: r.fix for r in rules}
    allowed: list[Finding] = []
    for f in findings:
        kind = safety.get(f.rule_id)
        if kind is None or f.rule_id not in ("KL001", "KL002", "KL006"):
            continue
        if kind is FixSafety.UNSAFE and not unsafe:
            if f.rule_id != "KL001" or posixpath.splitext(f.path)[1].lower() in (*PY_SUFFIXES, *JS_DIALECTS):
                outcome.unsafe_skipped.append(f)
            continue
        allowed.append(f)
    by_file: dict[str, list[Finding]] = {}
    for f in allowed:
        if f.rule_id == "KL001" and not dict(f.extra).get("commit"):
            by_file.setdefault(f.path, []).append(f)
    for path, group in sorted(by_file.items()):
        try:
            text = (root / path).read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            outcome.notes.append(f"{path}: KL001 not fixed: the file is not UTF-8 text; remove the key by hand, "
                                 f"then {ROTATE}")
            continue
        try:
            new = fix_kl001(root, path, text, group, outcome)
        except FixRejected as exc:
            for f in group:
                outcome.rejected.append((f, str(exc)))
            outcome.notes.append(f"{path}: KL001 fix dropped ({exc}); the file is unchanged")
            continue
        if new is not None and new != text:
            outcome.writes[path] = new
    kl006 = [f for f in allowed if f.rule_id == "KL006"]
    if kl006:
        outcome.writes.update(fix_kl006(root, project, kl006, outcome, outcome.writes))
    kl002 = [f for f in allowed if f.rule_id == "KL002"]
    if kl002:
        outcome.writes.update(fix_kl002(root, project, kl002, outcome))
    return outcome


def write(root: Path, outcome: FixOutcome) -> None:
    real_root = root.resolve()
    for relpath, text in sorted(outcome.writes.items()):
        target = root / relpath
        # never write outside the project: not through a link to a file elsewhere (a hostile
        # repository could point .gitignore at any file of the user's), nor into a linked folder
        resolved = target.resolve()
        try:
            resolved.relative_to(real_root)
        except ValueError:
            outcome.notes.append(f"{relpath}: not changed: it resolves outside the project ({resolved})")
            continue
        target = resolved
        target.parent.mkdir(parents=True, exist_ok=True)
        mode = None
        try:
            mode = target.stat().st_mode & 0o777
        except FileNotFoundError:
            pass
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".keylint")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
            if mode is not None:
                os.chmod(tmp, mode)
            os.replace(tmp, target)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise


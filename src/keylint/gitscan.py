"""Scans that read git instead of the work tree: the index (``--staged``), the changes since a
revision (``--diff REV``) and every commit reachable from HEAD (``--history``).

``--staged`` scans what the commit will contain: every index entry's blob (``git cat-file
--batch``), never the work tree, so a key fixed in the work tree but still staged is caught and a
key staged then edited out of the work tree is still caught. The whole index is scanned, so the
phase-2 (repository-level) rules see the repository the commit produces. Findings are then kept
only where the commit adds something: a line-anchored finding must cover a line that
``git diff --cached -U0`` adds; a finding of a repository-level rule (one with ``check_project``,
e.g. KL002 "a staged .env is tracked") must be on a path the commit adds or modifies. A commit that
only removes lines (deletes a key) adds nothing and so is never blocked.

``--diff REV`` keeps, of a normal work-tree scan, the findings that are new since the merge base of
REV and HEAD (what a pull request adds): the base commit's tree is scanned from its blobs and
findings are compared by fingerprint (no line numbers), as the baseline does.

``--history`` streams ``git log -p -U0 -G sk-ant-`` (git itself skips every commit whose diff
does not touch the prefix; merges are diffed against their first parent) and runs the credential patterns over the added lines that contain
``sk-ant-``; each secret is reported once, at the oldest commit that added it.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from keylint.discovery import GIT, git_env
from keylint.findings import Confidence, Finding, ScanError, Severity, Span, fingerprint

_HUNK = re.compile(rb"^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


class GitError(RuntimeError):
    """git is missing, this is not a work tree, or a revision does not exist."""


def git_start(root: Path, *args: str) -> subprocess.Popen:
    """Start ``git args`` (its output read by :func:`git_finish`), to run beside other work."""
    try:
        return subprocess.Popen([*GIT, "-c", "core.quotePath=false", *args], cwd=root, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=git_env())
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror}") from None


def git_finish(proc: subprocess.Popen, check: bool = True) -> bytes:
    out, err = proc.communicate()
    if check and proc.returncode != 0:
        message = err.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {proc.args[len(GIT) + 2]} failed: {message[-1] if message else proc.returncode}")
    return out


def git_output(root: Path, *args: str, check: bool = True) -> bytes:
    return git_finish(git_start(root, *args), check)


def repo_root(start: Path) -> Path:
    start = start if start.is_dir() else start.parent
    try:
        out = git_output(start, "rev-parse", "--show-toplevel")
    except GitError:
        raise GitError(f"{start} is not inside a git work tree") from None
    return Path(out.decode("utf-8", "surrogateescape").strip()).resolve()


def _unquote(raw: bytes) -> str:
    """A path as git prints it in a patch header (C-quoted when it holds odd characters)."""
    if raw.startswith(b'"') and raw.endswith(b'"'):
        body = raw[1:-1]
        out = bytearray()
        i = 0
        escapes = {b"n": 10, b"t": 9, b'"': 34, b"\\": 92, b"a": 7, b"b": 8, b"f": 12, b"r": 13, b"v": 11}
        while i < len(body):
            c = body[i:i + 1]
            if c == b"\\" and i + 1 < len(body):
                nxt = body[i + 1:i + 2]
                if nxt in escapes:
                    out.append(escapes[nxt])
                    i += 2
                    continue
                if body[i + 1:i + 4].isdigit():
                    out.append(int(body[i + 1:i + 4], 8))
                    i += 4
                    continue
            out += c
            i += 1
        raw = bytes(out)
    return raw.decode("utf-8", "surrogateescape")


# --------------------------------------------------------------------------------------------
# Added lines of a diff
# --------------------------------------------------------------------------------------------
@dataclass
class Changes:
    """What a diff adds: path -> the line numbers (new side) it adds."""

    added: dict[str, set[int]] = field(default_factory=dict)

    @property
    def paths(self) -> set[str]:
        return set(self.added)

    def covers(self, f: Finding, file_level: bool) -> bool:
        lines = self.added.get(f.path)
        if lines is None:
            return False
        if file_level:
            return True
        return any(n in lines for n in range(f.span.line, max(f.span.end_line, f.span.line) + 1))


def parse_patch(stream: Iterator[bytes]) -> Iterator[tuple[str | None, str, int, bytes]]:
    """Yield ``(commit, path, line, text)`` for every added line of a ``-U0`` patch stream
    (``commit`` from lines ``\\0<sha>`` written by ``--format=%x00%H``, else None), and
    ``(commit, path, 0, b"")`` once per file the patch touches on the new side."""
    commit: str | None = None
    path: str | None = None
    new_line = 0
    old_left = new_left = 0
    for raw in stream:
        line = raw.rstrip(b"\n")
        if old_left or new_left:
            if line.startswith(b"+"):
                if path is not None:
                    yield commit, path, new_line, line[1:]
                new_line += 1
                new_left -= 1
                continue
            if line.startswith(b"-"):
                old_left -= 1
                continue
            if line.startswith(b"\\"):
                continue  # "\ No newline at end of file"
            old_left = new_left = 0  # malformed: fall back to header parsing
        if line.startswith(b"\x00"):
            commit = line[1:].decode("ascii", "replace").strip()
            path = None
        elif line.startswith(b"diff --git "):
            path = None
        elif line.startswith((b"rename to ", b"copy to ")):
            # a renamed or copied file: its new path is touched even when no line changes
            name = _unquote(line.split(b" to ", 1)[1])
            yield commit, name, 0, b""
        elif line.startswith(b"+++ "):
            # git ends the name with a tab when it holds a space (`+++ b/with space.py\t`)
            target = line[4:].rstrip(b"\n")
            if target.endswith(b"\t"):
                target = target[:-1]
            if target == b"/dev/null":
                path = None
            else:
                name = _unquote(target)
                path = name[2:] if name.startswith("b/") else name
                yield commit, path, 0, b""
        elif line.startswith(b"@@ "):
            m = _HUNK.match(line)
            if m is None:
                continue
            old_left = int(m.group(1)) if m.group(1) is not None else 1
            new_line = int(m.group(2))
            new_left = int(m.group(3)) if m.group(3) is not None else 1


def diff_changes(root: Path, args: list[str]) -> Changes:
    # rename detection on: a file moved with a key already in it adds no line (the key is not
    # new), but its new path is touched (a .env.example renamed to .env is a new .env)
    out = git_output(root, "diff", "-U0", "--no-color", "--no-ext-diff", "--no-textconv", "--text", "-M",
                     "--diff-filter=ACMRT", *args)
    changes = Changes()
    for _commit, path, line, _text in parse_patch(iter(out.splitlines(keepends=True))):
        lines = changes.added.setdefault(path, set())
        if line:
            lines.add(line)
    return changes


def staged_changes(root: Path) -> Changes:
    return diff_changes(root, ["--cached"])


def keep_changed(findings: list[Finding], changes: Changes, file_level_rules: set[str],
                 untracked: set[str] = frozenset()) -> list[Finding]:
    return [f for f in findings
            if f.path in untracked or changes.covers(f, f.rule_id in file_level_rules)]


# --------------------------------------------------------------------------------------------
# The index
# --------------------------------------------------------------------------------------------
class IndexEntry(NamedTuple):  # one per index entry on every staged run: a tuple, not a dataclass
    path: str
    sha: str
    mode: str


_LS_FILES_S = re.compile(rb"(\d+) ([0-9a-f]+) (\d)\t([^\0]*)\0")
_LS_PATH = re.compile(rb"\t([^\0]*)\0")
#: a symlink's or submodule's record (no content of its own), searched in NUL + the listing:
#: led by the NUL before each record, a literal the regex engine finds fast (a lookbehind for
#: "NUL or start" tried every position: 35 ms on 32k entries)
_LS_SPECIAL = re.compile(rb"\0(?:120000|160000) [0-9a-f]+ \d\t([^\0]*)(?=\0)")
_LS_UNMERGED = re.compile(rb" [123]\t")


def index_entries(root: Path) -> list[IndexEntry]:
    """The index, one entry per path (stage 0; in a conflict, "ours"); no submodules or
    symlinks (no content of their own)."""
    return _entries_of(git_output(root, "ls-files", "-s", "-z"))


def _entries_of(out: bytes) -> list[IndexEntry]:
    entries: dict[str, IndexEntry] = {}
    for mode, sha, stage, name in _LS_FILES_S.findall(out):
        if mode in (b"160000", b"120000"):
            continue
        path = name.decode("utf-8", "surrogateescape")
        if stage in (b"0", b"2") or path not in entries:
            entries[path] = IndexEntry(path, sha.decode("ascii"), mode.decode("ascii"))
    return sorted(entries.values(), key=lambda e: e.path)


def index_paths(root: Path, listing: subprocess.Popen | None = None) -> tuple[list[str], Callable[[str], str]]:
    """The index's paths (no submodules or symlinks), and for each the name ``git cat-file``
    reads its staged blob by. Every pre-commit run lists the whole index (a repository-level
    rule sees every file) but reads a handful of blobs, so the common case parses only the
    paths and names a blob ``:0:<path>``: no object ids (32k entries: 90 -> 15 ms).
    ``listing``: the ``ls-files`` process, when the caller started it (:func:`git_start`)."""
    out = git_finish(listing or git_start(root, "ls-files", "-s", "-z"))
    if b"\n" in out or _LS_UNMERGED.search(out) is not None:  # a path cat-file cannot take; a conflict
        shas = {e.path: e.sha for e in _entries_of(out)}
        return list(shas), shas.__getitem__
    paths = [p.decode("utf-8", "surrogateescape") for p in _LS_PATH.findall(out)]
    if b"120000 " in out or b"160000 " in out:
        special = {p.decode("utf-8", "surrogateescape") for p in _LS_SPECIAL.findall(b"\0" + out)}
        if special:
            paths = [p for p in paths if p not in special]
    return paths, ":0:".__add__


class BlobReader:
    """One ``git cat-file --batch`` process; ``read(name)`` returns a blob's bytes."""

    def __init__(self, root: Path) -> None:
        self.proc = subprocess.Popen([*GIT, "cat-file", "--batch"], cwd=root, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, env=git_env())

    def read(self, name: str) -> bytes | None:
        """The blob named ``name`` (an object id, or `:0:<path>` for a staged file)."""
        return self.read_many([name])[0]

    def read_many(self, names: list[str], batch: int = 64) -> list[bytes | None]:
        """The blobs named ``names``, in order: requests go out ``batch`` at a time, then their
        answers are read (one round trip per batch, not per blob: 0.37 ms each; and a batch of
        requests stays far below a pipe's buffer, so neither side can block the other)."""
        assert self.proc.stdin is not None
        out: list[bytes | None] = []
        for i in range(0, len(names), batch):
            chunk = names[i:i + batch]
            self.proc.stdin.write(b"".join(n.encode("utf-8", "surrogateescape") + b"\n" for n in chunk))
            self.proc.stdin.flush()
            out.extend(self._answer() for _ in chunk)
        return out

    def _answer(self) -> bytes | None:
        assert self.proc.stdout is not None
        header = self.proc.stdout.readline().split()
        # "<oid> <type> <size>", else "<name> missing" (a name may hold spaces)
        if len(header) != 3 or not header[2].isdigit():
            return None
        data = self.proc.stdout.read(int(header[2]))
        self.proc.stdout.read(1)  # the newline after the content
        return data if header[1] == b"blob" else None

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait()

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def file_level_rules(rules) -> set[str]:
    """Rules whose findings are about a file, not a line: the repository-level ones."""
    return {r.id for r in rules if r.has_hook("check_project")}


def _context_dirs(paths: set[str] | frozenset[str]) -> set[str]:
    """The directories whose config files can matter to ``paths``: every ancestor ('' is the
    root), and its public/, src/ and static/ (where an extension keeps manifest.json)."""
    out: set[str] = set()
    for path in paths:
        d = path.rpartition("/")[0]
        while True:
            if d in out:
                break
            out.add(d)
            out.update(f"{d}/{sub}" if d else sub for sub in ("public", "src", "static"))
            if not d:
                break
            d = d.rpartition("/")[0]
    return out


def scan_staged(root: Path, config, rules, progress: Callable[[int, int], None] | None = None):
    """Scan the index; keep only what the staged commit adds. Returns a ScanResult."""
    from keylint.discovery import ExcludeMatcher
    from keylint.engine import make_ignore_check, scan_entries
    from keylint.project import FileEntry, TrackedFiles, is_config_file

    listing = git_start(root, "ls-files", "-s", "-z")  # runs while the diff is read
    try:
        changes = staged_changes(root)
    except BaseException:
        listing.kill()
        listing.communicate()
        raise
    paths, blob_name = index_paths(root, listing)
    if config.exclude:
        excluded = ExcludeMatcher(config.exclude)
        paths = [p for p in paths if not excluded(p)]
    # phase 1 reads only what the commit touches, and the manifests and build configs phase 2
    # consults for those files: the ones in their directories and above (a package's
    # package.json, tsconfig, vite.config; a browser extension's manifest under public/, src/ or
    # static/). The rest of the index is there for the repository-level rules, read on demand.
    touched = changes.paths
    context_dirs = _context_dirs(touched)
    new = tuple.__new__  # FileEntry is a NamedTuple: the fast constructor
    entries = [new(FileEntry, (p, True, False, False)) for p in paths
               if p in touched or (p.rpartition("/")[0] in context_dirs and is_config_file(p))]
    with BlobReader(root) as blobs:
        # phase 1 reads its blobs 64 requests at a time (in the order it scans them), phase 2
        # one by one: one round trip to git per window, and at most a window held at once
        order = [e.relpath for e in entries]
        position = {p: i for i, p in enumerate(order)}
        prefetched: dict[str, bytes | None] = {}

        def contents(relpath: str) -> bytes:
            i = position.pop(relpath, None)
            if i is not None and relpath not in prefetched:
                window = [p for p in order[i:i + 64] if p in position or p == relpath]
                prefetched.update(zip(window, blobs.read_many([blob_name(p) for p in window])))
            data = prefetched.pop(relpath) if relpath in prefetched else blobs.read(blob_name(relpath))
            return data or b""

        result = scan_entries(entries, root=root, is_git=True, config=config, rules=rules,
                              is_ignored=make_ignore_check(root, True), progress=progress,
                              contents=contents, project_files=TrackedFiles(paths))
    before = len(result.findings)
    result.findings = keep_changed(result.findings, changes, file_level_rules(rules))
    result.errors = [e for e in result.errors if e.path in changes.paths]
    result.stats["staged_files"] = len(changes.paths)
    result.stats["not_added_by_commit"] = before - len(result.findings)
    return result


def merge_base(root: Path, rev: str) -> str:
    """The merge base of ``rev`` and HEAD (``rev`` itself when there is none); GitError when
    ``rev`` names no commit."""
    try:
        git_output(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except GitError:
        raise GitError(f"unknown revision {rev!r}") from None
    try:
        return git_output(root, "merge-base", rev, "HEAD").decode().strip()
    except GitError:
        return git_output(root, "rev-parse", f"{rev}^{{commit}}").decode().strip()


def tree_entries(root: Path, treeish: str) -> list[IndexEntry]:
    out = git_output(root, "ls-tree", "-r", "-z", "--full-tree", treeish)
    entries = []
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        mode, kind, sha = meta.decode().split()
        if kind != "blob" or mode == "120000":
            continue
        entries.append(IndexEntry(name.decode("utf-8", "surrogateescape"), sha, mode))
    return sorted(entries, key=lambda e: e.path)


def scan_tree(root: Path, treeish: str, config, rules):
    """Scan a commit's tree from its blobs (nothing is checked out)."""
    from keylint.discovery import ExcludeMatcher
    from keylint.engine import make_ignore_check, scan_entries
    from keylint.project import FileEntry

    excluded = ExcludeMatcher(config.exclude)
    tree = [e for e in tree_entries(root, treeish) if not excluded(e.path)]
    shas = {e.path: e.sha for e in tree}
    with BlobReader(root) as blobs:
        return scan_entries([FileEntry(e.path, tracked=True, ignored=False) for e in tree], root=root,
                            is_git=True, config=config, rules=rules, is_ignored=make_ignore_check(root, True),
                            contents=lambda relpath: blobs.read(shas[relpath]) or b"")


def scan_diff(result, root: Path, rev: str, config, rules):
    """Keep, of a work-tree ScanResult, the findings that are new since ``rev``: those whose
    fingerprint (rule, path, what matched, occurrence; no line numbers) the merge base of ``rev``
    and HEAD does not have. A key moved within its file is not new; a second copy is; a finding
    that appears on an unchanged line because a changed line elsewhere removed a guard is new."""
    base = merge_base(root, rev)
    before = scan_tree(root, base, config, rules)
    known = {f.fingerprint for f in before.findings}
    count = len(result.findings)
    result.findings = [f for f in result.findings if f.fingerprint not in known]
    result.stats["diff_base"] = base
    result.stats["not_new_since_rev"] = count - len(result.findings)
    return result


# --------------------------------------------------------------------------------------------
# History
# --------------------------------------------------------------------------------------------
@dataclass
class HistoryResult:
    findings: list[Finding]
    errors: list[ScanError]
    stats: dict
    commits_with_prefix: int = 0
    root: str = ""
    unused_suppressions: list = field(default_factory=list)
    project: object = None


def scan_history(root: Path, config, since: str | None = None, rev: str = "HEAD") -> HistoryResult:
    """KL001 over every commit reachable from ``rev`` (after ``since``), oldest commit wins."""
    import time

    from keylint.analysis import secrets
    from keylint.registry import resolve
    from keylint.rule import secret_hash
    from keylint.suppress import parse_suppressions

    rule = resolve("KL001")
    started = time.perf_counter()
    revs = [f"{since}..{rev}"] if since else [rev]
    for r in revs:
        git_output(root, "rev-parse", "--verify", "--quiet", r.split("..")[0] + "^{commit}")
    # merges are diffed against their first parent, so a key added while resolving a merge (in no
    # parent) is found too; keys a merge only brings in are attributed to their older commit
    cmd = [*GIT, "-c", "core.quotePath=false", "log", "-p", "-U0", "--no-color", "--no-ext-diff", "--no-textconv",
           "--text", "--no-renames", "--diff-merges=first-parent", "--format=%x00%H", "-G", secrets.PREFIX,
           *revs, "--"]
    import tempfile

    errfile = tempfile.TemporaryFile()
    proc = subprocess.Popen(cmd, cwd=root, stdout=subprocess.PIPE, stderr=errfile, env=git_env())
    assert proc.stdout is not None
    found: dict[tuple[str, str], Finding] = {}  # (secret hash, path) -> finding (oldest wins)
    order: dict[tuple[str, str], int] = {}  # larger = seen later = older commit
    occurrences: dict[tuple[str, str], int] = {}
    commits: set[str] = set()
    lines_checked = 0
    prefix = secrets.PREFIX_BYTES
    from keylint.discovery import ExcludeMatcher

    excluded = ExcludeMatcher(config.exclude)
    for commit, path, line_no, raw in parse_patch(proc.stdout):
        if commit:
            commits.add(commit)
        if not line_no or prefix not in raw:
            continue
        if excluded(path):
            continue
        lines_checked += 1
        text = raw.decode("utf-8", "replace").rstrip("\r")
        matches = [m for m in secrets.find_keys(text) if m.is_reportable]
        if not matches:
            continue
        sup = parse_suppressions(text)
        if sup and sup.match(rule.id, rule.name, 1, is_credential=True, honour_other=config.other_pragmas):
            continue
        for m in matches:
            key = text[m.start:m.end]
            digest = secret_hash(key)
            shown = secrets.redact(key)
            if m.is_placeholder:
                severity = Severity.WARNING
                message = (f"Anthropic {m.label} `{shown}` has the exact shape of a real key: probable test "
                           f"vector (added in commit {commit[:12] if commit else '?'})")
            else:
                severity = Severity.ERROR if m.confidence >= Confidence.MEDIUM else Severity.WARNING
                message = (f"Anthropic {m.label} `{shown}` added in commit {commit[:12] if commit else '?'} "
                           "(still in git history: rotate it)")
            if m.confidence < config.min_confidence:
                continue
            span = Span(line_no, m.start + 1, line_no, m.end + 1)
            # the first occurrence's fingerprint, as a work-tree scan gives it: a baseline entry
            # made from a scan also covers the same secret in the same file's history
            finding = Finding(
                rule_id=rule.id, rule_name=rule.name, severity=severity, confidence=m.confidence,
                path=path, span=span, message=message, match_key=digest,
                snippet=secrets.redact_text(text)[:400], fingerprint=fingerprint(rule.id, path, digest),
                extra=(("commit", commit or ""),),
            )
            ident = (digest, path)
            occurrences[ident] = occurrences.get(ident, 0) + 1
            found[ident] = finding  # git log lists newest first: the last one seen is the oldest
            order[ident] = lines_checked
    code = proc.wait()
    errfile.seek(0)
    stderr = errfile.read()
    errfile.close()
    if code != 0:
        raise GitError("git log failed: " + stderr.decode("utf-8", "replace").strip()[-300:])
    # one finding per secret: the oldest commit that added it, at its first path
    by_secret: dict[str, Finding] = {}
    for ident in sorted(found, key=lambda i: -order[i]):
        by_secret.setdefault(ident[0], found[ident])
    findings = []
    for (digest, path), f in found.items():
        if by_secret[digest] is f:
            others = sorted({p for (d, p) in found if d == digest and p != path})
            extra = f.extra + (("occurrences", str(sum(occurrences[(digest, p)] for p in [path, *others]))),)
            if others:
                extra += (("also_in", ",".join(others)),)
            findings.append(replace(f, extra=extra))
    findings.sort(key=Finding.sort_key)
    stats = {
        "files": len({f.path for f in findings}),
        "commits_touching_prefix": len(commits),
        "lines_checked": lines_checked,
        "seconds": round(time.perf_counter() - started, 3),
        "rules": 1,
        "suppressed": 0,
        "internal_errors": 0,
    }
    return HistoryResult(findings=findings, errors=[], stats=stats, commits_with_prefix=len(commits),
                         root=str(root))

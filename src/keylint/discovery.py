"""Paths -> the files to scan.

Inside a git work tree keylint takes git's own view: tracked files plus untracked files that are
not ignored (``git ls-files -c -o --exclude-standard``), which honours nested ``.gitignore``
files, ``.git/info/exclude`` and ``core.excludesFile`` exactly. Outside one it walks the tree
and evaluates every ``.gitignore`` on the way with pathspec. Config ``exclude`` patterns
(gitignore syntax, relative to the project root) apply on top. A path named explicitly (what
pre-commit passes) is scanned as given, unless ``force_exclude`` is set.

Nothing is followed out of the project: a symlink whose target lies outside the root, or that
loops, is reported and skipped.
"""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from keylint.findings import ScanError
from keylint.project import FileEntry

ALWAYS_SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".keylint_cache"})


#: every git call on a scanned (possibly hostile) repository starts with these: its own config
#: must not make git run a command (core.fsmonitor names one; diffs go without textconv or
#: external drivers, which gitscan passes per command)
GIT = ("git", "-c", "core.fsmonitor=false")


def git_env() -> dict[str, str]:
    """The environment of every git call: no optional locks (a scan never blocks the user's own
    git), C locale output, no pager."""
    return {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C", "GIT_PAGER": "cat"}


def _git(args: list[str], cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess | None:
    try:
        return subprocess.run(
            [*GIT, *args], cwd=cwd, input=stdin, capture_output=True,
            check=False,
            env=git_env(),
        )
    except (OSError, ValueError):
        return None


def _git_start(args: list[str], cwd: Path) -> subprocess.Popen | None:
    try:
        return subprocess.Popen([*GIT, *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                env=git_env())
    except (OSError, ValueError):
        return None


def _git_finish(proc: subprocess.Popen | None) -> list[str]:
    """The NUL-separated paths a :func:`_git_start` process printed ([] if it failed)."""
    if proc is None:
        return []
    out, _ = proc.communicate()
    return _split_z(out) if proc.returncode == 0 else []


def _then(first: list[str], second: Callable[[], list[str]]) -> Iterator[str]:
    yield from first
    yield from second()


def git_toplevel(path: Path) -> Path | None:
    """The work tree root containing ``path``, or None (no git, not a repo, a bare repo)."""
    start = path if path.is_dir() else path.parent
    proc = _git(["rev-parse", "--show-toplevel"], start)
    if proc is None or proc.returncode != 0:
        return None
    out = proc.stdout.decode("utf-8", "surrogateescape").strip()
    return Path(out) if out else None


def _split_z(data: bytes) -> list[str]:
    return [p.decode("utf-8", "surrogateescape") for p in data.split(b"\0") if p]


@dataclass
class Discovery:
    """The result of discovery: files (project-root relative, POSIX), errors, git facts."""

    root: Path
    is_git: bool
    entries: list[FileEntry] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    #: relpath -> ``os.lstat`` result taken while listing (git mode), reused by the scan index
    lstats: dict[str, os.stat_result] = field(default_factory=dict)


class ExcludeMatcher:
    """Config ``exclude`` (gitignore syntax, relative to the project root)."""

    def __init__(self, patterns: tuple[str, ...]) -> None:
        self.patterns = patterns
        self._spec = None
        if patterns:
            import pathspec

            self._spec = pathspec.GitIgnoreSpec.from_lines(patterns)

    def __call__(self, relpath: str) -> bool:
        return bool(self._spec is not None and self._spec.match_file(relpath))


def _rel(path: Path, root: Path) -> str | None:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return None


def check_link(path: Path, root: Path) -> str | None:
    """None when ``path`` is fine to read; else the reason to skip it."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except RuntimeError:
        return "symlink loop"
    except (FileNotFoundError, OSError):
        return "broken symlink"
    if _rel(target, root.resolve()) is None:
        return "symlink points outside the scanned project; not followed"
    return None


def discover(paths: list[Path], *, root: Path, is_git: bool, exclude: tuple[str, ...] = (),
             force_exclude: bool = False, keep_lstats: bool = False, lstat_tracked: bool = True) -> Discovery:
    """Expand ``paths`` (absolute) into files under ``root`` (the project root).
    ``keep_lstats``: keep the ``lstat`` results (for the scan index; ~7 MB per 30,000 files).
    ``lstat_tracked=False`` (a scan that needs no signatures up front): tracked files are taken
    from git's index with their modes (``ls-files -s``: submodules skipped, symlinks checked)
    instead of one ``lstat`` each (0.15 s of a serial 0.34 s on 31,800 files); they are entered
    unverified (:attr:`FileEntry.verified`) and the reader checks what it opens."""
    result = Discovery(root=root, is_git=is_git)
    lstats = result.lstats if keep_lstats else {}
    excluded = ExcludeMatcher(exclude)
    seen: set[str] = set()
    tracked: set[str] | None = None

    def add(relpath: str, *, explicit: bool, is_tracked: bool | None, ignored: bool | None,
            is_link: bool | None = None, verified: bool = True) -> None:
        if relpath in seen:
            return
        seen.add(relpath)
        reason = check_link(root / relpath, root) if is_link is not False else None
        if reason is None and explicit and "/" in relpath:
            # a named file below a symlinked directory: never read through a link out of the root
            parent = Path(os.path.realpath(root / relpath.rsplit("/", 1)[0]))
            if _rel(parent, root.resolve()) is None:
                reason = "symlink points outside the scanned project; not followed"
        if reason is not None:
            result.errors.append(ScanError(relpath, "symlink", reason))
            return
        result.entries.append(FileEntry(relpath, is_tracked, ignored, explicit, verified))

    dirs: list[str] = []
    explicit_files: list[str] = []
    for path in paths:
        rel = _rel(path, root)
        if rel is None:
            # outside the project root: scanned as given, its own path as the name
            result.errors.append(ScanError(str(path), "unreadable", "outside the project root"))
            continue
        if path.is_dir() and not path.is_symlink():
            dirs.append("" if rel == "." else rel)
        elif path.exists() or path.is_symlink():
            explicit_files.append(rel)
        else:
            result.errors.append(ScanError(rel, "unreadable", "no such file or directory"))

    if is_git:
        root_s = str(root)
        tracked = set()
        # the untracked listing walks the work tree (130 ms on 32k files): it runs while the
        # tracked files are listed and checked
        pending = _git_start(["ls-files", "-z", "-o", "--exclude-standard", "--", *(d or "." for d in dirs)],
                             root) if dirs else None
        modes: dict[str, bytes] | None = None  # tracked path -> git mode (lstat_tracked=False)
        if dirs or explicit_files:
            proc = _git(["ls-files", "-z", "-c", *(() if lstat_tracked else ("-s",)), "--",
                         *(d or "." for d in dirs), *explicit_files], root)
            if proc is not None and proc.returncode == 0:
                if lstat_tracked:
                    tracked = set(_split_z(proc.stdout))
                else:  # "<mode> <object> <stage>\t<path>"
                    modes = {}
                    for rec in proc.stdout.split(b"\0"):
                        head, _, path = rec.partition(b"\t")
                        if path:
                            modes[path.decode("utf-8", "surrogateescape")] = head[:6]
                    tracked = set(modes)
        if dirs:
            named_excluded = [d for d in dirs if d and excluded(d + "/")]
            whole = "" in dirs  # the usual `keylint scan .`: every listed file is under a named dir
            explicit = set(explicit_files)
            for rel in _then(sorted(tracked), lambda: sorted(set(_git_finish(pending)) - tracked)):
                if not whole and not any(rel == d or rel.startswith(d + "/") for d in dirs):
                    continue  # an explicit file's tracked entry, handled below
                if rel in explicit:
                    continue
                if excluded(rel) and (force_exclude or not any(
                        rel.startswith(d + "/") for d in named_excluded)):
                    continue
                mode = modes.get(rel) if modes is not None else None
                if mode is not None and mode != b"120000":  # not a symlink: git's mode is enough
                    if mode != b"160000":  # (a submodule's files belong to another repository)
                        add(rel, explicit=False, is_tracked=True, ignored=False, is_link=False, verified=False)
                    continue
                try:  # one lstat per file (pathlib's is_dir/exists/is_symlink made four)
                    st = lstats[rel] = os.lstat(root_s + "/" + rel)
                    mode = st.st_mode
                except OSError:
                    continue  # tracked but deleted in the work tree
                if stat.S_ISDIR(mode):
                    continue  # a submodule (gitlink); its files belong to another repository
                add(rel, explicit=False, is_tracked=rel in tracked, ignored=False, is_link=stat.S_ISLNK(mode))
        if explicit_files:
            not_tracked = [f for f in explicit_files if f not in tracked]
            ignored: set[str] = set()
            if not_tracked:
                proc = _git(["check-ignore", "-z", "--stdin"], root,
                            stdin=b"\0".join(f.encode("utf-8", "surrogateescape") for f in not_tracked))
                if proc is not None and proc.returncode in (0, 1):
                    ignored = set(_split_z(proc.stdout))
            for rel in explicit_files:
                if force_exclude and excluded(rel):
                    continue
                add(rel, explicit=True, is_tracked=rel in tracked, ignored=rel in ignored)
    else:
        walker = _IgnoreWalker(root)
        for d in dirs:
            named_excluded = bool(d) and excluded(d + "/")
            for rel in walker.walk(d, result.errors):
                if excluded(rel) and (force_exclude or not named_excluded):
                    continue
                add(rel, explicit=False, is_tracked=None, ignored=False)
        for rel in explicit_files:
            if force_exclude and excluded(rel):
                continue
            add(rel, explicit=True, is_tracked=None, ignored=walker.is_ignored(rel))
    result.entries.sort(key=lambda e: e.relpath)
    return result


class _IgnoreWalker:
    """A walk that honours every ``.gitignore`` below the root (no git available)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._specs: dict[str, object] = {}

    def _spec_for(self, reldir: str):  # -> pathspec.GitIgnoreSpec | None
        if reldir not in self._specs:
            spec = None
            gi = self.root / reldir / ".gitignore"
            if gi.is_file():
                import pathspec

                try:
                    lines = gi.read_text("utf-8", "replace").splitlines()
                    spec = pathspec.GitIgnoreSpec.from_lines(lines)
                except (OSError, ValueError):
                    spec = None
            self._specs[reldir] = spec
        return self._specs[reldir]

    def is_ignored(self, relpath: str, is_dir: bool = False) -> bool:
        parts = relpath.split("/")
        # a path is ignored if any ancestor directory is ignored, or the path itself is
        for i in range(1, len(parts) + 1):
            sub = "/".join(parts[:i])
            sub_is_dir = i < len(parts) or is_dir
            if self._matches(sub, sub_is_dir):
                return True
        return False

    def _matches(self, relpath: str, is_dir: bool) -> bool:
        parts = relpath.split("/")
        ignored = False
        # evaluate .gitignore files from the root down; deeper files override
        for depth in range(len(parts)):
            reldir = "/".join(parts[:depth])
            spec = self._spec_for(reldir)
            if spec is None:
                continue
            sub = "/".join(parts[depth:]) + ("/" if is_dir else "")
            res = spec.check_file(sub)
            if res.include is not None:
                ignored = bool(res.include)
        return ignored

    def walk(self, start: str, errors: list[ScanError]):
        base = self.root / start if start else self.root
        if start and self.is_ignored(start, is_dir=True):
            return

        def onerror(exc: OSError) -> None:
            rel = _rel(Path(exc.filename), self.root) if exc.filename else start
            errors.append(ScanError(rel or start, "unreadable", f"cannot list directory: {exc.strerror}"))

        for dirpath, dirnames, filenames in os.walk(base, onerror=onerror, followlinks=False):
            reldir = _rel(Path(dirpath), self.root) or ""
            reldir = "" if reldir == "." else reldir
            keep = []
            for d in sorted(dirnames):
                rel = f"{reldir}/{d}" if reldir else d
                if d in ALWAYS_SKIP_DIRS or self._matches(rel, True):
                    continue
                if os.path.islink(os.path.join(dirpath, d)):
                    # a symlinked directory: listed as one entry so the link check reports it
                    # when it escapes or loops; never descended into
                    reason = check_link(Path(dirpath) / d, self.root)
                    if reason is not None:
                        errors.append(ScanError(rel, "symlink", reason))
                    continue
                keep.append(d)
            dirnames[:] = keep
            for f in sorted(filenames):
                rel = f"{reldir}/{f}" if reldir else f
                if not self._matches(rel, False):
                    yield rel

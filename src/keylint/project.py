"""The repository-wide facts gathered in phase 1 and joined in phase 2.

Phase 1 (per file, possibly in worker processes) returns small plain values; the engine collects
them here. Phase-2 hooks (``check_model``, ``check_project``) read a :class:`Project` and never
touch the file system: everything they need was read once in phase 1 or asked of git by the
engine before phase 2.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from keylint.analysis.model import FileModel

#: small project files whose text phase 1 keeps for phase 2 (manifests, build configs, ignores)
CONFIG_NAMES = frozenset({
    "package.json", "tsconfig.json", "jsconfig.json", "manifest.json", "wrangler.toml",
    "pyproject.toml", "requirements.txt", "setup.py", "setup.cfg", "Pipfile", ".gitignore",
    "app.json", "svelte.config.js", "nuxt.config.ts", "nuxt.config.js", "astro.config.mjs",
    "astro.config.ts", "vercel.json", "netlify.toml", "redwood.toml",
})
CONFIG_MAX_BYTES = 1 << 20


def is_config_file(relpath: str) -> bool:
    name = relpath.rpartition("/")[2]  # called for every file: no PurePosixPath
    if name in CONFIG_NAMES:
        return True
    # next.config.js, vite.config.ts, webpack.config.mjs, rsbuild.config.ts ...
    parts = name.split(".")
    return len(parts) >= 3 and parts[-2] == "config" and parts[-1] in {"js", "ts", "mjs", "cjs", "mts", "cts"}


def signature(st: os.stat_result) -> tuple[int, int, int, int]:
    """A file's stat signature (size, mtime, ctime, inode): what the scan index compares to know
    a file unchanged, taken by discovery's ``lstat`` or the reader's ``fstat``."""
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


class FileEntry(NamedTuple):
    """A discovered file. ``tracked``/``ignored`` are git's view (None when unknown).
    (A NamedTuple: one is built per file of the repository on every run, 30x cheaper than a
    frozen dataclass.)"""

    relpath: str  # POSIX, relative to the project root
    tracked: bool | None = None
    ignored: bool | None = None
    explicit: bool = False  # named on the command line (or passed by pre-commit)
    #: discovery saw the file in the work tree (``lstat``); False for a tracked file listed from
    #: git's index alone (discovery.discover ``lstat_tracked=False``): the reader opens it
    #: without following a link and drops it silently if it is gone (deleted, now a directory)
    verified: bool = True


class TrackedFiles(Mapping[str, FileEntry]):
    """Every path of a git index or tree as a project's files, each tracked and not ignored,
    built on demand: a pre-commit run reads a handful of the index's tens of thousands of
    entries, and building an entry and a dict slot for each cost ~15 ms per run on 32k files."""

    __slots__ = ("_paths", "_set")

    def __init__(self, paths: list[str]) -> None:
        self._paths = paths
        self._set: frozenset[str] | None = None

    def __contains__(self, key: object) -> bool:
        if self._set is None:
            self._set = frozenset(self._paths)
        return key in self._set

    def __getitem__(self, key: str) -> FileEntry:
        if key not in self:
            raise KeyError(key)
        return FileEntry(key, True, False, False)

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)


@dataclass
class Project:
    """What phase 2 sees."""

    root: str  # absolute path of the project root (git top level, else the scan root)
    is_git: bool = False
    files: Mapping[str, FileEntry] = field(default_factory=dict)
    models: dict[str, FileModel] = field(default_factory=dict)
    #: text of config files (CONFIG_NAMES), of files with phase-1 findings or flags, and of
    #: files read on demand (:meth:`text_of`)
    texts: dict[str, str] = field(default_factory=dict)
    #: fact name -> set of relpaths where phase-1 rules saw it (e.g. "reads-anthropic-env")
    flags: dict[str, set[str]] = field(default_factory=dict)
    #: git's answers gathered by the engine before phase 2, e.g. "ignored:<path>" -> bool
    git_facts: dict[str, Any] = field(default_factory=dict)
    #: memo for phase-2 helpers (runtime classification, import resolution...)
    memo: dict[str, Any] = field(default_factory=dict)

    # -- text access ---------------------------------------------------------------------------
    def line_text(self, path: str, line: int) -> str:
        text = self.texts.get(path)
        if text is None:
            text = self.text_of(path)  # a modelled file: phase 1 keeps no text for models
            if text is None:
                return ""
        key = f"lines:{path}"
        lines = self.memo.get(key)
        if lines is None:  # not setdefault: its argument would split the text on every call
            lines = self.memo[key] = text.split("\n")
        if 1 <= line <= len(lines):
            return lines[line - 1].rstrip("\r")
        return ""

    def text_of(self, relpath: str) -> str | None:
        """The text of a project file: from phase 1 when it was kept, else read on demand (for
        prompt files a model refers to). None for a file outside the project, unreadable,
        binary or over the size limit. Backed by the engine."""
        if relpath in self.texts:
            return self.texts[relpath]
        if relpath not in self.files:
            return None
        reader = self.memo.get("read_text")
        text = reader(relpath) if reader is not None else None
        if text is not None:
            self.texts[relpath] = text
        return text

    def model_of(self, relpath: str) -> FileModel | None:
        """The model of a project file: from phase 1, else built on demand from its text (a
        module whose constant a prompt call imports, which phase 1's prefilter skipped)."""
        if relpath in self.models:
            return self.models[relpath]
        key = f"model_of:{relpath}"
        if key not in self.memo:
            builder = self.memo.get("build_model")
            self.memo[key] = builder(relpath) if builder is not None and relpath in self.files else None
        return self.memo[key]

    def is_test_path(self, relpath: str) -> bool:
        """Is ``relpath`` test code (config ``test-paths``, gitignore syntax)? The flow rules
        (KL004-KL009) skip test code: tests build fake clients and fake requests."""
        answers = self.memo.setdefault("test_path", {})
        if relpath not in answers:  # asked by every flow rule for every model
            spec = self.memo.get("test_spec")
            if spec is None:
                import pathspec

                spec = pathspec.GitIgnoreSpec.from_lines(self.memo.get("test_paths", ()))
                self.memo["test_spec"] = spec
            answers[relpath] = bool(spec.match_file(relpath))
        return answers[relpath]

    def is_ignored(self, relpath: str) -> bool:
        """Would git (or, without git, the .gitignore files) ignore ``relpath``? Works for paths
        that do not exist. Backed by the engine; False when unknown."""
        check = self.memo.get("is_ignored")
        return bool(check(relpath)) if check is not None else False

    def flag(self, name: str, path: str) -> None:
        self.flags.setdefault(name, set()).add(path)

    def flagged(self, name: str) -> set[str]:
        return self.flags.get(name, set())

    # -- paths -----------------------------------------------------------------------------------
    def exists(self, relpath: str) -> bool:
        return relpath in self.files

    def resolve_relative(self, from_path: str, specifier: str, suffixes: tuple[str, ...] = ()) -> str | None:
        """Resolve ``./x`` / ``../x`` (and ``x`` plus a suffix or ``/index`` + suffix) against the
        discovered files. Returns the matching relpath or None."""
        base = posixpath.dirname(from_path)
        target = posixpath.normpath(posixpath.join(base, specifier))
        if target.startswith("../"):
            return None
        candidates = [target]
        candidates += [target + s for s in suffixes]
        candidates += [posixpath.join(target, "index" + s) for s in suffixes]
        for cand in candidates:
            if cand in self.files:
                return cand
        return None
